package cli

// Step is one run of the plan: a scenario at a concurrency.
type Step struct {
	Scenario    string
	Concurrency int
}

// Scenario names of the plan (as package scenario names them).
const (
	stepRawFlow = "raw-flow"
	stepRawHot  = "raw-hot"
)

// Plan orders the runs: the flow sweep, then create, hot, read and replay
// at -concurrency. With raw asked for, each HTTP run that has a database
// floor is preceded by the raw run it is compared with (once per
// concurrency), so both see the machine in the same state.
func (o Options) Plan() []Step {
	var steps []Step
	seen := map[Step]bool{}
	add := func(s Step) {
		if !seen[s] {
			seen[s] = true
			steps = append(steps, s)
		}
	}
	withRaw := func(rawName string, s Step) {
		if o.Has("raw") {
			add(Step{rawName, s.Concurrency})
		}
		add(s)
	}
	if o.Has("flow") {
		for _, c := range o.Sweep {
			withRaw(stepRawFlow, Step{"flow", c})
		}
	}
	if o.Has("create") {
		withRaw(stepRawFlow, Step{"create", o.Concurrency})
	}
	if o.Has("hot") {
		withRaw(stepRawHot, Step{"hot", o.Concurrency})
	}
	for _, s := range []string{"read", "replay"} {
		if o.Has(s) {
			add(Step{s, o.Concurrency})
		}
	}
	if o.Has("raw") && len(steps) == 0 {
		// raw alone: the floor of the flow sweep and of hot.
		for _, c := range o.Sweep {
			add(Step{stepRawFlow, c})
		}
		add(Step{stepRawHot, o.Concurrency})
	}
	return steps
}

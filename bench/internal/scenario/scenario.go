// Package scenario defines the benchmark's scenarios: each sets up its own
// data through the API (a customer, products with unique SKUs), drives one
// kind of traffic through package load, and then checks the invariants
// against what the system reports.
package scenario

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/b2b-backoffice/bench/internal/api"
	"github.com/b2b-backoffice/bench/internal/invariant"
	"github.com/b2b-backoffice/bench/internal/load"
	"github.com/b2b-backoffice/bench/internal/raw"
	"github.com/b2b-backoffice/bench/internal/stats"
)

// Scenario names.
const (
	Flow    = "flow"
	Create  = "create"
	Hot     = "hot"
	Read    = "read"
	Replay  = "replay"
	RawFlow = "raw-flow"
	RawHot  = "raw-hot"
)

// Config is what every scenario needs.
type Config struct {
	API *api.Client
	// Raw is the database floor; nil when raw mode is off.
	Raw *raw.Store
	// RunID makes this run's SKUs, emails and keys unique.
	RunID string
	// Products is how many products a scenario creates, each with Stock.
	Products int
	Stock    int64
	// MaxItems and MaxQty bound a random order: 1..MaxItems distinct
	// products, 1..MaxQty units each.
	MaxItems int
	MaxQty   int64
	// HotStock and HotQty shape the one-product scenario; HotWindow bounds
	// how long it may take to sell the stock (0: 10× the duration, at
	// least a minute).
	HotStock, HotQty int64
	HotWindow        time.Duration
	// ReadOrders is how many orders the read scenario places to read.
	ReadOrders int
	// Load carries the warm-up, duration and progress writer.
	Load load.Options
}

// Result is one scenario run.
type Result struct {
	Scenario    string                `json:"scenario"`
	Mode        string                `json:"mode"`
	Concurrency int                   `json:"concurrency"`
	Summary     stats.Summary         `json:"summary"`
	Violations  []invariant.Violation `json:"violations"`
	// Samples are a few failed answers, to explain violations.
	Samples []string `json:"samples,omitempty"`
	// RawRatio is the HTTP throughput over raw's at the same concurrency.
	RawRatio *float64 `json:"raw_ratio,omitempty"`
	Note     string   `json:"note,omitempty"`
}

// Mode of a scenario name.
func Mode(name string) string {
	if name == RawFlow || name == RawHot {
		return "raw"
	}
	return "http"
}

// Run runs the named scenario at concurrency conc.
func (c *Config) Run(ctx context.Context, name string, conc int) (Result, error) {
	r := &run{cfg: c, name: name, conc: conc, tag: fmt.Sprintf("%s-c%d", name, conc)}
	var err error
	switch name {
	case Flow:
		err = r.flow(ctx)
	case Create:
		err = r.create(ctx)
	case Hot:
		err = r.hot(ctx)
	case Read:
		err = r.read(ctx)
	case Replay:
		err = r.replay(ctx)
	case RawFlow, RawHot:
		if c.Raw == nil {
			return Result{}, fmt.Errorf("%s needs the raw database connections", name)
		}
		err = r.raw(ctx, name == RawHot)
	default:
		return Result{}, fmt.Errorf("unknown scenario %q", name)
	}
	if err != nil {
		return Result{}, fmt.Errorf("%s at concurrency %d: %w", name, conc, err)
	}
	return r.result, nil
}

// run is one scenario's state.
type run struct {
	cfg    *Config
	name   string
	conc   int
	tag    string
	ledger *invariant.Ledger
	result Result

	customerID int64
	products   []int64
	since      time.Time

	// window, when set, replaces the configured measured window.
	window time.Duration

	mu      sync.Mutex
	samples []string
}

const maxSamples = 5

// note counts one HTTP answer in the recorder and the ledger.
func (r *run) note(rec *stats.Recorder, res api.Result) {
	rec.Response(res.Status, res.Code)
	r.ledger.Response(res.Status, res.Code)
	if res.Err != nil && res.Status != 0 {
		r.ledger.Malformed()
	}
	if !res.OK() && !r.expected(res) {
		r.sample(res.Describe())
	}
}

// expected reports refusals the scenario provokes on purpose.
func (r *run) expected(res api.Result) bool {
	return res.Code == "insufficient_stock" && r.name == Hot || res.Code == "idempotency_in_progress" && r.name == Replay
}

func (r *run) sample(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.samples) < maxSamples {
		r.samples = append(r.samples, s)
	}
}

// measure runs op under load and stores the summary.
func (r *run) measure(ctx context.Context, op load.Op) {
	opts := r.cfg.Load
	opts.Concurrency = r.conc
	if r.window > 0 {
		opts.Duration = r.window
	}
	opts.Label = fmt.Sprintf("%-8s c=%-3d", r.name, r.conc)
	out := load.Run(ctx, opts, op)
	r.result = Result{Scenario: r.name, Mode: Mode(r.name), Concurrency: r.conc, Summary: out.Summary()}
}

// finish checks the invariants against actual and files the result.
func (r *run) finish(actual invariant.Actual, verifyErr error) {
	r.result.Violations = invariant.Check(r.ledger.Snapshot(), actual)
	if verifyErr != nil {
		r.result.Violations = append(r.result.Violations,
			invariant.Violation{Invariant: "verify", Detail: verifyErr.Error()})
	}
	r.result.Samples = r.samples
	if r.result.Violations == nil {
		r.result.Violations = []invariant.Violation{}
	}
}

// hotWindow is how long hot may take to run its product out: it ends when
// every worker has been refused, so the window only bounds a system too
// slow (or too broken) to sell the stock.
func (r *run) hotWindow() time.Duration {
	if r.cfg.HotWindow > 0 {
		return r.cfg.HotWindow
	}
	return max(10*r.cfg.Load.Duration, time.Minute)
}

// key returns a unique idempotency key for worker w's seq-th operation.
func (r *run) key(w int, seq int64, suffix string) string {
	return fmt.Sprintf("bench-%s-%s-w%d-%d%s", r.cfg.RunID, r.tag, w, seq, suffix)
}

// workerRand is a per-worker random source, seeded so that HTTP and raw
// runs at the same concurrency draw the same orders.
func workerRand(w int) *rand.Rand { return rand.New(rand.NewPCG(uint64(w)+1, 0x5eed)) }

// pickItems draws an order: 1..maxItems distinct products, 1..maxQty each.
func pickItems(rng *rand.Rand, products []int64, maxItems int, maxQty int64) []api.Item {
	n := 1 + rng.IntN(min(maxItems, len(products)))
	perm := rng.Perm(len(products))[:n]
	items := make([]api.Item, n)
	for i, p := range perm {
		items[i] = api.Item{ProductID: products[p], Qty: 1 + rng.Int64N(maxQty)}
	}
	return items
}

func lines(items []api.Item) []invariant.Line {
	out := make([]invariant.Line, len(items))
	for i, it := range items {
		out[i] = invariant.Line{ProductID: it.ProductID, Qty: it.Qty}
	}
	return out
}

package cli

import (
	"slices"
	"testing"
)

func TestPlanPairsEachHTTPRunWithItsRawFloor(t *testing.T) {
	o := Options{Scenarios: Scenarios, Sweep: []int{1, 16}, Concurrency: 16}
	want := []Step{
		{"raw-flow", 1}, {"flow", 1},
		{"raw-flow", 16}, {"flow", 16},
		{"create", 16}, // raw-flow at 16 already ran
		{"raw-hot", 16}, {"hot", 16},
		{"read", 16}, {"replay", 16},
	}
	if got := o.Plan(); !slices.Equal(got, want) {
		t.Fatalf("plan\n got %v\nwant %v", got, want)
	}
}

func TestPlanWithoutRaw(t *testing.T) {
	o := Options{Scenarios: []string{"hot", "create"}, Sweep: []int{1}, Concurrency: 4}
	want := []Step{{"create", 4}, {"hot", 4}}
	if got := o.Plan(); !slices.Equal(got, want) {
		t.Fatalf("got %v want %v", got, want)
	}
}

func TestPlanRawAlone(t *testing.T) {
	o := Options{Scenarios: []string{"raw"}, Sweep: []int{1, 4}, Concurrency: 8}
	want := []Step{{"raw-flow", 1}, {"raw-flow", 4}, {"raw-hot", 8}}
	if got := o.Plan(); !slices.Equal(got, want) {
		t.Fatalf("got %v want %v", got, want)
	}
}

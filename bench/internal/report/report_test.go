package report

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/b2b-backoffice/bench/internal/invariant"
	"github.com/b2b-backoffice/bench/internal/scenario"
	"github.com/b2b-backoffice/bench/internal/stats"
)

func result(name string, conc int, opsPerSec float64) scenario.Result {
	return scenario.Result{Scenario: name, Mode: scenario.Mode(name), Concurrency: conc,
		Summary:    stats.Summary{Throughput: opsPerSec, Statuses: map[string]int64{"201": 10}},
		Violations: []invariant.Violation{}}
}

func TestApplyRatiosMatchesFloorAndConcurrency(t *testing.T) {
	rs := []scenario.Result{
		result("raw-flow", 1, 200), result("flow", 1, 100),
		result("raw-flow", 16, 1000), result("flow", 16, 600), result("create", 16, 500),
		result("raw-hot", 16, 400), result("hot", 16, 300),
		result("flow", 64, 700), // no raw at 64
		result("read", 16, 5000),
	}
	ApplyRatios(rs)
	want := map[string]float64{"flow/1": 0.5, "flow/16": 0.6, "create/16": 0.5, "hot/16": 0.75}
	for _, r := range rs {
		k := r.Scenario + "/" + strconv.Itoa(r.Concurrency)
		w, ok := want[k]
		switch {
		case ok && (r.RawRatio == nil || *r.RawRatio != w):
			t.Errorf("%s: ratio %v, want %v", k, r.RawRatio, w)
		case !ok && r.RawRatio != nil:
			t.Errorf("%s: ratio %v, want none", k, *r.RawRatio)
		}
	}
}

func TestFinishFailsOnViolationOrError(t *testing.T) {
	ok := &Report{Results: []scenario.Result{result("flow", 1, 1)}}
	ok.Finish()
	if !ok.Passed {
		t.Fatal("a clean report did not pass")
	}
	bad := &Report{Results: []scenario.Result{result("flow", 1, 1)}}
	bad.Results[0].Violations = []invariant.Violation{{Invariant: invariant.StockBalance, Detail: "x"}}
	bad.Finish()
	errd := &Report{Errors: []string{"flow at concurrency 1: setup failed"}}
	errd.Finish()
	if bad.Passed || errd.Passed {
		t.Fatal("a violation or a failed run passed")
	}
}

func TestMarkdownAndFiles(t *testing.T) {
	r := &Report{
		StartedAt: time.Date(2026, 11, 29, 12, 30, 0, 0, time.UTC),
		Machine:   Machine{CPUModel: "Test CPU", CPUs: 2, MemoryGB: 24, OS: "linux", Arch: "amd64", Go: "go1.26", LoadAvg: "0.50 0.40 0.30"},
		Settings:  map[string]any{"duration": "10s", "warmup": "2s"},
		Results:   []scenario.Result{result("raw-flow", 16, 1000), result("flow", 16, 612)},
	}
	r.Results[1].Violations = []invariant.Violation{{Invariant: invariant.OneOrderPerKey, Detail: `key "k" answered with orders [1 2]`}}
	r.Results[1].Samples = []string{"500 internal_error"}
	r.Finish()
	var md strings.Builder
	if err := r.Markdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Test CPU, 2 CPUs, 24 GB", "load average 0.50 0.40 0.30 at start", "| flow | http | 16 | 612 |", "| 0.61 |", "**1 violated**",
		"### Failures", "one_order_per_key", "sample: 500 internal_error", "201×10"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
	dir := t.TempDir()
	paths, err := r.Write(filepath.Join(dir, "results"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 4 || filepath.Base(paths[0]) != "20261129T123000Z.json" {
		t.Fatalf("paths %v", paths)
	}
	data, err := os.ReadFile(filepath.Join(dir, "results", "latest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back.Passed || len(back.Results) != 2 || back.Results[1].RawRatio == nil || back.Results[1].Summary.Throughput != 612 {
		t.Fatalf("round trip: %+v", back)
	}
	if latest, _ := os.ReadFile(filepath.Join(dir, "results", "latest.md")); string(latest) != md.String() {
		t.Fatal("latest.md differs from the markdown")
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "results", "*.tmp")); len(m) != 0 {
		t.Fatalf("temporary files left: %v", m)
	}
}

func TestThisMachine(t *testing.T) {
	m := ThisMachine()
	if m.CPUs < 1 || m.OS == "" || m.Go == "" {
		t.Fatalf("%+v", m)
	}
}

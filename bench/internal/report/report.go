// Package report turns scenario results into the benchmark's outputs: a
// JSON document and a markdown table, written under the results directory
// with a timestamp, plus latest.md and latest.json.
package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/b2b-backoffice/bench/internal/scenario"
)

// Machine describes where the benchmark ran.
type Machine struct {
	Hostname string `json:"hostname"`
	CPUModel string `json:"cpu_model"`
	CPUs     int    `json:"cpus"`
	MemoryGB int    `json:"memory_gb"`
	OS       string `json:"os"`
	Arch     string `json:"arch"`
	Go       string `json:"go"`
	// LoadAvg is /proc/loadavg's 1, 5 and 15 minute figures when the run
	// started: on a shared machine the numbers mean little without it.
	LoadAvg string `json:"load_avg,omitempty"`
}

// Report is one benchmark run.
type Report struct {
	StartedAt time.Time         `json:"started_at"`
	Machine   Machine           `json:"machine"`
	Settings  map[string]any    `json:"settings"`
	Results   []scenario.Result `json:"results"`
	// Errors are runs that could not be carried out (setup failed).
	Errors []string `json:"errors,omitempty"`
	Passed bool     `json:"passed"`
}

// ThisMachine reads the machine's description (best effort: Linux /proc).
func ThisMachine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), OS: runtime.GOOS, Arch: runtime.GOARCH, Go: runtime.Version()}
	m.Hostname, _ = os.Hostname()
	m.CPUModel = procField("/proc/cpuinfo", "model name")
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			m.LoadAvg = strings.Join(f[:3], " ")
		}
	}
	if kb := procField("/proc/meminfo", "MemTotal"); kb != "" {
		var n int
		if _, err := fmt.Sscanf(kb, "%d", &n); err == nil {
			m.MemoryGB = (n + 512*1024) / (1024 * 1024)
		}
	}
	return m
}

func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// Finish computes the raw ratios and whether the run passed.
func (r *Report) Finish() {
	ApplyRatios(r.Results)
	r.Passed = len(r.Errors) == 0
	for _, res := range r.Results {
		if len(res.Violations) > 0 {
			r.Passed = false
		}
	}
}

// floorOf names the raw run an HTTP scenario is compared with.
var floorOf = map[string]string{
	scenario.Flow:   scenario.RawFlow,
	scenario.Create: scenario.RawFlow,
	scenario.Hot:    scenario.RawHot,
}

// ApplyRatios sets each HTTP result's RawRatio: its throughput over that
// of its raw floor at the same concurrency, when both ran.
func ApplyRatios(results []scenario.Result) {
	raw := map[string]float64{}
	for _, r := range results {
		if r.Mode == "raw" {
			raw[fmt.Sprintf("%s/%d", r.Scenario, r.Concurrency)] = r.Summary.Throughput
		}
	}
	for i := range results {
		floor, ok := floorOf[results[i].Scenario]
		if !ok {
			continue
		}
		if base := raw[fmt.Sprintf("%s/%d", floor, results[i].Concurrency)]; base > 0 {
			ratio := results[i].Summary.Throughput / base
			results[i].RawRatio = &ratio
		}
	}
}

// Markdown writes the results table, then every violation and note.
func (r *Report) Markdown(w io.Writer) error {
	b := &strings.Builder{}
	m := r.Machine
	fmt.Fprintf(b, "## Benchmark %s\n\n", r.StartedAt.UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(b, "Machine: %s, %d CPUs, %d GB, %s/%s, %s", orUnknown(m.CPUModel), m.CPUs, m.MemoryGB, m.OS, m.Arch, m.Go)
	if m.LoadAvg != "" {
		fmt.Fprintf(b, ", load average %s at start", m.LoadAvg)
	}
	b.WriteString(". ")
	fmt.Fprintf(b, "Each run: %v warm-up, %v measured.\n\n", r.Settings["warmup"], r.Settings["duration"])
	b.WriteString("| scenario | mode | conc | ops/s | ok/s | p50 ms | p90 ms | p99 ms | max ms | × raw | responses | invariants |\n")
	b.WriteString("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|\n")
	for _, res := range r.Results {
		s := res.Summary
		ratio := "—"
		if res.RawRatio != nil {
			ratio = fmt.Sprintf("%.2f", *res.RawRatio)
		}
		inv := "ok"
		if n := len(res.Violations); n > 0 {
			inv = fmt.Sprintf("**%d violated**", n)
		}
		fmt.Fprintf(b, "| %s | %s | %d | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %s | %s | %s |\n",
			res.Scenario, res.Mode, res.Concurrency, s.Throughput, s.OKThroughput, s.P50, s.P90, s.P99, s.Max,
			ratio, s.StatusLine(), inv)
	}
	b.WriteString("\nops/s counts operations: one orchestrator call (flow, hot), POST /orders + confirm (create), " +
		"one GET (read), three concurrent sends of one request (replay), one lookup + create tx + confirm tx (raw). " +
		"× raw is ops/s over the raw floor's at the same concurrency.\n")
	for _, res := range r.Results {
		if res.Note != "" {
			fmt.Fprintf(b, "\n- %s c=%d: %s", res.Scenario, res.Concurrency, res.Note)
		}
	}
	b.WriteString("\n")
	if !r.Passed {
		b.WriteString("\n### Failures\n\n")
		for _, e := range r.Errors {
			fmt.Fprintf(b, "- %s\n", e)
		}
		for _, res := range r.Results {
			for _, v := range res.Violations {
				fmt.Fprintf(b, "- %s c=%d: %s\n", res.Scenario, res.Concurrency, v)
			}
			for _, s := range res.Samples {
				fmt.Fprintf(b, "  - sample: %s\n", s)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown CPU"
	}
	return s
}

// Write stores the report in dir as <stamp>.json and <stamp>.md and
// refreshes latest.json and latest.md; it returns the paths written.
func (r *Report) Write(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	stamp := r.StartedAt.UTC().Format("20060102T150405Z")
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	var md strings.Builder
	if err := r.Markdown(&md); err != nil {
		return nil, err
	}
	files := map[string][]byte{
		stamp + ".json": append(js, '\n'),
		stamp + ".md":   []byte(md.String()),
		"latest.json":   append(js, '\n'),
		"latest.md":     []byte(md.String()),
	}
	var paths []string
	for _, name := range []string{stamp + ".json", stamp + ".md", "latest.json", "latest.md"} {
		p := filepath.Join(dir, name)
		if err := writeFile(p, files[name]); err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// writeFile replaces p atomically, so an interrupted run never leaves a
// half-written latest.md behind.
func writeFile(p string, data []byte) error {
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

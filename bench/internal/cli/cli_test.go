package cli

import (
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	o, err := Parse(nil, env(map[string]string{"SERVICE_TOKEN": "svc"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.CustomersURL != "http://localhost:3001" || o.OrdersURL != "http://localhost:3002" || o.OrchestratorURL != "http://localhost:3000" {
		t.Errorf("urls %q %q %q", o.CustomersURL, o.OrdersURL, o.OrchestratorURL)
	}
	if o.Token != "svc" {
		t.Errorf("token %q, want SERVICE_TOKEN's value", o.Token)
	}
	if o.Stage != "" || o.Concurrency != 16 || !slices.Equal(o.Sweep, []int{1, 4, 16, 64}) {
		t.Errorf("stage %q concurrency %d sweep %v", o.Stage, o.Concurrency, o.Sweep)
	}
	if !slices.Equal(o.Scenarios, Scenarios) || !o.Has("raw") {
		t.Errorf("scenarios %v", o.Scenarios)
	}
	if o.CustomersDSN != "root@tcp(127.0.0.1:3306)/customers" || o.OrdersDSN != "root@tcp(127.0.0.1:3306)/orders" {
		t.Errorf("dsns %q %q", o.CustomersDSN, o.OrdersDSN)
	}
	if o.Duration != 10*time.Second || o.Warmup != 2*time.Second || o.Out != "bench/results" {
		t.Errorf("duration %v warmup %v out %q", o.Duration, o.Warmup, o.Out)
	}
}

func TestFlagsOverride(t *testing.T) {
	o, err := Parse(strings.Fields("-orchestrator-url http://127.0.0.1:23000 -stage /dev -token jwt -concurrency 4 "+
		"-sweep 2,8,8 -duration 3s -warmup 0s -scenarios flow,HOT,flow -out= -progress off"),
		env(map[string]string{"SERVICE_TOKEN": "svc"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.OrchestratorURL != "http://127.0.0.1:23000" || o.Stage != "/dev" || o.Token != "jwt" || o.Concurrency != 4 {
		t.Errorf("%+v", o)
	}
	if !slices.Equal(o.Sweep, []int{2, 8}) || !slices.Equal(o.Scenarios, []string{"flow", "hot"}) || o.Has("raw") {
		t.Errorf("sweep %v scenarios %v", o.Sweep, o.Scenarios)
	}
	if o.Duration != 3*time.Second || o.Warmup != 0 || o.Out != "" || o.Progress != "off" {
		t.Errorf("duration %v warmup %v out %q progress %q", o.Duration, o.Warmup, o.Out, o.Progress)
	}
}

func TestAllMeansEveryScenario(t *testing.T) {
	o, err := Parse([]string{"-scenarios", "all"}, env(nil), io.Discard)
	if err != nil || !slices.Equal(o.Scenarios, Scenarios) {
		t.Fatalf("%v %v", o.Scenarios, err)
	}
}

func TestBadFlagsAreRejected(t *testing.T) {
	cases := map[string]string{
		"-orders-url localhost:3002": "-orders-url",
		"-orders-url ftp://x":        "-orders-url",
		"-stage dev":                 "-stage",
		"-concurrency 0":             "-concurrency",
		"-concurrency 5000":          "-concurrency",
		"-sweep 1,x":                 "-sweep",
		"-sweep ,":                   "-sweep",
		"-duration 0s":               "-duration",
		"-warmup -1s":                "-warmup",
		"-scenarios flow,bogus":      "bogus",
		"-scenarios ,":               "-scenarios",
		"-hot-stock 2 -hot-qty 3":    "-hot-stock",
		"-max-items 5 -products 2":   "-max-items",
		"-max-qty 0":                 "-max-qty",
		"-progress sometimes":        "-progress",
		"-timeout 0s":                "-timeout",
		"-read-orders -1":            "-read-orders",
		"-concurrency nope":          "invalid value",
		"extra":                      "unexpected",
	}
	for args, want := range cases {
		_, err := Parse(strings.Fields(args), env(nil), io.Discard)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err %v, want it to mention %q", args, err, want)
		}
	}
}

func TestEveryProblemIsReported(t *testing.T) {
	_, err := Parse(strings.Fields("-concurrency 0 -duration 0s"), env(nil), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "-concurrency") || !strings.Contains(err.Error(), "-duration") {
		t.Fatalf("want both problems, got %v", err)
	}
}

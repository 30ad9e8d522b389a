package scenario

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/b2b-backoffice/bench/internal/api"
	"github.com/b2b-backoffice/bench/internal/invariant"
	"github.com/b2b-backoffice/bench/internal/load"
)

func testConfig(c *api.Client) *Config {
	return &Config{
		API: c, RunID: "t1", Products: 4, Stock: 1_000_000, MaxItems: 3, MaxQty: 5,
		HotStock: 50, HotQty: 3, HotWindow: 2 * time.Second, ReadOrders: 10,
		Load: load.Options{Warmup: 50 * time.Millisecond, Duration: 300 * time.Millisecond},
	}
}

func TestEveryScenarioPassesOnACorrectSystem(t *testing.T) {
	_, c := newFake(t)
	cfg := testConfig(c)
	for _, name := range []string{Flow, Create, Hot, Read, Replay} {
		t.Run(name, func(t *testing.T) {
			res, err := cfg.Run(context.Background(), name, 4)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Violations) != 0 {
				t.Fatalf("violations: %v (samples %v)", res.Violations, res.Samples)
			}
			if res.Summary.Ops == 0 || res.Summary.OK == 0 || res.Summary.P50 <= 0 {
				t.Fatalf("nothing measured: %+v", res.Summary)
			}
			if res.Mode != "http" || res.Concurrency != 4 || res.Scenario != name {
				t.Fatalf("labels %s %s %d", res.Scenario, res.Mode, res.Concurrency)
			}
		})
	}
}

func TestHotRunsTheStockOut(t *testing.T) {
	_, c := newFake(t)
	res, err := testConfig(c).Run(context.Background(), Hot, 4)
	if err != nil {
		t.Fatal(err)
	}
	// 50 units, 3 per order: 16 placed, then every worker sees a refusal.
	if res.Summary.Statuses["409"] < 1 || !strings.Contains(res.Note, "16 placed") {
		t.Fatalf("note %q statuses %v", res.Note, res.Summary.Statuses)
	}
	// 16 placed and one refusal per worker: anything more kept going.
	if res.Summary.Ops > 16+4 {
		t.Fatalf("hot kept going after the stock ran out: %+v", res.Summary)
	}
}

func TestBrokenSystemsAreCaught(t *testing.T) {
	cases := []struct {
		scenario string
		bug      func(f *fake)
		want     string
	}{
		{Hot, func(f *fake) { f.oversell = true }, invariant.HotNoOversell},
		{Replay, func(f *fake) { f.ignoreKeys = true }, invariant.OneOrderPerKey},
		{Flow, func(f *fake) { f.leakStock = true }, invariant.StockBalance},
		{Flow, func(f *fake) { f.serverError = true }, invariant.NoServerErrors},
	}
	for _, tc := range cases {
		t.Run(tc.want, func(t *testing.T) {
			f, c := newFake(t)
			tc.bug(f)
			res, err := testConfig(c).Run(context.Background(), tc.scenario, 4)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range res.Violations {
				if v.Invariant == tc.want {
					return
				}
			}
			t.Fatalf("want a %s violation, got %v", tc.want, res.Violations)
		})
	}
}

func TestUnreachableSystemFailsSetup(t *testing.T) {
	c := api.New(api.Config{CustomersURL: "http://127.0.0.1:1", OrdersURL: "http://127.0.0.1:1", OrchestratorURL: "http://127.0.0.1:1", Timeout: time.Second})
	_, err := testConfig(c).Run(context.Background(), Flow, 1)
	if err == nil || !strings.Contains(err.Error(), "POST /customers") {
		t.Fatalf("err = %v", err)
	}
}

func TestWrongTokenFailsSetup(t *testing.T) {
	_, c := newFake(t)
	cfg := testConfig(c)
	cfg.API = api.New(api.Config{CustomersURL: c.BaseURLs()[0], OrdersURL: c.BaseURLs()[1], OrchestratorURL: c.BaseURLs()[2], Token: "nope"})
	_, err := cfg.Run(context.Background(), Read, 1)
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("err = %v", err)
	}
}

func TestRawScenarioNeedsADatabase(t *testing.T) {
	_, c := newFake(t)
	if _, err := testConfig(c).Run(context.Background(), RawFlow, 1); err == nil {
		t.Fatal("raw-flow ran without a database")
	}
	if _, err := testConfig(c).Run(context.Background(), "nope", 1); err == nil {
		t.Fatal("an unknown scenario ran")
	}
}

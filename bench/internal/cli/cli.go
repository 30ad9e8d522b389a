// Package cli parses the benchmark's command line into Options.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Scenario names accepted by -scenarios; "raw" adds the database floor
// beside the HTTP runs it is compared with.
var Scenarios = []string{"flow", "create", "hot", "read", "replay", "raw"}

// Options is the parsed command line.
type Options struct {
	CustomersURL    string
	OrdersURL       string
	OrchestratorURL string
	Stage           string
	Token           string
	Timeout         time.Duration

	Concurrency int
	Sweep       []int
	Duration    time.Duration
	Warmup      time.Duration
	Scenarios   []string

	Products   int
	Stock      int64
	MaxItems   int
	MaxQty     int64
	HotStock   int64
	HotQty     int64
	ReadOrders int

	CustomersDSN string
	OrdersDSN    string

	// Out is the results directory; "" writes no files.
	Out string
	// Progress: "auto" (a bar when stderr is a terminal), "on" or "off".
	Progress string
}

// Has reports whether scenario s was asked for.
func (o Options) Has(s string) bool { return slices.Contains(o.Scenarios, s) }

// Parse reads args (without the program name). SERVICE_TOKEN from getenv
// is the default bearer token: the services accept it on operator routes.
func Parse(args []string, getenv func(string) string, stderr io.Writer) (Options, error) {
	var o Options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.CustomersURL, "customers-url", "http://localhost:3001", "customers-api base URL")
	fs.StringVar(&o.OrdersURL, "orders-url", "http://localhost:3002", "orders-api base URL")
	fs.StringVar(&o.OrchestratorURL, "orchestrator-url", "http://localhost:3000", "orchestrator base URL")
	fs.StringVar(&o.Stage, "stage", "", `orchestrator stage prefix ("" or e.g. "/dev")`)
	fs.StringVar(&o.Token, "token", getenv("SERVICE_TOKEN"), "bearer token (default $SERVICE_TOKEN; an operator JWT works too)")
	fs.DurationVar(&o.Timeout, "timeout", 30*time.Second, "per-request timeout")
	fs.IntVar(&o.Concurrency, "concurrency", 16, "workers for create, hot, read, replay")
	sweep := fs.String("sweep", "1,4,16,64", "concurrency levels of the flow sweep")
	fs.DurationVar(&o.Duration, "duration", 10*time.Second, "measured window of each run")
	fs.DurationVar(&o.Warmup, "warmup", 2*time.Second, "warm-up before each run (not measured)")
	scen := fs.String("scenarios", strings.Join(Scenarios, ","), "scenarios to run: "+strings.Join(Scenarios, ", "))
	fs.IntVar(&o.Products, "products", 16, "products each scenario creates")
	fs.Int64Var(&o.Stock, "stock", 100_000_000, "initial stock of each product")
	fs.IntVar(&o.MaxItems, "max-items", 3, "at most this many products per order")
	fs.Int64Var(&o.MaxQty, "max-qty", 5, "at most this many units per line")
	fs.Int64Var(&o.HotStock, "hot-stock", 3000, "initial stock of the hot product (hot runs until it is sold)")
	fs.Int64Var(&o.HotQty, "hot-qty", 3, "units per hot order")
	fs.IntVar(&o.ReadOrders, "read-orders", 50, "orders the read scenario places to read")
	fs.StringVar(&o.CustomersDSN, "customers-dsn", "root@tcp(127.0.0.1:3306)/customers", "raw mode: customers database")
	fs.StringVar(&o.OrdersDSN, "orders-dsn", "root@tcp(127.0.0.1:3306)/orders", "raw mode: orders database")
	fs.StringVar(&o.Out, "out", "bench/results", `results directory ("" writes none)`)
	fs.StringVar(&o.Progress, "progress", "auto", "progress bar on stderr: auto, on, off")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var errs []error
	fail := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }

	for name, u := range map[string]*string{"-customers-url": &o.CustomersURL, "-orders-url": &o.OrdersURL, "-orchestrator-url": &o.OrchestratorURL} {
		p, err := url.Parse(*u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			fail("%s %q must be an http(s) URL", name, *u)
		}
	}
	if o.Stage != "" && (!strings.HasPrefix(o.Stage, "/") || strings.ContainsAny(o.Stage, "?# ")) {
		fail(`-stage %q must be empty or a path such as "/dev"`, o.Stage)
	}
	if o.Timeout <= 0 {
		fail("-timeout must be positive")
	}
	if o.Concurrency < 1 || o.Concurrency > 1024 {
		fail("-concurrency %d must be from 1 to 1024", o.Concurrency)
	}
	var err error
	if o.Sweep, err = parseLevels(*sweep); err != nil {
		fail("-sweep: %v", err)
	}
	if o.Duration <= 0 {
		fail("-duration must be positive")
	}
	if o.Warmup < 0 {
		fail("-warmup must not be negative")
	}
	if o.Scenarios, err = parseScenarios(*scen); err != nil {
		fail("-scenarios: %v", err)
	}
	if o.Products < 1 || o.Products > 1000 {
		fail("-products %d must be from 1 to 1000", o.Products)
	}
	if o.MaxItems < 1 || o.MaxItems > 100 || o.MaxItems > o.Products {
		fail("-max-items %d must be from 1 to 100 and at most -products", o.MaxItems)
	}
	if o.MaxQty < 1 || o.MaxQty > 10000 {
		fail("-max-qty %d must be from 1 to 10000", o.MaxQty)
	}
	if o.HotQty < 1 || o.HotQty > 10000 {
		fail("-hot-qty %d must be from 1 to 10000", o.HotQty)
	}
	if o.HotStock < o.HotQty {
		fail("-hot-stock %d must be at least -hot-qty %d", o.HotStock, o.HotQty)
	}
	if o.Stock < 1 {
		fail("-stock must be positive")
	}
	if o.ReadOrders < 0 || o.ReadOrders > 10000 {
		fail("-read-orders %d must be from 0 to 10000", o.ReadOrders)
	}
	if o.Progress != "auto" && o.Progress != "on" && o.Progress != "off" {
		fail("-progress %q must be auto, on or off", o.Progress)
	}
	return o, errors.Join(errs...)
}

func parseLevels(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > 1024 {
			return nil, fmt.Errorf("%q is not a concurrency from 1 to 1024", f)
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no concurrency level given")
	}
	return out, nil
}

func parseScenarios(s string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" {
			continue
		}
		if f == "all" {
			return slices.Clone(Scenarios), nil
		}
		if !slices.Contains(Scenarios, f) {
			return nil, fmt.Errorf("unknown scenario %q (want %s)", f, strings.Join(Scenarios, ", "))
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no scenario given")
	}
	return out, nil
}

// Command bench drives a running system through its public HTTP API with
// the load scenarios of issue 6 (flow sweep, create, hot, read, replay),
// measures them beside the raw database floor, checks the invariants after
// each run and writes the results. It exits non-zero when an invariant is
// violated or a run cannot be carried out.
//
//	bench [flags]            see bench -h; make bench and make bench-smoke wrap it
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"golang.org/x/term"

	"github.com/b2b-backoffice/bench/internal/api"
	"github.com/b2b-backoffice/bench/internal/cli"
	"github.com/b2b-backoffice/bench/internal/load"
	"github.com/b2b-backoffice/bench/internal/raw"
	"github.com/b2b-backoffice/bench/internal/report"
	"github.com/b2b-backoffice/bench/internal/scenario"
	"github.com/b2b-backoffice/platform/server"
)

func main() {
	ctx, stop := server.SignalContext(context.Background())
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// errFailed is returned when the run finished but did not pass.
var errFailed = errors.New("invariants violated or runs failed (see the report)")

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	o, err := cli.Parse(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	client := api.New(api.Config{
		CustomersURL: o.CustomersURL, OrdersURL: o.OrdersURL, OrchestratorURL: o.OrchestratorURL,
		Stage: o.Stage, Token: o.Token, Timeout: o.Timeout,
	})
	defer client.Close()
	cfg := &scenario.Config{
		API: client, RunID: runID(),
		Products: o.Products, Stock: o.Stock, MaxItems: o.MaxItems, MaxQty: o.MaxQty,
		HotStock: o.HotStock, HotQty: o.HotQty, ReadOrders: o.ReadOrders,
		Load: load.Options{Warmup: o.Warmup, Duration: o.Duration, Progress: progressWriter(o.Progress, stderr)},
	}
	if o.Has("raw") {
		db, err := raw.Open(ctx, o.CustomersDSN, o.OrdersDSN)
		if err != nil {
			return fmt.Errorf("raw mode needs the services' databases (-customers-dsn, -orders-dsn; or leave raw out of -scenarios): %w", err)
		}
		defer db.Close()
		cfg.Raw = db
	}

	rep := &report.Report{
		StartedAt: time.Now().UTC(),
		Machine:   report.ThisMachine(),
		Settings: map[string]any{
			"customers_url": o.CustomersURL, "orders_url": o.OrdersURL, "orchestrator_url": o.OrchestratorURL,
			"stage": o.Stage, "duration": o.Duration.String(), "warmup": o.Warmup.String(),
			"concurrency": o.Concurrency, "sweep": o.Sweep, "scenarios": o.Scenarios,
			"products": o.Products, "max_items": o.MaxItems, "max_qty": o.MaxQty,
			"hot_stock": o.HotStock, "hot_qty": o.HotQty, "run_id": cfg.RunID,
		},
	}
	fmt.Fprintf(stderr, "bench: run %s, %d runs of %v (+%v warm-up)\n", cfg.RunID, len(o.Plan()), o.Duration, o.Warmup)
	for _, step := range o.Plan() {
		if ctx.Err() != nil {
			rep.Errors = append(rep.Errors, "interrupted")
			break
		}
		res, err := cfg.Run(ctx, step.Scenario, step.Concurrency)
		if err != nil {
			rep.Errors = append(rep.Errors, err.Error())
			fmt.Fprintf(stderr, "bench: %v\n", err)
			continue
		}
		rep.Results = append(rep.Results, res)
		s := res.Summary
		verdict := "invariants ok"
		if len(res.Violations) > 0 {
			verdict = fmt.Sprintf("%d INVARIANTS VIOLATED", len(res.Violations))
		}
		fmt.Fprintf(stderr, "bench: %-8s c=%-3d %8.0f ops/s  p50 %6.2f ms  p99 %7.2f ms  %s  %s\n",
			res.Scenario, res.Concurrency, s.Throughput, s.P50, s.P99, s.StatusLine(), verdict)
	}
	rep.Finish()
	if err := rep.Markdown(stdout); err != nil {
		return err
	}
	if o.Out != "" {
		paths, err := rep.Write(o.Out)
		if err != nil {
			return fmt.Errorf("writing results: %w", err)
		}
		fmt.Fprintf(stderr, "bench: wrote %v\n", paths)
	}
	if !rep.Passed {
		return errFailed
	}
	return nil
}

// progressWriter returns stderr for the progress bar when it should show:
// always with "on", never with "off", and with "auto" only when stderr is
// a terminal (a bar in a CI log is noise).
func progressWriter(mode string, stderr io.Writer) io.Writer {
	switch mode {
	case "on":
		return stderr
	case "off":
		return nil
	}
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return stderr
	}
	return nil
}

// runID is short, sortable and unique enough to keep this run's SKUs,
// emails and idempotency keys apart from every other run's.
func runID() string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return strconv.FormatInt(time.Now().Unix(), 36) + hex.EncodeToString(b[:])
}

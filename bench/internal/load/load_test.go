package load

import (
	"bytes"
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/b2b-backoffice/bench/internal/stats"
)

func TestRunMeasuresOnlyAfterWarmup(t *testing.T) {
	var warmOps, measuredOps atomic.Int64
	out := Run(context.Background(), Options{Concurrency: 4, Warmup: 100 * time.Millisecond, Duration: 200 * time.Millisecond},
		func(ctx context.Context, w int, rec *stats.Recorder, warm bool) bool {
			time.Sleep(5 * time.Millisecond)
			if warm {
				warmOps.Add(1)
			} else {
				measuredOps.Add(1)
			}
			rec.Op(5*time.Millisecond, true)
			return false
		})
	s := out.Summary()
	if warmOps.Load() == 0 {
		t.Fatal("no warm-up operations ran")
	}
	if s.Ops != measuredOps.Load() {
		t.Fatalf("summary counts %d ops, %d ran measured (warm-up must not be counted)", s.Ops, measuredOps.Load())
	}
	// The window stretches by at most one operation; a loaded machine
	// (the race detector, other builds) gets generous slack above.
	if out.Elapsed < 200*time.Millisecond || out.Elapsed > time.Second {
		t.Fatalf("elapsed %v, want about the 200ms window", out.Elapsed)
	}
	// 4 workers × 5 ms per op is at most 800 ops/s: more would mean
	// warm-up operations were counted or the window was mismeasured.
	if s.Throughput <= 0 || s.Throughput > 900 {
		t.Fatalf("throughput %v ops/s, want ≤ 800", s.Throughput)
	}
}

func TestWorkersStopEarly(t *testing.T) {
	var calls atomic.Int64
	out := Run(context.Background(), Options{Concurrency: 3, Duration: 10 * time.Second},
		func(ctx context.Context, w int, rec *stats.Recorder, warm bool) bool {
			rec.Op(time.Millisecond, true)
			return calls.Add(1) >= 3
		})
	if out.Elapsed > 2*time.Second {
		t.Fatalf("run lasted %v after every worker stopped", out.Elapsed)
	}
	if got := out.Summary().Ops; got < 3 || got > 5 {
		t.Fatalf("ops = %d, want 3..5", got)
	}
}

func TestCancelEndsRun(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	Run(ctx, Options{Concurrency: 2, Duration: time.Minute}, func(ctx context.Context, w int, rec *stats.Recorder, warm bool) bool {
		time.Sleep(time.Millisecond)
		return false
	})
	if time.Since(start) > 5*time.Second {
		t.Fatal("cancel did not end the run")
	}
}

func TestProgressBarDrawsToWriter(t *testing.T) {
	var buf bytes.Buffer
	Run(context.Background(), Options{Concurrency: 1, Duration: 500 * time.Millisecond, Progress: &buf, Label: "flow"},
		func(ctx context.Context, w int, rec *stats.Recorder, warm bool) bool {
			time.Sleep(10 * time.Millisecond)
			return false
		})
	if !bytes.Contains(buf.Bytes(), []byte("flow")) {
		t.Fatalf("progress output %q lacks the label", buf.String())
	}
}

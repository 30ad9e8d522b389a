// Package load runs an operation from a fixed number of concurrent workers
// for a warm-up and then a measured window, and merges what they recorded.
package load

import (
	"context"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/b2b-backoffice/bench/internal/stats"
)

// Options shape one run.
type Options struct {
	Concurrency int
	Warmup      time.Duration
	Duration    time.Duration
	// Progress receives a progress bar; nil shows none.
	Progress io.Writer
	// Label names the run on the progress bar.
	Label string
}

// Op performs one operation for worker w and records it into rec. warm is
// true during the warm-up, when rec is discarded. Returning stop ends this
// worker early (the hot scenario stops once the stock is gone).
type Op func(ctx context.Context, w int, rec *stats.Recorder, warm bool) (stop bool)

// Outcome is what a run measured.
type Outcome struct {
	Rec *stats.Recorder
	// Elapsed is the measured window: from the end of the warm-up until
	// the last worker finished its last operation.
	Elapsed time.Duration
}

// Summary reduces the outcome.
func (o Outcome) Summary() stats.Summary { return o.Rec.Summarize(o.Elapsed) }

// Run runs op from opts.Concurrency workers. An operation in flight when
// the window closes is finished and counted (its latency is real), so the
// window stretches by at most one operation. ctx cancels the run early.
func Run(ctx context.Context, opts Options, op Op) Outcome {
	if opts.Concurrency < 1 {
		opts.Concurrency = 1
	}
	start := time.Now()
	warmEnd := start.Add(opts.Warmup)
	end := warmEnd.Add(opts.Duration)

	stopBar := showProgress(opts, start, end)
	defer stopBar()

	recs := make([]*stats.Recorder, opts.Concurrency)
	finished := make([]time.Time, opts.Concurrency)
	var wg sync.WaitGroup
	for w := range opts.Concurrency {
		recs[w] = stats.NewRecorder()
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { finished[w] = time.Now() }()
			discard := stats.NewRecorder()
			for ctx.Err() == nil {
				now := time.Now()
				if !now.Before(end) {
					return
				}
				warm := now.Before(warmEnd)
				rec := recs[w]
				if warm {
					rec = discard
				}
				if op(ctx, w, rec, warm) {
					return
				}
			}
		}()
	}
	wg.Wait()

	total := stats.NewRecorder()
	last := warmEnd
	for w, r := range recs {
		total.Merge(r)
		if finished[w].After(last) {
			last = finished[w]
		}
	}
	return Outcome{Rec: total, Elapsed: last.Sub(warmEnd)}
}

// showProgress draws a time-based bar until the returned stop is called.
func showProgress(opts Options, start, end time.Time) (stop func()) {
	if opts.Progress == nil {
		return func() {}
	}
	total := end.Sub(start).Milliseconds()
	bar := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(opts.Progress),
		progressbar.OptionSetDescription(opts.Label),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetPredictTime(false),
	)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				_ = bar.Set64(min(time.Since(start).Milliseconds(), total))
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		_ = bar.Finish()
	}
}

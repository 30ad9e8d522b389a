// Package stats records what a load run observed — latencies in an HDR
// histogram, outcomes by HTTP status and error code — and reduces it to the
// summary a report shows. Workers each own a Recorder (no locks on the hot
// path); Merge combines them when the run ends.
package stats

import (
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// Latencies are recorded in microseconds from 1 µs to 60 s with three
// significant digits: enough resolution for sub-millisecond raw database
// work and for pathological multi-second stalls alike.
const (
	lowestMicros  = 1
	highestMicros = 60_000_000
	sigFigs       = 3
)

// TransportError is the status recorded when no HTTP response arrived.
const TransportError = 0

// Recorder accumulates one worker's observations. It is not safe for
// concurrent use: give each worker its own and Merge them.
type Recorder struct {
	hist *hdrhistogram.Histogram
	// Ops counts completed operations (one flow, one read, one replay batch).
	Ops int64
	// OK counts operations that reached their intended outcome (an order
	// placed, a read answered); Ops − OK are expected refusals or failures.
	OK int64
	// Statuses counts HTTP responses by status; TransportError (0) counts
	// requests that got no response at all.
	Statuses map[int]int64
	// Codes counts problem codes of non-2xx responses.
	Codes map[string]int64
}

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder {
	return &Recorder{
		hist:     hdrhistogram.New(lowestMicros, highestMicros, sigFigs),
		Statuses: map[int]int64{},
		Codes:    map[string]int64{},
	}
}

// Op records one operation's latency and whether it succeeded.
func (r *Recorder) Op(d time.Duration, ok bool) {
	us := d.Microseconds()
	if us < lowestMicros {
		us = lowestMicros
	}
	if us > highestMicros {
		us = highestMicros
	}
	// RecordValue only fails outside the trackable range, clamped above.
	_ = r.hist.RecordValue(us)
	r.Ops++
	if ok {
		r.OK++
	}
}

// Response records one HTTP response's status and, for errors, its code.
func (r *Recorder) Response(status int, code string) {
	r.Statuses[status]++
	if code != "" {
		r.Codes[code]++
	}
}

// Merge adds other's observations to r.
func (r *Recorder) Merge(other *Recorder) {
	r.hist.Merge(other.hist)
	r.Ops += other.Ops
	r.OK += other.OK
	for k, v := range other.Statuses {
		r.Statuses[k] += v
	}
	for k, v := range other.Codes {
		r.Codes[k] += v
	}
}

// Summary is a run's reduced figures, as reports show them.
type Summary struct {
	Ops     int64   `json:"ops"`
	OK      int64   `json:"ok"`
	Seconds float64 `json:"seconds"`
	// Throughput is operations per second over the measured window.
	Throughput float64 `json:"ops_per_sec"`
	// OKThroughput counts only successful operations.
	OKThroughput float64 `json:"ok_per_sec"`
	// Latencies in milliseconds.
	P50  float64 `json:"p50_ms"`
	P90  float64 `json:"p90_ms"`
	P99  float64 `json:"p99_ms"`
	Max  float64 `json:"max_ms"`
	Mean float64 `json:"mean_ms"`
	// Statuses by HTTP status as a string ("0" for transport errors), so
	// the JSON is an object.
	Statuses map[string]int64 `json:"statuses"`
	Codes    map[string]int64 `json:"codes,omitempty"`
}

// Summarize reduces r over a measured window of elapsed time.
func (r *Recorder) Summarize(elapsed time.Duration) Summary {
	ms := func(us int64) float64 { return float64(us) / 1000 }
	s := Summary{
		Ops:      r.Ops,
		OK:       r.OK,
		Seconds:  elapsed.Seconds(),
		Statuses: map[string]int64{},
		Codes:    map[string]int64{},
	}
	if elapsed > 0 {
		s.Throughput = float64(r.Ops) / elapsed.Seconds()
		s.OKThroughput = float64(r.OK) / elapsed.Seconds()
	}
	if r.hist.TotalCount() > 0 {
		s.P50 = ms(r.hist.ValueAtQuantile(50))
		s.P90 = ms(r.hist.ValueAtQuantile(90))
		s.P99 = ms(r.hist.ValueAtQuantile(99))
		s.Max = ms(r.hist.Max())
		s.Mean = r.hist.Mean() / 1000
	}
	for k, v := range r.Statuses {
		s.Statuses[strconv.Itoa(k)] = v
	}
	for k, v := range r.Codes {
		s.Codes[k] = v
	}
	return s
}

// ServerErrors counts 5xx responses.
func (s Summary) ServerErrors() int64 {
	var n int64
	for k, v := range s.Statuses {
		if st, err := strconv.Atoi(k); err == nil && st >= 500 {
			n += v
		}
	}
	return n
}

// TransportErrors counts requests that got no response.
func (s Summary) TransportErrors() int64 { return s.Statuses[strconv.Itoa(TransportError)] }

// StatusLine renders the status counts compactly in status order, e.g.
// "201×950 409×50" (transport errors show as "err×N").
func (s Summary) StatusLine() string {
	keys := make([]int, 0, len(s.Statuses))
	for k := range s.Statuses {
		n, _ := strconv.Atoi(k)
		keys = append(keys, n)
	}
	sort.Ints(keys)
	out := ""
	for i, k := range keys {
		if i > 0 {
			out += " "
		}
		label := strconv.Itoa(k)
		if k == TransportError {
			label = "err"
		}
		out += fmt.Sprintf("%s×%d", label, s.Statuses[strconv.Itoa(k)])
	}
	return out
}

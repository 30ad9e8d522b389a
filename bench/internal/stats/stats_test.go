package stats

import (
	"testing"
	"time"
)

func TestSummarizePercentilesAndThroughput(t *testing.T) {
	r := NewRecorder()
	// 1..100 ms, one each: p50 ≈ 50 ms, p90 ≈ 90 ms, p99 ≈ 99 ms, max 100 ms.
	for i := 1; i <= 100; i++ {
		r.Op(time.Duration(i)*time.Millisecond, i%10 != 0)
	}
	s := r.Summarize(2 * time.Second)
	if s.Ops != 100 || s.OK != 90 {
		t.Fatalf("ops/ok = %d/%d, want 100/90", s.Ops, s.OK)
	}
	if s.Throughput != 50 || s.OKThroughput != 45 {
		t.Fatalf("throughput = %v / %v, want 50 / 45", s.Throughput, s.OKThroughput)
	}
	near := func(name string, got, want float64) {
		t.Helper()
		if got < want*0.99 || got > want*1.01 {
			t.Errorf("%s = %v ms, want ≈ %v", name, got, want)
		}
	}
	near("p50", s.P50, 50)
	near("p90", s.P90, 90)
	near("p99", s.P99, 99)
	near("max", s.Max, 100)
	near("mean", s.Mean, 50.5)
}

func TestMergeAddsEverything(t *testing.T) {
	a, b := NewRecorder(), NewRecorder()
	a.Op(time.Millisecond, true)
	a.Response(201, "")
	b.Op(time.Second, false)
	b.Response(409, "insufficient_stock")
	b.Response(TransportError, "")
	b.Response(503, "unavailable")
	a.Merge(b)
	s := a.Summarize(time.Second)
	if s.Ops != 2 || s.OK != 1 {
		t.Fatalf("ops/ok = %d/%d, want 2/1", s.Ops, s.OK)
	}
	if s.Max < 999 || s.Max > 1001 {
		t.Errorf("max = %v ms, want ≈ 1000 (b's latency must survive the merge)", s.Max)
	}
	if s.Codes["insufficient_stock"] != 1 || s.Statuses["409"] != 1 {
		t.Errorf("codes %v statuses %v", s.Codes, s.Statuses)
	}
	if s.ServerErrors() != 1 || s.TransportErrors() != 1 {
		t.Errorf("5xx = %d, transport = %d; want 1, 1", s.ServerErrors(), s.TransportErrors())
	}
	if got, want := s.StatusLine(), "err×1 201×1 409×1 503×1"; got != want {
		t.Errorf("StatusLine = %q, want %q", got, want)
	}
}

func TestOutOfRangeLatenciesAreClamped(t *testing.T) {
	r := NewRecorder()
	r.Op(0, true)
	r.Op(10*time.Minute, true)
	s := r.Summarize(time.Second)
	if s.Ops != 2 {
		t.Fatalf("ops = %d, want 2", s.Ops)
	}
	if s.Max < 59_000 || s.Max > 61_000 {
		t.Errorf("max = %v ms, want clamped to ≈ 60 s", s.Max)
	}
}

func TestEmptySummaryHasNoNaN(t *testing.T) {
	s := NewRecorder().Summarize(0)
	if s.Throughput != 0 || s.P99 != 0 || s.Mean != 0 {
		t.Fatalf("empty summary = %+v", s)
	}
}

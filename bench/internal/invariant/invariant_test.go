package invariant

import (
	"strings"
	"sync"
	"testing"
)

// consistent returns a scenario where everything holds: two products, three
// orders (one canceled), keys answered once each.
func consistent() (Observed, Actual) {
	l := NewLedger("201", "200", "409 insufficient_stock")
	l.Product(1, 100)
	l.Product(2, 50)
	l.Placed("k1", Order{ID: 10, Status: Confirmed, Lines: []Line{{1, 5}, {2, 3}}}, true)
	l.Placed("k2", Order{ID: 11, Status: "CREATED", Lines: []Line{{1, 7}}}, false)
	l.Placed("k3", Order{ID: 12, Status: "CREATED", Lines: []Line{{2, 4}}}, false)
	l.Placed("k1", Order{ID: 10, Status: Confirmed}, true) // a replay of k1
	l.Response(201, "")
	l.Response(201, "")
	l.Response(409, "insufficient_stock")
	a := Actual{
		Stock: map[int64]int64{1: 100 - 5 - 7, 2: 50 - 3}, // order 12 was canceled: its 4 came back
		Orders: map[int64]Order{
			10: {ID: 10, Status: Confirmed, Lines: []Line{{1, 5}, {2, 3}}},
			11: {ID: 11, Status: "CREATED", Lines: []Line{{1, 7}}},
			12: {ID: 12, Status: Canceled, Lines: []Line{{2, 4}}},
		},
	}
	return l.Snapshot(), a
}

func TestConsistentScenarioPasses(t *testing.T) {
	o, a := consistent()
	if vs := Check(o, a); len(vs) != 0 {
		t.Fatalf("violations on consistent data: %v", vs)
	}
}

func TestEachBrokenInvariantIsCaught(t *testing.T) {
	cases := []struct {
		name   string
		want   string
		mutate func(o *Observed, a *Actual)
	}{
		{"stock taken without an order", StockBalance, func(o *Observed, a *Actual) { a.Stock[1]-- }},
		{"stock given back twice", StockBalance, func(o *Observed, a *Actual) { a.Stock[2] += 4 }},
		{"negative stock", StockBalance, func(o *Observed, a *Actual) {
			o.Initial[3] = 0
			a.Stock[3] = -1
			a.Orders[13] = Order{ID: 13, Lines: []Line{{3, 1}}}
			o.Placed[13] = a.Orders[13]
		}},
		{"stock unreadable", StockBalance, func(o *Observed, a *Actual) { delete(a.Stock, 2) }},
		{"answered order missing", OrdersAccount, func(o *Observed, a *Actual) {
			o.Placed[99] = Order{ID: 99, Lines: []Line{{1, 1}}}
		}},
		{"stored order never answered (duplicate effect)", OrdersAccount, func(o *Observed, a *Actual) {
			a.Orders[20] = Order{ID: 20, Status: "CREATED", Lines: []Line{{1, 1}}}
			a.Stock[1]--
		}},
		{"stored lines differ", OrdersAccount, func(o *Observed, a *Actual) {
			a.Orders[11] = Order{ID: 11, Status: "CREATED", Lines: []Line{{1, 6}}}
			a.Stock[1]++
		}},
		{"two orders for one key", OneOrderPerKey, func(o *Observed, a *Actual) { o.Keys["k1"][11] = true }},
		{"confirmed order not confirmed", ConfirmedHeld, func(o *Observed, a *Actual) {
			a.Orders[10] = Order{ID: 10, Status: "CREATED", Lines: a.Orders[10].Lines}
		}},
		{"5xx", NoServerErrors, func(o *Observed, a *Actual) { o.Responses["500 internal_error"] = 1 }},
		{"transport error", NoTransport, func(o *Observed, a *Actual) { o.Responses["0"] = 2 }},
		{"unexpected status", Expected, func(o *Observed, a *Actual) { o.Responses["409 idempotency_in_progress"] = 1 }},
		{"undecodable body", WellFormed, func(o *Observed, a *Actual) { o.Malformed = 1 }},
		{"hot oversell", HotNoOversell, func(o *Observed, a *Actual) {
			o.Hot = &Hot{ProductID: 1, Stock: 10, Qty: 3, Successes: 4}
		}},
		{"hot refused while stock left (by count)", HotRanOut, func(o *Observed, a *Actual) {
			o.Hot = &Hot{ProductID: 2, Stock: 10, Qty: 3, Successes: 2, Refused: 1}
		}},
		{"hot refused while stock left (stored)", HotRanOut, func(o *Observed, a *Actual) {
			o.Hot = &Hot{ProductID: 1, Stock: 12, Qty: 3, Successes: 4, Refused: 1}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o, a := consistent()
			tc.mutate(&o, &a)
			vs := Check(o, a)
			found := false
			for _, v := range vs {
				if v.Invariant == tc.want {
					found = true
				}
			}
			if !found {
				t.Fatalf("want a %s violation, got %v", tc.want, vs)
			}
		})
	}
}

func TestHotRunOutIsFine(t *testing.T) {
	o, a := consistent()
	// 10 units, 3 per order: 3 sold, 1 left, every later order refused.
	o.Hot = &Hot{ProductID: 7, Stock: 10, Qty: 3, Successes: 3, Refused: 40}
	a.Stock[7] = 1
	if vs := Check(o, a); len(vs) != 0 {
		t.Fatalf("violations: %v", vs)
	}
}

func TestBareStatusAllowsEveryCode(t *testing.T) {
	l := NewLedger("201", "409")
	l.Response(409, "idempotency_in_progress")
	l.Response(409, "insufficient_stock")
	if vs := Check(l.Snapshot(), Actual{}); len(vs) != 0 {
		t.Fatalf("violations: %v", vs)
	}
}

func TestManyViolationsAreSummarized(t *testing.T) {
	o, a := consistent()
	for i := int64(100); i < 120; i++ {
		o.Placed[i] = Order{ID: i}
	}
	vs := Check(o, a)
	if len(vs) != maxPerInvariant+1 || !strings.Contains(vs[len(vs)-1].Detail, "15 more") {
		t.Fatalf("want %d listed and a summary of 15 more, got %d: %v", maxPerInvariant, len(vs), vs)
	}
}

func TestLedgerIsSafeForConcurrentUse(t *testing.T) {
	l := NewLedger("201")
	l.Product(1, 1000)
	l.SetHot(1, 1000, 1)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				id := int64(w*100 + i + 1)
				l.Placed("k"+string(rune('a'+w)), Order{ID: id, Lines: []Line{{1, 1}}}, true)
				l.Response(201, "")
				l.HotOutcome(true)
				_ = l.Snapshot()
			}
		}(w)
	}
	wg.Wait()
	o := l.Snapshot()
	if len(o.Placed) != 800 || o.Responses["201"] != 800 || o.Hot.Successes != 800 || len(o.Keys) != 8 {
		t.Fatalf("placed %d, 201s %d, hot %d, keys %d", len(o.Placed), o.Responses["201"], o.Hot.Successes, len(o.Keys))
	}
}

func TestSnapshotIsACopy(t *testing.T) {
	l := NewLedger()
	l.Placed("k", Order{ID: 1}, false)
	o := l.Snapshot()
	o.Keys["k"][2] = true
	o.Placed[5] = Order{}
	if p := l.Snapshot(); len(p.Keys["k"]) != 1 || len(p.Placed) != 1 {
		t.Fatal("mutating a snapshot changed the ledger")
	}
}

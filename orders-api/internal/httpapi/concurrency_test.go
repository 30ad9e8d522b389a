package httpapi_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// parallel runs fn(i) for i in [0, n) at once (released together) and
// returns the answers by i.
func parallel(n int, fn func(i int) *httptest.ResponseRecorder) []*httptest.ResponseRecorder {
	out := make([]*httptest.ResponseRecorder, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			out[i] = fn(i)
		})
	}
	close(start)
	wg.Wait()
	return out
}

func statuses(ws []*httptest.ResponseRecorder) map[int]int {
	m := map[int]int{}
	for _, w := range ws {
		m[w.Code]++
	}
	return m
}

// sameAnswer checks that every answer has status and the same body, and
// returns how many were fresh (not marked Idempotent-Replayed).
func sameAnswer(t *testing.T, ws []*httptest.ResponseRecorder, status int) (fresh int) {
	t.Helper()
	for _, w := range ws {
		wantStatus(t, w, status)
		if w.Body.String() != ws[0].Body.String() {
			t.Errorf("bodies differ:\n%s\n%s", w.Body, ws[0].Body)
		}
		if w.Header().Get("Idempotent-Replayed") != "true" {
			fresh++
		}
	}
	return fresh
}

// TestNoOversell: many concurrent orders on one product with small stock.
// Exactly stock/qty succeed, the rest are 409 insufficient_stock, the
// final stock is 0, and nothing is a 5xx.
func TestNoOversell(t *testing.T) {
	e := newEnv(t)
	const stock, qty, n = 12, 2, 40
	p := e.product(100, stock)
	ws := parallel(n, func(int) *httptest.ResponseRecorder {
		return e.do(req{method: "POST", path: "/orders", body: orderBody([2]int64{p.ID, qty})})
	})
	st := statuses(ws)
	if st[http.StatusCreated]*qty != stock || st[http.StatusConflict] != n-stock/qty || len(st) != 2 {
		t.Fatalf("statuses %v: want %d × 201 and %d × 409", st, stock/qty, n-stock/qty)
	}
	if got := e.stock(p.ID); got != 0 {
		t.Errorf("final stock %d, want 0", got)
	}
	var placed int64
	if err := e.db.Get(&placed, "SELECT COALESCE(SUM(qty), 0) FROM order_items WHERE product_id = ?", p.ID); err != nil {
		t.Fatal(err)
	}
	if placed != stock {
		t.Errorf("orders hold %d units of a stock of %d", placed, stock)
	}
}

// TestStockConservation runs a random concurrent mix of creates,
// confirms, cancels and absolute stock updates on a few products; after
// it, for every product, the stock equals the last level set minus the
// units of the orders placed after it and not canceled since. Without
// PATCH (here: the level is fixed at the start), that is: initial −
// current == Σ qty of orders not CANCELED.
func TestStockConservation(t *testing.T) {
	e := newEnv(t)
	const initial = 40
	var ids []int64
	for range 3 {
		ids = append(ids, e.product(100, initial).ID)
	}
	var mu sync.Mutex
	var placed []int64
	const workers, opsEach = 8, 15
	var wg sync.WaitGroup
	for wk := range workers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(wk), 7))
			for op := range opsEach {
				var w *httptest.ResponseRecorder
				mu.Lock()
				var target int64
				if len(placed) > 0 {
					target = placed[rng.IntN(len(placed))]
				}
				mu.Unlock()
				switch r := rng.IntN(10); {
				case r < 5 || target == 0:
					// One to three distinct products, in random order.
					perm := rng.Perm(len(ids))[:1+rng.IntN(len(ids))]
					var ls [][2]int64
					for _, k := range perm {
						ls = append(ls, [2]int64{ids[k], int64(1 + rng.IntN(4))})
					}
					w = e.do(req{method: "POST", path: "/orders", body: orderBody(ls...)})
					if w.Code == http.StatusCreated {
						o := decodeAs[order](t, w)
						mu.Lock()
						placed = append(placed, o.ID)
						mu.Unlock()
					} else if w.Code != http.StatusConflict {
						t.Errorf("create: %d %s", w.Code, w.Body)
					}
				case r < 8:
					w = e.confirm(target, fmt.Sprintf("w%d-op%d", wk, op))
					if w.Code != http.StatusOK && w.Code != http.StatusConflict {
						t.Errorf("confirm: %d %s", w.Code, w.Body)
					}
				default:
					w = e.cancel(target)
					if w.Code != http.StatusOK {
						t.Errorf("cancel: %d %s", w.Code, w.Body)
					}
				}
			}
		})
	}
	wg.Wait()
	if len(placed) == 0 {
		t.Fatal("no order was placed")
	}
	for _, id := range ids {
		var held int64
		err := e.db.Get(&held, `SELECT COALESCE(SUM(i.qty), 0) FROM order_items i JOIN orders o ON o.id = i.order_id
			WHERE i.product_id = ? AND o.status <> 'CANCELED'`, id)
		if err != nil {
			t.Fatal(err)
		}
		if cur := e.stock(id); initial-cur != held {
			t.Errorf("product %d: initial %d − stock %d = %d, but live orders hold %d", id, initial, cur, initial-cur, held)
		}
	}
	var canceled int
	_ = e.db.Get(&canceled, "SELECT COUNT(*) FROM orders WHERE status = 'CANCELED'")
	t.Logf("%d orders placed, %d canceled", len(placed), canceled)
}

// TestConcurrentCreatesOneKey: N concurrent creates with one key and one
// body make one order and take stock once; every answer is the same 201
// body, exactly one of them fresh.
func TestConcurrentCreatesOneKey(t *testing.T) {
	e := newEnv(t)
	p := e.product(100, 50)
	const n = 20
	ws := parallel(n, func(int) *httptest.ResponseRecorder {
		return e.do(req{method: "POST", path: "/orders", key: "same-create", body: orderBody([2]int64{p.ID, 5})})
	})
	fresh := sameAnswer(t, ws, http.StatusCreated)
	if fresh != 1 || e.count("orders") != 1 || e.stock(p.ID) != 45 || e.count("idempotency_keys") != 1 {
		t.Errorf("fresh answers %d, orders %d, stock %d, keys %d; want 1, 1, 45, 1",
			fresh, e.count("orders"), e.stock(p.ID), e.count("idempotency_keys"))
	}
}

// TestConcurrentConfirmsOneKey: N concurrent confirms with one key change
// the order once; all answers are the same 200 body.
func TestConcurrentConfirmsOneKey(t *testing.T) {
	e := newEnv(t)
	p := e.product(100, 50)
	o := e.place([2]int64{p.ID, 1})
	const n = 20
	ws := parallel(n, func(int) *httptest.ResponseRecorder { return e.confirm(o.ID, "same-confirm") })
	fresh := sameAnswer(t, ws, http.StatusOK)
	if c := decodeAs[order](t, ws[0]); fresh != 1 || c.Status != "CONFIRMED" {
		t.Errorf("fresh answers %d (want 1), status %s", fresh, c.Status)
	}
	// With different keys, concurrent confirms all answer the one
	// confirmed order: confirmed_at is set once.
	o2 := e.place([2]int64{p.ID, 1})
	ws = parallel(n, func(i int) *httptest.ResponseRecorder { return e.confirm(o2.ID, fmt.Sprintf("k-%d", i)) })
	if fresh := sameAnswer(t, ws, http.StatusOK); fresh != n {
		t.Errorf("%d of %d answers to distinct keys were fresh", fresh, n)
	}
}

// TestConcurrentCancelsRestoreOnce: N concurrent cancels of one order
// restore its stock once.
func TestConcurrentCancelsRestoreOnce(t *testing.T) {
	e := newEnv(t)
	p1, p2 := e.product(100, 20), e.product(100, 20)
	for _, confirm := range []bool{false, true} {
		o := e.place([2]int64{p1.ID, 5}, [2]int64{p2.ID, 3})
		if confirm {
			wantStatus(t, e.confirm(o.ID, fmt.Sprintf("cc-%d", o.ID)), http.StatusOK)
		}
		ws := parallel(15, func(int) *httptest.ResponseRecorder { return e.cancel(o.ID) })
		sameAnswer(t, ws, http.StatusOK)
		if e.stock(p1.ID) != 20 || e.stock(p2.ID) != 20 {
			t.Errorf("confirmed=%v: stock %d %d, want 20 20", confirm, e.stock(p1.ID), e.stock(p2.ID))
		}
	}
}

// TestPatchStockBetweenOrders: absolute stock updates racing with orders
// are serialized with them on the product's row lock. Each PATCH sets a
// distinct level (1000, 2000, …), so the final stock must be one of those
// levels minus the units of some of the orders that succeeded (those
// placed after it), never anything else, and nothing is a 5xx.
func TestPatchStockBetweenOrders(t *testing.T) {
	e := newEnv(t)
	p := e.product(100, 0)
	const n = 30
	ws := parallel(n, func(i int) *httptest.ResponseRecorder {
		if i%3 == 0 {
			return e.do(req{method: "PATCH", path: fmt.Sprintf("/products/%d", p.ID), body: fmt.Sprintf(`{"stock":%d}`, 1000*(i/3+1))})
		}
		return e.do(req{method: "POST", path: "/orders", body: orderBody([2]int64{p.ID, 1})})
	})
	st := statuses(ws)
	if st[http.StatusOK] != n/3 || st[http.StatusCreated]+st[http.StatusConflict] != n-n/3 {
		t.Fatalf("statuses %v", st)
	}
	cur := e.stock(p.ID)
	level := (cur + 999) / 1000 * 1000
	if taken := level - cur; level < 1000 || level > 1000*n/3 || taken > int64(st[http.StatusCreated]) {
		t.Errorf("stock %d is not a level set minus the units of orders placed after it (%d orders placed)", cur, st[http.StatusCreated])
	}
}

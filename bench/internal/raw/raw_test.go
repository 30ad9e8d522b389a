package raw

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"

	"github.com/b2b-backoffice/bench/internal/invariant"
	"github.com/b2b-backoffice/platform/database"
	"github.com/b2b-backoffice/platform/dbtest"
)

// newStore migrates fresh customers and orders databases with the
// services' own migration files (read from the repository, so the raw SQL
// is tested against exactly the schemas the services apply).
func newStore(t *testing.T) *Store {
	t.Helper()
	dirs := []string{"../../../customers-api/migrations", "../../../orders-api/migrations"}
	for _, d := range dirs {
		if _, err := os.Stat(d); err != nil {
			t.Fatalf("migrations not found at %s: %v", d, err)
		}
	}
	cdb := dbtest.New(t, os.DirFS(dirs[0]))
	odb := dbtest.New(t, os.DirFS(dirs[1]))
	s, err := Open(context.Background(), cdb.DSN(), odb.DSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func TestFlowPlacesConfirmsAndBalances(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	cust, err := s.CreateCustomer(ctx, "Raw", "raw@example.com")
	if err != nil {
		t.Fatal(err)
	}
	p1, _ := s.CreateProduct(ctx, "R-1", "one", 250, 10)
	p2, err := s.CreateProduct(ctx, "R-2", "two", 100, 5)
	if err != nil {
		t.Fatal(err)
	}
	items := []invariant.Line{{ProductID: p2, Qty: 2}, {ProductID: p1, Qty: 3}}
	id, err := s.Flow(ctx, cust, items, "k1:create", "k1:confirm")
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.Actual(ctx, []int64{p1, p2})
	if err != nil {
		t.Fatal(err)
	}
	if a.Stock[p1] != 7 || a.Stock[p2] != 3 {
		t.Fatalf("stock %v, want p1 7 and p2 3", a.Stock)
	}
	if o := a.Orders[id]; o.Status != invariant.Confirmed || len(o.Lines) != 2 {
		t.Fatalf("order %+v", o)
	}
	var total int64
	var keys int
	if err := s.orders.GetContext(ctx, &total, `SELECT total_cents FROM orders WHERE id = ?`, id); err != nil || total != 3*250+2*100 {
		t.Fatalf("total %d (%v), want 950", total, err)
	}
	if err := s.orders.GetContext(ctx, &keys, `SELECT COUNT(*) FROM idempotency_keys WHERE resource_id = ? AND response_status IN (200, 201) AND LENGTH(response_body) > 0`, id); err != nil || keys != 2 {
		t.Fatalf("%d idempotency rows with an answer (%v), want 2", keys, err)
	}
	// A second flow under the same keys is refused by the unique key.
	if _, err := s.Flow(ctx, cust, items, "k1:create", "k1:confirm"); !database.IsDuplicate(err) {
		t.Fatalf("reusing a key: err %v, want a duplicate-key error", err)
	}
}

func TestRefusalsChangeNothing(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	cust, _ := s.CreateCustomer(ctx, "Raw", "raw@example.com")
	p, _ := s.CreateProduct(ctx, "R-1", "one", 250, 2)
	if _, err := s.Flow(ctx, cust, []invariant.Line{{ProductID: p, Qty: 3}}, "a:c", "a:k"); !errors.Is(err, ErrInsufficientStock) {
		t.Fatalf("err %v, want ErrInsufficientStock", err)
	}
	if _, err := s.Flow(ctx, cust, []invariant.Line{{ProductID: p + 100, Qty: 1}}, "b:c", "b:k"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("err %v, want ErrNotFound for a missing product", err)
	}
	if _, err := s.Flow(ctx, cust+100, []invariant.Line{{ProductID: p, Qty: 1}}, "c:c", "c:k"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("err %v, want ErrNotFound for a missing customer", err)
	}
	var keys, orders int
	_ = s.orders.GetContext(ctx, &keys, `SELECT COUNT(*) FROM idempotency_keys`)
	_ = s.orders.GetContext(ctx, &orders, `SELECT COUNT(*) FROM orders`)
	a, _ := s.Actual(ctx, []int64{p})
	if keys != 0 || orders != 0 || a.Stock[p] != 2 {
		t.Fatalf("after refusals: %d keys, %d orders, stock %d; want 0, 0, 2", keys, orders, a.Stock[p])
	}
}

// TestConcurrentFlowsNeverOversell is the raw floor's own no-oversell
// check: 8 workers race for 10 units, 3 per order.
func TestConcurrentFlowsNeverOversell(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	cust, _ := s.CreateCustomer(ctx, "Raw", "raw@example.com")
	hot, _ := s.CreateProduct(ctx, "HOT", "hot", 100, 10)
	other, _ := s.CreateProduct(ctx, "OTHER", "other", 100, 1000)
	l := invariant.NewLedger("201", "409 insufficient_stock")
	l.Product(hot, 10)
	l.Product(other, 1000)
	l.SetHot(hot, 10, 3)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 4 {
				key := string(rune('a'+w)) + string(rune('0'+i))
				// Lines in descending id order: the store must still lock ascending.
				items := []invariant.Line{{ProductID: other, Qty: 1}, {ProductID: hot, Qty: 3}}
				id, err := s.Flow(ctx, cust, items, key+":c", key+":k")
				switch {
				case err == nil:
					l.Response(201, "")
					l.HotOutcome(true)
					l.Placed(key, invariant.Order{ID: id, Lines: items}, true)
				case errors.Is(err, ErrInsufficientStock):
					l.Response(409, "insufficient_stock")
					l.HotOutcome(false)
				default:
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("flow failed: %v", err)
	}
	a, err := s.Actual(ctx, []int64{hot, other})
	if err != nil {
		t.Fatal(err)
	}
	if vs := invariant.Check(l.Snapshot(), a); len(vs) != 0 {
		t.Fatalf("violations: %v", vs)
	}
	if h := l.Snapshot().Hot; h.Successes != 3 || a.Stock[hot] != 1 {
		t.Fatalf("%d placed, stock %d; want 3 placed and 1 left", h.Successes, a.Stock[hot])
	}
}

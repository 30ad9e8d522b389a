package store

import (
	"errors"
	"testing"
	"time"

	"github.com/b2b-backoffice/orders-api/internal/orders"
	"github.com/b2b-backoffice/orders-api/migrations"
	"github.com/b2b-backoffice/platform/dbtest"
	"github.com/b2b-backoffice/platform/problem"
)

// TestTakeStockRefusesWhatChangedSinceTheRead drives the create
// transaction's two halves by hand: the products read without a lock and
// the order decided, then another transaction commits a change, then
// takeStock. A stock that no longer covers the order, or a new price,
// makes takeStock refuse and change nothing; a stock that still covers it
// is taken from its current level, so no concurrent update is lost.
func TestTakeStockRefusesWhatChangedSinceTheRead(t *testing.T) {
	db := dbtest.New(t, migrations.FS)
	s := New(db.DB, Options{})
	p, err := s.CreateProduct(t.Context(), orders.CreateProductRequest{SKU: "P", Name: "P", PriceCents: ptr(100), Stock: ptr(5)})
	if err != nil {
		t.Fatal(err)
	}
	req := []orders.ItemRequest{{ProductID: p.ID, Qty: 4}}
	stock := func() int64 {
		var n int64
		if err := db.Get(&n, `SELECT stock FROM products WHERE id = ?`, p.ID); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, tc := range []struct {
		name      string
		meanwhile string
		want      error
		stock     int64
	}{
		{"stock taken below the order", `UPDATE products SET stock = 2 WHERE id = ?`, errStockMoved, 2},
		{"price changed", `UPDATE products SET price_cents = 150 WHERE id = ?`, errStockMoved, 5},
		{"stock taken, enough left", `UPDATE products SET stock = stock - 1 WHERE id = ?`, nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := db.Exec(`UPDATE products SET stock = 5, price_cents = 100 WHERE id = ?`, p.ID); err != nil {
				t.Fatal(err)
			}
			tx, err := db.Beginx()
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			products, err := readProducts(t.Context(), tx, []int64{p.ID}, false)
			if err != nil {
				t.Fatal(err)
			}
			items, _, err := orders.Reserve(req, products)
			if err != nil {
				t.Fatal(err)
			}
			// Another transaction commits while this one holds no lock.
			if _, err := db.Exec(tc.meanwhile, p.ID); err != nil {
				t.Fatal(err)
			}
			err = takeStock(t.Context(), tx, items, s.now())
			if !errors.Is(err, tc.want) {
				t.Fatalf("takeStock: %v, want %v", err, tc.want)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			if got := stock(); got != tc.stock {
				t.Errorf("stock %d, want %d", got, tc.stock)
			}
		})
	}
}

// TestPlaceOrderDecidesAgainAfterAMove: when the stock moved under the
// optimistic read, PlaceOrder runs again on fresh values and answers as
// the current state says — here insufficient_stock with what is left, and
// nothing written (no order, no key).
func TestPlaceOrderDecidesAgainAfterAMove(t *testing.T) {
	db := dbtest.New(t, migrations.FS)
	s := New(db.DB, Options{})
	p, err := s.CreateProduct(t.Context(), orders.CreateProductRequest{SKU: "Q", Name: "Q", PriceCents: ptr(7), Stock: ptr(3)})
	if err != nil {
		t.Fatal(err)
	}
	// Lock the row, let PlaceOrder read (no lock: it does not wait) and
	// queue on its stock UPDATE, then commit a smaller stock under it.
	hold, err := db.Beginx()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hold.Exec(`UPDATE products SET stock = 1 WHERE id = ?`, p.ID); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	key := Key{Scope: "operator:bob", Operation: orders.OpCreateOrder, Key: "moved", Fingerprint: orders.Fingerprint(orders.OpCreateOrder, nil, []byte("m"))}
	go func() {
		_, err := s.PlaceOrder(t.Context(), orders.CreateOrderRequest{CustomerID: 1, Items: []orders.ItemRequest{{ProductID: p.ID, Qty: 2}}}, &key)
		done <- err
	}()
	waitForStockUpdate(t, db)
	if err := hold.Commit(); err != nil {
		t.Fatal(err)
	}
	err = <-done
	e, ok := problem.As(err)
	if !ok || e.Code != problem.InsufficientStock {
		t.Fatalf("PlaceOrder: %v, want insufficient_stock", err)
	}
	if short, _ := e.Details.([]orders.Shortage); len(short) != 1 || short[0].Available != 1 || short[0].Requested != 2 {
		t.Errorf("details %+v, want 2 requested, 1 available", e.Details)
	}
	var n int
	if err := db.Get(&n, `SELECT (SELECT COUNT(*) FROM orders) + (SELECT COUNT(*) FROM idempotency_keys)`); err != nil || n != 0 {
		t.Errorf("%d orders and keys stored (%v), want none", n, err)
	}
}

// waitForStockUpdate returns once a connection of this test's database
// is running the stock UPDATE (which then waits for the row lock; the
// server is shared with other tests, hence the database filter).
func waitForStockUpdate(t *testing.T, db *dbtest.DB) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var n int
		err := db.Get(&n, `SELECT COUNT(*) FROM information_schema.processlist
			WHERE db = ? AND info LIKE 'UPDATE products SET stock%'`, db.Name)
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the stock UPDATE never started")
}

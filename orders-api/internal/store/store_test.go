package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jmoiron/sqlx"

	"github.com/b2b-backoffice/orders-api/internal/orders"
	"github.com/b2b-backoffice/orders-api/migrations"
	"github.com/b2b-backoffice/platform/dbtest"
	"github.com/b2b-backoffice/platform/page"
)

// seed inserts products and n orders of two items each straight into the
// database, statuses cycling CREATED, CONFIRMED, CANCELED.
func seed(t *testing.T, db *sqlx.DB, n int) {
	t.Helper()
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	db.MustExec(`INSERT INTO products (sku, name, price_cents, stock, created_at, updated_at) VALUES
		('A', 'A', 10, 100, ?, ?), ('B', 'B', 20, 100, ?, ?)`, now, now, now, now)
	statuses := []string{"CREATED", "CONFIRMED", "CANCELED"}
	for i := range n {
		at := now.Add(time.Duration(i) * time.Minute)
		res := db.MustExec(`INSERT INTO orders (customer_id, status, total_cents, created_at, updated_at) VALUES (1, ?, 50, ?, ?)`,
			statuses[i%3], at, at)
		id, _ := res.LastInsertId()
		db.MustExec(`INSERT INTO order_items (order_id, product_id, qty, unit_price_cents, subtotal_cents)
			VALUES (?, 1, 1, 10, 10), (?, 2, 2, 20, 40)`, id, id)
	}
	db.MustExec(`ANALYZE TABLE orders, order_items`)
}

// countingConnector counts the statements a pool prepares. The wrapped
// connection does not offer QueryerContext, so database/sql prepares every
// query it runs: one Prepare per query.
type countingConnector struct {
	driver.Connector
	n *atomic.Int64
}

func (c countingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	return countingConn{conn, c.n}, err
}

type countingConn struct {
	driver.Conn
	n *atomic.Int64
}

func (c countingConn) Prepare(q string) (driver.Stmt, error) {
	c.n.Add(1)
	return c.Conn.Prepare(q)
}

func TestListOrdersRunsTwoQueriesWhateverThePageSize(t *testing.T) {
	tdb := dbtest.New(t, migrations.FS)
	seed(t, tdb.DB, 120)
	conn, err := mysql.NewConnector(tdb.Config)
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int64
	db := sqlx.NewDb(sql.OpenDB(countingConnector{conn, &n}), "mysql")
	defer db.Close()
	s := New(db, Options{})
	for _, limit := range []int{1, 20, 100} {
		n.Store(0)
		l, err := s.ListOrders(t.Context(), orders.ListFilter{}, page.Params{Limit: limit})
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Data) != limit {
			t.Fatalf("limit %d: %d orders", limit, len(l.Data))
		}
		for _, o := range l.Data {
			if len(o.Items) != 2 || o.Items[0].OrderID != o.ID || o.Items[1].Qty != 2 {
				t.Fatalf("order %d items %+v", o.ID, o.Items)
			}
		}
		if got := n.Load(); got != 2 {
			t.Errorf("limit %d: %d queries, want 2", limit, got)
		}
	}
}

func TestListQueriesUseIndexes(t *testing.T) {
	db := dbtest.New(t, migrations.FS)
	seed(t, db.DB, 300)
	day := time.Date(2026, 11, 1, 3, 0, 0, 0, time.UTC)
	later := day.Add(time.Hour)
	cases := []struct {
		name  string
		f     orders.ListFilter
		index string
	}{
		{"no filter", orders.ListFilter{}, "PRIMARY"},
		{"status", orders.ListFilter{Status: orders.Confirmed}, "ix_orders_status_created"},
		{"range", orders.ListFilter{From: &day, To: &later}, "ix_orders_created"},
		{"status and range", orders.ListFilter{Status: orders.Canceled, From: &day, To: &later}, "ix_orders_status_created"},
	}
	for _, c := range cases {
		q, args := listOrdersQuery(c.f, page.Params{Limit: 20})
		plan := explain(t, db.DB, q, args...)
		t.Logf("%s: %+v", c.name, plan)
		if plan.typ == "ALL" || !strings.Contains(plan.possible, c.index) || plan.key == "" {
			t.Errorf("%s: plan %+v, want an index scan that may use %s", c.name, plan, c.index)
		}
	}
	q, args, err := sqlx.In(itemsOfOrders, []int64{5, 6, 7})
	if err != nil {
		t.Fatal(err)
	}
	if plan := explain(t, db.DB, q, args...); plan.typ == "ALL" || plan.key != "uq_order_items_order_product" {
		t.Errorf("items: plan %+v", plan)
	}
}

type plan struct{ typ, possible, key string }

func explain(t *testing.T, db *sqlx.DB, q string, args ...any) plan {
	t.Helper()
	rows, err := db.Queryx("EXPLAIN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var p plan
	for rows.Next() {
		m := map[string]any{}
		if err := rows.MapScan(m); err != nil {
			t.Fatal(err)
		}
		str := func(k string) string {
			if b, ok := m[k].([]byte); ok {
				return string(b)
			}
			return fmt.Sprint(m[k])
		}
		p = plan{typ: str("type"), possible: str("possible_keys"), key: str("key")}
		if p.key == "<nil>" {
			p.key = ""
		}
	}
	return p
}

// TestKeyWaitsForTheFirstRequest drives two requests with one key by
// hand: the second blocks on the key row while the first runs, then
// replays if the first committed, or runs itself if it rolled back.
func TestKeyWaitsForTheFirstRequest(t *testing.T) {
	db := dbtest.New(t, migrations.FS)
	s := New(db.DB, Options{})
	p, err := s.CreateProduct(t.Context(), orders.CreateProductRequest{SKU: "P", Name: "P", PriceCents: ptr(5), Stock: ptr(10)})
	if err != nil {
		t.Fatal(err)
	}
	req := orders.CreateOrderRequest{CustomerID: 1, Items: []orders.ItemRequest{{ProductID: p.ID, Qty: 1}}}
	key := Key{Scope: "operator:alice", Operation: orders.OpCreateOrder, Key: "k", Fingerprint: orders.Fingerprint(orders.OpCreateOrder, nil, []byte("x"))}

	for _, commit := range []bool{true, false} {
		t.Run(fmt.Sprintf("first commits=%v", commit), func(t *testing.T) {
			key.Key = fmt.Sprintf("k-%v", commit)
			first, err := db.Beginx()
			if err != nil {
				t.Fatal(err)
			}
			if stored, err := s.claimKey(t.Context(), first, key, s.now()); err != nil || stored != nil {
				t.Fatalf("claim: %v %v", stored, err)
			}
			done := make(chan Response, 1)
			go func() {
				res, err := s.PlaceOrder(context.Background(), req, &key)
				if err != nil {
					t.Error(err)
				}
				done <- res
			}()
			select {
			case res := <-done:
				t.Fatalf("the second request did not wait: %+v", res)
			case <-time.After(300 * time.Millisecond):
			}
			answer := Response{Status: 201, Body: []byte(`{"first":true}`), ResourceID: 99}
			if commit {
				if err := saveAnswer(t.Context(), first, key, answer); err != nil {
					t.Fatal(err)
				}
				if err := first.Commit(); err != nil {
					t.Fatal(err)
				}
			} else if err := first.Rollback(); err != nil {
				t.Fatal(err)
			}
			res := <-done
			switch {
			case commit && (!res.Replayed || string(res.Body) != `{"first":true}` || res.ResourceID != 99):
				t.Errorf("after a commit: %+v, want the first answer replayed", res)
			case !commit && (res.Replayed || res.Status != 201 || res.ResourceID == 0):
				t.Errorf("after a rollback: %+v, want a fresh order", res)
			}
		})
	}
	if got, _ := s.GetProduct(t.Context(), p.ID); got.Stock != 9 {
		t.Errorf("stock %d, want 9: exactly the second run took stock", got.Stock)
	}
}

func ptr(n int64) *int64 { return &n }

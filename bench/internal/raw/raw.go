// Package raw performs the database work of one create-and-confirm flow
// directly through database/sql, with no HTTP in between: the customer
// lookup, the create transaction and the confirm transaction, on the
// schemas customers-api and orders-api migrate. It is the floor the HTTP
// system is measured against, so it does what the services do per flow
// and nothing more: the same statements, the same locks, the same
// idempotency rows with an encoded response.
package raw

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/b2b-backoffice/bench/internal/invariant"
	"github.com/b2b-backoffice/platform/database"
)

// ErrInsufficientStock is a refused order (the hot scenario's expected
// outcome once the stock is gone); nothing was written.
var ErrInsufficientStock = errors.New("insufficient stock")

// ErrNotFound is a missing customer, product or order.
var ErrNotFound = errors.New("not found")

// Store runs the flow's SQL on the two services' databases.
type Store struct {
	customers, orders *sqlx.DB
	// Scope is the idempotency scope, as the services store the caller.
	Scope string
}

// Open connects to both databases with the services' pool settings
// (platform/database), so the floor is not set by a different pool.
func Open(ctx context.Context, customersDSN, ordersDSN string) (*Store, error) {
	open := func(dsn string) (*sqlx.DB, error) {
		// Through database.Config so times are UTC exactly as the
		// services read and write them.
		full, err := (database.Config{DSN: dsn}).FormatDSN()
		if err != nil {
			return nil, err
		}
		return database.Open(ctx, full)
	}
	c, err := open(customersDSN)
	if err != nil {
		return nil, fmt.Errorf("customers database: %w", err)
	}
	o, err := open(ordersDSN)
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("orders database: %w", err)
	}
	return &Store{customers: c, orders: o, Scope: "service:service"}, nil
}

// Close closes both pools.
func (s *Store) Close() {
	s.customers.Close()
	s.orders.Close()
}

func now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// CreateCustomer inserts a customer (scenario setup).
func (s *Store) CreateCustomer(ctx context.Context, name, email string) (int64, error) {
	t := now()
	res, err := s.customers.ExecContext(ctx,
		`INSERT INTO customers (name, email, phone, created_at, updated_at) VALUES (?, ?, NULL, ?, ?)`, name, email, t, t)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// CreateProduct inserts a product (scenario setup).
func (s *Store) CreateProduct(ctx context.Context, sku, name string, priceCents, stock int64) (int64, error) {
	t := now()
	res, err := s.orders.ExecContext(ctx,
		`INSERT INTO products (sku, name, price_cents, stock, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		sku, name, priceCents, stock, t, t)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// Flow is one create-and-confirm: the customer looked up, the order placed
// under createKey and confirmed under confirmKey, as the orchestrator's
// three steps do. It returns the order id.
func (s *Store) Flow(ctx context.Context, customerID int64, items []invariant.Line, createKey, confirmKey string) (int64, error) {
	if err := s.LookupCustomer(ctx, customerID); err != nil {
		return 0, err
	}
	id, err := s.PlaceOrder(ctx, customerID, items, createKey)
	if err != nil {
		return 0, err
	}
	return id, s.ConfirmOrder(ctx, id, confirmKey)
}

// LookupCustomer reads a live customer, as GET /internal/customers/{id}.
func (s *Store) LookupCustomer(ctx context.Context, id int64) error {
	var c struct {
		ID        int64          `db:"id"`
		Name      string         `db:"name"`
		Email     string         `db:"email"`
		Phone     sql.NullString `db:"phone"`
		CreatedAt time.Time      `db:"created_at"`
		UpdatedAt time.Time      `db:"updated_at"`
	}
	err := s.customers.GetContext(ctx, &c,
		`SELECT id, name, email, phone, created_at, updated_at FROM customers WHERE id = ? AND deleted_at IS NULL`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	// The service encodes the customer for its answer: so does the floor.
	_, err = json.Marshal(c)
	return err
}

type product struct {
	ID         int64 `db:"id"`
	PriceCents int64 `db:"price_cents"`
	Stock      int64 `db:"stock"`
}

type orderItem struct {
	ProductID      int64 `json:"product_id" db:"product_id"`
	Qty            int64 `json:"qty" db:"qty"`
	UnitPriceCents int64 `json:"unit_price_cents" db:"unit_price_cents"`
	SubtotalCents  int64 `json:"subtotal_cents" db:"subtotal_cents"`
}

type order struct {
	ID          int64       `json:"id"`
	CustomerID  int64       `json:"customer_id"`
	Status      string      `json:"status"`
	TotalCents  int64       `json:"total_cents"`
	CreatedAt   time.Time   `json:"created_at"`
	UpdatedAt   time.Time   `json:"updated_at"`
	ConfirmedAt *time.Time  `json:"confirmed_at"`
	CanceledAt  *time.Time  `json:"canceled_at"`
	Items       []orderItem `json:"items"`
}

// optimisticAttempts mirrors orders-api: the create transaction decides
// on unlocked reads this many times before an attempt that locks first.
const optimisticAttempts = 3

// errStockMoved: a product's stock or price changed between the read and
// the stock UPDATE; the transaction is rolled back and run again.
var errStockMoved = errors.New("raw: stock or price changed since read")

// PlaceOrder is the create transaction, as orders-api runs it: the
// idempotency row first, the products read without locks and the stock
// decided, the order row inserted, the answer stored with the key, the
// stock taken in one UPDATE that re-checks stock and price (it takes the
// row locks, held only until the commit), and last the items. A moved
// product runs the transaction again; the last attempt locks the products
// as it reads them.
func (s *Store) PlaceOrder(ctx context.Context, customerID int64, items []invariant.Line, key string) (int64, error) {
	body, _ := json.Marshal(map[string]any{"customer_id": customerID, "items": items})
	var id int64
	var err error
	for attempt := 1; attempt <= optimisticAttempts+1; attempt++ {
		lock := ""
		if attempt > optimisticAttempts {
			lock = " FOR UPDATE"
		}
		err = database.InTx(ctx, s.orders, func(tx *sqlx.Tx) error {
			t := now()
			keyID, err := claimKey(ctx, tx, s.Scope, "create_order", key, fingerprint("create_order", body), t)
			if err != nil {
				return err
			}
			ids := make([]int64, len(items))
			for i, it := range items {
				ids[i] = it.ProductID
			}
			slices.Sort(ids)
			q, args, err := sqlx.In(`SELECT id, price_cents, stock FROM products WHERE id IN (?) ORDER BY id`+lock, ids)
			if err != nil {
				return err
			}
			var rows []product
			if err := tx.SelectContext(ctx, &rows, q, args...); err != nil {
				return err
			}
			byID := make(map[int64]product, len(rows))
			for _, p := range rows {
				byID[p.ID] = p
			}
			o := order{CustomerID: customerID, Status: "CREATED", CreatedAt: t, UpdatedAt: t}
			for _, it := range items {
				p, ok := byID[it.ProductID]
				if !ok {
					return ErrNotFound
				}
				if p.Stock < it.Qty {
					return ErrInsufficientStock
				}
				sub := it.Qty * p.PriceCents
				o.Items = append(o.Items, orderItem{ProductID: it.ProductID, Qty: it.Qty, UnitPriceCents: p.PriceCents, SubtotalCents: sub})
				o.TotalCents += sub
			}
			res, err := tx.ExecContext(ctx,
				`INSERT INTO orders (customer_id, status, total_cents, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
				o.CustomerID, o.Status, o.TotalCents, t, t)
			if err != nil {
				return err
			}
			if o.ID, err = res.LastInsertId(); err != nil {
				return err
			}
			id = o.ID
			if err := saveAnswer(ctx, tx, keyID, 201, o); err != nil {
				return err
			}
			if err := takeStock(ctx, tx, o.Items, t); err != nil {
				return err
			}
			// Last: the items' foreign key check share-locks the products,
			// which must already be held exclusively (no upgrade deadlock).
			iargs := make([]any, 0, 5*len(o.Items))
			for _, it := range o.Items {
				iargs = append(iargs, o.ID, it.ProductID, it.Qty, it.UnitPriceCents, it.SubtotalCents)
			}
			_, err = tx.ExecContext(ctx,
				`INSERT INTO order_items (order_id, product_id, qty, unit_price_cents, subtotal_cents) VALUES `+
					strings.TrimSuffix(strings.Repeat(`(?, ?, ?, ?, ?), `, len(o.Items)), `, `), iargs...)
			return err
		})
		if !errors.Is(err, errStockMoved) {
			break
		}
	}
	return id, err
}

// takeStock takes every line's qty in one statement, only where the
// product still has the stock and the price the order was priced at.
func takeStock(ctx context.Context, tx *sqlx.Tx, items []orderItem, t time.Time) error {
	var b strings.Builder
	args := make([]any, 0, 7*len(items)+1)
	caseOf := func(value func(orderItem) int64) {
		b.WriteString(`CASE id`)
		for _, it := range items {
			b.WriteString(` WHEN ? THEN ?`)
			args = append(args, it.ProductID, value(it))
		}
		b.WriteString(` END`)
	}
	qty := func(it orderItem) int64 { return it.Qty }
	b.WriteString(`UPDATE products SET stock = stock - `)
	caseOf(qty)
	b.WriteString(`, updated_at = ? WHERE id IN (?` + strings.Repeat(`, ?`, len(items)-1) + `) AND stock >= `)
	args = append(args, t)
	for _, it := range items {
		args = append(args, it.ProductID)
	}
	caseOf(qty)
	b.WriteString(` AND price_cents = `)
	caseOf(func(it orderItem) int64 { return it.UnitPriceCents })
	res, err := tx.ExecContext(ctx, b.String(), args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err == nil && n != int64(len(items)) {
		err = errStockMoved
	}
	return err
}

// ConfirmOrder is the confirm transaction: the idempotency row first, the
// order locked and read with its items, its status updated, the answer
// stored with the key.
func (s *Store) ConfirmOrder(ctx context.Context, id int64, key string) error {
	return database.InTx(ctx, s.orders, func(tx *sqlx.Tx) error {
		t := now()
		keyID, err := claimKey(ctx, tx, s.Scope, "confirm_order", key, fingerprint("confirm_order", fmt.Appendf(nil, "%d", id)), t)
		if err != nil {
			return err
		}
		var o order
		var confirmedAt, canceledAt sql.NullTime
		err = tx.QueryRowxContext(ctx,
			`SELECT id, customer_id, status, total_cents, created_at, updated_at, confirmed_at, canceled_at FROM orders WHERE id = ? FOR UPDATE`, id).
			Scan(&o.ID, &o.CustomerID, &o.Status, &o.TotalCents, &o.CreatedAt, &o.UpdatedAt, &confirmedAt, &canceledAt)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if err := tx.SelectContext(ctx, &o.Items,
			`SELECT product_id, qty, unit_price_cents, subtotal_cents FROM order_items WHERE order_id = ? ORDER BY id`, id); err != nil {
			return err
		}
		if o.Status == "CREATED" {
			o.Status, o.UpdatedAt, o.ConfirmedAt = "CONFIRMED", t, &t
			if _, err := tx.ExecContext(ctx,
				`UPDATE orders SET status = ?, updated_at = ?, confirmed_at = ?, canceled_at = ? WHERE id = ?`,
				o.Status, t, t, nil, id); err != nil {
				return err
			}
		}
		return saveAnswer(ctx, tx, keyID, 200, o)
	})
}

// claimKey inserts the idempotency row as the transaction's first write
// (the unique key settles races) and returns its id.
func claimKey(ctx context.Context, tx *sqlx.Tx, scope, op, key string, fp [32]byte, t time.Time) (int64, error) {
	res, err := tx.ExecContext(ctx,
		`INSERT INTO idempotency_keys (scope, operation, idem_key, fingerprint, response_status, response_body, created_at, expires_at)
		 VALUES (?, ?, ?, ?, 0, '', ?, ?)`, scope, op, key, fp[:], t, t.Add(24*time.Hour))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// saveAnswer encodes the answer and stores it with the key.
func saveAnswer(ctx context.Context, tx *sqlx.Tx, keyID int64, status int, o order) error {
	body, err := json.Marshal(o)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx,
		`UPDATE idempotency_keys SET response_status = ?, response_body = ?, resource_id = ? WHERE id = ?`,
		status, body, o.ID, keyID)
	return err
}

func fingerprint(op string, body []byte) [32]byte {
	h := sha256.New()
	for _, b := range [][]byte{[]byte(op), body} {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// Actual reads the state the invariants are checked against: the stock of
// productIDs and every order that has a line on one of them.
func (s *Store) Actual(ctx context.Context, productIDs []int64) (invariant.Actual, error) {
	a := invariant.Actual{Stock: map[int64]int64{}, Orders: map[int64]invariant.Order{}}
	if len(productIDs) == 0 {
		return a, nil
	}
	q, args, err := sqlx.In(`SELECT id, stock FROM products WHERE id IN (?)`, productIDs)
	if err != nil {
		return a, err
	}
	var stocks []struct {
		ID    int64 `db:"id"`
		Stock int64 `db:"stock"`
	}
	if err := s.orders.SelectContext(ctx, &stocks, q, args...); err != nil {
		return a, err
	}
	for _, r := range stocks {
		a.Stock[r.ID] = r.Stock
	}
	q, args, err = sqlx.In(`SELECT o.id, o.status, i.product_id, i.qty FROM orders o JOIN order_items i ON i.order_id = o.id
		WHERE o.id IN (SELECT order_id FROM order_items WHERE product_id IN (?))`, productIDs)
	if err != nil {
		return a, err
	}
	var lines []struct {
		ID        int64  `db:"id"`
		Status    string `db:"status"`
		ProductID int64  `db:"product_id"`
		Qty       int64  `db:"qty"`
	}
	if err := s.orders.SelectContext(ctx, &lines, q, args...); err != nil {
		return a, err
	}
	for _, l := range lines {
		o := a.Orders[l.ID]
		o.ID, o.Status = l.ID, l.Status
		o.Lines = append(o.Lines, invariant.Line{ProductID: l.ProductID, Qty: l.Qty})
		a.Orders[l.ID] = o
	}
	return a, nil
}

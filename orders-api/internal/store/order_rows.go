package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/b2b-backoffice/orders-api/internal/orders"
)

const orderColumns = "id, customer_id, status, total_cents, created_at, updated_at, confirmed_at, canceled_at"

// getOrder loads an order with its items; lock " FOR UPDATE" locks the
// order row first, which is what serializes confirm and cancel.
func getOrder(ctx context.Context, q sqlx.QueryerContext, id int64, lock string) (orders.Order, error) {
	var o orders.Order
	err := sqlx.GetContext(ctx, q, &o, `SELECT `+orderColumns+` FROM orders WHERE id = ?`+lock, id)
	if errors.Is(err, sql.ErrNoRows) {
		return o, orders.ErrOrderNotFound
	}
	if err != nil {
		return o, err
	}
	err = sqlx.SelectContext(ctx, q, &o.Items,
		`SELECT order_id, product_id, qty, unit_price_cents, subtotal_cents FROM order_items WHERE order_id = ? ORDER BY id`, id)
	return o, err
}

// insertOrder inserts o's row and sets o.ID (and its items' OrderID);
// insertItems then inserts the items.
func insertOrder(ctx context.Context, tx *sqlx.Tx, o *orders.Order) error {
	res, err := tx.ExecContext(ctx,
		`INSERT INTO orders (customer_id, status, total_cents, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		o.CustomerID, o.Status, o.TotalCents, o.CreatedAt, o.UpdatedAt)
	if err != nil {
		return err
	}
	if o.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	for i := range o.Items {
		o.Items[i].OrderID = o.ID
	}
	return nil
}

// insertItems inserts o's items in one multi-row INSERT. Its foreign key
// check takes a shared lock on each product row.
func insertItems(ctx context.Context, tx *sqlx.Tx, o orders.Order) error {
	args := make([]any, 0, 5*len(o.Items))
	for _, it := range o.Items {
		args = append(args, o.ID, it.ProductID, it.Qty, it.UnitPriceCents, it.SubtotalCents)
	}
	_, err := tx.ExecContext(ctx,
		`INSERT INTO order_items (order_id, product_id, qty, unit_price_cents, subtotal_cents) VALUES `+
			strings.TrimSuffix(strings.Repeat(`(?, ?, ?, ?, ?), `, len(o.Items)), `, `), args...)
	return err
}

// saveState writes o's status and its times.
func saveState(ctx context.Context, tx *sqlx.Tx, o orders.Order) error {
	_, err := tx.ExecContext(ctx,
		`UPDATE orders SET status = ?, updated_at = ?, confirmed_at = ?, canceled_at = ? WHERE id = ?`,
		o.Status, o.UpdatedAt, o.ConfirmedAt, o.CanceledAt, o.ID)
	return err
}

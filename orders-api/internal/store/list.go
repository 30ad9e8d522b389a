package store

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/b2b-backoffice/orders-api/internal/orders"
	"github.com/b2b-backoffice/platform/page"
)

// ListOrders returns orders after p.After in id order that match f, each
// with its items, in two queries whatever the page size: one for the
// orders, one for all their items.
func (s *Store) ListOrders(ctx context.Context, f orders.ListFilter, p page.Params) (page.List[orders.Order], error) {
	q, args := listOrdersQuery(f, p)
	var rows []orders.Order
	if err := s.db.SelectContext(ctx, &rows, q, args...); err != nil {
		return page.List[orders.Order]{}, err
	}
	l := page.Build(rows, p.Limit, func(o orders.Order) int64 { return o.ID })
	if len(l.Data) == 0 {
		return l, nil
	}
	ids := make([]int64, len(l.Data))
	at := make(map[int64]int, len(l.Data))
	for i, o := range l.Data {
		ids[i] = o.ID
		at[o.ID] = i
	}
	iq, iargs, err := sqlx.In(itemsOfOrders, ids)
	if err != nil {
		return l, err
	}
	var items []orders.Item
	if err := s.db.SelectContext(ctx, &items, iq, iargs...); err != nil {
		return l, err
	}
	for _, it := range items {
		o := &l.Data[at[it.OrderID]]
		o.Items = append(o.Items, it)
	}
	return l, nil
}

// listOrdersQuery builds the orders query of ListOrders: every filter is
// served by an index (ix_orders_status_created, ix_orders_created, and
// the primary key for the cursor).
func listOrdersQuery(f orders.ListFilter, p page.Params) (string, []any) {
	q := `SELECT ` + orderColumns + ` FROM orders WHERE id > ?`
	args := []any{p.After}
	if f.Status != "" {
		q += ` AND status = ?`
		args = append(args, f.Status)
	}
	if f.From != nil {
		q += ` AND created_at >= ?`
		args = append(args, *f.From)
	}
	if f.To != nil {
		q += ` AND created_at <= ?`
		args = append(args, *f.To)
	}
	q += ` ORDER BY id LIMIT ?`
	return q, append(args, p.Limit+1)
}

// itemsOfOrders loads the items of a page of orders in one query.
const itemsOfOrders = `SELECT order_id, product_id, qty, unit_price_cents, subtotal_cents
	FROM order_items WHERE order_id IN (?) ORDER BY order_id, id`

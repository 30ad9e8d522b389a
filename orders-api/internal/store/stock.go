package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/b2b-backoffice/orders-api/internal/orders"
)

// readProducts loads the products of ids in ascending id order. With lock
// false it is a plain consistent read that takes no lock: the decision made
// on it is guarded by takeStock, which takes the stock only if the values
// still hold. With lock true (SELECT … FOR UPDATE) the rows are locked in
// ascending id order, so two transactions over overlapping products take
// their locks in the same order and cannot deadlock on each other. Missing
// ids are simply absent from the map.
func readProducts(ctx context.Context, tx *sqlx.Tx, ids []int64, lock bool) (map[int64]orders.Product, error) {
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	q := `SELECT ` + productColumns + ` FROM products WHERE id IN (?) ORDER BY id`
	if lock {
		q += ` FOR UPDATE`
	}
	q, args, err := sqlx.In(q, sorted)
	if err != nil {
		return nil, err
	}
	var rows []orders.Product
	if err := tx.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, err
	}
	out := make(map[int64]orders.Product, len(rows))
	for _, p := range rows {
		out[p.ID] = p
	}
	return out, nil
}

// errStockMoved is takeStock's answer when a product no longer has the
// stock or the price the order was decided on: another transaction
// committed in between. The caller rolls back and decides again.
var errStockMoved = errors.New("store: a product's stock or price changed since it was read")

// takeStock takes every item's qty from its product in one UPDATE, on the
// condition that each product still has at least that stock and still the
// unit price the item was priced at. The UPDATE is what locks the products
// (it walks the primary key in ascending id order, so concurrent orders
// lock in the same order), which is why it comes last in the transaction:
// the rows stay locked only from here to the commit. A product that no
// longer qualifies is left untouched and the whole call is errStockMoved.
func takeStock(ctx context.Context, tx *sqlx.Tx, items []orders.Item, now time.Time) error {
	var b strings.Builder
	args := make([]any, 0, 7*len(items)+1)
	caseOf := func(value func(orders.Item) int64) {
		b.WriteString(`CASE id`)
		for _, it := range items {
			b.WriteString(` WHEN ? THEN ?`)
			args = append(args, it.ProductID, value(it))
		}
		b.WriteString(` END`)
	}
	b.WriteString(`UPDATE products SET stock = stock - `)
	caseOf(func(it orders.Item) int64 { return it.Qty })
	b.WriteString(`, updated_at = ? WHERE id IN (?` + strings.Repeat(`, ?`, len(items)-1) + `) AND stock >= `)
	args = append(args, now)
	for _, it := range items {
		args = append(args, it.ProductID)
	}
	caseOf(func(it orders.Item) int64 { return it.Qty })
	b.WriteString(` AND price_cents = `)
	caseOf(func(it orders.Item) int64 { return it.UnitPriceCents })
	res, err := tx.ExecContext(ctx, b.String(), args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != int64(len(items)) {
		return errStockMoved
	}
	return nil
}

// restoreStock gives every item's qty back to its product in one UPDATE,
// which locks the products in ascending id order, like takeStock.
func restoreStock(ctx context.Context, tx *sqlx.Tx, items []orders.Item, now time.Time) error {
	var b strings.Builder
	b.WriteString(`UPDATE products SET stock = stock + CASE id`)
	args := make([]any, 0, 3*len(items)+1)
	ids := make([]any, 0, len(items))
	for _, it := range items {
		b.WriteString(` WHEN ? THEN ?`)
		args = append(args, it.ProductID, it.Qty)
		ids = append(ids, it.ProductID)
	}
	b.WriteString(` END, updated_at = ? WHERE id IN (?` + strings.Repeat(`, ?`, len(ids)-1) + `)`)
	args = append(append(args, now), ids...)
	_, err := tx.ExecContext(ctx, b.String(), args...)
	return err
}

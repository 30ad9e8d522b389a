package store

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/b2b-backoffice/orders-api/internal/orders"
)

// lockProducts loads the products of ids with one SELECT … FOR UPDATE in
// ascending id order, so two transactions over overlapping products take
// their locks in the same order and cannot deadlock on each other. Missing
// ids are simply absent from the map.
func lockProducts(ctx context.Context, tx *sqlx.Tx, ids []int64) (map[int64]orders.Product, error) {
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	q, args, err := sqlx.In(`SELECT `+productColumns+` FROM products WHERE id IN (?) ORDER BY id FOR UPDATE`, sorted)
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

// adjustStock adds sign × qty of every item to its product's stock in one
// statement (sign -1 takes an order's stock, +1 gives it back). The
// products must already be locked by this transaction.
func adjustStock(ctx context.Context, tx *sqlx.Tx, items []orders.Item, sign int64, now time.Time) error {
	var b strings.Builder
	b.WriteString(`UPDATE products SET stock = stock + CASE id`)
	args := make([]any, 0, 3*len(items)+1)
	ids := make([]any, 0, len(items))
	for _, it := range items {
		b.WriteString(` WHEN ? THEN ?`)
		args = append(args, it.ProductID, sign*it.Qty)
		ids = append(ids, it.ProductID)
	}
	b.WriteString(` END, updated_at = ? WHERE id IN (?` + strings.Repeat(`, ?`, len(ids)-1) + `)`)
	args = append(append(args, now), ids...)
	_, err := tx.ExecContext(ctx, b.String(), args...)
	return err
}

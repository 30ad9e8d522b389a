package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jmoiron/sqlx"

	"github.com/b2b-backoffice/orders-api/internal/orders"
	"github.com/b2b-backoffice/platform/database"
	"github.com/b2b-backoffice/platform/page"
)

const productColumns = "id, sku, name, price_cents, stock, created_at, updated_at"

// CreateProduct inserts a product; an existing sku in any letter case makes
// it ErrSKUTaken (the unique key settles concurrent creations).
func (s *Store) CreateProduct(ctx context.Context, in orders.CreateProductRequest) (orders.Product, error) {
	now := s.now()
	p := orders.Product{SKU: in.SKU, Name: in.Name, PriceCents: *in.PriceCents, Stock: *in.Stock, CreatedAt: now, UpdatedAt: now}
	res, err := s.db.ExecContext(ctx,
		`INSERT INTO products (sku, name, price_cents, stock, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		p.SKU, p.Name, p.PriceCents, p.Stock, now, now)
	if database.IsDuplicate(err) {
		return orders.Product{}, orders.ErrSKUTaken
	}
	if err != nil {
		return orders.Product{}, err
	}
	p.ID, err = res.LastInsertId()
	return p, err
}

// GetProduct returns a product.
func (s *Store) GetProduct(ctx context.Context, id int64) (orders.Product, error) {
	return getProduct(ctx, s.db, id, "")
}

func getProduct(ctx context.Context, q sqlx.QueryerContext, id int64, lock string) (orders.Product, error) {
	var p orders.Product
	err := sqlx.GetContext(ctx, q, &p, `SELECT `+productColumns+` FROM products WHERE id = ?`+lock, id)
	if errors.Is(err, sql.ErrNoRows) {
		return p, orders.ErrProductNotFound
	}
	return p, err
}

// ListProducts returns products after p.After in id order, matching
// p.Search (literally, case-insensitively) in sku or name.
func (s *Store) ListProducts(ctx context.Context, p page.Params) (page.List[orders.Product], error) {
	q := `SELECT ` + productColumns + ` FROM products WHERE id > ?`
	args := []any{p.After}
	if p.Search != "" {
		pat := page.LikePattern(p.Search)
		q += ` AND (sku LIKE ? ESCAPE '!' OR name LIKE ? ESCAPE '!')`
		args = append(args, pat, pat)
	}
	q += ` ORDER BY id LIMIT ?`
	args = append(args, p.Limit+1)
	var rows []orders.Product
	if err := s.db.SelectContext(ctx, &rows, q, args...); err != nil {
		return page.List[orders.Product]{}, err
	}
	return page.Build(rows, p.Limit, func(p orders.Product) int64 { return p.ID }), nil
}

// UpdateProduct applies a partial update under the product's row lock, so
// an absolute stock level is set between orders, never in the middle of
// one: the orders placed after it take from the new level.
func (s *Store) UpdateProduct(ctx context.Context, id int64, patch orders.ProductPatch) (orders.Product, error) {
	var out orders.Product
	err := database.InTx(ctx, s.db, func(tx *sqlx.Tx) error {
		cur, err := getProduct(ctx, tx, id, " FOR UPDATE")
		if err != nil {
			return err
		}
		out = patch.Apply(cur)
		out.UpdatedAt = s.now()
		_, err = tx.ExecContext(ctx,
			`UPDATE products SET name = ?, price_cents = ?, stock = ?, updated_at = ? WHERE id = ?`,
			out.Name, out.PriceCents, out.Stock, out.UpdatedAt, id)
		return err
	})
	return out, errBusy(err, false)
}

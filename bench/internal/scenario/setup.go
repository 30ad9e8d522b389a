package scenario

import (
	"context"
	"fmt"
	"time"

	"github.com/b2b-backoffice/bench/internal/api"
	"github.com/b2b-backoffice/bench/internal/invariant"
)

// priceCents is every benchmark product's price.
const priceCents = 1999

// setup creates the scenario's customer and n products with stock each
// through the API, recording them in the ledger.
func (r *run) setup(ctx context.Context, n int, stock int64) error {
	c, res := r.cfg.API.CreateCustomer(ctx, "bench "+r.tag, fmt.Sprintf("bench-%s-%s@example.com", r.cfg.RunID, r.tag))
	if !res.OK() {
		return fmt.Errorf("setup: POST /customers: %s", res.Describe())
	}
	r.customerID = c.ID
	for i := range n {
		if _, err := r.product(ctx, fmt.Sprintf("p%d", i), stock); err != nil {
			return err
		}
	}
	return nil
}

// product creates one product and records it.
func (r *run) product(ctx context.Context, suffix string, stock int64) (int64, error) {
	sku := fmt.Sprintf("BENCH-%s-%s-%s", r.cfg.RunID, r.tag, suffix)
	p, res := r.cfg.API.CreateProduct(ctx, sku, "bench "+sku, priceCents, stock)
	if !res.OK() {
		return 0, fmt.Errorf("setup: POST /products: %s", res.Describe())
	}
	if r.since.IsZero() || p.CreatedAt.Before(r.since) {
		r.since = p.CreatedAt
	}
	r.ledger.Product(p.ID, stock)
	r.products = append(r.products, p.ID)
	return p.ID, nil
}

// maxListPages bounds the verification's paging (100 orders a page).
const maxListPages = 5000

// verify reads the stock of every product the scenario created and every
// order placed since the first of them, keeping those on its products.
func (r *run) verify(ctx context.Context) (invariant.Actual, error) {
	a := invariant.Actual{Stock: map[int64]int64{}, Orders: map[int64]invariant.Order{}}
	mine := map[int64]bool{}
	for _, id := range r.products {
		mine[id] = true
		p, res := r.cfg.API.GetProduct(ctx, id)
		if !res.OK() {
			return a, fmt.Errorf("GET /products/%d: %s", id, res.Describe())
		}
		a.Stock[id] = p.Stock
	}
	// The products' creation time comes from the server's clock, so the
	// filter does not depend on this machine's; a second of slack covers
	// rounding.
	from := r.since.Add(-time.Second)
	cursor := ""
	for range maxListPages {
		page, res := r.cfg.API.ListOrders(ctx, from, cursor)
		if !res.OK() {
			return a, fmt.Errorf("GET /orders: %s", res.Describe())
		}
		for _, o := range page.Data {
			if touches(o, mine) {
				a.Orders[o.ID] = toOrder(o)
			}
		}
		if page.NextCursor == nil || *page.NextCursor == "" {
			return a, nil
		}
		cursor = *page.NextCursor
	}
	return a, fmt.Errorf("GET /orders: more than %d pages", maxListPages)
}

func touches(o api.Order, products map[int64]bool) bool {
	for _, it := range o.Items {
		if products[it.ProductID] {
			return true
		}
	}
	return false
}

func toOrder(o api.Order) invariant.Order {
	ls := make([]invariant.Line, len(o.Items))
	for i, it := range o.Items {
		ls[i] = invariant.Line{ProductID: it.ProductID, Qty: it.Qty}
	}
	return invariant.Order{ID: o.ID, Status: o.Status, Lines: ls}
}

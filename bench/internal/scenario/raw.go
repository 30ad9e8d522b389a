package scenario

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/b2b-backoffice/bench/internal/api"
	"github.com/b2b-backoffice/bench/internal/invariant"
	"github.com/b2b-backoffice/bench/internal/raw"
	"github.com/b2b-backoffice/bench/internal/stats"
)

// raw runs the flow's database work directly: raw-flow draws the same
// orders as flow at the same concurrency, raw-hot does hot's one-product
// work. Outcomes are counted as the HTTP status the service would answer,
// so the same invariants apply.
func (r *run) raw(ctx context.Context, hot bool) error {
	db := r.cfg.Raw
	r.ledger = invariant.NewLedger("201")
	if hot {
		r.ledger = invariant.NewLedger("201", "409 insufficient_stock")
	}
	id, err := db.CreateCustomer(ctx, "bench "+r.tag, fmt.Sprintf("bench-%s-%s@example.com", r.cfg.RunID, r.tag))
	if err != nil {
		return fmt.Errorf("setup: customer: %w", err)
	}
	r.customerID = id
	addProduct := func(suffix string, stock int64) (int64, error) {
		id, err := db.CreateProduct(ctx, fmt.Sprintf("BENCH-%s-%s-%s", r.cfg.RunID, r.tag, suffix), "bench raw", priceCents, stock)
		if err != nil {
			return 0, fmt.Errorf("setup: product: %w", err)
		}
		r.ledger.Product(id, stock)
		r.products = append(r.products, id)
		return id, nil
	}
	next := r.randomItems
	if hot {
		warmID, err := addProduct("warm", r.cfg.Stock)
		if err != nil {
			return err
		}
		hotID, err := addProduct("hot", r.cfg.HotStock)
		if err != nil {
			return err
		}
		r.ledger.SetHot(hotID, r.cfg.HotStock, r.cfg.HotQty)
		next = r.hotItems(warmID, hotID)
		r.window = r.hotWindow()
	} else {
		for i := range r.cfg.Products {
			if _, err := addProduct(fmt.Sprintf("p%d", i), r.cfg.Stock); err != nil {
				return err
			}
		}
	}

	rngs, seqs := workerRands(r.conc), make([]int64, r.conc)
	r.measure(ctx, func(ctx context.Context, w int, rec *stats.Recorder, warm bool) bool {
		seqs[w]++
		items := next(rngs[w], warm)
		key := r.key(w, seqs[w], "")
		t0 := time.Now()
		orderID, err := db.Flow(ctx, r.customerID, lines(items), key+":create", key+":confirm")
		rec.Op(time.Since(t0), err == nil)
		status, code := 201, ""
		switch {
		case errors.Is(err, raw.ErrInsufficientStock):
			status, code = 409, "insufficient_stock"
		case err != nil:
			status, code = 500, "db_error"
		}
		res := api.Result{Status: status, Code: code}
		if err != nil {
			res.Body = []byte(err.Error())
		}
		r.note(rec, res)
		if err == nil {
			r.ledger.Placed(key, invariant.Order{ID: orderID, Lines: lines(items)}, true)
		}
		if hot && !warm && (err == nil || status == 409) {
			r.ledger.HotOutcome(err == nil)
		}
		return hot && !warm && status == 409
	})
	r.finish(db.Actual(ctx, r.products))
	if hot {
		r.result.Note = r.hotNote()
	}
	return nil
}

package scenario

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/b2b-backoffice/bench/internal/api"
	"github.com/b2b-backoffice/bench/internal/invariant"
	"github.com/b2b-backoffice/bench/internal/stats"
)

// itemsFunc draws the items of worker w's next order.
type itemsFunc func(rng *rand.Rand, warm bool) []api.Item

// randomItems draws from the scenario's products.
func (r *run) randomItems(rng *rand.Rand, _ bool) []api.Item {
	return pickItems(rng, r.products, r.cfg.MaxItems, r.cfg.MaxQty)
}

// flow: the orchestrator's create-and-confirm, a new key per call.
func (r *run) flow(ctx context.Context) error {
	r.ledger = invariant.NewLedger("201")
	if err := r.setup(ctx, r.cfg.Products, r.cfg.Stock); err != nil {
		return err
	}
	r.measureFlows(ctx, r.randomItems, nil)
	r.finish(r.verify(ctx))
	return nil
}

// measureFlows drives orchestrator calls with the items next draws. done,
// when set, says from an answer whether the worker should stop.
func (r *run) measureFlows(ctx context.Context, next itemsFunc, done func(warm bool, res api.Result) bool) {
	rngs, seqs := workerRands(r.conc), make([]int64, r.conc)
	r.measure(ctx, func(ctx context.Context, w int, rec *stats.Recorder, warm bool) bool {
		seqs[w]++
		items := next(rngs[w], warm)
		req := api.FlowRequest{CustomerID: r.customerID, Items: items, IdempotencyKey: r.key(w, seqs[w], "")}
		t0 := time.Now()
		o, res := r.cfg.API.CreateAndConfirm(ctx, req)
		rec.Op(time.Since(t0), res.OK())
		r.note(rec, res)
		if res.OK() {
			r.ledger.Placed(req.IdempotencyKey, invariant.Order{ID: o.ID, Status: o.Status, Lines: lines(items)}, true)
		}
		return done != nil && done(warm, res)
	})
}

// create: POST /orders, then POST /orders/{id}/confirm, each with its key.
func (r *run) create(ctx context.Context) error {
	r.ledger = invariant.NewLedger("201", "200")
	if err := r.setup(ctx, r.cfg.Products, r.cfg.Stock); err != nil {
		return err
	}
	rngs, seqs := workerRands(r.conc), make([]int64, r.conc)
	r.measure(ctx, func(ctx context.Context, w int, rec *stats.Recorder, warm bool) bool {
		seqs[w]++
		items := r.randomItems(rngs[w], warm)
		createKey, confirmKey := r.key(w, seqs[w], "-create"), r.key(w, seqs[w], "-confirm")
		t0 := time.Now()
		o, res := r.cfg.API.CreateOrder(ctx, createKey, api.OrderRequest{CustomerID: r.customerID, Items: items})
		r.note(rec, res)
		if !res.OK() {
			rec.Op(time.Since(t0), false)
			return false
		}
		r.ledger.Placed(createKey, invariant.Order{ID: o.ID, Status: o.Status, Lines: lines(items)}, false)
		c, cres := r.cfg.API.ConfirmOrder(ctx, o.ID, confirmKey)
		rec.Op(time.Since(t0), cres.OK())
		r.note(rec, cres)
		if cres.OK() {
			confirmed := c.ID == o.ID && c.Status == invariant.Confirmed
			r.ledger.Placed(confirmKey, invariant.Order{ID: c.ID, Status: c.Status, Lines: lines(items)}, confirmed)
			if !confirmed {
				r.ledger.Malformed()
				r.sample(fmt.Sprintf("confirm of order %d answered order %d in status %s", o.ID, c.ID, c.Status))
			}
		}
		return false
	})
	r.finish(r.verify(ctx))
	return nil
}

// hot: every order on one product with a small stock, until it runs out.
// The warm-up runs on a second product so the hot one starts full; each
// worker stops at its first insufficient_stock, so the measured window is
// the time the system took to sell the stock (see hotWindow).
func (r *run) hot(ctx context.Context) error {
	r.ledger = invariant.NewLedger("201", "409 insufficient_stock")
	if err := r.setup(ctx, 0, 0); err != nil {
		return err
	}
	warmID, hotID, err := r.hotProducts(ctx)
	if err != nil {
		return err
	}
	r.window = r.hotWindow()
	r.measureFlows(ctx, r.hotItems(warmID, hotID), func(warm bool, res api.Result) bool {
		if warm {
			return false
		}
		placed := res.OK()
		if placed || res.Code == "insufficient_stock" {
			r.ledger.HotOutcome(placed)
		}
		return !placed && res.Code == "insufficient_stock"
	})
	r.finish(r.verify(ctx))
	r.result.Note = r.hotNote()
	return nil
}

// hotProducts creates the warm-up product and the hot one.
func (r *run) hotProducts(ctx context.Context) (warmID, hotID int64, err error) {
	if warmID, err = r.product(ctx, "warm", r.cfg.Stock); err != nil {
		return 0, 0, err
	}
	if hotID, err = r.product(ctx, "hot", r.cfg.HotStock); err != nil {
		return 0, 0, err
	}
	r.ledger.SetHot(hotID, r.cfg.HotStock, r.cfg.HotQty)
	return warmID, hotID, nil
}

func (r *run) hotItems(warmID, hotID int64) itemsFunc {
	return func(_ *rand.Rand, warm bool) []api.Item {
		if warm {
			return []api.Item{{ProductID: warmID, Qty: r.cfg.HotQty}}
		}
		return []api.Item{{ProductID: hotID, Qty: r.cfg.HotQty}}
	}
}

func (r *run) hotNote() string {
	h := r.ledger.Snapshot().Hot
	note := fmt.Sprintf("stock %d, %d per order: %d placed, %d refused", h.Stock, h.Qty, h.Successes, h.Refused)
	if h.Refused == 0 {
		note += fmt.Sprintf(" (the stock did not run out within %v: lower -hot-stock)", r.hotWindow())
	}
	return note
}

// read: GET /products/{id} and GET /orders/{id}, half and half, over
// products and orders placed for it.
func (r *run) read(ctx context.Context) error {
	r.ledger = invariant.NewLedger("200")
	if err := r.setup(ctx, r.cfg.Products, r.cfg.Stock); err != nil {
		return err
	}
	rng := workerRand(-1)
	orderIDs := make([]int64, 0, r.cfg.ReadOrders)
	for range r.cfg.ReadOrders {
		items := r.randomItems(rng, false)
		o, res := r.cfg.API.CreateOrder(ctx, "", api.OrderRequest{CustomerID: r.customerID, Items: items})
		if !res.OK() {
			return fmt.Errorf("setup: POST /orders: %s", res.Describe())
		}
		r.ledger.Placed("", invariant.Order{ID: o.ID, Status: o.Status, Lines: lines(items)}, false)
		orderIDs = append(orderIDs, o.ID)
	}
	rngs := workerRands(r.conc)
	r.measure(ctx, func(ctx context.Context, w int, rec *stats.Recorder, warm bool) bool {
		rng := rngs[w]
		var res api.Result
		t0 := time.Now()
		if len(orderIDs) == 0 || rng.IntN(2) == 0 {
			_, res = r.cfg.API.GetProduct(ctx, r.products[rng.IntN(len(r.products))])
		} else {
			_, res = r.cfg.API.GetOrder(ctx, orderIDs[rng.IntN(len(orderIDs))])
		}
		rec.Op(time.Since(t0), res.OK())
		r.note(rec, res)
		return false
	})
	r.finish(r.verify(ctx))
	return nil
}

// replay: every orchestrator request sent three times at once with one
// key. Each answer must name the same order (or say the first is still in
// progress), and the stock must be taken once.
func (r *run) replay(ctx context.Context) error {
	r.ledger = invariant.NewLedger("201", "409 idempotency_in_progress")
	if err := r.setup(ctx, r.cfg.Products, r.cfg.Stock); err != nil {
		return err
	}
	const copies = 3
	rngs, seqs := workerRands(r.conc), make([]int64, r.conc)
	r.measure(ctx, func(ctx context.Context, w int, rec *stats.Recorder, warm bool) bool {
		seqs[w]++
		items := r.randomItems(rngs[w], warm)
		req := api.FlowRequest{CustomerID: r.customerID, Items: items, IdempotencyKey: r.key(w, seqs[w], "")}
		results := make([]api.Result, copies)
		orders := make([]api.Order, copies)
		done := make(chan int, copies)
		t0 := time.Now()
		for i := range copies {
			go func() {
				orders[i], results[i] = r.cfg.API.CreateAndConfirm(ctx, req)
				done <- i
			}()
		}
		ok := false
		for range copies {
			i := <-done
			r.note(rec, results[i])
			if results[i].OK() {
				ok = true
				r.ledger.Placed(req.IdempotencyKey, invariant.Order{ID: orders[i].ID, Status: orders[i].Status, Lines: lines(items)}, true)
			}
		}
		rec.Op(time.Since(t0), ok)
		return false
	})
	r.finish(r.verify(ctx))
	return nil
}

func workerRands(n int) []*rand.Rand {
	out := make([]*rand.Rand, n)
	for w := range out {
		out[w] = workerRand(w)
	}
	return out
}

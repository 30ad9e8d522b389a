package orders

import (
	"time"

	"github.com/b2b-backoffice/platform/problem"
)

// Shortage is one product that cannot cover its line (the details of
// insufficient_stock).
type Shortage struct {
	ProductID int64 `json:"product_id"`
	Requested int64 `json:"requested"`
	Available int64 `json:"available"`
}

// Reserve decides an order over the products as loaded (and locked) by the
// store. It returns the items priced at the products' current prices and
// the order total; or product_not_found for the first requested id that is
// missing; or insufficient_stock listing every short product, in request
// order. It changes nothing: the store applies the decision.
func Reserve(req []ItemRequest, products map[int64]Product) ([]Item, int64, error) {
	items := make([]Item, 0, len(req))
	var short []Shortage
	var total int64
	for _, r := range req {
		p, ok := products[r.ProductID]
		if !ok {
			return nil, 0, productNotFound(r.ProductID)
		}
		if p.Stock < r.Qty {
			short = append(short, Shortage{ProductID: p.ID, Requested: r.Qty, Available: p.Stock})
			continue
		}
		sub := r.Qty * p.PriceCents
		items = append(items, Item{ProductID: p.ID, Qty: r.Qty, UnitPriceCents: p.PriceCents, SubtotalCents: sub})
		total += sub
	}
	if len(short) > 0 {
		e := problem.New(problem.InsufficientStock, "not enough stock for every item")
		if len(short) == 1 {
			e.Detail = "not enough stock for one item"
		}
		e.Details = short
		return nil, 0, e
	}
	return items, total, nil
}

// Confirm moves o to CONFIRMED at now. An order already CONFIRMED is
// returned unchanged (changed false); a CANCELED one is invalid_state.
func Confirm(o Order, now time.Time) (next Order, changed bool, err error) {
	switch o.Status {
	case Created:
		o.Status = Confirmed
		o.ConfirmedAt = &now
		o.UpdatedAt = now
		return o, true, nil
	case Confirmed:
		return o, false, nil
	}
	return o, false, ErrInvalidState
}

// Cancel moves o to CANCELED at now. restore tells whether the order's
// stock goes back: always from CREATED; from CONFIRMED only while now is
// within window of confirmed_at, the edge included (confirmed_at + window
// is still in time), else cancel_window_expired. An order already
// CANCELED is returned unchanged with nothing to restore.
func Cancel(o Order, now time.Time, window time.Duration) (next Order, restore bool, err error) {
	switch o.Status {
	case Canceled:
		return o, false, nil
	case Confirmed:
		if o.ConfirmedAt == nil || now.After(o.ConfirmedAt.Add(window)) {
			return o, false, ErrCancelWindowExpired
		}
	}
	o.Status = Canceled
	o.CanceledAt = &now
	o.UpdatedAt = now
	return o, true, nil
}

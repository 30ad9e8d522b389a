package store

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/jmoiron/sqlx"

	"github.com/b2b-backoffice/orders-api/internal/orders"
	"github.com/b2b-backoffice/platform/database"
)

// PlaceOrder creates an order in one transaction: the idempotency key row
// first (when key is not nil), then the products locked in ascending id
// order, the pure stock decision, the stock taken, the order and its items
// inserted, and the answer stored with the key. Any error rolls all of it
// back. The customer must have been checked before: no call to another
// service happens while locks are held.
func (s *Store) PlaceOrder(ctx context.Context, req orders.CreateOrderRequest, key *Key) (Response, error) {
	var res Response
	err := database.InTx(ctx, s.db, func(tx *sqlx.Tx) error {
		now := s.now()
		if key != nil {
			stored, err := s.claimKey(ctx, tx, *key, now)
			if err != nil || stored != nil {
				res = deref(stored)
				return err
			}
		}
		products, err := lockProducts(ctx, tx, req.ProductIDs())
		if err != nil {
			return err
		}
		items, total, err := orders.Reserve(req.Items, products)
		if err != nil {
			return err
		}
		if err := adjustStock(ctx, tx, items, -1, now); err != nil {
			return err
		}
		o := orders.Order{CustomerID: req.CustomerID, Status: orders.Created, TotalCents: total,
			CreatedAt: now, UpdatedAt: now, Items: items}
		if err := insertOrder(ctx, tx, &o); err != nil {
			return err
		}
		res, err = s.answer(ctx, tx, key, http.StatusCreated, o)
		return err
	})
	return res, errBusy(err, key != nil)
}

// ConfirmOrder moves an order to CONFIRMED in one transaction: the key row
// first, then the order row locked, the pure transition, and the answer
// stored with the key. An order already CONFIRMED is answered unchanged; a
// CANCELED one is invalid_state and, like every failure, stores nothing.
func (s *Store) ConfirmOrder(ctx context.Context, id int64, key Key) (Response, error) {
	var res Response
	err := database.InTx(ctx, s.db, func(tx *sqlx.Tx) error {
		now := s.now()
		stored, err := s.claimKey(ctx, tx, key, now)
		if err != nil || stored != nil {
			res = deref(stored)
			return err
		}
		o, err := getOrder(ctx, tx, id, " FOR UPDATE")
		if err != nil {
			return err
		}
		next, changed, err := orders.Confirm(o, now)
		if err != nil {
			return err
		}
		if changed {
			if err := saveState(ctx, tx, next); err != nil {
				return err
			}
		}
		res, err = s.answer(ctx, tx, &key, http.StatusOK, next)
		return err
	})
	return res, errBusy(err, true)
}

// CancelOrder moves an order to CANCELED in one transaction: the order row
// locked first, the pure cancel rule (window included), then, when stock
// goes back, its products locked in ascending id order and restored. An
// order already CANCELED is answered unchanged and restores nothing, so
// concurrent cancels restore once: the second waits on the order row and
// then sees CANCELED.
func (s *Store) CancelOrder(ctx context.Context, id int64) (orders.Order, error) {
	var out orders.Order
	err := database.InTx(ctx, s.db, func(tx *sqlx.Tx) error {
		now := s.now()
		o, err := getOrder(ctx, tx, id, " FOR UPDATE")
		if err != nil {
			return err
		}
		next, restore, err := orders.Cancel(o, now, s.window)
		if err != nil || !restore {
			out = next
			return err
		}
		ids := make([]int64, len(o.Items))
		for i, it := range o.Items {
			ids[i] = it.ProductID
		}
		if _, err := lockProducts(ctx, tx, ids); err != nil {
			return err
		}
		if err := adjustStock(ctx, tx, o.Items, +1, now); err != nil {
			return err
		}
		out = next
		return saveState(ctx, tx, next)
	})
	return out, errBusy(err, false)
}

// GetOrder returns an order with its items.
func (s *Store) GetOrder(ctx context.Context, id int64) (orders.Order, error) {
	return getOrder(ctx, s.db, id, "")
}

// answer encodes o as the response body and, when a key is given, stores
// it with the key in the same transaction, so what a replay sends is
// exactly what was sent now.
func (s *Store) answer(ctx context.Context, tx *sqlx.Tx, key *Key, status int, o orders.Order) (Response, error) {
	body, err := json.Marshal(o)
	if err != nil {
		return Response{}, err
	}
	res := Response{Status: status, Body: body, ResourceID: o.ID}
	if key != nil {
		err = saveAnswer(ctx, tx, *key, res)
	}
	return res, err
}

func deref(r *Response) Response {
	if r == nil {
		return Response{}
	}
	return *r
}

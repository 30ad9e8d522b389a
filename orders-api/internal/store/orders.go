package store

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/jmoiron/sqlx"

	"github.com/b2b-backoffice/orders-api/internal/orders"
	"github.com/b2b-backoffice/platform/database"
)

// optimisticAttempts is how many times PlaceOrder decides on unlocked
// reads of the products before its last attempt, which locks them first
// and so cannot be overtaken.
const optimisticAttempts = 3

// PlaceOrder creates an order in one transaction, written so that the
// products' row locks, which every concurrent order on the same product
// queues for, are held as briefly as possible:
//
//  1. the idempotency key row first (when key is not nil);
//  2. the products read without locking, and the pure stock decision;
//  3. the order row inserted, the answer stored with the key;
//  4. the stock taken in one UPDATE that checks the stock and price the
//     decision used still hold: it takes the products' exclusive locks;
//  5. last, the items inserted (their foreign key check would take a
//     shared lock on each product: taken before the UPDATE, two orders
//     holding it would deadlock on the upgrade), and the commit.
//
// If another order took the stock (or the price changed) between 2 and 4,
// the transaction rolls back and runs again on fresh values; the last
// attempt locks the products in step 2 (SELECT … FOR UPDATE). Any error
// rolls all of it back. The customer must have been checked before: no
// call to another service happens inside the transaction.
func (s *Store) PlaceOrder(ctx context.Context, req orders.CreateOrderRequest, key *Key) (Response, error) {
	var res Response
	var err error
	for attempt := 1; attempt <= optimisticAttempts+1; attempt++ {
		lock := attempt > optimisticAttempts
		err = database.InTx(ctx, s.db, func(tx *sqlx.Tx) error {
			res = Response{}
			now := s.now()
			if key != nil {
				stored, err := s.claimKey(ctx, tx, *key, now)
				if err != nil || stored != nil {
					res = deref(stored)
					return err
				}
			}
			products, err := readProducts(ctx, tx, req.ProductIDs(), lock)
			if err != nil {
				return err
			}
			items, total, err := orders.Reserve(req.Items, products)
			if err != nil {
				return err
			}
			o := orders.Order{CustomerID: req.CustomerID, Status: orders.Created, TotalCents: total,
				CreatedAt: now, UpdatedAt: now, Items: items}
			if err := insertOrder(ctx, tx, &o); err != nil {
				return err
			}
			if res, err = s.answer(ctx, tx, key, http.StatusCreated, o); err != nil {
				return err
			}
			if err := takeStock(ctx, tx, items, now); err != nil {
				return err
			}
			return insertItems(ctx, tx, o)
		})
		if !errors.Is(err, errStockMoved) {
			break
		}
	}
	if errors.Is(err, errStockMoved) {
		// Cannot happen after a locked attempt; never a 500 if it does.
		return res, errUnavailable()
	}
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
// goes back, its products restored by one UPDATE (which locks them in
// ascending id order). An order already CANCELED is answered unchanged and
// restores nothing, so concurrent cancels restore once: the second waits
// on the order row and then sees CANCELED.
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
		if err := restoreStock(ctx, tx, o.Items, now); err != nil {
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

// Package orders is the orchestrator's typed client of orders-api.
package orders

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/b2b-backoffice/platform/problem"
	"github.com/b2b-backoffice/platform/svcclient"
)

// Order statuses (SPEC §4).
const (
	StatusCreated   = "CREATED"
	StatusConfirmed = "CONFIRMED"
	StatusCanceled  = "CANCELED"
)

// Item is one order line as orders-api returns it.
type Item struct {
	ProductID      int64 `json:"product_id"`
	Qty            int   `json:"qty"`
	UnitPriceCents int64 `json:"unit_price_cents"`
	SubtotalCents  int64 `json:"subtotal_cents"`
}

// Order is what the orchestrator needs of an order.
type Order struct {
	ID         int64  `json:"id"`
	CustomerID int64  `json:"customer_id"`
	Status     string `json:"status"`
	TotalCents int64  `json:"total_cents"`
	Items      []Item `json:"items"`
}

// Line is one requested line of a new order.
type Line struct {
	ProductID int64 `json:"product_id"`
	Qty       int   `json:"qty"`
}

// CreateRequest is the body of POST /orders.
type CreateRequest struct {
	CustomerID int64  `json:"customer_id"`
	Items      []Line `json:"items"`
}

// Client calls orders-api with the service token. Every call carries an
// idempotency key, so svcclient may retry each of them on a timeout or a
// transient status without risking a second effect.
type Client struct{ c *svcclient.Client }

// New returns a client of the orders-api at base. idempotency_in_progress
// is retried: it means a concurrent call with the same key is still
// running, and a later attempt replays its answer.
func New(base, serviceToken string, opt svcclient.Options) *Client {
	opt.RetryCodes = append(slices.Clip(opt.RetryCodes), problem.IdempotencyInProgress)
	return &Client{c: svcclient.New(base, serviceToken, opt)}
}

// Create places an order (POST /orders) under key.
func (c *Client) Create(ctx context.Context, key string, req CreateRequest) (Order, error) {
	return c.call(ctx, "/orders", key, req)
}

// Confirm confirms an order (POST /orders/{id}/confirm) under key.
// replayed tells that orders-api answered from the key's stored answer
// (Idempotent-Replayed: true): the order as it was then, not as it is now.
func (c *Client) Confirm(ctx context.Context, id int64, key string) (o Order, replayed bool, err error) {
	res, err := c.do(ctx, "/orders/"+strconv.FormatInt(id, 10)+"/confirm", key, nil, &o)
	if err != nil {
		return o, false, err
	}
	return o, res.Header.Get("Idempotent-Replayed") == "true", nil
}

// Get reads an order as it is now (GET /orders/{id}).
func (c *Client) Get(ctx context.Context, id int64) (Order, error) {
	var out Order
	_, err := c.c.Do(ctx, svcclient.Call{Method: http.MethodGet, Path: "/orders/" + strconv.FormatInt(id, 10), Out: &out})
	return out, err
}

// Cancel cancels an order (POST /orders/{id}/cancel). Canceling a canceled
// order is a no-op for orders-api, which takes no key there; the key is
// sent anyway so svcclient knows the call is replay-safe and retries it.
func (c *Client) Cancel(ctx context.Context, id int64, key string) (Order, error) {
	return c.call(ctx, "/orders/"+strconv.FormatInt(id, 10)+"/cancel", key, nil)
}

func (c *Client) call(ctx context.Context, path, key string, body any) (Order, error) {
	var out Order
	_, err := c.do(ctx, path, key, body, &out)
	return out, err
}

func (c *Client) do(ctx context.Context, path, key string, body any, out *Order) (*svcclient.Response, error) {
	return c.c.Do(ctx, svcclient.Call{
		Method: http.MethodPost,
		Path:   path,
		Body:   body,
		Header: http.Header{"X-Idempotency-Key": {key}},
		Out:    out,
	})
}

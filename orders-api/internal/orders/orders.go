// Package orders holds orders-api's domain: products and orders, their
// request bodies, and the pure rules (stock decision, state transitions,
// cancel window, idempotency fingerprints). It knows nothing of HTTP
// routing or SQL, so every rule is tested without a database.
package orders

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/b2b-backoffice/platform/jsontime"
	"github.com/b2b-backoffice/platform/problem"
)

// Status is an order's state.
type Status string

// The order states (SPEC §4).
const (
	Created   Status = "CREATED"
	Confirmed Status = "CONFIRMED"
	Canceled  Status = "CANCELED"
)

// ParseStatus reads a status filter; it accepts any letter case.
func ParseStatus(s string) (Status, bool) {
	switch st := Status(upper(s)); st {
	case Created, Confirmed, Canceled:
		return st, true
	}
	return "", false
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// Order is an order with its items.
type Order struct {
	ID          int64      `db:"id"`
	CustomerID  int64      `db:"customer_id"`
	Status      Status     `db:"status"`
	TotalCents  int64      `db:"total_cents"`
	CreatedAt   time.Time  `db:"created_at"`
	UpdatedAt   time.Time  `db:"updated_at"`
	ConfirmedAt *time.Time `db:"confirmed_at"`
	CanceledAt  *time.Time `db:"canceled_at"`
	Items       []Item     `db:"-"`
}

// Item is one line of an order, priced when the order was placed.
type Item struct {
	OrderID        int64 `json:"-" db:"order_id"`
	ProductID      int64 `json:"product_id" db:"product_id"`
	Qty            int64 `json:"qty" db:"qty"`
	UnitPriceCents int64 `json:"unit_price_cents" db:"unit_price_cents"`
	SubtotalCents  int64 `json:"subtotal_cents" db:"subtotal_cents"`
}

// MarshalJSON writes the wire form (SPEC §4).
func (o Order) MarshalJSON() ([]byte, error) {
	type wire struct {
		ID          int64          `json:"id"`
		CustomerID  int64          `json:"customer_id"`
		Status      Status         `json:"status"`
		TotalCents  int64          `json:"total_cents"`
		CreatedAt   jsontime.Time  `json:"created_at"`
		UpdatedAt   jsontime.Time  `json:"updated_at"`
		ConfirmedAt *jsontime.Time `json:"confirmed_at"`
		CanceledAt  *jsontime.Time `json:"canceled_at"`
		Items       []Item         `json:"items"`
	}
	items := o.Items
	if items == nil {
		items = []Item{}
	}
	return json.Marshal(wire{o.ID, o.CustomerID, o.Status, o.TotalCents,
		jsontime.From(o.CreatedAt), jsontime.From(o.UpdatedAt),
		jsontime.Ptr(o.ConfirmedAt), jsontime.Ptr(o.CanceledAt), items})
}

// Errors of the orders domain.
var (
	ErrOrderNotFound       = problem.New(problem.OrderNotFound, "order not found")
	ErrInvalidState        = problem.New(problem.InvalidState, "a canceled order cannot be confirmed")
	ErrCancelWindowExpired = problem.New(problem.CancelWindowExpired, "the order was confirmed too long ago to be canceled")
)

// productNotFound names the missing product.
func productNotFound(id int64) *problem.Error {
	return problem.Newf(problem.ProductNotFound, "product %d not found", id)
}

// Limits of an order request (SPEC §4).
const (
	MaxItems = 100
	MaxQty   = 10000
)

// CreateOrderRequest is the body of POST /orders.
type CreateOrderRequest struct {
	CustomerID int64         `json:"customer_id" validate:"required,min=1"`
	Items      []ItemRequest `json:"items" validate:"required,min=1,max=100,dive"`
}

// ItemRequest is one requested line.
type ItemRequest struct {
	ProductID int64 `json:"product_id" validate:"required,min=1"`
	Qty       int64 `json:"qty" validate:"min=1,max=10000"`
}

// Validate rejects a product listed twice: one line per product keeps the
// stock decision and the stored items unambiguous.
func (r *CreateOrderRequest) Validate() error {
	seen := make(map[int64]int, len(r.Items))
	var fields []problem.FieldError
	for i, it := range r.Items {
		if first, dup := seen[it.ProductID]; dup {
			fields = append(fields, problem.FieldError{
				Field:   "items[" + strconv.Itoa(i) + "].product_id",
				Message: "repeats the product of items[" + strconv.Itoa(first) + "]; list each product once",
			})
			continue
		}
		seen[it.ProductID] = i
	}
	if len(fields) > 0 {
		return problem.Validation(fields...)
	}
	return nil
}

// ProductIDs returns the requested product ids.
func (r *CreateOrderRequest) ProductIDs() []int64 {
	ids := make([]int64, len(r.Items))
	for i, it := range r.Items {
		ids[i] = it.ProductID
	}
	return ids
}

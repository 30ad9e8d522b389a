package httpapi

import (
	"errors"
	"net/http"

	"github.com/b2b-backoffice/orchestrator/internal/checkout"
	"github.com/b2b-backoffice/platform/httpx"
	"github.com/b2b-backoffice/platform/problem"
	"github.com/b2b-backoffice/platform/reqctx"
)

// The orchestrator answers in the envelope of the system it ports
// (SPEC §5), not in problem+json: {"success", "correlationId", "data" |
// "error"}.

type successBody struct {
	Success       bool        `json:"success"`
	CorrelationID string      `json:"correlationId"`
	Data          successData `json:"data"`
}

type successData struct {
	Customer customerOut `json:"customer"`
	Order    orderOut    `json:"order"`
}

type customerOut struct {
	ID    int64   `json:"id"`
	Name  string  `json:"name"`
	Email string  `json:"email"`
	Phone *string `json:"phone"`
}

type orderOut struct {
	ID         int64     `json:"id"`
	Status     string    `json:"status"`
	TotalCents int64     `json:"total_cents"`
	Items      []itemOut `json:"items"`
}

type itemOut struct {
	ProductID      int64 `json:"product_id"`
	Qty            int   `json:"qty"`
	UnitPriceCents int64 `json:"unit_price_cents"`
	SubtotalCents  int64 `json:"subtotal_cents"`
}

type failureBody struct {
	Success       bool     `json:"success"`
	CorrelationID string   `json:"correlationId"`
	Error         errorOut `json:"error"`
}

type errorOut struct {
	Code    problem.Code `json:"code"`
	Message string       `json:"message"`
	Step    string       `json:"step"`
	// Details is null when the failure has none, so clients can always
	// read the member.
	Details     any   `json:"details"`
	OrderID     int64 `json:"order_id,omitempty"`
	Compensated *bool `json:"compensated,omitempty"`
	// RequestID lets a client quote the failed call when reporting it.
	RequestID string `json:"request_id,omitempty"`
}

// envelope adapts a handler that returns its failure: a *checkout.Failure
// is written as it is, a problem from request handling (415, 413, bad JSON,
// 401) at step validate_request, anything else as a masked, logged 500.
func (a *API) envelope(h httpx.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		var f *checkout.Failure
		if !errors.As(err, &f) {
			if _, ok := problem.As(err); ok {
				f = checkout.Fail(checkout.StepValidateRequest, err)
			} else {
				a.log.ErrorContext(r.Context(), "request failed", "err", err.Error())
				f = &checkout.Failure{Step: checkout.StepValidateRequest, Status: http.StatusInternalServerError,
					Code: problem.Internal, Message: "an internal error occurred; quote the request id when reporting it"}
			}
		}
		a.writeFailure(w, r, f)
	}
}

func (a *API) writeFailure(w http.ResponseWriter, r *http.Request, f *checkout.Failure) {
	for k, vs := range f.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	_ = httpx.WriteJSON(w, f.Status, failureBody{
		CorrelationID: reqctx.CorrelationID(r.Context()),
		Error: errorOut{Code: f.Code, Message: f.Message, Step: string(f.Step), Details: f.Details,
			OrderID: f.OrderID, Compensated: f.Compensated, RequestID: reqctx.RequestID(r.Context())},
	})
}

func successOf(cid string, res checkout.Result) successBody {
	items := make([]itemOut, len(res.Order.Items))
	for i, it := range res.Order.Items {
		items[i] = itemOut{ProductID: it.ProductID, Qty: it.Qty, UnitPriceCents: it.UnitPriceCents, SubtotalCents: it.SubtotalCents}
	}
	c := res.Customer
	return successBody{
		Success:       true,
		CorrelationID: cid,
		Data: successData{
			Customer: customerOut{ID: c.ID, Name: c.Name, Email: c.Email, Phone: c.Phone},
			Order:    orderOut{ID: res.Order.ID, Status: res.Order.Status, TotalCents: res.Order.TotalCents, Items: items},
		},
	}
}

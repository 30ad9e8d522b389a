package checkout

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/go-playground/validator/v10"

	"github.com/b2b-backoffice/platform/httpx"
	"github.com/b2b-backoffice/platform/problem"
)

// Request is the body of POST /orchestrator/create-and-confirm-order. The
// item rules are orders-api's (SPEC §4), checked here too so that a bad
// request is answered at step validate_request without a downstream call.
type Request struct {
	CustomerID     int64  `json:"customer_id" validate:"required,gt=0"`
	Items          []Item `json:"items" validate:"required,min=1,max=100,dive"`
	IdempotencyKey string `json:"idempotency_key" validate:"required,max=200,idemkey"`
	// CorrelationID, when given, wins over the X-Correlation-Id header. It
	// is echoed in a response header and logged, hence the safe charset.
	CorrelationID *string `json:"correlation_id" validate:"omitempty,max=128,headersafe"`
}

// Item is one requested order line.
type Item struct {
	ProductID int64 `json:"product_id" validate:"gt=0"`
	Qty       int   `json:"qty" validate:"min=1,max=10000"`
}

// Validate checks what tags cannot: a product at most once per order.
func (r *Request) Validate() error {
	seen := make(map[int64]int, len(r.Items))
	var errs []problem.FieldError
	for i, it := range r.Items {
		if first, dup := seen[it.ProductID]; dup {
			errs = append(errs, problem.FieldError{
				Field:   fmt.Sprintf("items[%d].product_id", i),
				Message: fmt.Sprintf("product %d is already in items[%d]; list a product at most once", it.ProductID, first),
			})
			continue
		}
		seen[it.ProductID] = i
	}
	if len(errs) > 0 {
		return problem.Validation(errs...)
	}
	return nil
}

// ValidKey reports whether s is a well-formed idempotency key:
// 1..200 characters of [A-Za-z0-9._:-].
func ValidKey(s string) bool {
	if s == "" || len(s) > 200 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("._:-", c) >= 0) {
			return false
		}
	}
	return true
}

// HeaderSafe reports whether s may be echoed in a header and logged:
// printable ASCII without spaces, quotes or backslashes (the rule httpx
// applies to the X-Correlation-Id header).
func HeaderSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c > '~' || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

func init() {
	str := func(ok func(string) bool) validator.Func {
		return func(fl validator.FieldLevel) bool {
			f := fl.Field()
			return f.Kind() != reflect.String || ok(f.String())
		}
	}
	httpx.RegisterRule("idemkey", "must be 1 to 200 characters of A-Z a-z 0-9 . _ : -", str(ValidKey))
	httpx.RegisterRule("headersafe", "must be printable ASCII without spaces, quotes or backslashes", str(HeaderSafe))
}

package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/b2b-backoffice/platform/httpx"
)

func TestBadRequestsAreAnsweredInTheEnvelope(t *testing.T) {
	many := make([][2]int64, 101)
	for i := range many {
		many[i] = [2]int64{int64(i + 1), 1}
	}
	for _, tc := range []struct {
		name   string
		r      req
		status int
		code   string
		field  string // named in details when set
	}{
		{"malformed", req{body: `{"customer_id": 1,`}, 400, "invalid_json", ""},
		{"empty body", req{}, 400, "invalid_json", ""},
		{"array body", req{body: `[1]`}, 400, "invalid_json", ""},
		{"trailing data", req{body: order(1, "k", [2]int64{2, 1}) + `{}`}, 400, "invalid_json", ""},
		{"unknown field", req{body: `{"customer_id":1,"items":[{"product_id":2,"qty":1}],"idempotency_key":"k","x":1}`}, 400, "validation_failed", "x"},
		{"wrong type", req{body: `{"customer_id":"1","items":[{"product_id":2,"qty":1}],"idempotency_key":"k"}`}, 400, "validation_failed", "customer_id"},
		{"missing customer", req{body: `{"items":[{"product_id":2,"qty":1}],"idempotency_key":"k"}`}, 400, "validation_failed", "customer_id"},
		{"negative customer", req{body: order(-1, "k", [2]int64{2, 1})}, 400, "validation_failed", "customer_id"},
		{"no items", req{body: order(1, "k")}, 400, "validation_failed", "items"},
		{"101 items", req{body: order(1, "k", many...)}, 400, "validation_failed", "items"},
		{"qty 0", req{body: order(1, "k", [2]int64{2, 0})}, 400, "validation_failed", "items[0].qty"},
		{"qty 10001", req{body: order(1, "k", [2]int64{2, 1}, [2]int64{1, 10001})}, 400, "validation_failed", "items[1].qty"},
		{"product 0", req{body: order(1, "k", [2]int64{0, 1})}, 400, "validation_failed", "items[0].product_id"},
		{"product twice", req{body: order(1, "k", [2]int64{2, 1}, [2]int64{2, 3})}, 400, "validation_failed", "items[1].product_id"},
		{"missing key", req{body: `{"customer_id":1,"items":[{"product_id":2,"qty":1}]}`}, 400, "validation_failed", "idempotency_key"},
		{"key with space", req{body: order(1, "a b", [2]int64{2, 1})}, 400, "validation_failed", "idempotency_key"},
		{"key too long", req{body: order(1, strings.Repeat("k", 201), [2]int64{2, 1})}, 400, "validation_failed", "idempotency_key"},
		{"correlation id too long", req{body: `{"customer_id":1,"items":[{"product_id":2,"qty":1}],"idempotency_key":"k","correlation_id":"` + strings.Repeat("c", 129) + `"}`}, 400, "validation_failed", "correlation_id"},
		{"correlation id with newline", req{body: `{"customer_id":1,"items":[{"product_id":2,"qty":1}],"idempotency_key":"k","correlation_id":"a\nb"}`}, 400, "validation_failed", "correlation_id"},
		{"not json", req{body: order(1, "k", [2]int64{2, 1}), header: map[string]string{"Content-Type": "text/plain"}}, 415, "unsupported_media_type", ""},
		{"too large", req{body: `{"customer_id":1,"idempotency_key":"` + strings.Repeat("k", httpx.MaxBodyBytes) + `"}`}, 413, "body_too_large", ""},
		{"no token", req{body: order(1, "k", [2]int64{2, 1}), auth: "-"}, 401, "unauthorized", ""},
		{"bad token", req{body: order(1, "k", [2]int64{2, 1}), auth: "Bearer nope"}, 401, "unauthorized", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			w := e.do(tc.r)
			f := wantFailure(t, w, tc.status, tc.code, "validate_request")
			if tc.field != "" {
				var fields []struct{ Field, Message string }
				if err := json.Unmarshal(f.Error.Details, &fields); err != nil {
					t.Fatalf("details %s: %v", f.Error.Details, err)
				}
				found := false
				for _, fe := range fields {
					found = found || (fe.Field == tc.field && fe.Message != "")
				}
				if !found {
					t.Fatalf("details %s do not name %s", f.Error.Details, tc.field)
				}
			}
			if tc.status == http.StatusUnauthorized && w.Header().Get("WWW-Authenticate") == "" {
				t.Fatal("401 without WWW-Authenticate")
			}
			if n := len(e.customers.Calls()) + len(e.orders.Calls()); n != 0 {
				t.Fatalf("%d downstream calls for a bad request", n)
			}
		})
	}
}

package httpapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/b2b-backoffice/platform/openapitest"
)

const specPath = "../../openapi.yaml"

// TestOpenAPIDocumentsEveryRoute holds routes.go and openapi.yaml against
// each other, both ways.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	openapitest.CheckRoutes(t, openapitest.Load(t, specPath), newEnv(t).h, 4)
}

// TestResponsesMatchOpenAPI validates real answers (status, headers,
// body) against openapi.yaml.
func TestResponsesMatchOpenAPI(t *testing.T) {
	v := openapitest.NewValidator(t, openapitest.Load(t, specPath))
	e := newEnv(t)
	calls := []struct {
		r      req
		status int
	}{
		{req{body: `{"customer_id":1,"items":[{"product_id":2,"qty":2}],"idempotency_key":"abc-123","correlation_id":"req-789"}`}, 201},
		{req{path: "/dev" + route, body: order(1, "abc-124", [2]int64{1, 1})}, 201},
		{req{body: order(1, "abc-123", [2]int64{2, 3})}, 422},
		{req{body: order(99, "k-2", [2]int64{2, 1})}, 404},
		{req{body: order(1, "k-3", [2]int64{2, 1000})}, 409},
		{req{body: order(1, "k 4", [2]int64{2, 1})}, 400},
		{req{body: `{"customer_id":`}, 400},
		{req{body: order(1, "k", [2]int64{2, 1}), header: map[string]string{"Content-Type": "text/plain"}}, 415},
		{req{body: `{"idempotency_key":"` + strings.Repeat("k", 1<<20) + `"}`}, 413},
		{req{body: order(1, "k-5", [2]int64{2, 1}), auth: "-"}, 401},
		{req{method: "GET", path: "/health", auth: "-"}, 200},
		{req{method: "GET", path: "/ready", auth: "-"}, 200},
	}
	for _, call := range calls {
		t.Run(fmt.Sprintf("%s %d", call.r.path, call.status), func(t *testing.T) {
			w := e.do(call.r)
			if w.Code != call.status {
				t.Fatalf("status %d, want %d: %s", w.Code, call.status, w.Body.String())
			}
			validate(t, v, call.r, w)
		})
	}
	// A compensated failure and a dependency down, with their extra members.
	e.orders.SetHook(failConfirm(http.StatusConflict, "invalid_state"))
	r := req{body: order(1, "k-6", [2]int64{2, 1})}
	w := e.do(r)
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), `"compensated":true`) {
		t.Fatalf("%d %s", w.Code, w.Body.String())
	}
	validate(t, v, r, w)
}

// validate checks the answer to r against the document; r's method and
// path default as e.do's do.
func validate(t *testing.T, v *openapitest.Validator, r req, w *httptest.ResponseRecorder) {
	t.Helper()
	method, path := r.method, r.path
	if method == "" {
		method = http.MethodPost
	}
	if path == "" {
		path = route
	}
	v.Response(t, method, path, w)
}

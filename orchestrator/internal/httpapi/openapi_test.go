package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/b2b-backoffice/orchestrator/internal/httpapi"
)

const specPath = "../../openapi.yaml"

func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile(specPath)
	if err != nil {
		t.Fatalf("load %s: %v", specPath, err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("%s is not valid OpenAPI: %v", specPath, err)
	}
	return doc
}

// TestOpenAPIDocumentsEveryRoute holds routes.go and openapi.yaml against
// each other, both ways.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	doc := loadSpec(t)
	routes, err := httpapi.Routes(newEnv(t).h)
	if err != nil {
		t.Fatal(err)
	}
	served := map[string]bool{}
	for _, r := range routes {
		served[r.Method+" "+r.Pattern] = true
		if item := doc.Paths.Value(r.Pattern); item == nil || item.GetOperation(r.Method) == nil {
			t.Errorf("%s %s is served but not in openapi.yaml", r.Method, r.Pattern)
		}
	}
	for p, item := range doc.Paths.Map() {
		for m := range item.Operations() {
			if !served[m+" "+p] {
				t.Errorf("%s %s is documented but not served", m, p)
			}
		}
	}
	if len(served) != 4 {
		t.Errorf("routes %v, want 4", routes)
	}
}

// TestResponsesMatchOpenAPI validates real answers (status, headers,
// body) against openapi.yaml.
func TestResponsesMatchOpenAPI(t *testing.T) {
	doc := loadSpec(t)
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
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
			validate(t, router, call.r, w)
		})
	}
	// A compensated failure and a dependency down, with their extra members.
	e.orders.SetHook(failConfirm(http.StatusConflict, "invalid_state"))
	r := req{body: order(1, "k-6", [2]int64{2, 1})}
	w := e.do(r)
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), `"compensated":true`) {
		t.Fatalf("%d %s", w.Code, w.Body.String())
	}
	validate(t, router, r, w)
}

// validate checks the request and the answer against the document.
func validate(t *testing.T, router routers.Router, r req, w *httptest.ResponseRecorder) {
	t.Helper()
	method, path := r.method, r.path
	if method == "" {
		method = http.MethodPost
	}
	if path == "" {
		path = route
	}
	hr := httptest.NewRequest(method, "http://localhost:3000"+path, nil)
	rt, params, err := router.FindRoute(hr)
	if err != nil {
		t.Fatalf("no documented route for %s %s: %v", method, path, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: hr, PathParams: params, Route: rt},
		Status:                 w.Code,
		Header:                 w.Header(),
		Body:                   io.NopCloser(bytes.NewReader(w.Body.Bytes())),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("response does not match openapi.yaml: %v\nbody: %.300s", err, w.Body.String())
	}
}

package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/b2b-backoffice/orders-api/internal/httpapi"
	"github.com/b2b-backoffice/platform/problem"
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
// each other, both ways, and the problem code list against the system's.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	doc := loadSpec(t)
	e := newEnv(t)
	routes, err := httpapi.Routes(e.h)
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
	if len(served) != 11 {
		t.Errorf("%d routes: %v", len(served), routes)
	}
	var enum, codes []string
	for _, v := range doc.Components.Schemas["Problem"].Value.Properties["code"].Value.Enum {
		enum = append(enum, fmt.Sprint(v))
	}
	for _, c := range problem.Codes() {
		codes = append(codes, string(c))
	}
	slices.Sort(enum)
	if !slices.Equal(enum, codes) {
		t.Errorf("Problem.code enum %v\nwant %v", enum, codes)
	}
}

// TestResponsesMatchOpenAPI runs real requests and validates each answer
// (status documented, headers, body schema) against openapi.yaml.
func TestResponsesMatchOpenAPI(t *testing.T) {
	doc := loadSpec(t)
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	p := e.product(129900, 5)
	o := e.place([2]int64{p.ID, 1})
	canceled := e.place([2]int64{p.ID, 1})
	wantStatus(t, e.cancel(canceled.ID), http.StatusOK)
	prod := fmt.Sprintf("/products/%d", p.ID)
	ord := fmt.Sprintf("/orders/%d", o.ID)

	calls := []struct {
		r      req
		status int
	}{
		{req{method: "POST", path: "/products", body: `{"sku":"NEW-1","name":"New","price_cents":5,"stock":1}`}, 201},
		{req{method: "POST", path: "/products", body: `{"sku":"new-1","name":"New","price_cents":5,"stock":1}`}, 409},
		{req{method: "POST", path: "/products", body: `{"sku":"","name":""}`}, 400},
		{req{method: "POST", path: "/products", body: `{"sku":"x"`, header: map[string]string{"Content-Type": "text/plain"}}, 415},
		{req{method: "POST", path: "/products", body: `{"name":"` + strings.Repeat("a", 1<<20) + `"}`}, 413},
		{req{method: "POST", path: "/products", body: `{}`, auth: "-"}, 401},
		{req{method: "GET", path: "/products?limit=1"}, 200},
		{req{method: "GET", path: "/products?search=new"}, 200},
		{req{method: "GET", path: "/products?cursor=zzz"}, 400},
		{req{method: "GET", path: prod}, 200},
		{req{method: "GET", path: "/products/999999"}, 404},
		{req{method: "PATCH", path: prod, body: `{"stock":9}`}, 200},
		{req{method: "PATCH", path: prod, body: `{}`}, 400},
		{req{method: "PATCH", path: "/products/999999", body: `{"stock":1}`}, 404},
		{req{method: "POST", path: "/orders", key: "oa-1", body: orderBody([2]int64{p.ID, 2})}, 201},
		{req{method: "POST", path: "/orders", key: "oa-1", body: orderBody([2]int64{p.ID, 2})}, 201},
		{req{method: "POST", path: "/orders", key: "oa-1", body: orderBody([2]int64{p.ID, 3})}, 422},
		{req{method: "POST", path: "/orders", body: orderBody([2]int64{p.ID, 100})}, 409},
		{req{method: "POST", path: "/orders", body: orderBody([2]int64{999999, 1})}, 404},
		{req{method: "POST", path: "/orders", body: `{"customer_id":77,"items":[{"product_id":1,"qty":1}]}`}, 404},
		{req{method: "POST", path: "/orders", body: `{"customer_id":1,"items":[]}`}, 400},
		{req{method: "GET", path: "/orders?status=CREATED&from=2020-01-01&limit=5"}, 200},
		{req{method: "GET", path: "/orders?status=NOPE"}, 400},
		{req{method: "GET", path: ord, header: map[string]string{"X-Correlation-Id": "c-1"}}, 200},
		{req{method: "GET", path: "/orders/999999"}, 404},
		{req{method: "POST", path: ord + "/confirm"}, 400},
		{req{method: "POST", path: ord + "/confirm", key: "oa-c"}, 200},
		{req{method: "POST", path: ord + "/confirm", key: "oa-c"}, 200},
		{req{method: "POST", path: fmt.Sprintf("/orders/%d/confirm", canceled.ID), key: "oa-c"}, 422},
		{req{method: "POST", path: fmt.Sprintf("/orders/%d/confirm", canceled.ID), key: "oa-x"}, 409},
		{req{method: "POST", path: "/orders/999999/confirm", key: "oa-y"}, 404},
		{req{method: "POST", path: ord + "/cancel"}, 200},
		{req{method: "POST", path: "/orders/999999/cancel"}, 404},
		{req{method: "GET", path: "/health", auth: "-"}, 200},
		{req{method: "GET", path: "/ready", auth: "-"}, 200},
	}
	for _, call := range calls {
		t.Run(fmt.Sprintf("%s %s %d", call.r.method, call.r.path, call.status), func(t *testing.T) {
			w := e.do(call.r)
			wantStatus(t, w, call.status)
			validateResponse(t, router, call.r, w)
		})
	}
	// The window: a confirmed order canceled too late.
	late := e.place([2]int64{p.ID, 1})
	wantStatus(t, e.confirm(late.ID, "oa-late"), http.StatusOK)
	e.clock.Advance(window + time.Millisecond)
	r := req{method: "POST", path: fmt.Sprintf("/orders/%d/cancel", late.ID)}
	w := e.do(r)
	wantStatus(t, w, http.StatusConflict)
	validateResponse(t, router, r, w)
	// And readiness without a database.
	e.db.Close()
	r = req{method: "GET", path: "/ready", auth: "-"}
	w = e.do(r)
	wantStatus(t, w, http.StatusServiceUnavailable)
	validateResponse(t, router, r, w)
}

func validateResponse(t *testing.T, router routers.Router, r req, w *httptest.ResponseRecorder) {
	t.Helper()
	hr := httptest.NewRequest(r.method, "http://localhost:3002"+r.path, nil)
	route, params, err := router.FindRoute(hr)
	if err != nil {
		t.Fatalf("no documented route for %s %s: %v", r.method, r.path, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: hr, PathParams: params, Route: route},
		Status:                 w.Code,
		Header:                 w.Header(),
		Body:                   io.NopCloser(bytes.NewReader(w.Body.Bytes())),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("response does not match openapi.yaml: %v\nbody: %.300s", err, w.Body.String())
	}
}

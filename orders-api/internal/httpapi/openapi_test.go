package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/b2b-backoffice/platform/openapitest"
)

const specPath = "../../openapi.yaml"

// TestOpenAPIDocumentsEveryRoute holds routes.go and openapi.yaml against
// each other, both ways, and the problem code list against the system's.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	doc := openapitest.Load(t, specPath)
	openapitest.CheckRoutes(t, doc, newEnv(t).h, 11)
	openapitest.CheckProblemCodes(t, doc)
}

// TestResponsesMatchOpenAPI runs real requests and validates each answer
// (status documented, headers, body schema) against openapi.yaml.
func TestResponsesMatchOpenAPI(t *testing.T) {
	v := openapitest.NewValidator(t, openapitest.Load(t, specPath))
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
			v.Response(t, call.r.method, call.r.path, w)
		})
	}
	// The window: a confirmed order canceled too late.
	late := e.place([2]int64{p.ID, 1})
	wantStatus(t, e.confirm(late.ID, "oa-late"), http.StatusOK)
	e.clock.Advance(window + time.Millisecond)
	r := req{method: "POST", path: fmt.Sprintf("/orders/%d/cancel", late.ID)}
	w := e.do(r)
	wantStatus(t, w, http.StatusConflict)
	v.Response(t, r.method, r.path, w)
	// And readiness without a database.
	e.db.Close()
	r = req{method: "GET", path: "/ready", auth: "-"}
	w = e.do(r)
	wantStatus(t, w, http.StatusServiceUnavailable)
	v.Response(t, r.method, r.path, w)
}

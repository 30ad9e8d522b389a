package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"github.com/b2b-backoffice/platform/apitest"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/b2b-backoffice/customers-api/internal/httpapi"
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
// each other, both ways.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	doc := loadSpec(t)
	e := newEnv(t)
	routes, err := httpapi.Routes(e.h)
	if err != nil {
		t.Fatal(err)
	}
	served := map[string]bool{}
	for _, r := range routes {
		key := r.Method + " " + r.Pattern
		served[key] = true
		item := doc.Paths.Value(r.Pattern)
		if item == nil || item.GetOperation(r.Method) == nil {
			t.Errorf("%s is served but not in openapi.yaml", key)
		}
	}
	for p, item := range doc.Paths.Map() {
		for m := range item.Operations() {
			if !served[m+" "+p] {
				t.Errorf("%s %s is documented but not served", m, p)
			}
		}
	}
	if len(served) < 8 {
		t.Errorf("only %d routes found: %v", len(served), routes)
	}

	// The code enum is the system's code list.
	var enum []string
	for _, v := range doc.Components.Schemas["Problem"].Value.Properties["code"].Value.Enum {
		enum = append(enum, fmt.Sprint(v))
	}
	var codes []string
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
	c := e.create("ACME", "ops@acme.com", "+34 600")
	gone := e.create("Gone", "gone@acme.com")
	apitest.WantStatus(t, e.do(req{Method: "DELETE", Path: path(gone.ID)}), http.StatusNoContent)
	e.create("Third", "third@acme.com")

	calls := []struct {
		r      req
		status int
	}{
		{req{Method: "POST", Path: "/customers", Body: `{"name":"New","email":"new@acme.com"}`}, 201},
		{req{Method: "POST", Path: "/customers", Body: `{"name":"New","email":"new@acme.com"}`}, 409},
		{req{Method: "POST", Path: "/customers", Body: `{"name":"","email":"x"}`}, 400},
		{req{Method: "POST", Path: "/customers", Body: `{"name":`}, 400},
		{req{Method: "POST", Path: "/customers", Body: `{"name":"x","email":"x@y.z"}`, Header: map[string]string{"Content-Type": "text/plain"}}, 415},
		{req{Method: "POST", Path: "/customers", Body: `{"name":"` + strings.Repeat("a", 1<<20) + `"}`}, 413},
		{req{Method: "POST", Path: "/customers", Body: `{"name":"x","email":"x@y.z"}`, Auth: "-"}, 401},
		{req{Method: "GET", Path: "/customers?limit=1"}, 200},
		{req{Method: "GET", Path: "/customers?search=acme&limit=100"}, 200},
		{req{Method: "GET", Path: "/customers?limit=0"}, 400},
		{req{Method: "GET", Path: "/customers?cursor=zzz"}, 400},
		{req{Method: "GET", Path: path(c.ID), Header: map[string]string{"X-Correlation-Id": "c-1"}}, 200},
		{req{Method: "GET", Path: path(gone.ID)}, 404},
		{req{Method: "PUT", Path: path(c.ID), Body: `{"phone":null}`}, 200},
		{req{Method: "PUT", Path: path(c.ID), Body: `{}`}, 400},
		{req{Method: "PUT", Path: path(c.ID), Body: `{"email":"third@acme.com"}`}, 409},
		{req{Method: "PUT", Path: path(gone.ID), Body: `{"name":"x"}`}, 404},
		{req{Method: "GET", Path: "/internal" + path(c.ID), Auth: "Bearer " + serviceToken}, 200},
		{req{Method: "GET", Path: "/internal" + path(c.ID)}, 403},
		{req{Method: "GET", Path: "/internal" + path(c.ID), Auth: "-"}, 401},
		{req{Method: "GET", Path: "/internal" + path(gone.ID), Auth: "Bearer " + serviceToken}, 404},
		{req{Method: "DELETE", Path: path(c.ID)}, 204},
		{req{Method: "DELETE", Path: path(c.ID)}, 404},
		{req{Method: "GET", Path: "/health", Auth: "-"}, 200},
		{req{Method: "GET", Path: "/ready", Auth: "-"}, 200},
	}
	for _, call := range calls {
		t.Run(fmt.Sprintf("%s %s %d", call.r.Method, call.r.Path, call.status), func(t *testing.T) {
			w := e.do(call.r)
			apitest.WantStatus(t, w, call.status)
			validateResponse(t, router, call.r, w)
		})
	}
	// And readiness without a database.
	e.db.Close()
	w := e.do(req{Method: "GET", Path: "/ready", Auth: "-"})
	apitest.WantStatus(t, w, http.StatusServiceUnavailable)
	validateResponse(t, router, req{Method: "GET", Path: "/ready"}, w)
}

func validateResponse(t *testing.T, router routers.Router, r req, w *httptest.ResponseRecorder) {
	t.Helper()
	hr := httptest.NewRequest(r.Method, "http://localhost:3001"+r.Path, nil)
	route, params, err := router.FindRoute(hr)
	if err != nil {
		t.Fatalf("no documented route for %s %s: %v", r.Method, r.Path, err)
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

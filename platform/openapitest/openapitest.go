// Package openapitest holds a service's routes and answers against its
// openapi.yaml: the document loads and is valid, every route served is
// documented and every documented operation is served, the Problem.code
// enum is the system's code list, and real responses match the document.
//
// It is apart from apitest so that only the tests that use it compile
// kin-openapi.
package openapitest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/go-chi/chi/v5"

	"github.com/b2b-backoffice/platform/problem"
)

// Load reads the OpenAPI document at path and fails t unless it is valid.
func Load(t testing.TB, path string) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("%s is not valid OpenAPI: %v", path, err)
	}
	return doc
}

// Route is one method and path pattern a handler serves.
type Route struct{ Method, Pattern string }

// Routes lists the routes of a chi router, so a service's test can hold
// them against its document without importing chi itself.
func Routes(h http.Handler) ([]Route, error) {
	mux, ok := h.(chi.Routes)
	if !ok {
		return nil, fmt.Errorf("openapitest: %T is not a chi router", h)
	}
	var out []Route
	err := chi.Walk(mux, func(method, pattern string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		out = append(out, Route{Method: method, Pattern: pattern})
		return nil
	})
	return out, err
}

// CompareRoutes returns one line for each route served but not in doc and
// each operation in doc but not served; none when they agree.
func CompareRoutes(doc *openapi3.T, routes []Route) []string {
	var diffs []string
	served := map[string]bool{}
	for _, r := range routes {
		served[r.Method+" "+r.Pattern] = true
		if item := doc.Paths.Value(r.Pattern); item == nil || item.GetOperation(r.Method) == nil {
			diffs = append(diffs, fmt.Sprintf("%s %s is served but not in openapi.yaml", r.Method, r.Pattern))
		}
	}
	for p, item := range doc.Paths.Map() {
		for m := range item.Operations() {
			if !served[m+" "+p] {
				diffs = append(diffs, fmt.Sprintf("%s %s is documented but not served", m, p))
			}
		}
	}
	slices.Sort(diffs) // the document's paths come from a map
	return diffs
}

// CheckRoutes holds h's routes and doc against each other, both ways, and
// fails t unless h serves exactly want routes (so a walk that finds
// nothing cannot pass for agreement).
func CheckRoutes(t testing.TB, doc *openapi3.T, h http.Handler, want int) {
	t.Helper()
	routes, err := Routes(h)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range CompareRoutes(doc, routes) {
		t.Error(d)
	}
	served := map[Route]bool{}
	for _, r := range routes {
		served[r] = true
	}
	if len(served) != want {
		t.Errorf("%d routes served, want %d: %v", len(served), want, routes)
	}
}

// CompareProblemCodes returns an error unless doc's Problem.code enum is
// exactly the system's code list, problem.Codes().
func CompareProblemCodes(doc *openapi3.T) error {
	schema := doc.Components.Schemas["Problem"]
	if schema == nil || schema.Value == nil || schema.Value.Properties["code"] == nil || schema.Value.Properties["code"].Value == nil {
		return fmt.Errorf("openapi.yaml has no Problem schema with a code property")
	}
	var enum, codes []string
	for _, v := range schema.Value.Properties["code"].Value.Enum {
		enum = append(enum, fmt.Sprint(v))
	}
	for _, c := range problem.Codes() {
		codes = append(codes, string(c))
	}
	slices.Sort(enum) // Codes() is sorted
	if !slices.Equal(enum, codes) {
		return fmt.Errorf("Problem.code enum %v\nwant %v", enum, codes)
	}
	return nil
}

// CheckProblemCodes fails t unless doc's Problem.code enum is the system's
// code list.
func CheckProblemCodes(t testing.TB, doc *openapi3.T) {
	t.Helper()
	if err := CompareProblemCodes(doc); err != nil {
		t.Error(err)
	}
}

// Validator checks answers against one document.
type Validator struct {
	router routers.Router
	// base is the document's first server, which the router matches
	// request URLs against.
	base string
}

// NewValidator returns a Validator for doc, failing t if doc's paths do
// not make a router.
func NewValidator(t testing.TB, doc *openapi3.T) *Validator {
	t.Helper()
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	base := "http://localhost"
	if len(doc.Servers) > 0 {
		base = doc.Servers[0].URL
	}
	return &Validator{router: router, base: base}
}

// Check returns an error unless the document has an operation for method
// and path (path may carry a query) and the answer (status documented,
// headers, body schema) matches it.
func (v *Validator) Check(method, path string, status int, header http.Header, body []byte) error {
	hr := httptest.NewRequest(method, v.base+path, nil)
	route, params, err := v.router.FindRoute(hr)
	if err != nil {
		return fmt.Errorf("no documented route for %s %s: %w", method, path, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: hr, PathParams: params, Route: route},
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		return fmt.Errorf("response does not match openapi.yaml: %w\nbody: %.300s", err, body)
	}
	return nil
}

// Response fails t unless w, the answer to method and path, matches the
// document.
func (v *Validator) Response(t testing.TB, method, path string, w *httptest.ResponseRecorder) {
	t.Helper()
	if err := v.Check(method, path, w.Code, w.Header(), w.Body.Bytes()); err != nil {
		t.Error(err)
	}
}

package httpapi_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/b2b-backoffice/platform/problem"
)

// wireTime is SPEC §1's time format: RFC 3339 UTC with milliseconds.
var wireTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

func TestProductCreateAndGet(t *testing.T) {
	e := newEnv(t)
	w := e.do(req{method: "POST", path: "/products", body: `{"sku":" Widget-1 ","name":" Widget ","price_cents":129900,"stock":50}`})
	wantStatus(t, w, http.StatusCreated)
	p := decodeAs[product](t, w)
	if p.ID < 1 || p.SKU != "Widget-1" || p.Name != "Widget" || p.PriceCents != 129900 || p.Stock != 50 {
		t.Errorf("created %+v", p)
	}
	if loc := w.Header().Get("Location"); loc != fmt.Sprintf("/products/%d", p.ID) {
		t.Errorf("Location %q", loc)
	}
	if !wireTime.MatchString(p.CreatedAt) || p.CreatedAt != p.UpdatedAt {
		t.Errorf("times %q %q", p.CreatedAt, p.UpdatedAt)
	}
	if m := decodeAs[map[string]any](t, w); len(m) != 7 {
		t.Errorf("members %v, want the 7 of SPEC §4", m)
	}
	g := e.do(req{method: "GET", path: fmt.Sprintf("/products/%d", p.ID)})
	wantStatus(t, g, http.StatusOK)
	if got := decodeAs[product](t, g); got != p {
		t.Errorf("GET %+v, POST answered %+v", got, p)
	}

	// The sku is unique in any letter case.
	w = e.do(req{method: "POST", path: "/products", body: `{"sku":"WIDGET-1","name":"Other","price_cents":1,"stock":1}`})
	wantProblem(t, w, http.StatusConflict, problem.SKUTaken)

	wantProblem(t, e.do(req{method: "GET", path: "/products/999999"}), http.StatusNotFound, problem.ProductNotFound)
	for _, bad := range []string{"0", "-1", "abc", "1.5", "01"} {
		b := wantProblem(t, e.do(req{method: "GET", path: "/products/" + bad}), http.StatusBadRequest, problem.ValidationFailed)
		wantField(t, b, "id")
	}
	if e.count("products") != 1 {
		t.Errorf("%d products, want 1", e.count("products"))
	}
}

func TestProductCreateRejectsBadInput(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		name, body string
		status     int
		code       problem.Code
		field      string
	}{
		{"empty", "", 400, problem.InvalidJSON, ""},
		{"malformed", `{"sku":`, 400, problem.InvalidJSON, ""},
		{"not an object", `["sku"]`, 400, problem.InvalidJSON, ""},
		{"unknown field", `{"sku":"A","name":"N","price_cents":1,"stock":1,"id":5}`, 400, problem.ValidationFailed, "id"},
		{"wrong type", `{"sku":"A","name":"N","price_cents":"1","stock":1}`, 400, problem.ValidationFailed, "price_cents"},
		{"bad sku", `{"sku":"A B","name":"N","price_cents":1,"stock":1}`, 400, problem.ValidationFailed, "sku"},
		{"hostile sku", `{"sku":"a'; DROP TABLE products;--","name":"N","price_cents":1,"stock":1}`, 400, problem.ValidationFailed, "sku"},
		{"negative stock", `{"sku":"A","name":"N","price_cents":1,"stock":-1}`, 400, problem.ValidationFailed, "stock"},
		{"negative price", `{"sku":"A","name":"N","price_cents":-1,"stock":1}`, 400, problem.ValidationFailed, "price_cents"},
		{"float price", `{"sku":"A","name":"N","price_cents":9.99,"stock":1}`, 400, problem.ValidationFailed, "price_cents"},
		{"oversized", `{"sku":"A","name":"` + strings.Repeat("x", 1<<20) + `","price_cents":1,"stock":1}`, 413, problem.BodyTooLarge, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := wantProblem(t, e.do(req{method: "POST", path: "/products", body: c.body}), c.status, c.code)
			if c.field != "" {
				wantField(t, b, c.field)
			}
		})
	}
	w := e.do(req{method: "POST", path: "/products", body: `{"sku":"A","name":"N","price_cents":1,"stock":1}`,
		header: map[string]string{"Content-Type": "text/plain"}})
	wantProblem(t, w, http.StatusUnsupportedMediaType, problem.UnsupportedMediaType)
	wantProblem(t, e.do(req{method: "POST", path: "/products", auth: "-", body: `{}`}), http.StatusUnauthorized, problem.Unauthorized)
	if n := e.count("products"); n != 0 {
		t.Errorf("%d products stored by rejected requests", n)
	}
}

func TestProductList(t *testing.T) {
	e := newEnv(t)
	for _, b := range []string{
		`{"sku":"BOLT-10","name":"Bolt 10%","price_cents":5,"stock":1}`,
		`{"sku":"NUT_8","name":"Hex nut","price_cents":3,"stock":1}`,
		`{"sku":"WASHER","name":"Washer for bolts","price_cents":1,"stock":1}`,
	} {
		wantStatus(t, e.do(req{method: "POST", path: "/products", body: b}), http.StatusCreated)
	}
	type list struct {
		Data       []product `json:"data"`
		NextCursor *string   `json:"next_cursor"`
	}
	skus := func(path string) ([]string, *string) {
		t.Helper()
		w := e.do(req{method: "GET", path: path})
		wantStatus(t, w, http.StatusOK)
		l := decodeAs[list](t, w)
		var out []string
		for _, p := range l.Data {
			out = append(out, p.SKU)
		}
		return out, l.NextCursor
	}
	if got, next := skus("/products"); strings.Join(got, ",") != "BOLT-10,NUT_8,WASHER" || next != nil {
		t.Errorf("all: %v next %v", got, next)
	}
	// Search is literal and case-insensitive over sku and name.
	for q, want := range map[string]string{
		"bolt": "BOLT-10,WASHER", "10%25": "BOLT-10", "%25": "BOLT-10", "_": "NUT_8", "hex": "NUT_8", "zzz": "",
	} {
		if got, _ := skus("/products?search=" + q); strings.Join(got, ",") != want {
			t.Errorf("search %q: %v, want %s", q, got, want)
		}
	}
	got, next := skus("/products?limit=2")
	if len(got) != 2 || next == nil {
		t.Fatalf("page 1: %v %v", got, next)
	}
	got, next = skus("/products?limit=2&cursor=" + *next)
	if strings.Join(got, ",") != "WASHER" || next != nil {
		t.Errorf("page 2: %v %v", got, next)
	}
	wantProblem(t, e.do(req{method: "GET", path: "/products?limit=0"}), 400, problem.ValidationFailed)
	wantProblem(t, e.do(req{method: "GET", path: "/products?limit=101"}), 400, problem.ValidationFailed)
	wantProblem(t, e.do(req{method: "GET", path: "/products?cursor=nope"}), 400, problem.InvalidCursor)
}

func TestProductPatch(t *testing.T) {
	e := newEnv(t)
	p := e.product(100, 5)
	path := fmt.Sprintf("/products/%d", p.ID)
	e.clock.Advance(1500 * 1e6) // updated_at moves on

	w := e.do(req{method: "PATCH", path: path, body: `{"stock":42}`})
	wantStatus(t, w, http.StatusOK)
	got := decodeAs[product](t, w)
	if got.Stock != 42 || got.Name != p.Name || got.PriceCents != 100 || got.SKU != p.SKU || got.CreatedAt != p.CreatedAt || got.UpdatedAt == p.UpdatedAt {
		t.Errorf("after stock patch %+v (was %+v)", got, p)
	}
	w = e.do(req{method: "PATCH", path: path, body: `{"name":" Renamed ","price_cents":250}`})
	wantStatus(t, w, http.StatusOK)
	if got = decodeAs[product](t, w); got.Name != "Renamed" || got.PriceCents != 250 || got.Stock != 42 {
		t.Errorf("after name/price patch %+v", got)
	}
	if e.stock(p.ID) != 42 {
		t.Errorf("stored stock %d", e.stock(p.ID))
	}
	for body, field := range map[string]string{
		`{}`: "body", `{"stock":-1}`: "stock", `{"stock":null}`: "stock", `{"name":""}`: "name",
		`{"sku":"X"}`: "sku", `{"price_cents":1e99}`: "price_cents",
	} {
		b := wantProblem(t, e.do(req{method: "PATCH", path: path, body: body}), 400, problem.ValidationFailed)
		wantField(t, b, field)
	}
	wantProblem(t, e.do(req{method: "PATCH", path: "/products/999999", body: `{"stock":1}`}), 404, problem.ProductNotFound)
	if g := decodeAs[product](t, e.do(req{method: "GET", path: path})); g.Stock != 42 || g.Name != "Renamed" {
		t.Errorf("rejected patches changed the product: %+v", g)
	}
}

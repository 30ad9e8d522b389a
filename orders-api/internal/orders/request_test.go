package orders

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/b2b-backoffice/platform/httpx"
	"github.com/b2b-backoffice/platform/problem"
)

func items(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`{"product_id":%d,"qty":1}`, i+1)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func TestCreateOrderRequestDecoding(t *testing.T) {
	ok := []string{
		`{"customer_id":1,"items":[{"product_id":2,"qty":1}]}`,
		`{"customer_id":1,"items":[{"product_id":2,"qty":10000}]}`,
		`{"customer_id":1,"items":` + items(100) + `}`,
		` {"items":[{"qty":3,"product_id":2}],"customer_id":9} `,
	}
	for _, body := range ok {
		var r CreateOrderRequest
		if err := httpx.DecodeBytes([]byte(body), &r); err != nil {
			t.Errorf("%s: %v", body, err)
		}
	}
	bad := []struct {
		body  string
		code  problem.Code
		field string
	}{
		{``, problem.InvalidJSON, ""},
		{`{`, problem.InvalidJSON, ""},
		{`[]`, problem.InvalidJSON, ""},
		{`null`, problem.InvalidJSON, ""},
		{`{"customer_id":1,"items":[{"product_id":2,"qty":1}]} {}`, problem.InvalidJSON, ""},
		{`{}`, problem.ValidationFailed, "customer_id"},
		{`{"customer_id":1}`, problem.ValidationFailed, "items"},
		{`{"customer_id":1,"items":null}`, problem.ValidationFailed, "items"},
		{`{"customer_id":1,"items":[]}`, problem.ValidationFailed, "items"},
		{`{"customer_id":1,"items":` + items(101) + `}`, problem.ValidationFailed, "items"},
		{`{"customer_id":0,"items":[{"product_id":2,"qty":1}]}`, problem.ValidationFailed, "customer_id"},
		{`{"customer_id":-1,"items":[{"product_id":2,"qty":1}]}`, problem.ValidationFailed, "customer_id"},
		{`{"customer_id":"1","items":[{"product_id":2,"qty":1}]}`, problem.ValidationFailed, "customer_id"},
		{`{"customer_id":1.5,"items":[{"product_id":2,"qty":1}]}`, problem.ValidationFailed, "customer_id"},
		{`{"customer_id":1e30,"items":[{"product_id":2,"qty":1}]}`, problem.ValidationFailed, "customer_id"},
		{`{"customer_id":1,"items":[{"product_id":2,"qty":0}]}`, problem.ValidationFailed, "items[0].qty"},
		{`{"customer_id":1,"items":[{"product_id":2,"qty":-3}]}`, problem.ValidationFailed, "items[0].qty"},
		{`{"customer_id":1,"items":[{"product_id":2,"qty":10001}]}`, problem.ValidationFailed, "items[0].qty"},
		{`{"customer_id":1,"items":[{"product_id":2}]}`, problem.ValidationFailed, "items[0].qty"},
		{`{"customer_id":1,"items":[{"qty":1}]}`, problem.ValidationFailed, "items[0].product_id"},
		{`{"customer_id":1,"items":[{"product_id":2,"qty":1},{"product_id":3,"qty":1},{"product_id":2,"qty":5}]}`, problem.ValidationFailed, "items[2].product_id"},
		{`{"customer_id":1,"items":[{"product_id":2,"qty":1}],"status":"CONFIRMED"}`, problem.ValidationFailed, "status"},
		{`{"customer_id":1,"items":[{"product_id":2,"qty":1,"unit_price_cents":1}]}`, problem.ValidationFailed, "unit_price_cents"},
		{`{"customer_id":1,"items":{"product_id":2,"qty":1}}`, problem.ValidationFailed, "items"},
	}
	for _, c := range bad {
		var r CreateOrderRequest
		err := httpx.DecodeBytes([]byte(c.body), &r)
		pe, ok := problem.As(err)
		if !ok || pe.Code != c.code {
			t.Errorf("%.80s: err %v, want %s", c.body, err, c.code)
			continue
		}
		if c.field != "" && !names(pe, c.field) {
			t.Errorf("%.80s: errors %+v do not name %s", c.body, pe.Fields, c.field)
		}
	}
}

func names(pe *problem.Error, field string) bool {
	for _, f := range pe.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// FuzzCreateOrderRequest: whatever the body, decoding either yields a
// request inside every rule of SPEC §4 or a 400-class problem; it never
// panics and never fails with anything else.
func FuzzCreateOrderRequest(f *testing.F) {
	for _, s := range []string{
		`{"customer_id":1,"items":[{"product_id":2,"qty":1}]}`,
		`{"customer_id":1,"items":[{"product_id":2,"qty":1},{"product_id":2,"qty":1}]}`,
		`{"customer_id":1,"items":[{"product_id":2,"qty":10001}]}`,
		`{"customer_id":1,"items":[]}`,
		`{"customer_id":9223372036854775807,"items":[{"product_id":9223372036854775807,"qty":10000}]}`,
		`{"customer_id":1,"items":[{"product_id":2,"qty":1e3}]}`,
		`{"customer_id":null,"items":[null]}`,
		`{"customer_id":1,"items":[{"product_id":2,"qty":1}],"x":1}`,
		`{"customer_id":1,"customer_id":2,"items":[{"product_id":2,"qty":1}]}`,
		`{"customer_id":1,"items":[{"product_id":2,"qty":"1"}]}`,
		"{\"customer_id\":1,\"items\":[{\"product_id\":2,\"qty\":1}]}\x00",
		`"just a string"`, `[]`, `{`, ``, `{"items":` + items(101) + `}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var r CreateOrderRequest
		err := httpx.DecodeBytes(body, &r)
		if err != nil {
			pe, ok := problem.As(err)
			if !ok || pe.Status() != http.StatusBadRequest {
				t.Fatalf("%q: err %v is not a 400 problem", body, err)
			}
			return
		}
		if r.CustomerID < 1 || len(r.Items) < 1 || len(r.Items) > MaxItems {
			t.Fatalf("%q accepted: %+v", body, r)
		}
		seen := map[int64]bool{}
		for _, it := range r.Items {
			if it.ProductID < 1 || it.Qty < 1 || it.Qty > MaxQty || seen[it.ProductID] {
				t.Fatalf("%q accepted a bad item: %+v", body, it)
			}
			seen[it.ProductID] = true
		}
	})
}

func TestProductRequests(t *testing.T) {
	var c CreateProductRequest
	if err := httpx.DecodeBytes([]byte(`{"sku":" AB-1.x_Y ","name":" Widget ","price_cents":0,"stock":0}`), &c); err != nil {
		t.Fatal(err)
	}
	if c.SKU != "AB-1.x_Y" || c.Name != "Widget" || *c.PriceCents != 0 || *c.Stock != 0 {
		t.Errorf("decoded %+v", c)
	}
	bad := []struct{ body, field string }{
		{`{"name":"W","price_cents":1,"stock":1}`, "sku"},
		{`{"sku":"a b","name":"W","price_cents":1,"stock":1}`, "sku"},
		{`{"sku":"` + strings.Repeat("s", 65) + `","name":"W","price_cents":1,"stock":1}`, "sku"},
		{`{"sku":"A","name":"  ","price_cents":1,"stock":1}`, "name"},
		{`{"sku":"A","name":"` + strings.Repeat("n", 201) + `","price_cents":1,"stock":1}`, "name"},
		{`{"sku":"A","name":"W","stock":1}`, "price_cents"},
		{`{"sku":"A","name":"W","price_cents":-1,"stock":1}`, "price_cents"},
		{`{"sku":"A","name":"W","price_cents":1.5,"stock":1}`, "price_cents"},
		{`{"sku":"A","name":"W","price_cents":1000000000001,"stock":1}`, "price_cents"},
		{`{"sku":"A","name":"W","price_cents":1}`, "stock"},
		{`{"sku":"A","name":"W","price_cents":1,"stock":-1}`, "stock"},
		{`{"sku":"A","name":"W","price_cents":1,"stock":1000000001}`, "stock"},
	}
	for _, b := range bad {
		var r CreateProductRequest
		pe, ok := problem.As(httpx.DecodeBytes([]byte(b.body), &r))
		if !ok || pe.Code != problem.ValidationFailed || !names(pe, b.field) {
			t.Errorf("%.60s: %v, want validation_failed naming %s", b.body, pe, b.field)
		}
	}

	var u UpdateProductRequest
	if err := httpx.DecodeBytes([]byte(`{"stock":0}`), &u); err != nil {
		t.Fatal(err)
	}
	if p := u.Patch(); p.Stock == nil || *p.Stock != 0 || p.Name != nil || p.PriceCents != nil {
		t.Errorf("patch %+v", p)
	}
	badPatch := []struct{ body, field string }{
		{`{}`, "body"},
		{`{"name":null}`, "name"},
		{`{"name":" "}`, "name"},
		{`{"price_cents":-1}`, "price_cents"},
		{`{"stock":null}`, "stock"},
		{`{"stock":-5}`, "stock"},
		{`{"stock":"5"}`, "stock"},
		{`{"sku":"B"}`, "sku"},
	}
	for _, b := range badPatch {
		var r UpdateProductRequest
		pe, ok := problem.As(httpx.DecodeBytes([]byte(b.body), &r))
		if !ok || pe.Code != problem.ValidationFailed || !names(pe, b.field) {
			t.Errorf("%s: %v (%+v), want validation_failed naming %s", b.body, pe, pe, b.field)
		}
	}
}

func TestParseListFilter(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.Parse(time.RFC3339Nano, s); return t }
	f, err := ParseListFilter(url.Values{"status": {"confirmed"}, "from": {"2026-11-01"}, "to": {"2026-11-29"}})
	if err != nil {
		t.Fatal(err)
	}
	if f.Status != Confirmed || !f.From.Equal(day("2026-11-01T00:00:00Z")) || !f.To.Equal(day("2026-11-29T23:59:59.999Z")) {
		t.Errorf("filter %+v %v %v", f, f.From, f.To)
	}
	f, err = ParseListFilter(url.Values{"from": {"2026-11-29T10:28:55.1239+01:00"}, "to": {"2026-11-29T10:28:55Z"}})
	if err != nil {
		t.Fatal(err)
	}
	if !f.From.Equal(day("2026-11-29T09:28:55.123Z")) || !f.To.Equal(day("2026-11-29T10:28:55Z")) {
		t.Errorf("from %v to %v", f.From, f.To)
	}
	if f, err := ParseListFilter(url.Values{}); err != nil || f.Status != "" || f.From != nil || f.To != nil {
		t.Errorf("empty: %+v %v", f, err)
	}
	for _, q := range []url.Values{
		{"status": {"SHIPPED"}},
		{"from": {"yesterday"}},
		{"to": {"2026-13-01"}},
		{"to": {"2026-11-29 10:00:00"}},
		{"from": {"2026-11-30"}, "to": {"2026-11-29"}},
	} {
		if _, err := ParseListFilter(q); problem.CodeOf(err) != problem.ValidationFailed {
			t.Errorf("%v: err %v", q, err)
		}
	}
}

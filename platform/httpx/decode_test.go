package httpx_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/b2b-backoffice/platform/httpx"
	"github.com/b2b-backoffice/platform/problem"
)

type item struct {
	ProductID int64 `json:"product_id" validate:"required,gt=0"`
	Qty       int   `json:"qty" validate:"min=1,max=10000"`
}

type order struct {
	CustomerID int64   `json:"customer_id" validate:"required,gt=0"`
	Note       string  `json:"note" validate:"max=5"`
	Items      []item  `json:"items" validate:"required,min=1,max=3,dive"`
	Tag        *string `json:"tag,omitempty" validate:"omitempty,notblank"`
	Internal   string  `json:"-"`
}

// normalized trims Note before validation.
type normalized struct {
	Note string `json:"note" validate:"required,max=3"`
}

func (n *normalized) Normalize() { n.Note = strings.TrimSpace(n.Note) }

// checked has a cross-field rule tags cannot say.
type checked struct {
	A int `json:"a"`
	B int `json:"b"`
}

func (c *checked) Validate() error {
	if c.A > c.B {
		return problem.Validation(problem.FieldError{Field: "a", Message: "must not exceed b"})
	}
	return nil
}

func wantCode(t *testing.T, err error, code problem.Code, field string) {
	t.Helper()
	pe, ok := problem.As(err)
	if !ok || pe.Code != code {
		t.Fatalf("err %v, want %s", err, code)
	}
	if field == "" {
		return
	}
	for _, f := range pe.Fields {
		if f.Field == field && f.Message != "" {
			return
		}
	}
	t.Fatalf("fields %+v do not name %q", pe.Fields, field)
}

func TestDecodeBytes(t *testing.T) {
	ok := `{"customer_id":1,"items":[{"product_id":2,"qty":3}]}`
	cases := []struct {
		name, body string
		code       problem.Code
		field      string
	}{
		{"valid", ok, "", ""},
		{"valid with surrounding space", " \n" + ok + "\n ", "", ""},
		{"empty", ``, problem.InvalidJSON, ""},
		{"spaces", "  \n ", problem.InvalidJSON, ""},
		{"malformed", `{"customer_id":1,`, problem.InvalidJSON, ""},
		{"not JSON", `customer_id=1`, problem.InvalidJSON, ""},
		{"array", `[1,2]`, problem.InvalidJSON, ""},
		{"number", `42`, problem.InvalidJSON, ""},
		{"null", `null`, problem.InvalidJSON, ""},
		{"trailing object", ok + `{}`, problem.InvalidJSON, ""},
		{"trailing garbage", ok + ` x`, problem.InvalidJSON, ""},
		{"trailing comma", ok[:len(ok)-1] + `,}`, problem.InvalidJSON, ""},
		{"unknown field", `{"customer_id":1,"items":[{"product_id":2,"qty":3}],"coupon":"X"}`, problem.ValidationFailed, "coupon"},
		{"unknown nested field", `{"customer_id":1,"items":[{"product_id":2,"qty":3,"price":1}]}`, problem.ValidationFailed, "price"},
		{"json:\"-\" field is unknown", `{"customer_id":1,"items":[{"product_id":2,"qty":3}],"Internal":"x"}`, problem.ValidationFailed, "Internal"},
		{"wrong type", `{"customer_id":"1","items":[{"product_id":2,"qty":3}]}`, problem.ValidationFailed, "customer_id"},
		{"wrong nested type", `{"customer_id":1,"items":[{"product_id":2,"qty":"3"}]}`, problem.ValidationFailed, "items.qty"},
		{"fraction for an integer", `{"customer_id":1.5,"items":[{"product_id":2,"qty":3}]}`, problem.ValidationFailed, "customer_id"},
		{"object for an array", `{"customer_id":1,"items":{}}`, problem.ValidationFailed, "items"},
		{"wrong type then broken", `{"customer_id":"1",`, problem.InvalidJSON, ""},
		{"unknown then broken", `{"zzz":1,`, problem.InvalidJSON, ""},
		{"missing required", `{"items":[{"product_id":2,"qty":3}]}`, problem.ValidationFailed, "customer_id"},
		{"nested rule", `{"customer_id":1,"items":[{"product_id":2,"qty":3},{"product_id":2,"qty":0}]}`, problem.ValidationFailed, "items[1].qty"},
		{"too few", `{"customer_id":1,"items":[]}`, problem.ValidationFailed, "items"},
		{"too many", `{"customer_id":1,"items":[{"product_id":1,"qty":1},{"product_id":2,"qty":1},{"product_id":3,"qty":1},{"product_id":4,"qty":1}]}`, problem.ValidationFailed, "items"},
		{"string too long (runes)", `{"customer_id":1,"note":"éééééé","items":[{"product_id":2,"qty":3}]}`, problem.ValidationFailed, "note"},
		{"blank pointer", `{"customer_id":1,"tag":"  ","items":[{"product_id":2,"qty":3}]}`, problem.ValidationFailed, "tag"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var o order
			err := httpx.DecodeBytes([]byte(tc.body), &o)
			if tc.code == "" {
				if err != nil || o.CustomerID != 1 || len(o.Items) != 1 || o.Items[0].Qty != 3 {
					t.Fatalf("%+v, %v", o, err)
				}
				return
			}
			wantCode(t, err, tc.code, tc.field)
		})
	}
}

func TestValidationMessages(t *testing.T) {
	var o order
	err := httpx.DecodeBytes([]byte(`{"customer_id":0,"note":"toolong","items":[{"product_id":1,"qty":0},{"product_id":0,"qty":10001}]}`), &o)
	pe, _ := problem.As(err)
	if pe == nil {
		t.Fatalf("err %v", err)
	}
	got := map[string]string{}
	for _, f := range pe.Fields {
		got[f.Field] = f.Message
	}
	want := map[string]string{
		"customer_id":         "is required",
		"note":                "must be at most 5 characters long",
		"items[0].qty":        "must be at least 1",
		"items[1].product_id": "is required",
		"items[1].qty":        "must be at most 10000",
	}
	for f, m := range want {
		if got[f] != m {
			t.Errorf("%s: %q, want %q (all: %v)", f, got[f], m, got)
		}
	}
}

func TestNormalizerAndValidatable(t *testing.T) {
	var n normalized
	if err := httpx.DecodeBytes([]byte(`{"note":"  abc  "}`), &n); err != nil || n.Note != "abc" {
		t.Errorf("normalize before validate: %q, %v", n.Note, err)
	}
	wantCode(t, httpx.DecodeBytes([]byte(`{"note":"   "}`), &normalized{}), problem.ValidationFailed, "note")

	if err := httpx.DecodeBytes([]byte(`{"a":1,"b":2}`), &checked{}); err != nil {
		t.Error(err)
	}
	wantCode(t, httpx.DecodeBytes([]byte(`{"a":3,"b":2}`), &checked{}), problem.ValidationFailed, "a")
}

func TestDecodeRequest(t *testing.T) {
	ok := `{"customer_id":1,"items":[{"product_id":2,"qty":3}]}`
	cases := []struct {
		name, ct, body string
		code           problem.Code
	}{
		{"missing Content-Type is JSON", "", ok, ""},
		{"application/json", "application/json", ok, ""},
		{"with charset", "application/json; charset=utf-8", ok, ""},
		{"upper case", "Application/JSON", ok, ""},
		{"+json suffix", "application/merge-patch+json", ok, ""},
		{"text/plain", "text/plain", ok, problem.UnsupportedMediaType},
		{"form", "application/x-www-form-urlencoded", ok, problem.UnsupportedMediaType},
		{"garbage", ";;;", ok, problem.UnsupportedMediaType},
		{"empty body", "application/json", "", problem.InvalidJSON},
		{"exactly 1 MiB", "application/json", ok + strings.Repeat(" ", httpx.MaxBodyBytes-len(ok)), ""},
		{"1 MiB + 1", "application/json", ok + strings.Repeat(" ", httpx.MaxBodyBytes-len(ok)+1), problem.BodyTooLarge},
		{"too large and not JSON", "", strings.Repeat("x", httpx.MaxBodyBytes+1), problem.BodyTooLarge},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/", strings.NewReader(tc.body))
			if tc.ct != "" {
				r.Header.Set("Content-Type", tc.ct)
			}
			var o order
			err := httpx.Decode(r, &o)
			if tc.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantCode(t, err, tc.code, "")
			if pe, _ := problem.As(err); tc.code == problem.BodyTooLarge && pe.Status() != 413 ||
				tc.code == problem.UnsupportedMediaType && pe.Status() != 415 {
				t.Errorf("status %d", pe.Status())
			}
		})
	}
}

func TestOptional(t *testing.T) {
	type patch struct {
		Name  httpx.Optional[string] `json:"name"`
		Stock httpx.Optional[int]    `json:"stock"`
	}
	var p patch
	if err := httpx.DecodeBytes([]byte(`{"name":null}`), &p); err != nil {
		t.Fatal(err)
	}
	if !p.Name.Set || !p.Name.Null || p.Name.Ptr() != nil || p.Stock.Set || p.Stock.Ptr() != nil {
		t.Errorf("%+v", p)
	}
	p = patch{}
	if err := httpx.DecodeBytes([]byte(`{"stock":5}`), &p); err != nil || !p.Stock.Set || *p.Stock.Ptr() != 5 || p.Name.Set {
		t.Errorf("%+v %v", p, err)
	}
	wantCode(t, httpx.DecodeBytes([]byte(`{"stock":"5"}`), &patch{}), problem.ValidationFailed, "stock")
}

func TestPathID(t *testing.T) {
	for s, want := range map[string]int64{"1": 1, "42": 42, "9223372036854775807": 1<<63 - 1} {
		r := httptest.NewRequest("GET", "/", nil)
		r.SetPathValue("id", s)
		if got, err := httpx.PathID(r, "id"); err != nil || got != want {
			t.Errorf("%q → %d, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "0", "-1", "+1", "01", "1.0", "abc", "9223372036854775808", " 1"} {
		r := httptest.NewRequest("GET", "/", nil)
		r.SetPathValue("id", s)
		_, err := httpx.PathID(r, "id")
		wantCode(t, err, problem.ValidationFailed, "id")
	}
}

// FuzzDecodeBytes: any body is decoded, or refused with a 400 problem;
// never a panic or an internal error.
func FuzzDecodeBytes(f *testing.F) {
	for _, s := range []string{
		`{"customer_id":1,"items":[{"product_id":2,"qty":3}]}`,
		`{"customer_id":1,"items":[{"product_id":2,"qty":3}]} {}`,
		`{"customer_id":"1"}`, `{"customer_id":1,`, `{"x":1}`, `[]`, `null`, ``, ` `, `"s"`,
		`{"items":[{"qty":1e400}]}`, `{"customer_id":-1}`, `{"tag":null}`, `{"note":"\ud800"}`,
		"{\"note\":\"\xff\"}", `{"items":[[[[[]]]]]}`, `{"customer_id":1}garbage`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var o order
		err := httpx.DecodeBytes(body, &o)
		if err == nil {
			if o.CustomerID < 1 || len(o.Items) < 1 || len(o.Items) > 3 {
				t.Fatalf("%q accepted as %+v", body, o)
			}
			return
		}
		pe, ok := problem.As(err)
		if !ok || pe.Status() != 400 {
			t.Fatalf("%q: %v", body, err)
		}
		if pe.Code == problem.ValidationFailed && len(pe.Fields) == 0 {
			t.Fatalf("%q: validation_failed naming no field", body)
		}
	})
}

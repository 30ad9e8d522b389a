package customers_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/b2b-backoffice/customers-api/internal/customers"
	"github.com/b2b-backoffice/platform/httpx"
	"github.com/b2b-backoffice/platform/problem"
)

func ptr(s string) *string { return &s }

func TestCustomerJSON(t *testing.T) {
	at := time.Date(2026, 11, 29, 10, 28, 55, 123456789, time.FixedZone("x", 3600))
	b, err := json.Marshal(customers.Customer{ID: 7, Name: "ACME", Email: "ops@acme.com", CreatedAt: at, UpdatedAt: at.Add(time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":7,"name":"ACME","email":"ops@acme.com","phone":null,"created_at":"2026-11-29T09:28:55.123Z","updated_at":"2026-11-29T09:28:56.123Z"}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

func TestUpdateRequest(t *testing.T) {
	cases := []struct {
		body  string
		want  customers.Patch
		field string // the failing field, when invalid
	}{
		{body: `{"name":" N "}`, want: customers.Patch{Name: ptr("N")}},
		{body: `{"email":" e@x.io "}`, want: customers.Patch{Email: ptr("e@x.io")}},
		{body: `{"phone":" 1 "}`, want: customers.Patch{SetPhone: true, Phone: ptr("1")}},
		{body: `{"phone":null}`, want: customers.Patch{SetPhone: true}},
		{body: `{"phone":"  "}`, want: customers.Patch{SetPhone: true}},
		{body: `{"name":"N","email":"e@x.io","phone":null}`, want: customers.Patch{Name: ptr("N"), Email: ptr("e@x.io"), SetPhone: true}},
		{body: `{}`, field: "body"},
		{body: `{"name":null}`, field: "name"},
		{body: `{"email":null}`, field: "email"},
		{body: `{"name":""}`, field: "name"},
		{body: `{"email":"@"}`, field: "email"},
		{body: `{"name":1}`, field: "name"},
		{body: `{"phone":["1"]}`, field: "phone"},
	}
	for _, tc := range cases {
		t.Run(tc.body, func(t *testing.T) {
			var r customers.UpdateRequest
			err := httpx.DecodeBytes([]byte(tc.body), &r)
			if tc.field != "" {
				pe, ok := problem.As(err)
				if !ok || pe.Code != problem.ValidationFailed || len(pe.Fields) == 0 || pe.Fields[0].Field != tc.field {
					t.Fatalf("err %v (%+v), want validation_failed on %s", err, pe, tc.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := r.Patch()
			if str(got.Name) != str(tc.want.Name) || str(got.Email) != str(tc.want.Email) ||
				got.SetPhone != tc.want.SetPhone || str(got.Phone) != str(tc.want.Phone) {
				t.Errorf("patch %s/%s/%v/%s, want %s/%s/%v/%s", str(got.Name), str(got.Email), got.SetPhone, str(got.Phone),
					str(tc.want.Name), str(tc.want.Email), tc.want.SetPhone, str(tc.want.Phone))
			}
		})
	}
}

func str(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

func TestPatchApply(t *testing.T) {
	c := customers.Customer{ID: 1, Name: "A", Email: "a@x.io", Phone: ptr("1")}
	if got := (customers.Patch{}).Apply(c); got.Name != "A" || got.Email != "a@x.io" || str(got.Phone) != "1" {
		t.Errorf("empty patch changed %+v", got)
	}
	if got := (customers.Patch{SetPhone: true}).Apply(c); got.Phone != nil {
		t.Errorf("clearing patch left phone %q", str(got.Phone))
	}
	if got := (customers.Patch{Name: ptr("B"), SetPhone: true, Phone: ptr("2")}).Apply(c); got.Name != "B" || got.Email != "a@x.io" || str(got.Phone) != "2" {
		t.Errorf("patch gave %+v", got)
	}
}

// seeds is the fuzz corpus shared by both request types; it runs in plain
// go test.
var seeds = []string{
	`{"name":"ACME","email":"ops@acme.com"}`,
	`{"name":"ACME","email":"ops@acme.com","phone":"+34 600"}`,
	`{"name":" ACME ","email":" Ops@Acme.com ","phone":"   "}`,
	`{"name":"ACME","email":"ops@acme.com","phone":null}`,
	`{"phone":null}`,
	`{"name":null}`,
	`{}`,
	`{"name":"` + strings.Repeat("n", 121) + `","email":"x"}`,
	`{"name":"日本","email":"ü@example.com"}`,
	`{"name":"x","email":"x@x.io","extra":1}`,
	`{"name":1,"email":true}`,
	`{"name":"x",`,
	`[]`,
	`null`,
	`"str"`,
	``,
	`{"name":"a"} {"name":"b"}`,
	`{"name":"\u0000","email":"a@b.co"}`,
	"{\"name\":\"\xff\",\"email\":\"a@b.co\"}",
}

// checkDecoded asserts the contract of the decoding path: success or a 4xx
// problem (never a panic, never an internal error).
func checkDecoded(t *testing.T, body []byte, err error) bool {
	if err == nil {
		return true
	}
	pe, ok := problem.As(err)
	if !ok {
		t.Fatalf("%q: non-problem error %v", body, err)
	}
	if pe.Code != problem.InvalidJSON && pe.Code != problem.ValidationFailed {
		t.Fatalf("%q: code %s", body, pe.Code)
	}
	if pe.Code == problem.ValidationFailed && len(pe.Fields) == 0 {
		t.Fatalf("%q: validation_failed naming no field", body)
	}
	return false
}

func validName(s string) bool {
	return s != "" && s == strings.TrimSpace(s) && utf8.RuneCountInString(s) <= 120
}

func validEmail(s string) bool {
	return s != "" && s == strings.TrimSpace(s) && utf8.RuneCountInString(s) <= 254 && strings.Contains(s, "@")
}

func validPhone(p *string) bool {
	return p == nil || (*p != "" && *p == strings.TrimSpace(*p) && utf8.RuneCountInString(*p) <= 32)
}

func FuzzCreateRequest(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var r customers.CreateRequest
		if !checkDecoded(t, body, httpx.DecodeBytes(body, &r)) {
			return
		}
		// What passes is what the table can hold and the spec allows.
		if !validName(r.Name) || !validEmail(r.Email) || !validPhone(r.Phone) {
			t.Fatalf("%q accepted as %+v", body, r)
		}
	})
}

func FuzzUpdateRequest(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var r customers.UpdateRequest
		if !checkDecoded(t, body, httpx.DecodeBytes(body, &r)) {
			return
		}
		p := r.Patch()
		if p.Name == nil && p.Email == nil && !p.SetPhone {
			t.Fatalf("%q accepted as an empty update", body)
		}
		if (p.Name != nil && !validName(*p.Name)) || (p.Email != nil && !validEmail(*p.Email)) || !validPhone(p.Phone) {
			t.Fatalf("%q accepted as %+v", body, r)
		}
		if (r.Name.Set && p.Name == nil) || (r.Email.Set && p.Email == nil) {
			t.Fatalf("%q: a null name or email was accepted", body)
		}
	})
}

package problem_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/b2b-backoffice/platform/problem"
)

func TestStatus(t *testing.T) {
	cases := map[problem.Code]int{
		problem.InvalidJSON: 400, problem.ValidationFailed: 400, problem.MissingIdempotencyKey: 400,
		problem.InvalidIdempotencyKey: 400, problem.InvalidCursor: 400,
		problem.Unauthorized: 401, problem.Forbidden: 403,
		problem.CustomerNotFound: 404, problem.ProductNotFound: 404, problem.OrderNotFound: 404, problem.NotFound: 404,
		problem.MethodNotAllowed: 405,
		problem.EmailTaken:       409, problem.SKUTaken: 409, problem.InsufficientStock: 409, problem.InvalidState: 409,
		problem.CancelWindowExpired: 409, problem.IdempotencyInProgress: 409,
		problem.BodyTooLarge: 413, problem.UnsupportedMediaType: 415, problem.IdempotencyKeyReused: 422,
		problem.RateLimited: 429, problem.Internal: 500,
		problem.UpstreamUnavailable: 502, problem.Unavailable: 503, problem.UpstreamTimeout: 504,
		"no_such_code": 500,
	}
	for code, want := range cases {
		if got := problem.Status(code); got != want {
			t.Errorf("Status(%s) = %d, want %d", code, got, want)
		}
		if got := problem.New(code, "x").Status(); got != want {
			t.Errorf("New(%s).Status() = %d, want %d", code, got, want)
		}
		if problem.Title(code) != http.StatusText(want) {
			t.Errorf("Title(%s) = %q", code, problem.Title(code))
		}
	}
}

func TestIsAndAs(t *testing.T) {
	sentinel := problem.New(problem.EmailTaken, "taken")
	detailed := problem.Newf(problem.EmailTaken, "%s is taken", "a@b.c")
	wrapped := fmt.Errorf("store: %w", detailed)
	if !errors.Is(wrapped, sentinel) {
		t.Error("a wrapped detailed copy should match its sentinel by code")
	}
	if errors.Is(wrapped, problem.New(problem.SKUTaken, "taken")) {
		t.Error("another code matched")
	}
	if errors.Is(errors.New("email_taken: taken"), sentinel) {
		t.Error("a plain error with the same text matched")
	}
	pe, ok := problem.As(wrapped)
	if !ok || pe != detailed {
		t.Errorf("As = %v, %v", pe, ok)
	}
	if _, ok := problem.As(errors.New("x")); ok {
		t.Error("As found a problem in a plain error")
	}
	if problem.CodeOf(wrapped) != problem.EmailTaken || problem.CodeOf(errors.New("x")) != problem.Internal || problem.CodeOf(nil) != problem.Internal {
		t.Error("CodeOf")
	}
	if detailed.Error() != "email_taken: a@b.c is taken" {
		t.Errorf("Error() = %q", detailed.Error())
	}
}

func TestWrite(t *testing.T) {
	e := problem.Validation(problem.FieldError{Field: "items[0].qty", Message: "must be at least 1"})
	e.Header = http.Header{"Retry-After": {"3"}}
	w := httptest.NewRecorder()
	problem.Write(w, e, "req-1")
	if w.Code != 400 || w.Header().Get("Content-Type") != "application/problem+json" ||
		w.Header().Get("Retry-After") != "3" || w.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("status %d headers %v", w.Code, w.Header())
	}
	var got map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"type": "urn:b2b-backoffice:problem:validation_failed", "title": "Bad Request", "status": float64(400),
		"detail": "the request is not valid", "code": "validation_failed", "request_id": "req-1",
		"errors": []any{map[string]any{"field": "items[0].qty", "message": "must be at least 1"}},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("body %v\nwant %v", got, want)
	}

	// Optional members are left out when empty; details are carried.
	e2 := problem.New(problem.InsufficientStock, "not enough stock")
	e2.Details = []map[string]int{{"product_id": 2, "requested": 5, "available": 3}}
	w = httptest.NewRecorder()
	problem.Write(w, e2, "")
	got = nil
	_ = json.Unmarshal(w.Body.Bytes(), &got)
	if _, ok := got["errors"]; ok {
		t.Errorf("errors present: %v", got)
	}
	if _, ok := got["request_id"]; ok {
		t.Errorf("empty request_id present: %v", got)
	}
	if fmt.Sprint(got["details"]) != "[map[available:3 product_id:2 requested:5]]" || w.Code != 409 {
		t.Errorf("details %v status %d", got["details"], w.Code)
	}
}

func TestCodes(t *testing.T) {
	codes := problem.Codes()
	if len(codes) != 26 {
		t.Errorf("%d codes: %v", len(codes), codes)
	}
	for i, c := range codes {
		if i > 0 && codes[i-1] >= c {
			t.Errorf("not sorted at %s", c)
		}
		if c != problem.Internal && problem.Status(c) == 500 {
			t.Errorf("%s has no status of its own", c)
		}
	}
}

package checkout_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/b2b-backoffice/orchestrator/internal/checkout"
	"github.com/b2b-backoffice/platform/problem"
	"github.com/b2b-backoffice/platform/reqctx"
	"github.com/b2b-backoffice/platform/svcclient"
)

func TestDeriveKeys(t *testing.T) {
	alice := reqctx.Caller{Kind: "operator", Subject: "alice"}
	bob := reqctx.Caller{Kind: "operator", Subject: "bob"}
	k := checkout.DeriveKeys(alice, "order-1")
	if k != checkout.DeriveKeys(alice, "order-1") {
		t.Fatal("derivation is not deterministic")
	}
	if k == checkout.DeriveKeys(bob, "order-1") || k == checkout.DeriveKeys(alice, "order-2") {
		t.Fatal("different callers or keys share downstream keys")
	}
	// The separator keeps the caller and key apart.
	if checkout.DeriveKeys(reqctx.Caller{Kind: "operator", Subject: "a"}, "b:c") ==
		checkout.DeriveKeys(reqctx.Caller{Kind: "operator", Subject: "a:b"}, "c") {
		t.Fatal("caller/key boundary is ambiguous")
	}
	for _, key := range []string{k.Create, k.Confirm, k.Cancel} {
		// orders-api accepts 1..255 of [A-Za-z0-9._:-].
		if !checkout.ValidKey(key) || !strings.HasPrefix(key, "orc-") {
			t.Fatalf("derived key %q is not a valid orders-api key", key)
		}
	}
	if k.Create == k.Confirm || k.Confirm == k.Cancel {
		t.Fatal("steps share a key")
	}
}

func TestFailMapsDownstreamAnswers(t *testing.T) {
	prob := func(status int, code problem.Code) *svcclient.StatusError {
		return &svcclient.StatusError{Status: status, Problem: &problem.Body{Code: code, Detail: "d"},
			Body: []byte(`{"code":"` + string(code) + `","details":[{"product_id":2}]}`), Header: http.Header{}}
	}
	for _, tc := range []struct {
		name   string
		err    error
		status int
		code   problem.Code
	}{
		{"business 404", prob(404, problem.CustomerNotFound), 404, problem.CustomerNotFound},
		{"business 409", prob(409, problem.InsufficientStock), 409, problem.InsufficientStock},
		{"business 422", prob(422, problem.IdempotencyKeyReused), 422, problem.IdempotencyKeyReused},
		{"downstream 500", prob(500, problem.Internal), 502, problem.UpstreamUnavailable},
		{"downstream 503", prob(503, problem.Unavailable), 502, problem.UpstreamUnavailable},
		{"downstream 504", prob(504, problem.UpstreamTimeout), 504, problem.UpstreamTimeout},
		{"bad service token", prob(401, problem.Unauthorized), 502, problem.UpstreamUnavailable},
		{"404 without a problem", &svcclient.StatusError{Status: 404, Body: []byte("<html>")}, 502, problem.UpstreamUnavailable},
		{"unreachable", &svcclient.Unreachable{Problem: problem.New(problem.UpstreamUnavailable, "http://10.0.0.1 is down"), Err: errors.New("refused")}, 502, problem.UpstreamUnavailable},
		{"timed out", &svcclient.Unreachable{Problem: problem.New(problem.UpstreamTimeout, "http://10.0.0.1 slow"), Err: context.DeadlineExceeded}, 504, problem.UpstreamTimeout},
		{"own validation", problem.Validation(problem.FieldError{Field: "items", Message: "m"}), 400, problem.ValidationFailed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := checkout.Fail(checkout.StepCreateOrder, tc.err)
			if f.Status != tc.status || f.Code != tc.code || f.Step != checkout.StepCreateOrder || f.Message == "" {
				t.Fatalf("got %+v, want %d %s", f, tc.status, tc.code)
			}
			if strings.Contains(f.Message, "10.0.0.1") {
				t.Fatalf("message %q leaks an internal address", f.Message)
			}
			if tc.code == problem.InsufficientStock && string(f.Details.(json.RawMessage)) != `[{"product_id":2}]` {
				t.Fatal("details lost")
			}
		})
	}
}

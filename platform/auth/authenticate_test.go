package auth

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/b2b-backoffice/platform/problem"
	"github.com/b2b-backoffice/platform/reqctx"
)

func TestAuthenticateOperator(t *testing.T) {
	const secret = "test-jwt-secret-0123456789abcdef0123"
	jwt, err := Mint(secret, "alice", "", "", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		required bool
		header   string
		want     reqctx.Caller
		wantErr  bool
	}{
		{"operator jwt", true, "Bearer " + jwt, reqctx.Caller{Kind: "operator", Subject: "alice"}, false},
		{"service token", true, "Bearer svc", ServiceCaller, false},
		{"missing", true, "", reqctx.Caller{}, true},
		{"wrong", true, "Bearer nope", reqctx.Caller{}, true},
		{"anonymous allowed", false, "", AnonymousCaller, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := New(Config{ServiceToken: "svc", JWTSecret: secret, Required: tc.required}, nil)
			if err != nil {
				t.Fatal(err)
			}
			r := httptest.NewRequest(http.MethodPost, "/x", nil)
			if tc.header != "" {
				r.Header.Set("Authorization", tc.header)
			}
			got, err := a.AuthenticateOperator(r)
			if tc.wantErr {
				pe, ok := problem.As(err)
				if !ok || pe.Code != problem.Unauthorized || pe.Header.Get("WWW-Authenticate") == "" {
					t.Fatalf("err %v, want unauthorized with WWW-Authenticate", err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

package httpapi_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestCorrelationID(t *testing.T) {
	withCID := `{"customer_id":1,"items":[{"product_id":2,"qty":1}],"idempotency_key":"k-1","correlation_id":"req-789"}`
	for _, tc := range []struct {
		name   string
		r      req
		want   string // "" means a generated one
		status int
	}{
		{"body wins over header", req{body: withCID, header: map[string]string{"X-Correlation-Id": "hdr-1"}}, "req-789", 201},
		{"header when the body has none", req{body: order(1, "k-1", [2]int64{2, 1}), header: map[string]string{"X-Correlation-Id": "hdr-1"}}, "hdr-1", 201},
		{"generated when neither", req{body: order(1, "k-1", [2]int64{2, 1})}, "", 201},
		{"on failures too", req{body: order(99, "k-1", [2]int64{2, 1}), header: map[string]string{"X-Correlation-Id": "hdr-2"}}, "hdr-2", 404},
		{"unsafe header ignored", req{body: order(1, "k-1", [2]int64{2, 1}), header: map[string]string{"X-Correlation-Id": "a b"}}, "", 201},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			w := e.do(tc.r)
			if w.Code != tc.status {
				t.Fatalf("status %d: %s", w.Code, w.Body.String())
			}
			var body struct {
				CorrelationID string `json:"correlationId"`
			}
			_ = json.Unmarshal(w.Body.Bytes(), &body)
			got := w.Header().Get("X-Correlation-Id")
			if body.CorrelationID != got {
				t.Fatalf("body %q, header %q", body.CorrelationID, got)
			}
			if tc.want != "" && got != tc.want {
				t.Fatalf("correlation id %q, want %q", got, tc.want)
			}
			if tc.want == "" && (len(got) != 36 || got == "a b") {
				t.Fatalf("correlation id %q, want a generated UUID", got)
			}
			rid := w.Header().Get("X-Request-Id")
			// Every downstream call carries both ids.
			calls := append(e.customers.Calls(), e.orders.Calls()...)
			if len(calls) == 0 {
				t.Fatal("no downstream calls")
			}
			for _, c := range calls {
				if c.CorrelationID != got || c.RequestID != rid {
					t.Fatalf("%s %s carried correlation %q request %q, want %q %q", c.Method, c.Path, c.CorrelationID, c.RequestID, got, rid)
				}
			}
			// Every log line of the request carries the correlation id.
			wantLogsCarry(t, e.logs.String(), got)
		})
	}
}

func TestCorrelationIDReachesTheCompensation(t *testing.T) {
	e := newEnv(t)
	e.orders.SetHook(failConfirm(http.StatusConflict, "invalid_state"))
	w := e.do(req{body: order(1, "k-1", [2]int64{2, 1}), header: map[string]string{"X-Correlation-Id": "cid-comp"}})
	wantFailure(t, w, http.StatusConflict, "invalid_state", "confirm_order")
	cancels := e.orders.CallsTo("POST", "/orders/1/cancel")
	if len(cancels) != 1 || cancels[0].CorrelationID != "cid-comp" {
		t.Fatalf("cancel calls %+v", cancels)
	}
	wantLogsCarry(t, e.logs.String(), "cid-comp")
}

// wantLogsCarry checks that there are log lines and that each carries cid.
func wantLogsCarry(t *testing.T, logs, cid string) {
	t.Helper()
	n := 0
	sc := bufio.NewScanner(strings.NewReader(logs))
	for sc.Scan() {
		line := sc.Text()
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec["correlation_id"] != cid {
			t.Fatalf("log line %s lacks correlation_id %q", line, cid)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no log lines")
	}
}

package apigw_test

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/b2b-backoffice/orchestrator/internal/apigw"
)

func event(method, rawPath, query string) events.APIGatewayV2HTTPRequest {
	ev := events.APIGatewayV2HTTPRequest{Version: "2.0", RawPath: rawPath, RawQueryString: query,
		Headers: map[string]string{"host": "abc.execute-api.eu-west-1.amazonaws.com", "content-type": "application/json"}}
	ev.RequestContext.HTTP.Method = method
	ev.RequestContext.HTTP.SourceIP = "203.0.113.7"
	ev.RequestContext.RequestID = "apigw-id-1"
	return ev
}

func TestRequestConversion(t *testing.T) {
	var seen *http.Request
	var body []byte
	h := apigw.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r
		body, _ = io.ReadAll(r.Body)
		http.SetCookie(w, &http.Cookie{Name: "a", Value: "1"})
		http.SetCookie(w, &http.Cookie{Name: "b", Value: "2"})
		w.Header().Add("Vary", "Accept")
		w.Header().Add("Vary", "Origin")
		w.WriteHeader(http.StatusAccepted)
		_, _ = w.Write([]byte("ok"))
	}))
	ev := event("POST", "/dev/x%2Fy", "a=1&b=two%20words")
	ev.Body = base64.StdEncoding.EncodeToString([]byte(`{"k":"v"}`))
	ev.IsBase64Encoded = true
	ev.Cookies = []string{"s=1", "t=2"}
	res, err := h(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	if seen.Method != "POST" || seen.URL.EscapedPath() != "/dev/x%2Fy" || seen.URL.Query().Get("b") != "two words" {
		t.Fatalf("request %s %s ? %s", seen.Method, seen.URL.EscapedPath(), seen.URL.RawQuery)
	}
	if string(body) != `{"k":"v"}` || seen.ContentLength != 9 {
		t.Fatalf("body %q length %d", body, seen.ContentLength)
	}
	if seen.Header.Get("Content-Type") != "application/json" || seen.Host != "abc.execute-api.eu-west-1.amazonaws.com" {
		t.Fatalf("headers %v host %q", seen.Header, seen.Host)
	}
	if c, err := seen.Cookie("t"); err != nil || c.Value != "2" {
		t.Fatalf("cookie t: %v %v", c, err)
	}
	if seen.Header.Get("X-Request-Id") != "apigw-id-1" || seen.RemoteAddr != "203.0.113.7:0" {
		t.Fatalf("request id %q remote %q", seen.Header.Get("X-Request-Id"), seen.RemoteAddr)
	}
	if res.StatusCode != http.StatusAccepted || res.Body != "ok" || res.IsBase64Encoded {
		t.Fatalf("response %+v", res)
	}
	if len(res.Cookies) != 2 || res.Cookies[0] != "a=1" || res.Headers["Vary"] != "Accept,Origin" {
		t.Fatalf("cookies %v headers %v", res.Cookies, res.Headers)
	}
}

func TestBinaryBodyIsBase64Encoded(t *testing.T) {
	h := apigw.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte{0xff, 0x00, 0xfe})
	}))
	res, err := h(context.Background(), event("GET", "/bin", ""))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := base64.StdEncoding.DecodeString(res.Body)
	if !res.IsBase64Encoded || string(b) != "\xff\x00\xfe" || res.StatusCode != 200 {
		t.Fatalf("response %+v", res)
	}
}

func TestBadEventIsA400(t *testing.T) {
	h := apigw.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { t.Fatal("handler called") }))
	ev := event("POST", "/x", "")
	ev.Body, ev.IsBase64Encoded = "%%%", true
	res, err := h(context.Background(), ev)
	if err != nil || res.StatusCode != http.StatusBadRequest {
		t.Fatalf("res %+v err %v", res, err)
	}
}

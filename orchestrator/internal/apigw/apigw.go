// Package apigw serves an http.Handler behind an API Gateway HTTP API
// (payload format 2.0), so the Lambda runs the very handler the HTTP
// server runs. It converts the event into an *http.Request, records the
// handler's answer and converts it back.
package apigw

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
)

// Handler returns the Lambda handler function serving h.
func Handler(h http.Handler) func(context.Context, events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	return func(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
		r, err := Request(ctx, ev)
		if err != nil {
			// A malformed event is API Gateway's fault, not the client's;
			// answer rather than fail the invocation.
			return events.APIGatewayV2HTTPResponse{StatusCode: http.StatusBadRequest,
				Headers: map[string]string{"Content-Type": "text/plain; charset=utf-8"}, Body: err.Error()}, nil
		}
		w := newRecorder()
		h.ServeHTTP(w, r)
		return w.response(), nil
	}
}

// Request converts a payload 2.0 event into an *http.Request carrying ctx
// (and so the Lambda's deadline).
func Request(ctx context.Context, ev events.APIGatewayV2HTTPRequest) (*http.Request, error) {
	body := []byte(ev.Body)
	if ev.IsBase64Encoded {
		b, err := base64.StdEncoding.DecodeString(ev.Body)
		if err != nil {
			return nil, fmt.Errorf("apigw: body is not valid base64: %w", err)
		}
		body = b
	}
	path := ev.RawPath
	if path == "" {
		path = ev.RequestContext.HTTP.Path
	}
	if path == "" {
		path = "/"
	}
	target := path
	if ev.RawQueryString != "" {
		target += "?" + ev.RawQueryString
	}
	u, err := url.ParseRequestURI(target)
	if err != nil {
		return nil, fmt.Errorf("apigw: bad path %q: %w", target, err)
	}
	method := ev.RequestContext.HTTP.Method
	if method == "" {
		method = http.MethodGet
	}
	r, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("apigw: %w", err)
	}
	r.RequestURI = u.RequestURI()
	r.ContentLength = int64(len(body))
	// Payload 2.0 has already joined repeated headers with commas.
	for k, v := range ev.Headers {
		r.Header.Set(k, v)
	}
	if len(ev.Cookies) > 0 {
		r.Header.Set("Cookie", strings.Join(ev.Cookies, "; "))
	}
	r.Host = r.Header.Get("Host")
	if r.Host == "" {
		r.Host = ev.RequestContext.DomainName
	}
	r.URL.Host = r.Host
	if ip := ev.RequestContext.HTTP.SourceIP; ip != "" {
		r.RemoteAddr = ip + ":0"
	}
	// API Gateway's own id identifies the call when the client sent none.
	if r.Header.Get("X-Request-Id") == "" && ev.RequestContext.RequestID != "" {
		r.Header.Set("X-Request-Id", ev.RequestContext.RequestID)
	}
	return r, nil
}

// recorder is the http.ResponseWriter the handler writes to.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: http.Header{}} }

func (w *recorder) Header() http.Header { return w.header }

func (w *recorder) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *recorder) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.body.Write(b)
}

// response converts the recorded answer: Set-Cookie goes to Cookies, other
// repeated headers are joined with commas, and a body that is not UTF-8
// text is base64-encoded.
func (w *recorder) response() events.APIGatewayV2HTTPResponse {
	w.WriteHeader(http.StatusOK)
	res := events.APIGatewayV2HTTPResponse{StatusCode: w.status, Headers: map[string]string{}}
	for k, vs := range w.header {
		if k == "Set-Cookie" {
			res.Cookies = append(res.Cookies, vs...)
			continue
		}
		res.Headers[k] = strings.Join(vs, ",")
	}
	if _, ok := res.Headers["Content-Length"]; !ok {
		res.Headers["Content-Length"] = strconv.Itoa(w.body.Len())
	}
	if utf8.Valid(w.body.Bytes()) {
		res.Body = w.body.String()
	} else {
		res.Body = base64.StdEncoding.EncodeToString(w.body.Bytes())
		res.IsBase64Encoded = true
	}
	return res
}

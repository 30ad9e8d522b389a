// Package svcclient is the JSON client services use to call each other:
// the service token, the request and correlation ids, a timeout per
// attempt, and bounded retries with jittered exponential backoff on
// transient failures, all under the caller's context deadline.
package svcclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/b2b-backoffice/platform/httpx"
	"github.com/b2b-backoffice/platform/problem"
	"github.com/b2b-backoffice/platform/reqctx"
)

// Options tune a Client. Zero values take the defaults.
type Options struct {
	// AttemptTimeout bounds one attempt (default 3s).
	AttemptTimeout time.Duration
	// MaxAttempts bounds the attempts of one call (default 3; 1 = no retry).
	MaxAttempts int
	// BaseDelay and MaxDelay shape the backoff (default 50ms, 1s).
	BaseDelay, MaxDelay time.Duration
	// HTTP is the client to use (default httpx.NewClient).
	HTTP *http.Client
	// RetryCodes are problem codes this caller treats as transient (for
	// example idempotency_in_progress: the same key is still being served
	// and a later attempt replays its answer). They are retried only when
	// the call is replay-safe.
	RetryCodes []problem.Code
}

// Client calls one service.
type Client struct {
	base  string
	token string
	opt   Options
}

// New returns a client for the service at base (e.g. http://localhost:3001).
func New(base, token string, opt Options) *Client {
	if opt.AttemptTimeout <= 0 {
		opt.AttemptTimeout = 3 * time.Second
	}
	if opt.MaxAttempts <= 0 {
		opt.MaxAttempts = 3
	}
	if opt.BaseDelay <= 0 {
		opt.BaseDelay = 50 * time.Millisecond
	}
	if opt.MaxDelay <= 0 {
		opt.MaxDelay = time.Second
	}
	if opt.HTTP == nil {
		opt.HTTP = httpx.NewClient(0)
	}
	return &Client{base: strings.TrimRight(base, "/"), token: token, opt: opt}
}

// Response is a 2xx answer.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// StatusError is a non-2xx answer that was not retried away. Problem holds
// the downstream problem document when it sent one.
type StatusError struct {
	Method, Path string
	Status       int
	Problem      *problem.Body
	Body         []byte
	Header       http.Header
}

func (e *StatusError) Error() string {
	code := ""
	if e.Problem != nil {
		code = " " + string(e.Problem.Code)
	}
	return fmt.Sprintf("%s %s: status %d%s", e.Method, e.Path, e.Status, code)
}

// Code returns the downstream problem code, or "".
func (e *StatusError) Code() problem.Code {
	if e.Problem == nil {
		return ""
	}
	return e.Problem.Code
}

// Call is one request.
type Call struct {
	Method string
	Path   string
	// Body is encoded as JSON when not nil.
	Body any
	// Header is added to the request (e.g. X-Idempotency-Key).
	Header http.Header
	// Out, when not nil, receives the decoded 2xx body.
	Out any
}

// transient reports whether status is worth another attempt.
func transient(status int) bool {
	switch status {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout, http.StatusTooManyRequests:
		return true
	}
	return false
}

// replaySafe reports whether sending the call twice cannot have two
// effects: a safe or idempotent method, or a request carrying an
// idempotency key.
func replaySafe(c Call) bool {
	switch c.Method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete:
		return true
	}
	return c.Header.Get("X-Idempotency-Key") != "" || c.Header.Get("Idempotency-Key") != ""
}

// Do performs the call. It returns a *StatusError for a non-2xx answer, a
// problem upstream_timeout (504) when the deadline ran out, and a problem
// upstream_unavailable (502) when the service could not be reached.
func (c *Client) Do(ctx context.Context, call Call) (*Response, error) {
	var body []byte
	if call.Body != nil {
		b, err := json.Marshal(call.Body)
		if err != nil {
			return nil, err
		}
		body = b
	}
	var lastErr error
	for attempt := 1; ; attempt++ {
		resp, retryAfter, err := c.attempt(ctx, call, body)
		if err == nil {
			return resp, nil
		}
		lastErr = err
		if attempt >= c.opt.MaxAttempts || !c.retryable(call, err) || ctx.Err() != nil {
			break
		}
		delay := c.backoff(attempt)
		if retryAfter > delay {
			delay = retryAfter
		}
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < delay {
			break // no time left for another attempt
		}
		select {
		case <-ctx.Done():
		case <-time.After(delay):
		}
	}
	return nil, c.final(ctx, call, lastErr)
}

// retryable: a transient status, or a transport failure when the request
// may be sent again (a refused connection never reached the service).
func (c *Client) retryable(call Call, err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		if se.Problem != nil && slices.Contains(c.opt.RetryCodes, se.Problem.Code) && replaySafe(call) {
			return true
		}
		return transient(se.Status) && (replaySafe(call) || se.Status == http.StatusTooManyRequests || se.Status == http.StatusServiceUnavailable)
	}
	return replaySafe(call) || errors.Is(err, syscall.ECONNREFUSED)
}

// backoff is full-jitter exponential: uniform in [0, min(max, base·2^n)].
func (c *Client) backoff(attempt int) time.Duration {
	d := c.opt.BaseDelay << (attempt - 1)
	if d > c.opt.MaxDelay || d <= 0 {
		d = c.opt.MaxDelay
	}
	return time.Duration(rand.Int64N(int64(d) + 1))
}

func (c *Client) attempt(ctx context.Context, call Call, body []byte) (*Response, time.Duration, error) {
	actx, cancel := context.WithTimeout(ctx, c.opt.AttemptTimeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(actx, call.Method, c.base+call.Path, rd)
	if err != nil {
		return nil, 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, vs := range call.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("Accept", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	reqctx.Propagate(ctx, req.Header)
	res, err := c.opt.HTTP.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer res.Body.Close()
	buf := new(bytes.Buffer)
	if _, err := buf.ReadFrom(http.MaxBytesReader(nil, res.Body, 8<<20)); err != nil {
		return nil, 0, err
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		se := &StatusError{Method: call.Method, Path: call.Path, Status: res.StatusCode, Body: buf.Bytes(), Header: res.Header}
		var pb problem.Body
		if json.Unmarshal(buf.Bytes(), &pb) == nil && pb.Code != "" {
			se.Problem = &pb
		}
		return nil, retryAfter(res.Header.Get("Retry-After")), se
	}
	if call.Out != nil && buf.Len() > 0 {
		if err := json.Unmarshal(buf.Bytes(), call.Out); err != nil {
			return nil, 0, fmt.Errorf("%s %s: decoding the answer: %w", call.Method, call.Path, err)
		}
	}
	return &Response{Status: res.StatusCode, Header: res.Header, Body: buf.Bytes()}, 0, nil
}

// retryAfter reads a Retry-After in seconds (capped at 5s); dates are
// ignored.
func retryAfter(v string) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return 0
	}
	if n > 5 {
		n = 5
	}
	return time.Duration(n) * time.Second
}

// final turns the last failure into what the caller returns.
func (c *Client) final(ctx context.Context, call Call, err error) error {
	var se *StatusError
	if errors.As(err, &se) {
		return se
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil || (errors.As(err, &ne) && ne.Timeout()) {
		return &Unreachable{Problem: problem.Newf(problem.UpstreamTimeout, "%s did not answer in time", c.base), Err: err}
	}
	return &Unreachable{Problem: problem.Newf(problem.UpstreamUnavailable, "%s is unavailable", c.base), Err: err}
}

// Unreachable is a call that got no usable answer: its Problem is
// upstream_timeout (504) or upstream_unavailable (502).
type Unreachable struct {
	Problem *problem.Error
	Err     error
}

func (u *Unreachable) Error() string { return u.Problem.Error() + ": " + u.Err.Error() }

// Unwrap exposes the problem, so httpx writes 502/504 and errors.Is on
// the code works; the transport error stays in Error() for the log.
func (u *Unreachable) Unwrap() error { return u.Problem }

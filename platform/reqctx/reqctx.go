// Package reqctx carries the per-request identifiers (request id,
// correlation id, caller) through a context, and propagates them on outgoing
// service calls.
package reqctx

import (
	"context"
	"net/http"
)

// Header names used on every service.
const (
	HeaderRequestID     = "X-Request-Id"
	HeaderCorrelationID = "X-Correlation-Id"
)

type key int

const (
	requestIDKey key = iota
	correlationIDKey
	callerKey
)

// WithRequestID returns ctx carrying the request id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestID returns the request id in ctx, or "".
func RequestID(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey).(string)
	return s
}

// WithCorrelationID returns ctx carrying the correlation id.
func WithCorrelationID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, correlationIDKey, id)
}

// CorrelationID returns the correlation id in ctx, or "".
func CorrelationID(ctx context.Context) string {
	s, _ := ctx.Value(correlationIDKey).(string)
	return s
}

// Caller identifies who made a request; idempotency keys are scoped to it.
type Caller struct {
	// Kind is "service", "operator" or "anonymous".
	Kind string
	// Subject is the JWT "sub" for operators, "service" for the service
	// token, "anonymous" when auth is off.
	Subject string
}

// ID is the stable scope string of the caller ("operator:alice").
func (c Caller) ID() string { return c.Kind + ":" + c.Subject }

// WithCaller returns ctx carrying the authenticated caller.
func WithCaller(ctx context.Context, c Caller) context.Context {
	return context.WithValue(ctx, callerKey, c)
}

// CallerFrom returns the caller in ctx; the zero Caller when none.
func CallerFrom(ctx context.Context) (Caller, bool) {
	c, ok := ctx.Value(callerKey).(Caller)
	return c, ok
}

// Propagate copies the request and correlation ids of ctx onto an outgoing
// request's headers.
func Propagate(ctx context.Context, h http.Header) {
	if id := RequestID(ctx); id != "" {
		h.Set(HeaderRequestID, id)
	}
	if id := CorrelationID(ctx); id != "" {
		h.Set(HeaderCorrelationID, id)
	}
}

// Package problem is the one place that knows how an error becomes an HTTP
// answer: every stable error code, its status, and the RFC 9457 body.
//
// Domain code returns *Error values built with New (or wraps them); the HTTP
// adapter in httpx calls Write. Anything that is not an *Error is an internal
// failure: it is logged with the request id and answered as a masked 500.
package problem

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
)

// Code is a stable, machine-readable error code (the "code" member).
type Code string

// The codes of the behaviour contract (SPEC §1).
const (
	InvalidJSON           Code = "invalid_json"
	ValidationFailed      Code = "validation_failed"
	MissingIdempotencyKey Code = "missing_idempotency_key"
	InvalidIdempotencyKey Code = "invalid_idempotency_key"
	InvalidCursor         Code = "invalid_cursor"
	Unauthorized          Code = "unauthorized"
	Forbidden             Code = "forbidden"
	CustomerNotFound      Code = "customer_not_found"
	ProductNotFound       Code = "product_not_found"
	OrderNotFound         Code = "order_not_found"
	NotFound              Code = "not_found"
	MethodNotAllowed      Code = "method_not_allowed"
	EmailTaken            Code = "email_taken"
	SKUTaken              Code = "sku_taken"
	InsufficientStock     Code = "insufficient_stock"
	InvalidState          Code = "invalid_state"
	CancelWindowExpired   Code = "cancel_window_expired"
	IdempotencyInProgress Code = "idempotency_in_progress"
	BodyTooLarge          Code = "body_too_large"
	UnsupportedMediaType  Code = "unsupported_media_type"
	IdempotencyKeyReused  Code = "idempotency_key_reused"
	RateLimited           Code = "rate_limited"
	Internal              Code = "internal_error"
	UpstreamUnavailable   Code = "upstream_unavailable"
	Unavailable           Code = "unavailable"
	UpstreamTimeout       Code = "upstream_timeout"
)

// statusOf is the single table from code to HTTP status.
var statusOf = map[Code]int{
	InvalidJSON:           http.StatusBadRequest,
	ValidationFailed:      http.StatusBadRequest,
	MissingIdempotencyKey: http.StatusBadRequest,
	InvalidIdempotencyKey: http.StatusBadRequest,
	InvalidCursor:         http.StatusBadRequest,
	Unauthorized:          http.StatusUnauthorized,
	Forbidden:             http.StatusForbidden,
	CustomerNotFound:      http.StatusNotFound,
	ProductNotFound:       http.StatusNotFound,
	OrderNotFound:         http.StatusNotFound,
	NotFound:              http.StatusNotFound,
	MethodNotAllowed:      http.StatusMethodNotAllowed,
	EmailTaken:            http.StatusConflict,
	SKUTaken:              http.StatusConflict,
	InsufficientStock:     http.StatusConflict,
	InvalidState:          http.StatusConflict,
	CancelWindowExpired:   http.StatusConflict,
	IdempotencyInProgress: http.StatusConflict,
	BodyTooLarge:          http.StatusRequestEntityTooLarge,
	UnsupportedMediaType:  http.StatusUnsupportedMediaType,
	IdempotencyKeyReused:  http.StatusUnprocessableEntity,
	RateLimited:           http.StatusTooManyRequests,
	Internal:              http.StatusInternalServerError,
	UpstreamUnavailable:   http.StatusBadGateway,
	Unavailable:           http.StatusServiceUnavailable,
	UpstreamTimeout:       http.StatusGatewayTimeout,
}

// Status returns the HTTP status of a code; unknown codes are 500.
func Status(c Code) int {
	if s, ok := statusOf[c]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// Codes returns every known code, sorted (for documentation checks).
func Codes() []Code {
	out := make([]Code, 0, len(statusOf))
	for c := range statusOf {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// Title returns the short human title of a code's status.
func Title(c Code) string { return http.StatusText(Status(c)) }

// FieldError names one invalid input field (JSON path such as "items[0].qty").
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is an error that has a stable code and a human detail.
type Error struct {
	Code   Code
	Detail string
	// Fields lists invalid fields (validation failures only).
	Fields []FieldError
	// Details is code-specific structured data (e.g. the short products of
	// insufficient_stock).
	Details any
	// Header is set on the response (e.g. Retry-After, WWW-Authenticate).
	Header http.Header
}

// New returns an *Error with a code and a human detail.
func New(code Code, detail string) *Error { return &Error{Code: code, Detail: detail} }

// Newf is New with a format.
func Newf(code Code, format string, args ...any) *Error {
	return New(code, fmt.Sprintf(format, args...))
}

// Validation returns a validation_failed error naming the fields.
func Validation(fields ...FieldError) *Error {
	return &Error{Code: ValidationFailed, Detail: "the request is not valid", Fields: fields}
}

func (e *Error) Error() string { return string(e.Code) + ": " + e.Detail }

// Status is the HTTP status of the error's code.
func (e *Error) Status() int { return Status(e.Code) }

// Is makes errors.Is(err, problem.New(code, "")) match on code alone, so a
// sentinel stays comparable when a more detailed copy is returned.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// As returns the *Error inside err, if any.
func As(err error) (*Error, bool) {
	var pe *Error
	ok := errors.As(err, &pe)
	return pe, ok
}

// CodeOf returns the code of err, or Internal when err carries none.
func CodeOf(err error) Code {
	if pe, ok := As(err); ok {
		return pe.Code
	}
	return Internal
}

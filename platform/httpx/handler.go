// Package httpx is the HTTP plumbing shared by the services: handlers that
// return errors, JSON decoding and validation, response writing, and the
// middleware every route runs behind.
package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/b2b-backoffice/platform/problem"
	"github.com/b2b-backoffice/platform/reqctx"
)

// HandlerFunc is an HTTP handler that returns its failure instead of writing
// it; Wrap turns it into an http.HandlerFunc.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Wrap adapts h: a returned error is written as a problem response by
// WriteError.
func Wrap(log *slog.Logger, h HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			WriteError(w, r, log, err)
		}
	}
}

// WriteError writes err as a problem response. An *problem.Error is written
// as it is (4xx are not logged as errors); anything else is logged with the
// request id and answered as a masked 500 (or 503 when the request's
// deadline ran out), never leaking internals.
func WriteError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	pe, ok := problem.As(err)
	switch {
	case ok:
	case isUnavailable(err):
		pe = problem.New(problem.Unavailable, "a dependency is unavailable; try again shortly")
		pe.Header = http.Header{"Retry-After": {"1"}}
	case errors.Is(err, context.DeadlineExceeded):
		pe = problem.New(problem.Unavailable, "the service could not answer in time; try again")
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		// The client went away: nobody reads the answer, and it is no
		// failure of ours.
		if log != nil {
			log.InfoContext(r.Context(), "request canceled by client", "method", r.Method, "path", r.URL.Path)
		}
		problem.Write(w, problem.New(problem.Unavailable, "request canceled"), reqctx.RequestID(r.Context()))
		return
	default:
		pe = problem.New(problem.Internal, "an internal error occurred; quote the request id when reporting it")
	}
	if pe.Status() >= 500 && log != nil {
		log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path,
			"status", pe.Status(), "code", string(pe.Code), "err", err.Error())
	}
	problem.Write(w, pe, reqctx.RequestID(r.Context()))
}

// WriteJSON writes v as JSON with the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	WriteRaw(w, status, b)
	return nil
}

// WriteRaw writes an already-encoded JSON body.
func WriteRaw(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// NotFound answers unknown routes with a not_found problem.
func NotFound(w http.ResponseWriter, r *http.Request) {
	problem.Write(w, problem.Newf(problem.NotFound, "no route for %s %s", r.Method, r.URL.Path),
		reqctx.RequestID(r.Context()))
}

// MethodNotAllowed answers a known route called with the wrong method.
func MethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	problem.Write(w, problem.Newf(problem.MethodNotAllowed, "method %s is not allowed on %s", r.Method, r.URL.Path),
		reqctx.RequestID(r.Context()))
}

// Health answers the liveness probe.
func Health(service string) http.HandlerFunc {
	body, _ := json.Marshal(map[string]string{"status": "ok", "service": service})
	return func(w http.ResponseWriter, r *http.Request) { WriteRaw(w, http.StatusOK, body) }
}

// Ready answers the readiness probe: 200 while check passes, else 503.
func Ready(service string, check func(context.Context) error, log *slog.Logger) http.HandlerFunc {
	ok, _ := json.Marshal(map[string]string{"status": "ready", "service": service})
	return func(w http.ResponseWriter, r *http.Request) {
		if err := check(r.Context()); err != nil {
			if log != nil {
				log.WarnContext(r.Context(), "not ready", "err", err.Error())
			}
			problem.Write(w, problem.New(problem.Unavailable, "not ready: a dependency is unavailable"),
				reqctx.RequestID(r.Context()))
			return
		}
		WriteRaw(w, http.StatusOK, ok)
	}
}

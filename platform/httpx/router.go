package httpx

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5"
)

// NewRouter returns the router every service's routes.go starts from:
// request and correlation ids (IDs), then the before middleware, then one
// access log line per request (AccessLog, which also masks panics); unknown
// paths and methods answered as problems; GET /health, and GET /ready
// answering 503 while ready fails. The caller adds its API to it (in Group
// or With, since chi takes no Use after a route).
//
// before is for a service that must settle the request's ids before the
// access line is written, as the orchestrator does with the body's
// correlation_id.
func NewRouter(service string, log *slog.Logger, ready func(context.Context) error, before ...func(http.Handler) http.Handler) chi.Router {
	r := chi.NewRouter()
	r.Use(IDs)
	r.Use(before...)
	r.Use(AccessLog(log))
	r.NotFound(NotFound)
	r.MethodNotAllowed(MethodNotAllowed)
	r.Get("/health", Health(service))
	r.Get("/ready", Ready(service, ready, log))
	return r
}

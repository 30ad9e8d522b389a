// Package httpapi is the orchestrator's HTTP layer; routes.go is the whole
// API on one screen and the only file that imports chi. The same handler
// serves the HTTP server and the Lambda.
package httpapi

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/b2b-backoffice/orchestrator/internal/checkout"
	"github.com/b2b-backoffice/platform/auth"
	"github.com/b2b-backoffice/platform/httpx"
)

// API holds the handlers' dependencies.
type API struct {
	checkout *checkout.Service
	authn    *auth.Authenticator
	log      *slog.Logger
}

// New returns the orchestrator's HTTP handler.
func New(svc *checkout.Service, authn *auth.Authenticator, log *slog.Logger) http.Handler {
	a := &API{checkout: svc, authn: authn, log: log}

	r := chi.NewRouter()
	// The orchestrator always has a correlation id (SPEC §1), generated
	// when the request brings none, so every log line and downstream call
	// of the request carries one.
	r.Use(httpx.IDs, ensureCorrelationID)
	r.NotFound(httpx.NotFound)
	r.MethodNotAllowed(httpx.MethodNotAllowed)

	r.With(httpx.AccessLog(log)).Get("/health", httpx.Health("orchestrator"))
	// Ready means the configuration is usable, which New's caller has
	// established: downstream services are not probed, so one of them
	// restarting does not take the orchestrator out of rotation too (its
	// calls answer 502/504 meanwhile).
	r.With(httpx.AccessLog(log)).Get("/ready", httpx.Ready("orchestrator", func(context.Context) error { return nil }, log))

	// The body's correlation_id is read before the access log starts, so
	// the access line carries the id the client chose; errors, auth
	// failures included, are answered in the orchestrator's envelope.
	order := r.With(bodyCorrelationID, httpx.AccessLog(log))
	order.Post("/orchestrator/create-and-confirm-order", a.envelope(a.createAndConfirm))
	// The Serverless stage prefix, kept so clients of the Lambda work
	// unchanged.
	order.Post("/dev/orchestrator/create-and-confirm-order", a.envelope(a.createAndConfirm))
	return r
}

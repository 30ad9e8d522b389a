// Package httpapi is the orchestrator's HTTP layer; routes.go is the whole
// API on one screen (its router comes from platform's httpx.NewRouter).
// The same handler serves the HTTP server and the Lambda.
package httpapi

import (
	"context"
	"log/slog"
	"net/http"

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

	// The orchestrator always has a correlation id (SPEC §1), generated
	// when the request brings none, and the body's correlation_id wins
	// (SPEC §5); both are settled before the access line is written, so
	// it and every downstream call carry the id the client chose.
	// Ready means the configuration is usable, which New's caller has
	// established: downstream services are not probed, so one of them
	// restarting does not take the orchestrator out of rotation too (its
	// calls answer 502/504 meanwhile).
	r := httpx.NewRouter("orchestrator", log, func(context.Context) error { return nil },
		ensureCorrelationID, bodyCorrelationID)

	// Errors, auth failures included, are answered in the orchestrator's
	// envelope.
	r.Post("/orchestrator/create-and-confirm-order", a.envelope(a.createAndConfirm))
	// The Serverless stage prefix, kept so clients of the Lambda work
	// unchanged.
	r.Post("/dev/orchestrator/create-and-confirm-order", a.envelope(a.createAndConfirm))
	return r
}

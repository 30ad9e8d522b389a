// Package httpapi is customers-api's HTTP layer; routes.go is the whole API
// on one screen and the only file that imports chi.
package httpapi

import (
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/b2b-backoffice/customers-api/internal/store"
	"github.com/b2b-backoffice/platform/auth"
	"github.com/b2b-backoffice/platform/httpx"
)

// API holds the handlers' dependencies.
type API struct {
	store *store.Store
	log   *slog.Logger
}

// New returns the service's HTTP handler.
func New(s *store.Store, authn *auth.Authenticator, log *slog.Logger) http.Handler {
	a := &API{store: s, log: log}
	h := func(fn httpx.HandlerFunc) http.HandlerFunc { return httpx.Wrap(log, fn) }

	// IDs, access log, 404/405 problems, /health, and /ready while the
	// database answers.
	r := httpx.NewRouter("customers-api", log, s.Ping)
	r.Group(func(r chi.Router) {
		r.Use(authn.Operator)
		r.Post("/customers", h(a.createCustomer))
		r.Get("/customers", h(a.listCustomers))
		r.Get("/customers/{id}", h(a.getCustomer))
		r.Put("/customers/{id}", h(a.updateCustomer))
		r.Delete("/customers/{id}", h(a.deleteCustomer))
	})
	r.Group(func(r chi.Router) {
		r.Use(authn.Service)
		r.Get("/internal/customers/{id}", h(a.getCustomer))
	})
	return r
}

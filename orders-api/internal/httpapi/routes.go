// Package httpapi is orders-api's HTTP layer; routes.go is the whole API
// on one screen and the only file that imports chi.
package httpapi

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/b2b-backoffice/orders-api/internal/store"
	"github.com/b2b-backoffice/platform/auth"
	"github.com/b2b-backoffice/platform/httpx"
)

// Customers tells whether a customer exists (customers-api in production,
// a fake server's client in tests).
type Customers interface {
	Check(ctx context.Context, id int64) error
}

// API holds the handlers' dependencies.
type API struct {
	store     *store.Store
	customers Customers
	log       *slog.Logger
}

// New returns the service's HTTP handler.
func New(s *store.Store, c Customers, authn *auth.Authenticator, log *slog.Logger) http.Handler {
	a := &API{store: s, customers: c, log: log}
	h := func(fn httpx.HandlerFunc) http.HandlerFunc { return httpx.Wrap(log, fn) }

	// IDs, access log, 404/405 problems, /health, and /ready while the
	// database answers.
	r := httpx.NewRouter("orders-api", log, s.Ping)
	r.Group(func(r chi.Router) {
		r.Use(authn.Operator)
		r.Post("/products", h(a.createProduct))
		r.Get("/products", h(a.listProducts))
		r.Get("/products/{id}", h(a.getProduct))
		r.Patch("/products/{id}", h(a.updateProduct))

		r.Post("/orders", h(a.createOrder))
		r.Get("/orders", h(a.listOrders))
		r.Get("/orders/{id}", h(a.getOrder))
		r.Post("/orders/{id}/confirm", h(a.confirmOrder))
		r.Post("/orders/{id}/cancel", h(a.cancelOrder))
	})
	return r
}

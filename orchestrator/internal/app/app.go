// Package app wires the orchestrator from its configuration: one place,
// shared by the HTTP server (cmd/orchestrator) and the Lambda (cmd/lambda),
// so both serve exactly the same handler.
package app

import (
	"log/slog"
	"net/http"

	"github.com/b2b-backoffice/orchestrator/internal/checkout"
	"github.com/b2b-backoffice/orchestrator/internal/config"
	"github.com/b2b-backoffice/orchestrator/internal/customers"
	"github.com/b2b-backoffice/orchestrator/internal/httpapi"
	"github.com/b2b-backoffice/orchestrator/internal/orders"
	"github.com/b2b-backoffice/platform/auth"
	"github.com/b2b-backoffice/platform/svcclient"
)

// Handler returns the orchestrator's HTTP handler for cfg.
func Handler(cfg config.Config, log *slog.Logger) (http.Handler, error) {
	authn, err := auth.New(cfg.Auth, log)
	if err != nil {
		return nil, err
	}
	opt := svcclient.Options{AttemptTimeout: cfg.Timeouts.Attempt, MaxAttempts: cfg.Timeouts.MaxAttempts}
	svc := checkout.New(
		customers.New(cfg.CustomersAPI, cfg.Auth.ServiceToken, opt),
		orders.New(cfg.OrdersAPI, cfg.Auth.ServiceToken, opt),
		log, cfg.Timeouts.Total, cfg.Timeouts.Compensation,
	)
	return httpapi.New(svc, authn, log), nil
}

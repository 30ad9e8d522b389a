// Package config is the only place the orchestrator reads its environment.
package config

import (
	"log/slog"
	"time"

	"github.com/b2b-backoffice/platform/auth"
	"github.com/b2b-backoffice/platform/config"
	"github.com/b2b-backoffice/platform/logging"
	"github.com/b2b-backoffice/platform/server"
)

// Config is the orchestrator's configuration.
type Config struct {
	Port         int
	CustomersAPI string
	OrdersAPI    string
	Auth         auth.Config
	LogLevel     slog.Level
	Timeouts     Timeouts
	// PprofAddr is the loopback address of the profiling listener
	// (PPROF_ADDR); empty, the default, serves none. The Lambda ignores it.
	PprofAddr string
}

// Timeouts bound the downstream calls of one create-and-confirm call.
type Timeouts struct {
	// Total is the overall deadline of the validate → create → confirm
	// steps, retries included (REQUEST_TIMEOUT, default 10s).
	Total time.Duration
	// Attempt bounds one downstream HTTP attempt
	// (DOWNSTREAM_ATTEMPT_TIMEOUT, default 3s).
	Attempt time.Duration
	// MaxAttempts bounds the attempts of one downstream call
	// (DOWNSTREAM_MAX_ATTEMPTS, default 3).
	MaxAttempts int
	// Compensation bounds the cancel sent after a failed confirmation; it
	// runs on its own clock because the main deadline may be what failed
	// (COMPENSATION_TIMEOUT, default 5s).
	Compensation time.Duration
}

// Load reads the configuration from getenv and reports every problem.
func Load(getenv func(string) string) (Config, error) {
	r := config.New(getenv)
	c := Config{
		Port:         r.Int("PORT", 3000, 1, 65535),
		CustomersAPI: r.BaseURL("http://localhost:3001", "CUSTOMERS_API_BASE", "CUSTOMERS_API_URL"),
		OrdersAPI:    r.BaseURL("http://localhost:3002", "ORDERS_API_BASE", "ORDERS_API_URL"),
		Auth:         auth.ConfigFrom(r),
		Timeouts: Timeouts{
			Total:        r.Duration("REQUEST_TIMEOUT", 10*time.Second),
			Attempt:      r.Duration("DOWNSTREAM_ATTEMPT_TIMEOUT", 3*time.Second),
			MaxAttempts:  r.Int("DOWNSTREAM_MAX_ATTEMPTS", 3, 1, 10),
			Compensation: r.Duration("COMPENSATION_TIMEOUT", 5*time.Second),
		},
		LogLevel:  logging.LevelFrom(r),
		PprofAddr: server.PprofAddrFrom(r),
	}
	return c, r.Err()
}

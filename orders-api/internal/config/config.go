// Package config is the only place orders-api reads its environment.
package config

import (
	"log/slog"
	"time"

	"github.com/b2b-backoffice/platform/auth"
	"github.com/b2b-backoffice/platform/config"
	"github.com/b2b-backoffice/platform/database"
	"github.com/b2b-backoffice/platform/logging"
	"github.com/b2b-backoffice/platform/server"
)

// Config is orders-api's configuration.
type Config struct {
	Port int
	DB   database.Config
	Auth auth.Config
	// CustomersAPI is customers-api's base URL.
	CustomersAPI   string
	CancelWindow   time.Duration
	IdempotencyTTL time.Duration
	LogLevel       slog.Level
	// PprofAddr is the loopback address of the profiling listener
	// (PPROF_ADDR); empty, the default, serves none.
	PprofAddr string
}

// LoadDB reads only the database settings: what the migrate subcommand
// needs, so a schema change does not require the service's secrets.
func LoadDB(getenv func(string) string) (database.Config, error) {
	r := config.New(getenv)
	c := database.ConfigFrom(r, "orders")
	return c, r.Err()
}

// Load reads the configuration from getenv and reports every problem.
func Load(getenv func(string) string) (Config, error) {
	r := config.New(getenv)
	c := Config{
		Port:           r.Int("PORT", 3002, 1, 65535),
		DB:             database.ConfigFrom(r, "orders"),
		Auth:           auth.ConfigFrom(r),
		CustomersAPI:   r.BaseURL("http://localhost:3001", "CUSTOMERS_API_BASE", "CUSTOMERS_API_URL"),
		CancelWindow:   r.Duration("CANCEL_WINDOW", 10*time.Minute),
		IdempotencyTTL: r.Duration("IDEMPOTENCY_TTL", 24*time.Hour),
		LogLevel:       logging.LevelFrom(r),
		PprofAddr:      server.PprofAddrFrom(r),
	}
	return c, r.Err()
}

// Package config is the only place customers-api reads its environment.
package config

import (
	"log/slog"

	"github.com/b2b-backoffice/platform/auth"
	"github.com/b2b-backoffice/platform/config"
	"github.com/b2b-backoffice/platform/database"
	"github.com/b2b-backoffice/platform/logging"
	"github.com/b2b-backoffice/platform/server"
)

// Config is customers-api's configuration.
type Config struct {
	Port     int
	DB       database.Config
	Auth     auth.Config
	LogLevel slog.Level
	// PprofAddr is the loopback address of the profiling listener
	// (PPROF_ADDR); empty, the default, serves none.
	PprofAddr string
}

// LoadDB reads only the database settings: what the migrate subcommand
// needs, so a schema change does not require the service's secrets.
func LoadDB(getenv func(string) string) (database.Config, error) {
	r := config.New(getenv)
	c := database.ConfigFrom(r, "customers")
	return c, r.Err()
}

// Load reads the configuration from getenv and reports every problem.
func Load(getenv func(string) string) (Config, error) {
	r := config.New(getenv)
	c := Config{
		Port:      r.Int("PORT", 3001, 1, 65535),
		DB:        database.ConfigFrom(r, "customers"),
		Auth:      auth.ConfigFrom(r),
		LogLevel:  logging.LevelFrom(r),
		PprofAddr: server.PprofAddrFrom(r),
	}
	return c, r.Err()
}

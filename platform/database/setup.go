package database

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/jmoiron/sqlx"

	"github.com/b2b-backoffice/platform/migrate"
)

// Setup prepares a service's database at start: it creates the schema if
// the server lacks it (and the user may), applies the embedded migrations
// and opens the pool.
func Setup(ctx context.Context, c Config, migrations fs.FS, log *slog.Logger) (*sqlx.DB, error) {
	mc, err := c.MySQLConfig()
	if err != nil {
		return nil, err
	}
	if err := EnsureDatabase(ctx, mc); err != nil {
		// Not fatal: a least-privilege user may not create databases but
		// may well have its schema already.
		log.Debug("could not ensure the database exists", "err", err.Error())
	}
	if err := migrate.Up(mc, migrations, log); err != nil {
		return nil, fmt.Errorf("database %s at %s: %w", mc.DBName, mc.Addr, err)
	}
	return OpenPool(ctx, mc.FormatDSN(), c.MaxOpenConns)
}

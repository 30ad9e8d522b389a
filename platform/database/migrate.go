package database

import (
	"context"
	"io"
	"io/fs"

	"github.com/b2b-backoffice/platform/migrate"
)

// MigrateCommand runs a service's "migrate up|down|version" subcommand on
// the database of c. It needs only the database settings, not the
// service's secrets; "up" first creates the database when it is missing,
// as a normal start does (best effort: a least-privilege user may not
// create databases but have its schema, and migrate says so if not).
func MigrateCommand(ctx context.Context, args []string, c Config, fsys fs.FS, stdout io.Writer) error {
	mc, err := c.MySQLConfig()
	if err != nil {
		return err
	}
	if len(args) == 1 && args[0] == "up" {
		_ = EnsureDatabase(ctx, mc)
	}
	return migrate.Command(args, mc, fsys, stdout)
}

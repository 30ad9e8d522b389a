package database

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// Command runs the command line of a service with a database, args not
// empty (no arguments means serve, which the caller does): "migrate
// up|down|version" runs MigrateCommand on the database loadDB reads from
// getenv, the database settings only, so a schema change does not need the
// service's secrets; anything else is an error saying the usage.
func Command(ctx context.Context, args []string, getenv func(string) string,
	loadDB func(getenv func(string) string) (Config, error), fsys fs.FS, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "migrate" {
		return fmt.Errorf("unknown command %q (want no argument, or migrate up|down|version)", strings.Join(args, " "))
	}
	c, err := loadDB(getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	return MigrateCommand(ctx, args[1:], c, fsys, stdout)
}

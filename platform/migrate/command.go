package migrate

import (
	"fmt"
	"io"
	"io/fs"

	"github.com/go-sql-driver/mysql"
)

// Command runs the "migrate up|down|version" subcommand of a service.
func Command(args []string, mc *mysql.Config, fsys fs.FS, stdout io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: migrate up|down|version")
	}
	switch args[0] {
	case "up":
		if err := Up(mc, fsys, nil); err != nil {
			return err
		}
	case "down":
		if err := Down(mc, fsys); err != nil {
			return err
		}
	case "version":
	default:
		return fmt.Errorf("usage: migrate up|down|version (not %q)", args[0])
	}
	v, dirty, err := Version(mc, fsys)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "version %d dirty=%t\n", v, dirty)
	return nil
}

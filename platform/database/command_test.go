package database_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/b2b-backoffice/platform/config"
	"github.com/b2b-backoffice/platform/database"
	"github.com/b2b-backoffice/platform/dbtest"
)

func TestCommand(t *testing.T) {
	db := dbtest.New(t, nil)
	fsys := fstest.MapFS{
		"1_t.up.sql":   {Data: []byte("CREATE TABLE t (id INT PRIMARY KEY)")},
		"1_t.down.sql": {Data: []byte("DROP TABLE t")},
	}
	getenv := func(k string) string { return map[string]string{"DB_DSN": db.DSN()}[k] }
	loads := 0
	loadDB := func(getenv func(string) string) (database.Config, error) {
		loads++
		r := config.New(getenv)
		c := database.ConfigFrom(r, "unused")
		return c, r.Err()
	}
	command := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := database.Command(context.Background(), args, getenv, loadDB, fsys, &out)
		return strings.TrimSpace(out.String()), err
	}
	for _, s := range []struct{ arg, want string }{
		{"version", "version 0 dirty=false"},
		{"up", "version 1 dirty=false"},
		{"down", "version 0 dirty=false"},
	} {
		if got, err := command("migrate", s.arg); err != nil || got != s.want {
			t.Fatalf("migrate %s: %q, %v; want %q", s.arg, got, err, s.want)
		}
	}
	if _, err := command("migrate", "sideways"); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Errorf("migrate sideways: %v", err)
	}

	loads = 0
	if _, err := command("serve", "now"); err == nil || !strings.Contains(err.Error(), `unknown command "serve now"`) || loads != 0 {
		t.Errorf("an unknown command: %v (database settings read %d times, want 0)", err, loads)
	}
	bad := func(func(string) string) (database.Config, error) {
		return database.Config{}, errors.New("DB_PORT bad")
	}
	err := database.Command(context.Background(), []string{"migrate", "up"}, getenv, bad, fsys, &bytes.Buffer{})
	if err == nil || err.Error() != "configuration:\nDB_PORT bad" {
		t.Errorf("bad database settings: %v", err)
	}
}

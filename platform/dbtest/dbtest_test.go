package dbtest_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/b2b-backoffice/platform/dbtest"
)

var migrations = fstest.MapFS{
	"000001_things.up.sql":   {Data: []byte("CREATE TABLE things (id INT PRIMARY KEY);")},
	"000001_things.down.sql": {Data: []byte("DROP TABLE things;")},
}

// exists reports whether the server has database name, asked through db.
func exists(t *testing.T, db *dbtest.DB, name string) bool {
	t.Helper()
	var n int
	if err := db.Get(&n, "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?", name); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

func TestCreateMigratesAndDrops(t *testing.T) {
	db, drop, err := dbtest.Create(migrations)
	if err != nil {
		dbtest.Unavailable(t, err)
	}
	watcher := dbtest.New(t, nil) // another connection, to look from outside
	if !strings.HasPrefix(db.Name, "t_dbtest_") || !exists(t, watcher, db.Name) {
		t.Fatalf("database %q not created", db.Name)
	}
	if _, err := db.Exec("INSERT INTO things VALUES (1)"); err != nil {
		t.Fatalf("migrations not applied: %v", err)
	}
	if db.Config.DBName != db.Name || !strings.Contains(db.DSN(), "/"+db.Name) {
		t.Errorf("config %q / DSN %q do not name the database", db.Config.DBName, db.DSN())
	}
	drop()
	if exists(t, watcher, db.Name) {
		t.Errorf("database %q still exists after drop", db.Name)
	}
}

func TestNewDropsInCleanup(t *testing.T) {
	watcher := dbtest.New(t, nil)
	var name string
	t.Run("inner", func(t *testing.T) {
		db := dbtest.New(t, migrations)
		name = db.Name
		if !exists(t, watcher, name) {
			t.Fatal("not created")
		}
	})
	if name == "" || exists(t, watcher, name) {
		t.Errorf("database %q not dropped after its test", name)
	}
	a, b := dbtest.New(t, nil), dbtest.New(t, nil)
	if a.Name == b.Name {
		t.Error("two databases share a name")
	}
}

func TestFailedMigrationLeavesNoDatabase(t *testing.T) {
	watcher := dbtest.New(t, nil)
	count := func() (n int) {
		if err := watcher.Get(&n, "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name LIKE 't!_dbtest!_%' ESCAPE '!'"); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	bad := fstest.MapFS{"000001_bad.up.sql": {Data: []byte("CREATE TABLE (;")}}
	if _, _, err := dbtest.Create(bad); err == nil || !strings.Contains(err.Error(), "migrate") {
		t.Fatalf("bad migration: %v", err)
	}
	if after := count(); after != before {
		t.Errorf("%d test databases before, %d after a failed Create", before, after)
	}
}

func TestCreateWithoutServer(t *testing.T) {
	t.Setenv("TEST_MYSQL_DSN", "root@tcp(127.0.0.1:1)/")
	if _, _, err := dbtest.Create(nil); err == nil {
		t.Fatal("Create succeeded without a server")
	}
	t.Setenv("TEST_MYSQL_DSN", "::not a dsn::")
	if _, _, err := dbtest.Create(nil); err == nil || !strings.Contains(err.Error(), "TEST_MYSQL_DSN") {
		t.Fatalf("bad DSN: %v", err)
	}
}

// recorder stands in for a test to see whether Unavailable skips or fails.
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Helper()                      {}
func (r *recorder) Fatalf(f string, args ...any) { r.fatal = fmt.Sprintf(f, args...) }
func (r *recorder) Skipf(f string, args ...any)  { r.skip = fmt.Sprintf(f, args...) }

func TestUnavailable(t *testing.T) {
	t.Setenv("CI", "")
	r := &recorder{TB: t}
	dbtest.Unavailable(r, fmt.Errorf("connection refused"))
	if r.fatal != "" || !strings.Contains(r.skip, "connection refused") {
		t.Errorf("locally: fatal %q skip %q; want a skip", r.fatal, r.skip)
	}
	t.Setenv("CI", "true")
	r = &recorder{TB: t}
	dbtest.Unavailable(r, fmt.Errorf("connection refused"))
	if !strings.Contains(r.fatal, "CI=true") {
		t.Errorf("with CI=true: fatal %q; want a failure", r.fatal)
	}
}

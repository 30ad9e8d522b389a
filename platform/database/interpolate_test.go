package database_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/b2b-backoffice/platform/dbtest"
)

// TestInterpolatedArgumentsRoundTrip: with the driver interpolating
// placeholders (MySQLConfig's default), hostile strings, every byte value
// and times come back exactly as written, and a quote or comment marker in
// a value never changes the statement.
func TestInterpolatedArgumentsRoundTrip(t *testing.T) {
	db := dbtest.New(t, nil)
	if !db.Config.InterpolateParams {
		t.Fatal("the test database does not interpolate placeholders")
	}
	db.MustExec(`CREATE TABLE v (id INT PRIMARY KEY, s VARCHAR(255) NOT NULL, b VARBINARY(300) NOT NULL,
		at DATETIME(3) NOT NULL) ENGINE=InnoDB CHARACTER SET utf8mb4`)
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	at := time.Date(2026, 11, 29, 10, 28, 55, 123_000_000, time.UTC)
	strs := []string{
		`' OR 1=1 -- `, `\'; DROP TABLE v; -- `, `?`, `back\slash\`, `"double"`, "nul\x00byte",
		`/* comment */`, "# hash\nnewline", "ünïcödé ✓ 𝄞", `%_`, "",
	}
	for i, s := range strs {
		if _, err := db.Exec(`INSERT INTO v (id, s, b, at) VALUES (?, ?, ?, ?)`, i, s, all, at); err != nil {
			t.Fatalf("insert %q: %v", s, err)
		}
	}
	var n int
	if err := db.Get(&n, `SELECT COUNT(*) FROM v`); err != nil || n != len(strs) {
		t.Fatalf("%d rows, %v; want %d", n, err, len(strs))
	}
	for i, want := range strs {
		var got struct {
			S  string    `db:"s"`
			B  []byte    `db:"b"`
			At time.Time `db:"at"`
		}
		if err := db.Get(&got, `SELECT s, b, at FROM v WHERE id = ? AND s = ?`, i, want); err != nil {
			t.Fatalf("row %d (%q): %v", i, want, err)
		}
		if got.S != want || !bytes.Equal(got.B, all) || !got.At.Equal(at) {
			t.Errorf("row %d: got %q, %d bytes, %v; want %q, the 256 byte values, %v", i, got.S, len(got.B), got.At, want, at)
		}
	}
}

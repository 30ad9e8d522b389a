package database

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/b2b-backoffice/platform/httpx"
)

func TestUnavailableDatabaseIs503(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want int
	}{
		{"too many connections", &mysql.MySQLError{Number: ErrTooManyConnections, Message: "Too many connections"}, 503},
		{"bad connection", fmt.Errorf("query: %w", driver.ErrBadConn), 503},
		{"invalid connection", mysql.ErrInvalidConn, 503},
		{"syntax error", &mysql.MySQLError{Number: 1064, Message: "syntax"}, 500},
		{"plain error", errors.New("boom"), 500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			httpx.WriteError(w, httptest.NewRequest(http.MethodGet, "/x", nil), nil, tc.err)
			if w.Code != tc.want {
				t.Fatalf("status %d, want %d", w.Code, tc.want)
			}
			if tc.want == 503 && w.Header().Get("Retry-After") == "" {
				t.Fatal("503 without Retry-After")
			}
		})
	}
}

package database

import (
	"errors"

	"github.com/go-sql-driver/mysql"

	"github.com/b2b-backoffice/platform/httpx"
)

// MySQL errors that mean the server cannot take this work now, not that
// the request or the code is wrong.
const (
	ErrTooManyConnections     = 1040
	ErrUserTooManyConnections = 1203
	ErrServerShutdown         = 1053
)

// IsUnavailable reports an error of a database that refuses or lost the
// connection: a retry later may well succeed.
func IsUnavailable(err error) bool {
	switch ErrorNumber(err) {
	case ErrTooManyConnections, ErrUserTooManyConnections, ErrServerShutdown:
		return true
	}
	return errors.Is(err, mysql.ErrInvalidConn)
}

func init() { httpx.RegisterUnavailable(IsUnavailable) }

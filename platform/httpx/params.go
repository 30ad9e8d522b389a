package httpx

import (
	"net/http"
	"strconv"

	"github.com/b2b-backoffice/platform/problem"
)

// PathID reads a positive integer id from the route parameter name; any
// other value is 400 validation_failed naming the parameter.
func PathID(r *http.Request, name string) (int64, error) {
	s := r.PathValue(name)
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 1 || strconv.FormatInt(id, 10) != s {
		return 0, problem.Validation(problem.FieldError{Field: name, Message: "must be a positive integer"})
	}
	return id, nil
}

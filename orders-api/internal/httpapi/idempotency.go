package httpapi

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"

	"github.com/b2b-backoffice/orders-api/internal/orders"
	"github.com/b2b-backoffice/platform/auth"
	"github.com/b2b-backoffice/platform/problem"
	"github.com/b2b-backoffice/platform/reqctx"
)

// idempotencyKey reads X-Idempotency-Key, or its alias Idempotency-Key. A
// header that is present must hold one valid key (an empty one is
// invalid, not absent); when required, an absent one is
// missing_idempotency_key.
func idempotencyKey(r *http.Request, required bool) (string, error) {
	vs, ok := r.Header["X-Idempotency-Key"]
	if !ok {
		vs, ok = r.Header["Idempotency-Key"]
	}
	switch {
	case !ok && required:
		return "", problem.New(problem.MissingIdempotencyKey, "this request requires an X-Idempotency-Key header")
	case !ok:
		return "", nil
	case len(vs) != 1:
		return "", problem.New(problem.InvalidIdempotencyKey, "send exactly one idempotency key")
	}
	if err := orders.CheckKey(vs[0]); err != nil {
		return "", err
	}
	return vs[0], nil
}

// maxScopeLen is the width of idempotency_keys.scope.
const maxScopeLen = 255

// scope is the caller a key belongs to; an overlong caller id (a JWT
// subject can be any length) is replaced by its digest.
func scope(r *http.Request) string {
	c, ok := reqctx.CallerFrom(r.Context())
	if !ok {
		c = auth.AnonymousCaller
	}
	id := c.ID()
	if len(id) > maxScopeLen {
		sum := sha256.Sum256([]byte(id))
		id = "sha256:" + hex.EncodeToString(sum[:])
	}
	return id
}

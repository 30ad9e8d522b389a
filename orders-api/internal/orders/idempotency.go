package orders

import (
	"crypto/sha256"
	"encoding/binary"
	"strconv"

	"github.com/b2b-backoffice/platform/problem"
)

// Operations an idempotency key is scoped to.
const (
	OpCreateOrder  = "create_order"
	OpConfirmOrder = "confirm_order"
)

// MaxKeyLen bounds an idempotency key (SPEC §6).
const MaxKeyLen = 255

// CheckKey validates an idempotency key: 1..255 characters of
// [A-Za-z0-9._:-].
func CheckKey(k string) error {
	if len(k) == 0 || len(k) > MaxKeyLen {
		return problem.Newf(problem.InvalidIdempotencyKey, "the idempotency key must be 1 to %d characters long", MaxKeyLen)
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		ok := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '.' || c == '_' || c == ':' || c == '-'
		if !ok {
			return problem.New(problem.InvalidIdempotencyKey, "the idempotency key may contain only letters, digits, '.', '_', ':' and '-'")
		}
	}
	return nil
}

// Fingerprint identifies a request for idempotency: SHA-256 over the
// operation, the path parameters and the canonical body, each
// length-prefixed so no two different requests run together into the same
// bytes.
func Fingerprint(op string, pathParams []int64, canonicalBody []byte) [32]byte {
	h := sha256.New()
	put := func(b []byte) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	put([]byte(op))
	for _, p := range pathParams {
		put([]byte(strconv.FormatInt(p, 10)))
	}
	put(canonicalBody)
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// Errors of idempotent requests.
var (
	ErrKeyReused = problem.New(problem.IdempotencyKeyReused,
		"this idempotency key was already used for a different request; use a new key for a new request")
	ErrKeyInProgress = problem.New(problem.IdempotencyInProgress,
		"a request with this idempotency key is still being processed; retry shortly")
)

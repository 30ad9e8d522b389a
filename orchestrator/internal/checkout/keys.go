package checkout

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/b2b-backoffice/platform/reqctx"
)

// Keys are the downstream idempotency keys of one client call.
type Keys struct{ Create, Confirm, Cancel string }

// DeriveKeys derives the downstream keys from the caller and the client's
// key. orders-api scopes keys to its caller, which is always the
// orchestrator's service token, so the operator is folded in here: two
// operators' equal keys never meet. The derivation is deterministic, so a
// client retry, even after a crash between steps, replays each step instead
// of repeating it. The NUL separator keeps ("a:b", "c") and ("a", "b:c")
// apart; 40 hex digits (160 bits) make a collision a non-event.
func DeriveKeys(caller reqctx.Caller, clientKey string) Keys {
	sum := sha256.Sum256([]byte(caller.ID() + "\x00" + clientKey))
	base := "orc-" + hex.EncodeToString(sum[:])[:40]
	return Keys{Create: base + "-create", Confirm: base + "-confirm", Cancel: base + "-cancel"}
}

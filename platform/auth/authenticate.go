package auth

import (
	"net/http"

	"github.com/b2b-backoffice/platform/reqctx"
)

// AuthenticateOperator checks r exactly as the Operator middleware does and
// returns the caller, or the *problem.Error (401, with its WWW-Authenticate
// header) Operator would have written. It is for handlers that answer in
// their own error envelope (the orchestrator).
func (a *Authenticator) AuthenticateOperator(r *http.Request) (reqctx.Caller, error) {
	return a.operator(r)
}

package httpapi

import (
	"net/http"

	"github.com/b2b-backoffice/orchestrator/internal/checkout"
	"github.com/b2b-backoffice/platform/httpx"
	"github.com/b2b-backoffice/platform/reqctx"
)

// createAndConfirm serves POST /orchestrator/create-and-confirm-order.
// Authentication happens here rather than in middleware so that a 401 is
// answered in the same envelope as every other failure.
func (a *API) createAndConfirm(w http.ResponseWriter, r *http.Request) error {
	caller, err := a.authn.AuthenticateOperator(r)
	if err != nil {
		return err
	}
	ctx := reqctx.WithCaller(r.Context(), caller)
	var req checkout.Request
	if err := httpx.Decode(r, &req); err != nil {
		return err
	}
	res, err := a.checkout.CreateAndConfirm(ctx, caller, req)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, successOf(reqctx.CorrelationID(ctx), res))
}

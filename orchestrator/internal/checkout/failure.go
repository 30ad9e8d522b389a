package checkout

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/b2b-backoffice/platform/problem"
	"github.com/b2b-backoffice/platform/svcclient"
)

// Step names where a call failed (SPEC §5).
type Step string

// The steps of the workflow.
const (
	StepValidateRequest  Step = "validate_request"
	StepValidateCustomer Step = "validate_customer"
	StepCreateOrder      Step = "create_order"
	StepConfirmOrder     Step = "confirm_order"
)

// Failure is a failed call as the client sees it: the status to answer,
// the step, the downstream code and details, and whether a created order
// was compensated.
type Failure struct {
	Step    Step
	Status  int
	Code    problem.Code
	Message string
	// Details is the downstream problem's details (insufficient_stock's
	// short products) or its field errors.
	Details any
	// OrderID is the order created before the failure, 0 when none.
	OrderID int64
	// Compensated is set when a cancel was attempted: whether it succeeded.
	Compensated *bool
	// Header is added to the answer (Retry-After, WWW-Authenticate).
	Header http.Header
	// Err is the cause, for the log only.
	Err error
}

func (f *Failure) Error() string {
	return fmt.Sprintf("%s: %d %s: %s", f.Step, f.Status, f.Code, f.Message)
}

func (f *Failure) Unwrap() error { return f.Err }

// businessStatus lists the downstream answers passed through unchanged:
// they describe the client's request, not a fault of the system.
var businessStatus = map[int]bool{
	http.StatusBadRequest:          true,
	http.StatusNotFound:            true,
	http.StatusConflict:            true,
	http.StatusUnprocessableEntity: true,
	http.StatusTooManyRequests:     true,
}

// Fail maps err, returned by a step, to the Failure the client sees:
//   - a problem from our own validation → its status and code;
//   - a downstream business problem (400/404/409/422/429) → its status,
//     code, message and details;
//   - a dependency down, too slow, or answering outside the contract
//     (5xx, 401/403 from a bad SERVICE_TOKEN, a body that is not a problem)
//     → 502 upstream_unavailable or 504 upstream_timeout.
func Fail(step Step, err error) *Failure {
	var f *Failure
	if errors.As(err, &f) {
		return f
	}
	var se *svcclient.StatusError
	if errors.As(err, &se) {
		return fromStatus(step, se)
	}
	var un *svcclient.Unreachable
	if errors.As(err, &un) {
		// The problem's own detail names the base URL: internal, not for
		// the client.
		if un.Problem.Code == problem.UpstreamTimeout {
			return &Failure{Step: step, Status: http.StatusGatewayTimeout, Code: problem.UpstreamTimeout,
				Message: serviceOf(step) + " did not answer in time", Err: err}
		}
		return &Failure{Step: step, Status: http.StatusBadGateway, Code: problem.UpstreamUnavailable,
			Message: serviceOf(step) + " is unavailable", Err: err}
	}
	if pe, ok := problem.As(err); ok {
		out := &Failure{Step: step, Status: pe.Status(), Code: pe.Code, Message: pe.Detail, Details: pe.Details, Header: pe.Header, Err: err}
		if len(pe.Fields) > 0 {
			out.Details = pe.Fields
		}
		return out
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &Failure{Step: step, Status: http.StatusGatewayTimeout, Code: problem.UpstreamTimeout,
			Message: serviceOf(step) + " did not answer in time", Err: err}
	}
	return &Failure{Step: step, Status: http.StatusBadGateway, Code: problem.UpstreamUnavailable,
		Message: serviceOf(step) + " failed", Err: err}
}

// serviceOf names the dependency a step calls.
func serviceOf(step Step) string {
	if step == StepValidateCustomer {
		return "customers-api"
	}
	return "orders-api"
}

func fromStatus(step Step, se *svcclient.StatusError) *Failure {
	if se.Problem != nil && businessStatus[se.Status] {
		f := &Failure{Step: step, Status: se.Status, Code: se.Problem.Code, Message: se.Problem.Detail, Err: se}
		// The details pass through verbatim (member order included), not
		// re-encoded from the decoded problem.
		var raw struct {
			Details json.RawMessage `json:"details"`
		}
		if json.Unmarshal(se.Body, &raw) == nil && len(raw.Details) > 0 && string(raw.Details) != "null" {
			f.Details = raw.Details
		}
		if len(se.Problem.Errors) > 0 && f.Details == nil {
			f.Details = se.Problem.Errors
		}
		if ra := se.Header.Get("Retry-After"); ra != "" {
			f.Header = http.Header{"Retry-After": {ra}}
		}
		return f
	}
	service := serviceOf(step)
	if se.Status == http.StatusGatewayTimeout {
		return &Failure{Step: step, Status: http.StatusGatewayTimeout, Code: problem.UpstreamTimeout,
			Message: service + " did not answer in time", Err: se}
	}
	return &Failure{Step: step, Status: http.StatusBadGateway, Code: problem.UpstreamUnavailable,
		Message: fmt.Sprintf("%s answered %d", service, se.Status), Err: se}
}

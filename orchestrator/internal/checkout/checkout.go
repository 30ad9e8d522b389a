// Package checkout is the create-and-confirm workflow (SPEC §5): validate
// the customer, create the order, confirm it, and cancel it again when it
// was created but cannot be confirmed. It knows the downstream clients but
// nothing of the HTTP server in front of it.
package checkout

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/b2b-backoffice/orchestrator/internal/customers"
	"github.com/b2b-backoffice/orchestrator/internal/orders"
	"github.com/b2b-backoffice/platform/problem"
	"github.com/b2b-backoffice/platform/reqctx"
	"github.com/b2b-backoffice/platform/svcclient"
)

// Service runs the workflow.
type Service struct {
	customers *customers.Client
	orders    *orders.Client
	log       *slog.Logger
	// timeout is the overall deadline of the three steps, retries included.
	timeout time.Duration
	// compensation bounds the cancel, which runs on its own clock.
	compensation time.Duration
}

// New returns the workflow over the two clients.
func New(c *customers.Client, o *orders.Client, log *slog.Logger, timeout, compensation time.Duration) *Service {
	return &Service{customers: c, orders: o, log: log, timeout: timeout, compensation: compensation}
}

// Result is a confirmed order and its customer.
type Result struct {
	Customer customers.Customer
	Order    orders.Order
}

// CreateAndConfirm runs the workflow for caller. req must be valid. Every
// failure is a *Failure.
func (s *Service) CreateAndConfirm(ctx context.Context, caller reqctx.Caller, req Request) (Result, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	keys := DeriveKeys(caller, req.IdempotencyKey)

	cust, err := s.customers.Get(ctx, req.CustomerID)
	if err != nil {
		return Result{}, s.fail(ctx, StepValidateCustomer, err)
	}

	lines := make([]orders.Line, len(req.Items))
	for i, it := range req.Items {
		lines[i] = orders.Line{ProductID: it.ProductID, Qty: it.Qty}
	}
	// A replayed create answers with the order as it was created (CREATED),
	// whatever happened since; the confirm below settles it either way.
	created, err := s.orders.Create(ctx, keys.Create, orders.CreateRequest{CustomerID: req.CustomerID, Items: lines})
	if err != nil {
		// No order id to compensate: a create that timed out may still have
		// happened, and the client's retry with the same key replays it.
		return Result{}, s.fail(ctx, StepCreateOrder, err)
	}

	confirmed, replayed, err := s.orders.Confirm(ctx, created.ID, keys.Confirm)
	if err == nil && replayed {
		// A replay shows the order as it was confirmed. Since then it may
		// have been canceled — by the compensation of an earlier call whose
		// confirm succeeded but whose answer was lost, or by an operator —
		// and claiming CONFIRMED would be false: read what it is now.
		confirmed, err = s.orders.Get(ctx, created.ID)
	}
	if err != nil {
		f := Fail(StepConfirmOrder, err)
		f.OrderID = created.ID
		if compensable(err) {
			ok := s.compensate(ctx, created.ID, keys.Cancel)
			f.Compensated = &ok
		}
		return Result{}, s.fail(ctx, StepConfirmOrder, f)
	}
	if confirmed.Status == orders.StatusCanceled {
		return Result{}, s.fail(ctx, StepConfirmOrder, &Failure{Step: StepConfirmOrder, Status: http.StatusConflict,
			Code: problem.InvalidState, Message: "the order was confirmed, then canceled; use a new idempotency_key to order again",
			OrderID: created.ID})
	}
	if confirmed.Status != orders.StatusConfirmed {
		// orders-api answered 200 to confirm with another status: outside
		// its contract, so say so rather than claim success.
		return Result{}, s.fail(ctx, StepConfirmOrder, &Failure{Step: StepConfirmOrder, Status: http.StatusBadGateway,
			Code: problem.UpstreamUnavailable, Message: "orders-api confirmed the order as " + confirmed.Status,
			OrderID: created.ID})
	}
	return Result{Customer: cust, Order: confirmed}, nil
}

// compensable reports whether a failed confirmation should be undone. Not
// when another call with the same key is still confirming this very order
// (idempotency_in_progress: it owns the outcome), and not when the order
// does not exist.
func compensable(err error) bool {
	var se *svcclient.StatusError
	if errors.As(err, &se) {
		switch se.Code() {
		case problem.IdempotencyInProgress, problem.OrderNotFound:
			return false
		}
	}
	return true
}

// compensate cancels the order, restoring its stock. It runs on its own
// deadline, detached from the request's, because the request's running
// out may be the very failure being compensated.
func (s *Service) compensate(ctx context.Context, id int64, key string) bool {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.compensation)
	defer cancel()
	if _, err := s.orders.Cancel(cctx, id, key); err != nil {
		s.log.ErrorContext(ctx, "compensation failed: the order stays CREATED and holds its stock",
			"order_id", id, "err", err.Error())
		return false
	}
	s.log.WarnContext(ctx, "order canceled after its confirmation failed", "order_id", id)
	return true
}

// fail maps err to a *Failure and logs it: dependency failures as
// errors, business refusals as information.
func (s *Service) fail(ctx context.Context, step Step, err error) *Failure {
	f := Fail(step, err)
	level := slog.LevelInfo
	if f.Status >= 500 {
		level = slog.LevelError
	}
	attrs := []any{"step", string(f.Step), "status", f.Status, "code", string(f.Code)}
	if f.OrderID != 0 {
		attrs = append(attrs, "order_id", f.OrderID)
	}
	if f.Compensated != nil {
		attrs = append(attrs, "compensated", *f.Compensated)
	}
	if f.Err != nil {
		attrs = append(attrs, "err", f.Err.Error())
	}
	s.log.Log(ctx, level, "create-and-confirm failed", attrs...)
	return f
}

package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/b2b-backoffice/orders-api/internal/orders"
	"github.com/b2b-backoffice/orders-api/internal/store"
	"github.com/b2b-backoffice/platform/httpx"
	"github.com/b2b-backoffice/platform/page"
)

// createOrder: body and key checked, a stored answer replayed at once,
// then the customer checked with customers-api (outside any transaction),
// then the order placed in one transaction.
func (a *API) createOrder(w http.ResponseWriter, r *http.Request) error {
	var in orders.CreateOrderRequest
	if err := httpx.Decode(r, &in); err != nil {
		return err
	}
	key, err := idempotencyKey(r, false)
	if err != nil {
		return err
	}
	var k *store.Key
	if key != "" {
		// The canonical body: the decoded request encoded again, so
		// spacing and member order do not make two requests differ.
		canon, err := json.Marshal(in)
		if err != nil {
			return err
		}
		k = &store.Key{Scope: scope(r), Operation: orders.OpCreateOrder, Key: key,
			Fingerprint: orders.Fingerprint(orders.OpCreateOrder, nil, canon)}
		if stored, err := a.store.LookupKey(r.Context(), *k); err != nil || stored != nil {
			return writeAnswer(w, stored, err)
		}
	}
	if err := a.customers.Check(r.Context(), in.CustomerID); err != nil {
		return err
	}
	res, err := a.store.PlaceOrder(r.Context(), in, k)
	return writeAnswer(w, &res, err)
}

func (a *API) getOrder(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	o, err := a.store.GetOrder(r.Context(), id)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, o)
}

func (a *API) listOrders(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f, err := orders.ParseListFilter(q)
	if err != nil {
		return err
	}
	p, err := page.Parse(q)
	if err != nil {
		return err
	}
	l, err := a.store.ListOrders(r.Context(), f, p)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, l)
}

// confirmOrder requires a key; the fingerprint is the operation and the
// order id (a body, if any, is ignored).
func (a *API) confirmOrder(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	key, err := idempotencyKey(r, true)
	if err != nil {
		return err
	}
	k := store.Key{Scope: scope(r), Operation: orders.OpConfirmOrder, Key: key,
		Fingerprint: orders.Fingerprint(orders.OpConfirmOrder, []int64{id}, nil)}
	res, err := a.store.ConfirmOrder(r.Context(), id, k)
	return writeAnswer(w, &res, err)
}

// cancelOrder is idempotent by nature (a canceled order is answered as it
// is), so it takes no key.
func (a *API) cancelOrder(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	o, err := a.store.CancelOrder(r.Context(), id)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, o)
}

// writeAnswer sends a write's answer as stored: the exact bytes, with
// Idempotent-Replayed when it is a replay, and the order's Location on a
// creation.
func writeAnswer(w http.ResponseWriter, res *store.Response, err error) error {
	if err != nil {
		return err
	}
	if res.Replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	if res.Status == http.StatusCreated {
		w.Header().Set("Location", "/orders/"+strconv.FormatInt(res.ResourceID, 10))
	}
	httpx.WriteRaw(w, res.Status, res.Body)
	return nil
}

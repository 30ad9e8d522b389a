package httpapi

import (
	"net/http"
	"strconv"

	"github.com/b2b-backoffice/customers-api/internal/customers"
	"github.com/b2b-backoffice/platform/httpx"
	"github.com/b2b-backoffice/platform/page"
)

func (a *API) createCustomer(w http.ResponseWriter, r *http.Request) error {
	var in customers.CreateRequest
	if err := httpx.Decode(r, &in); err != nil {
		return err
	}
	c, err := a.store.Create(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/customers/"+strconv.FormatInt(c.ID, 10))
	return httpx.WriteJSON(w, http.StatusCreated, c)
}

func (a *API) getCustomer(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	c, err := a.store.Get(r.Context(), id)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, c)
}

func (a *API) listCustomers(w http.ResponseWriter, r *http.Request) error {
	p, err := page.Parse(r.URL.Query())
	if err != nil {
		return err
	}
	l, err := a.store.List(r.Context(), p)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, l)
}

func (a *API) updateCustomer(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	var in customers.UpdateRequest
	if err := httpx.Decode(r, &in); err != nil {
		return err
	}
	c, err := a.store.Update(r.Context(), id, in.Patch())
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, c)
}

func (a *API) deleteCustomer(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.store.Delete(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

package httpapi

import (
	"net/http"
	"strconv"

	"github.com/b2b-backoffice/orders-api/internal/orders"
	"github.com/b2b-backoffice/platform/httpx"
	"github.com/b2b-backoffice/platform/page"
)

func (a *API) createProduct(w http.ResponseWriter, r *http.Request) error {
	var in orders.CreateProductRequest
	if err := httpx.Decode(r, &in); err != nil {
		return err
	}
	p, err := a.store.CreateProduct(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/products/"+strconv.FormatInt(p.ID, 10))
	return httpx.WriteJSON(w, http.StatusCreated, p)
}

func (a *API) getProduct(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := a.store.GetProduct(r.Context(), id)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, p)
}

func (a *API) listProducts(w http.ResponseWriter, r *http.Request) error {
	p, err := page.Parse(r.URL.Query())
	if err != nil {
		return err
	}
	l, err := a.store.ListProducts(r.Context(), p)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, l)
}

func (a *API) updateProduct(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	var in orders.UpdateProductRequest
	if err := httpx.Decode(r, &in); err != nil {
		return err
	}
	p, err := a.store.UpdateProduct(r.Context(), id, in.Patch())
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, p)
}

package fakes

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/b2b-backoffice/orchestrator/internal/customers"
	"github.com/b2b-backoffice/platform/problem"
)

// Customers is a fake customers-api serving GET /internal/customers/{id}.
type Customers struct {
	recorder
	URL  string
	byID map[int64]customers.Customer
}

// NewCustomers starts a fake customers-api that accepts token.
func NewCustomers(t testing.TB, token string) *Customers {
	c := &Customers{recorder: recorder{token: token}, byID: map[int64]customers.Customer{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /internal/customers/{id}", c.get)
	c.URL = serve(t, c.wrap(mux)).URL
	return c
}

// Add registers a customer.
func (c *Customers) Add(cu customers.Customer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byID[cu.ID] = cu
}

func (c *Customers) get(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	c.mu.Lock()
	cu, ok := c.byID[id]
	c.mu.Unlock()
	if !ok {
		writeProblem(w, problem.New(problem.CustomerNotFound, "customer not found"))
		return
	}
	writeJSON(w, http.StatusOK, cu)
}

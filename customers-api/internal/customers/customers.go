// Package customers holds the customer type, its request bodies and their
// rules; it knows nothing of HTTP routing or SQL.
package customers

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/b2b-backoffice/platform/httpx"
	"github.com/b2b-backoffice/platform/jsontime"
	"github.com/b2b-backoffice/platform/problem"
)

// Customer is a live customer as the API returns it.
type Customer struct {
	ID        int64     `json:"id" db:"id"`
	Name      string    `json:"name" db:"name"`
	Email     string    `json:"email" db:"email"`
	Phone     *string   `json:"phone" db:"phone"`
	CreatedAt time.Time `json:"-" db:"created_at"`
	UpdatedAt time.Time `json:"-" db:"updated_at"`
}

// MarshalJSON writes times in the wire format.
func (c Customer) MarshalJSON() ([]byte, error) {
	type wire struct {
		ID        int64         `json:"id"`
		Name      string        `json:"name"`
		Email     string        `json:"email"`
		Phone     *string       `json:"phone"`
		CreatedAt jsontime.Time `json:"created_at"`
		UpdatedAt jsontime.Time `json:"updated_at"`
	}
	return json.Marshal(wire{c.ID, c.Name, c.Email, c.Phone, jsontime.From(c.CreatedAt), jsontime.From(c.UpdatedAt)})
}

// Errors of the customers domain.
var (
	ErrNotFound   = problem.New(problem.CustomerNotFound, "customer not found")
	ErrEmailTaken = problem.New(problem.EmailTaken, "a customer with this email already exists")
)

// CreateRequest is the body of POST /customers.
type CreateRequest struct {
	Name  string  `json:"name" validate:"required,notblank,max=120"`
	Email string  `json:"email" validate:"required,max=254,email"`
	Phone *string `json:"phone" validate:"omitempty,max=32"`
}

// Normalize trims the values (SPEC §3: email stored as given, trimmed).
func (r *CreateRequest) Normalize() {
	r.Name = strings.TrimSpace(r.Name)
	r.Email = strings.TrimSpace(r.Email)
	r.Phone = trimPhone(r.Phone)
}

// trimPhone trims a phone; a blank phone means none.
func trimPhone(p *string) *string {
	if p == nil {
		return nil
	}
	s := strings.TrimSpace(*p)
	if s == "" {
		return nil
	}
	return &s
}

// UpdateRequest is the body of PUT /customers/{id}: any non-empty subset of
// the fields. A left-out field stays; "phone": null clears the phone; name
// and email cannot be null.
type UpdateRequest struct {
	Name  httpx.Optional[string] `json:"name"`
	Email httpx.Optional[string] `json:"email"`
	Phone httpx.Optional[string] `json:"phone"`
}

// Normalize trims the values.
func (r *UpdateRequest) Normalize() {
	r.Name.Value = strings.TrimSpace(r.Name.Value)
	r.Email.Value = strings.TrimSpace(r.Email.Value)
	if r.Phone.Set && !r.Phone.Null {
		if p := trimPhone(&r.Phone.Value); p == nil {
			r.Phone.Null = true
		} else {
			r.Phone.Value = *p
		}
	}
}

// Validate checks the rules the tags of CreateRequest state, for a partial
// body.
func (r *UpdateRequest) Validate() error {
	if !r.Name.Set && !r.Email.Set && !r.Phone.Set {
		return problem.Validation(problem.FieldError{Field: "body", Message: "must set at least one of name, email, phone"})
	}
	var fields []problem.FieldError
	if r.Name.Set {
		switch {
		case r.Name.Null:
			fields = append(fields, problem.FieldError{Field: "name", Message: "must not be null"})
		default:
			fields = append(fields, httpx.FieldErrors("name", r.Name.Value, "required,notblank,max=120")...)
		}
	}
	if r.Email.Set {
		switch {
		case r.Email.Null:
			fields = append(fields, problem.FieldError{Field: "email", Message: "must not be null"})
		default:
			fields = append(fields, httpx.FieldErrors("email", r.Email.Value, "required,max=254,email")...)
		}
	}
	if r.Phone.Set && !r.Phone.Null {
		fields = append(fields, httpx.FieldErrors("phone", r.Phone.Value, "max=32")...)
	}
	if len(fields) > 0 {
		return problem.Validation(fields...)
	}
	return nil
}

// Patch is a validated partial update.
type Patch struct {
	Name, Email *string
	// SetPhone tells whether Phone replaces the stored phone (nil clears it).
	SetPhone bool
	Phone    *string
}

// Patch returns the update to apply.
func (r *UpdateRequest) Patch() Patch {
	return Patch{Name: r.Name.Ptr(), Email: r.Email.Ptr(), SetPhone: r.Phone.Set, Phone: r.Phone.Ptr()}
}

// Apply returns c with p applied.
func (p Patch) Apply(c Customer) Customer {
	if p.Name != nil {
		c.Name = *p.Name
	}
	if p.Email != nil {
		c.Email = *p.Email
	}
	if p.SetPhone {
		c.Phone = p.Phone
	}
	return c
}

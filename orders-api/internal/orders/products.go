package orders

import (
	"encoding/json"
	"regexp"
	"strings"
	"time"

	"github.com/go-playground/validator/v10"

	"github.com/b2b-backoffice/platform/httpx"
	"github.com/b2b-backoffice/platform/jsontime"
	"github.com/b2b-backoffice/platform/problem"
)

// Bounds that keep every sum in int64: 100 items × 10000 units × MaxPriceCents
// stays far below 2^63.
const (
	MaxPriceCents = 1_000_000_000_000
	MaxStock      = 1_000_000_000
)

// Product is a product as the API returns it.
type Product struct {
	ID         int64     `db:"id"`
	SKU        string    `db:"sku"`
	Name       string    `db:"name"`
	PriceCents int64     `db:"price_cents"`
	Stock      int64     `db:"stock"`
	CreatedAt  time.Time `db:"created_at"`
	UpdatedAt  time.Time `db:"updated_at"`
}

// MarshalJSON writes the wire form (SPEC §4).
func (p Product) MarshalJSON() ([]byte, error) {
	type wire struct {
		ID         int64         `json:"id"`
		SKU        string        `json:"sku"`
		Name       string        `json:"name"`
		PriceCents int64         `json:"price_cents"`
		Stock      int64         `json:"stock"`
		CreatedAt  jsontime.Time `json:"created_at"`
		UpdatedAt  jsontime.Time `json:"updated_at"`
	}
	return json.Marshal(wire{p.ID, p.SKU, p.Name, p.PriceCents, p.Stock, jsontime.From(p.CreatedAt), jsontime.From(p.UpdatedAt)})
}

// Errors of the products domain.
var (
	ErrProductNotFound = problem.New(problem.ProductNotFound, "product not found")
	ErrSKUTaken        = problem.New(problem.SKUTaken, "a product with this sku already exists")
)

var skuPattern = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

func init() {
	httpx.RegisterRule("sku", "must contain only letters, digits, '.', '_' and '-'", func(fl validator.FieldLevel) bool {
		return skuPattern.MatchString(fl.Field().String())
	})
}

// Validation tags shared by the create and the partial update.
const (
	nameRule  = "required,notblank,max=200"
	priceRule = "min=0,max=1000000000000"
	stockRule = "min=0,max=1000000000"
)

// CreateProductRequest is the body of POST /products.
type CreateProductRequest struct {
	SKU        string `json:"sku" validate:"required,max=64,sku"`
	Name       string `json:"name" validate:"required,notblank,max=200"`
	PriceCents *int64 `json:"price_cents" validate:"required,min=0,max=1000000000000"`
	Stock      *int64 `json:"stock" validate:"required,min=0,max=1000000000"`
}

// Normalize trims the text fields.
func (r *CreateProductRequest) Normalize() {
	r.SKU = strings.TrimSpace(r.SKU)
	r.Name = strings.TrimSpace(r.Name)
}

// UpdateProductRequest is the body of PATCH /products/{id}: a non-empty
// subset of name, price_cents and stock; stock sets the absolute level.
type UpdateProductRequest struct {
	Name       httpx.Optional[string] `json:"name"`
	PriceCents httpx.Optional[int64]  `json:"price_cents"`
	Stock      httpx.Optional[int64]  `json:"stock"`
}

// Normalize trims the name.
func (r *UpdateProductRequest) Normalize() { r.Name.Value = strings.TrimSpace(r.Name.Value) }

// Validate checks the rules of CreateProductRequest for the fields given.
func (r *UpdateProductRequest) Validate() error {
	if !r.Name.Set && !r.PriceCents.Set && !r.Stock.Set {
		return problem.Validation(problem.FieldError{Field: "body", Message: "must set at least one of name, price_cents, stock"})
	}
	var fields []problem.FieldError
	check := func(field string, set, null bool, value any, rule string) {
		switch {
		case !set:
		case null:
			fields = append(fields, problem.FieldError{Field: field, Message: "must not be null"})
		default:
			fields = append(fields, httpx.FieldErrors(field, value, rule)...)
		}
	}
	check("name", r.Name.Set, r.Name.Null, r.Name.Value, nameRule)
	check("price_cents", r.PriceCents.Set, r.PriceCents.Null, r.PriceCents.Value, priceRule)
	check("stock", r.Stock.Set, r.Stock.Null, r.Stock.Value, stockRule)
	if len(fields) > 0 {
		return problem.Validation(fields...)
	}
	return nil
}

// ProductPatch is a validated partial update of a product.
type ProductPatch struct {
	Name       *string
	PriceCents *int64
	Stock      *int64
}

// Patch returns the update to apply.
func (r *UpdateProductRequest) Patch() ProductPatch {
	return ProductPatch{Name: r.Name.Ptr(), PriceCents: r.PriceCents.Ptr(), Stock: r.Stock.Ptr()}
}

// Apply returns p with the patch applied.
func (pp ProductPatch) Apply(p Product) Product {
	if pp.Name != nil {
		p.Name = *pp.Name
	}
	if pp.PriceCents != nil {
		p.PriceCents = *pp.PriceCents
	}
	if pp.Stock != nil {
		p.Stock = *pp.Stock
	}
	return p
}

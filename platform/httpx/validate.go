package httpx

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/go-playground/validator/v10"

	"github.com/b2b-backoffice/platform/problem"
)

// validate is the one validator instance; it names fields by their JSON
// names so errors read "items[0].qty", not "Items[0].Qty".
var validate = newValidator()

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		if name == "" {
			return f.Name
		}
		return name
	})
	return v
}

// Validator returns the shared validator, for registering custom tags at
// start-up.
func Validator() *validator.Validate { return validate }

// Validate runs the validate tags of v (a struct or pointer to one) and
// returns a validation_failed problem naming every failing field.
func Validate(v any) error {
	err := validate.Struct(v)
	if err == nil {
		if vv, ok := v.(Validatable); ok {
			return vv.Validate()
		}
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return err
	}
	fields := make([]problem.FieldError, 0, len(verrs))
	for _, fe := range verrs {
		fields = append(fields, problem.FieldError{Field: fieldPath(fe.Namespace()), Message: message(fe)})
	}
	return problem.Validation(fields...)
}

// fieldPath drops the root struct's name: "Request.items[0].qty" → "items[0].qty".
func fieldPath(ns string) string {
	if _, rest, ok := strings.Cut(ns, "."); ok {
		return rest
	}
	return ns
}

func message(fe validator.FieldError) string {
	isStr := fe.Kind() == reflect.String
	isList := fe.Kind() == reflect.Slice || fe.Kind() == reflect.Array || fe.Kind() == reflect.Map
	switch fe.Tag() {
	case "required":
		return "is required"
	case "email":
		return "must be a valid email address"
	case "min", "gte":
		switch {
		case isStr:
			return fmt.Sprintf("must be at least %s characters long", fe.Param())
		case isList:
			return fmt.Sprintf("must have at least %s entries", fe.Param())
		}
		return fmt.Sprintf("must be at least %s", fe.Param())
	case "max", "lte":
		switch {
		case isStr:
			return fmt.Sprintf("must be at most %s characters long", fe.Param())
		case isList:
			return fmt.Sprintf("must have at most %s entries", fe.Param())
		}
		return fmt.Sprintf("must be at most %s", fe.Param())
	case "gt":
		return fmt.Sprintf("must be greater than %s", fe.Param())
	case "oneof":
		return "must be one of: " + fe.Param()
	case "notblank":
		return "must not be blank"
	}
	if m, ok := customMessages[fe.Tag()]; ok {
		return m
	}
	return "is not valid (" + fe.Tag() + ")"
}

var customMessages = map[string]string{}

// RegisterRule adds a custom validate tag with the message shown when it
// fails. Call it at package init, before any request is served.
func RegisterRule(tag, msg string, fn validator.Func) {
	if err := validate.RegisterValidation(tag, fn); err != nil {
		panic(err)
	}
	customMessages[tag] = msg
}

func init() {
	RegisterRule("notblank", "must not be blank", func(fl validator.FieldLevel) bool {
		f := fl.Field()
		if f.Kind() == reflect.String {
			return strings.TrimSpace(f.String()) != ""
		}
		return true
	})
}

// FieldErrors validates one value against tags (validator syntax) and
// returns the failures named as field: for request types whose fields
// are not plain struct fields (partial updates).
func FieldErrors(field string, value any, tags string) []problem.FieldError {
	err := validate.Var(value, tags)
	var verrs validator.ValidationErrors
	if err == nil || !errors.As(err, &verrs) {
		return nil
	}
	out := make([]problem.FieldError, 0, len(verrs))
	for _, fe := range verrs {
		out = append(out, problem.FieldError{Field: field, Message: message(fe)})
	}
	return out
}

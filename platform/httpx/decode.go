package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/b2b-backoffice/platform/problem"
)

// MaxBodyBytes is the largest request body accepted (SPEC §1: 1 MiB).
const MaxBodyBytes = 1 << 20

// ReadBody reads a request body of at most MaxBodyBytes after checking its
// Content-Type: not JSON → 415; too large → 413; empty → 400 invalid_json.
func ReadBody(r *http.Request) ([]byte, error) {
	if err := checkContentType(r.Header.Get("Content-Type")); err != nil {
		return nil, err
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, problem.Newf(problem.BodyTooLarge, "the request body exceeds %d bytes", MaxBodyBytes)
		}
		return nil, problem.New(problem.InvalidJSON, "the request body could not be read")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, problem.New(problem.InvalidJSON, "a JSON request body is required")
	}
	return body, nil
}

func checkContentType(ct string) error {
	if ct == "" {
		return nil // a missing Content-Type is read as JSON
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json")) {
		return nil
	}
	return problem.Newf(problem.UnsupportedMediaType, "Content-Type %q is not supported; send application/json", ct)
}

// Decode reads r's body into dst (a pointer to a struct) and validates it:
// the one way every handler takes a JSON body.
func Decode(r *http.Request, dst any) error {
	body, err := ReadBody(r)
	if err != nil {
		return err
	}
	return DecodeBytes(body, dst)
}

// DecodeBytes is Decode over a body already read. It rejects malformed JSON
// (400 invalid_json), a body that is not one JSON object, unknown fields and
// wrong types (400 validation_failed naming the field), then runs the
// struct's validate tags.
func DecodeBytes(body []byte, dst any) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return problem.New(problem.InvalidJSON, "a JSON request body is required")
	}
	if trimmed[0] != '{' {
		if !json.Valid(trimmed) {
			return problem.New(problem.InvalidJSON, "the request body is not valid JSON")
		}
		return problem.New(problem.InvalidJSON, "the request body must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err, trimmed)
	}
	if dec.More() {
		return problem.New(problem.InvalidJSON, "the request body has data after the JSON object")
	}
	if _, err := dec.Token(); err != io.EOF {
		return problem.New(problem.InvalidJSON, "the request body has data after the JSON object")
	}
	if n, ok := dst.(Normalizer); ok {
		n.Normalize()
	}
	return Validate(dst)
}

// Normalizer is implemented by request types that clean their values (trim
// spaces, say) after decoding and before validation.
type Normalizer interface{ Normalize() }

// Validatable is implemented by request types with rules that tags cannot
// say (a product at most once per order, say); Validate calls it after the
// tags pass.
type Validatable interface{ Validate() error }

func decodeError(err error, body []byte) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		// A type error can also hide a syntax error later in the body.
		if !json.Valid(body) {
			return problem.New(problem.InvalidJSON, "the request body is not valid JSON")
		}
		field := typeErr.Field
		if field == "" {
			field = "body"
		}
		return problem.Validation(problem.FieldError{
			Field:   field,
			Message: fmt.Sprintf("must be %s, not %s", jsonKind(typeErr.Type.Kind().String()), typeErr.Value),
		})
	}
	if msg := err.Error(); strings.HasPrefix(msg, "json: unknown field ") {
		if !json.Valid(body) {
			return problem.New(problem.InvalidJSON, "the request body is not valid JSON")
		}
		name := strings.Trim(strings.TrimPrefix(msg, "json: unknown field "), `"`)
		return problem.Validation(problem.FieldError{Field: name, Message: "is not a known field"})
	}
	var fieldErr *FieldTypeError
	if errors.As(err, &fieldErr) {
		return problem.Validation(problem.FieldError{Field: fieldErr.Field, Message: fieldErr.Message})
	}
	return problem.New(problem.InvalidJSON, "the request body is not valid JSON")
}

// FieldTypeError may be returned by a custom UnmarshalJSON to name the
// field and the reason in the 400 answer.
type FieldTypeError struct{ Field, Message string }

func (e *FieldTypeError) Error() string { return e.Field + " " + e.Message }

func jsonKind(goKind string) string {
	switch goKind {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "an integer"
	case "float32", "float64":
		return "a number"
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	case "slice", "array":
		return "an array"
	case "map", "struct":
		return "an object"
	}
	return "of another type"
}

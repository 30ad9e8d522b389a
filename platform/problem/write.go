package problem

import (
	"encoding/json"
	"net/http"
)

// ContentType is the media type of problem responses.
const ContentType = "application/problem+json"

// Body is the RFC 9457 document written for an error.
type Body struct {
	Type      string       `json:"type"`
	Title     string       `json:"title"`
	Status    int          `json:"status"`
	Detail    string       `json:"detail"`
	Code      Code         `json:"code"`
	RequestID string       `json:"request_id,omitempty"`
	Errors    []FieldError `json:"errors,omitempty"`
	Details   any          `json:"details,omitempty"`
}

// BodyOf builds the problem document for e.
func BodyOf(e *Error, requestID string) Body {
	return Body{
		Type:      "urn:b2b-backoffice:problem:" + string(e.Code),
		Title:     Title(e.Code),
		Status:    e.Status(),
		Detail:    e.Detail,
		Code:      e.Code,
		RequestID: requestID,
		Errors:    e.Fields,
		Details:   e.Details,
	}
}

// Write writes e as a problem response. Internal failures must be masked by
// the caller (httpx does) before they reach here.
func Write(w http.ResponseWriter, e *Error, requestID string) {
	for k, vs := range e.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.Header().Set("Content-Type", ContentType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(e.Status())
	_ = json.NewEncoder(w).Encode(BodyOf(e, requestID))
}

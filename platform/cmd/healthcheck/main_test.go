package main

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestCheck(t *testing.T) {
	var status atomic.Int32
	status.Store(http.StatusOK)
	slow := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			<-slow
		}
		w.WriteHeader(int(status.Load()))
	}))
	defer srv.Close()
	defer close(slow)

	if err := check(srv.URL+"/ready", time.Second); err != nil {
		t.Fatalf("200: want nil, got %v", err)
	}
	status.Store(http.StatusServiceUnavailable)
	if err := check(srv.URL+"/ready", time.Second); err == nil {
		t.Fatal("503: want an error")
	}
	if err := check(srv.URL+"/slow", 50*time.Millisecond); err == nil {
		t.Fatal("no answer within the timeout: want an error")
	}
	if err := check("http://127.0.0.1:1/ready", time.Second); err == nil {
		t.Fatal("connection refused: want an error")
	}
}

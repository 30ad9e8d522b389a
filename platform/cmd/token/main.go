// Command token mints a short-lived operator JWT (HS256) for local use:
//
//	JWT_SECRET=... go run ./platform/cmd/token [-sub operator] [-ttl 1h]
//
// It reads JWT_SECRET, and JWT_ISSUER / JWT_AUDIENCE when set, from the
// environment, and prints the token alone on stdout.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/b2b-backoffice/platform/auth"
)

func main() {
	sub := flag.String("sub", "operator", "the token's subject (the operator's name)")
	ttl := flag.Duration("ttl", time.Hour, "how long the token is valid")
	flag.Parse()
	secret := os.Getenv("JWT_SECRET")
	if secret == "" {
		fmt.Fprintln(os.Stderr, "token: JWT_SECRET is not set (see .env.example)")
		os.Exit(2)
	}
	tok, err := auth.Mint(secret, *sub, os.Getenv("JWT_ISSUER"), os.Getenv("JWT_AUDIENCE"), *ttl)
	if err != nil {
		fmt.Fprintln(os.Stderr, "token:", err)
		os.Exit(1)
	}
	fmt.Println(tok)
}

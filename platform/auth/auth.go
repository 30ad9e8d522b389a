// Package auth implements SPEC §2: the shared service token for
// service-to-service calls and HS256 operator JWTs.
package auth

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/b2b-backoffice/platform/config"
	"github.com/b2b-backoffice/platform/httpx"
	"github.com/b2b-backoffice/platform/problem"
	"github.com/b2b-backoffice/platform/reqctx"
)

// Config is the auth part of a service's configuration.
type Config struct {
	ServiceToken string
	JWTSecret    string
	// Issuer and Audience are checked when set.
	Issuer   string
	Audience string
	// Required false lets operator routes accept anonymous calls.
	Required bool
}

// ConfigFrom reads SERVICE_TOKEN, JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE and
// AUTH_REQUIRED; the two secrets are required.
func ConfigFrom(r *config.Reader) Config {
	return Config{
		ServiceToken: r.Required("SERVICE_TOKEN", "the shared secret of service-to-service calls"),
		JWTSecret:    r.Required("JWT_SECRET", "the HS256 key of operator tokens"),
		Issuer:       r.Lookup("JWT_ISSUER"),
		Audience:     r.Lookup("JWT_AUDIENCE"),
		Required:     r.Bool("AUTH_REQUIRED", true),
	}
}

// Service and anonymous callers.
var (
	ServiceCaller   = reqctx.Caller{Kind: "service", Subject: "service"}
	AnonymousCaller = reqctx.Caller{Kind: "anonymous", Subject: "anonymous"}
)

// Authenticator checks bearer tokens.
type Authenticator struct {
	cfg           Config
	serviceDigest [sha256.Size]byte
	log           *slog.Logger
	parser        *jwt.Parser
}

// New returns an Authenticator; it fails when a secret is missing.
func New(cfg Config, log *slog.Logger) (*Authenticator, error) {
	if cfg.ServiceToken == "" || cfg.JWTSecret == "" {
		return nil, errors.New("auth: SERVICE_TOKEN and JWT_SECRET must both be set")
	}
	opts := []jwt.ParserOption{
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithLeeway(5 * time.Second),
	}
	if cfg.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(cfg.Issuer))
	}
	if cfg.Audience != "" {
		opts = append(opts, jwt.WithAudience(cfg.Audience))
	}
	if !cfg.Required && log != nil {
		log.Warn("AUTH_REQUIRED=false: operator routes accept anonymous calls; never run like this in production")
	}
	return &Authenticator{
		cfg:           cfg,
		serviceDigest: sha256.Sum256([]byte(cfg.ServiceToken)),
		log:           log,
		parser:        jwt.NewParser(opts...),
	}, nil
}

// Required tells whether operator routes demand a token.
func (a *Authenticator) Required() bool { return a.cfg.Required }

// isServiceToken compares in constant time over SHA-256 digests, so neither
// the token's length nor its content leaks through timing.
func (a *Authenticator) isServiceToken(tok string) bool {
	d := sha256.Sum256([]byte(tok))
	return subtle.ConstantTimeCompare(d[:], a.serviceDigest[:]) == 1
}

// bearer extracts the token of an "Authorization: Bearer <token>" header.
func bearer(r *http.Request) (tok string, present bool, err error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", false, nil
	}
	scheme, tok, ok := strings.Cut(h, " ")
	tok = strings.TrimSpace(tok)
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return "", true, errors.New("malformed Authorization header")
	}
	return tok, true, nil
}

func unauthorized(detail string, invalid bool) *problem.Error {
	e := problem.New(problem.Unauthorized, detail)
	v := `Bearer`
	if invalid {
		v = `Bearer error="invalid_token"`
	}
	e.Header = http.Header{"Www-Authenticate": {v}}
	return e
}

// operator authenticates an operator route call.
func (a *Authenticator) operator(r *http.Request) (reqctx.Caller, error) {
	tok, present, err := bearer(r)
	switch {
	case err != nil:
		return reqctx.Caller{}, unauthorized("the Authorization header must be \"Bearer <token>\"", true)
	case !present && !a.cfg.Required:
		return AnonymousCaller, nil
	case !present:
		return reqctx.Caller{}, unauthorized("a bearer token is required", false)
	case a.isServiceToken(tok):
		return ServiceCaller, nil
	}
	claims := jwt.RegisteredClaims{}
	if _, err := a.parser.ParseWithClaims(tok, &claims, func(*jwt.Token) (any, error) {
		return []byte(a.cfg.JWTSecret), nil
	}); err != nil {
		detail := "the bearer token is not valid"
		if errors.Is(err, jwt.ErrTokenExpired) {
			detail = "the bearer token has expired"
		}
		return reqctx.Caller{}, unauthorized(detail, true)
	}
	sub := claims.Subject
	if sub == "" {
		sub = "operator"
	}
	return reqctx.Caller{Kind: "operator", Subject: sub}, nil
}

// service authenticates an /internal route call: the service token only.
func (a *Authenticator) service(r *http.Request) (reqctx.Caller, error) {
	tok, present, err := bearer(r)
	switch {
	case err != nil:
		return reqctx.Caller{}, unauthorized("the Authorization header must be \"Bearer <token>\"", true)
	case !present:
		return reqctx.Caller{}, unauthorized("the service token is required", false)
	case a.isServiceToken(tok):
		return ServiceCaller, nil
	}
	if _, err := a.operator(r); err == nil {
		return reqctx.Caller{}, problem.New(problem.Forbidden, "this route is for service-to-service calls only")
	}
	return reqctx.Caller{}, unauthorized("the service token is not valid", true)
}

// Operator is middleware for operator routes: an operator JWT or the
// service token (or nothing, when auth is not required).
func (a *Authenticator) Operator(next http.Handler) http.Handler { return a.guard(a.operator, next) }

// Service is middleware for /internal routes: the service token only.
func (a *Authenticator) Service(next http.Handler) http.Handler { return a.guard(a.service, next) }

func (a *Authenticator) guard(check func(*http.Request) (reqctx.Caller, error), next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := check(r)
		if err != nil {
			httpx.WriteError(w, r, a.log, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(reqctx.WithCaller(r.Context(), c)))
	})
}

// Mint signs an operator JWT for subject, valid for ttl.
func Mint(secret, subject, issuer, audience string, ttl time.Duration) (string, error) {
	now := time.Now()
	claims := jwt.RegisteredClaims{
		Subject:   subject,
		Issuer:    issuer,
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}
	if audience != "" {
		claims.Audience = jwt.ClaimStrings{audience}
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(secret))
}

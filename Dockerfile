# syntax=docker/dockerfile:1
# One recipe for the three service images; docker-compose.yml builds it with
# SERVICE=customers-api, orders-api or orchestrator. The build context is the
# repo root because every service needs platform/ beside it.

FROM golang:1.26-bookworm AS build
ARG SERVICE
RUN test -n "$SERVICE" || { echo "build with --build-arg SERVICE=<service>"; exit 1; }
WORKDIR /src
ENV GOWORK=off CGO_ENABLED=0
# Module files first: the download layer stays cached across source edits.
COPY platform/go.mod platform/go.sum platform/
COPY ${SERVICE}/go.mod ${SERVICE}/go.sum ${SERVICE}/
RUN cd "$SERVICE" && go mod download
COPY platform/ platform/
COPY ${SERVICE}/ ${SERVICE}/
# Static binaries (CGO off): the runtime image has no libc. healthcheck is
# the container probe, since that image has no shell, curl or wget either.
RUN cd "$SERVICE" && go build -trimpath -ldflags="-s -w" -o /out/service "./cmd/$SERVICE" && \
    cd /src/platform && go build -trimpath -ldflags="-s -w" -o /out/healthcheck ./cmd/healthcheck

# Minimal runtime: static files, CA certificates, tzdata, and a non-root user.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/service /out/healthcheck /usr/local/bin/
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/service"]

#!/usr/bin/env bash
# make stop: ends a detached make run (make run-bg): SIGTERM to its runner,
# which stops the services and then the private database it started.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

pidfile="$DATA/run.pid"
if [ ! -f "$pidfile" ] || ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  rm -f "$pidfile"
  say "nothing runs detached"
  exit 0
fi
pid=$(cat "$pidfile")
say "stopping the detached make run (pid $pid)"
kill -TERM "$pid"
for _ in $(seq 1 240); do
  kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; say "stopped"; exit 0; }
  sleep 0.25
done
die "pid $pid did not stop within 60s (log: .data/run.log)"

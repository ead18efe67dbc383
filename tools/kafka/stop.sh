#!/usr/bin/env bash
# Stops the local broker started by tools/kafka/start.sh: SIGTERM (controlled shutdown), then
# SIGKILL if it has not exited in time. Idempotent: does nothing when no broker of ours runs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="$ROOT/.cache/kafka"
PIDFILE="$CACHE/broker.pid"
GRACE_S="${KAFKA_STOP_TIMEOUT_S:-30}"

pid="$(cat "$PIDFILE" 2>/dev/null || true)"
if [[ -z "$pid" ]] || ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka'; then
  echo "kafka: no local broker running"
  rm -f "$PIDFILE" "$CACHE/topics-ready"
  exit 0
fi

echo "kafka: stopping broker (pid $pid)"
kill -TERM "$pid" 2>/dev/null || true
for _ in $(seq 1 $((GRACE_S * 10))); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then
  echo "kafka: still running after ${GRACE_S}s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.5
fi
rm -f "$PIDFILE" "$CACHE/topics-ready"
echo "kafka: stopped"

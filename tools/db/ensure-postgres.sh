#!/usr/bin/env bash
# Makes sure the local PostgreSQL answers on 127.0.0.1:5432: starts the machine's cluster when
# nothing answers, then waits for it. Idempotent.
set -euo pipefail

HOST=127.0.0.1
PORT=5432
WAIT_S="${POSTGRES_START_TIMEOUT_S:-60}"

ready() { pg_isready -q -h "$HOST" -p "$PORT" -t 2; }

command -v pg_isready >/dev/null || { echo "postgres: pg_isready not found (install postgresql-client)" >&2; exit 1; }

if ready; then
  echo "postgres: answering on $HOST:$PORT"
  exit 0
fi

if ! command -v pg_ctlcluster >/dev/null || [[ ! -d /etc/postgresql ]]; then
  echo "postgres: nothing answers on $HOST:$PORT and no local cluster to start; set DATABASE_URL or install PostgreSQL 15" >&2
  exit 1
fi
version="$(ls /etc/postgresql | sort -V | tail -n1)"
echo "postgres: starting cluster $version/main"
pg_ctlcluster --skip-systemctl-redirect "$version" main start || true

for _ in $(seq 1 "$WAIT_S"); do
  if ready; then
    echo "postgres: answering on $HOST:$PORT"
    exit 0
  fi
  sleep 1
done
echo "postgres: still not answering on $HOST:$PORT after ${WAIT_S}s; see /var/log/postgresql/" >&2
exit 1

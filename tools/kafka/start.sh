#!/usr/bin/env bash
# Starts a real single-node Apache Kafka (KRaft: one process is broker and controller) on
# 127.0.0.1:9092, without Docker, and creates the CONTRACT.md §1 topics and their .dlq topics.
# Idempotent and safe to run concurrently (a lock serialises callers). Leaves the broker running;
# `bash tools/kafka/stop.sh` stops it. When KAFKA_BROKERS names another broker, only waits for it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="$ROOT/.cache/kafka"
LIBS="$CACHE/libs"
DATA="$CACHE/data"
LOGS="$CACHE/logs"
CONF="$CACHE/server.properties"
PIDFILE="$CACHE/broker.pid"
# Holds the pid of the broker whose contract topics were created: lets a repeat call return at once.
READY="$CACHE/topics-ready"
LOCAL="127.0.0.1:9092"
# A cold start (JVM, storage format, controller election) takes ~10-20 s on 2 busy cores.
WAIT_MS="${KAFKA_START_TIMEOUT_MS:-120000}"

cd "$ROOT"
mkdir -p "$CACHE" "$LOGS"

topics() { # create-topics.ts with the given flags
  local tsnode="$ROOT/node_modules/.bin/ts-node"
  [[ -x "$tsnode" ]] || tsnode="npx ts-node"
  $tsnode --transpile-only -r tsconfig-paths/register tools/kafka/create-topics.ts "$@"
}

port_open() { timeout 1 bash -c "</dev/tcp/127.0.0.1/$1" 2>/dev/null; }

our_pid() { # prints the pid of our running broker, if any
  [[ -f "$PIDFILE" ]] || return 1
  local pid; pid="$(cat "$PIDFILE")"
  [[ -n "$pid" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' && echo "$pid"
}

if [[ -n "${KAFKA_BROKERS:-}" && "$KAFKA_BROKERS" != "$LOCAL" && "$KAFKA_BROKERS" != "localhost:9092" ]]; then
  echo "kafka: KAFKA_BROKERS=$KAFKA_BROKERS is set; not starting a local broker, waiting for it"
  topics --brokers "$KAFKA_BROKERS" --wait-ms "$WAIT_MS" --wait-only
  exit 0
fi

exec 9>"$CACHE/start.lock"
flock -w 300 9 || { echo "kafka: another start.sh holds $CACHE/start.lock" >&2; exit 1; }

if pid="$(our_pid)"; then
  if [[ "$(cat "$READY" 2>/dev/null)" == "$pid" ]] && port_open 9092; then
    echo "kafka: broker already running (pid $pid) on $LOCAL"
    exit 0
  fi
  echo "kafka: broker process $pid found; waiting for it and checking topics"
  topics --brokers "$LOCAL" --wait-ms "$WAIT_MS"
  echo "$pid" >"$READY"
  exit 0
fi

if port_open 9092; then
  # Not started by this checkout (or its pid file is gone): use it if it speaks Kafka.
  echo "kafka: something already listens on $LOCAL; checking it is a Kafka broker"
  topics --brokers "$LOCAL" --wait-ms 15000
  exit 0
fi
if port_open 9093; then
  echo "kafka: port 9093 (controller) is taken by another process; cannot start the broker" >&2
  exit 1
fi

[[ -f "$(ls "$LIBS"/.complete-* 2>/dev/null | head -n1)" ]] || bash "$ROOT/tools/kafka/fetch.sh"

cat >"$CONF" <<PROPS
# Written by tools/kafka/start.sh: one node acting as broker and KRaft controller, for local use.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:9093
listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093
advertised.listeners=PLAINTEXT://127.0.0.1:9092
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$DATA

# CONTRACT.md §1: 12 partitions per topic; topics are created explicitly, never by a stray producer.
num.partitions=12
auto.create.topics.enable=false

# A single node: every internal topic has one replica.
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=12
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1

# Tests and restarts should not wait 3 s for a consumer group to settle.
group.initial.rebalance.delay.ms=0

# Room for a 1 MB payload (plus envelope and headers), so an oversized message arrives and can be DLQ'd.
message.max.bytes=2097152
replica.fetch.max.bytes=2097152

# Keeps the local disk bounded across long sessions.
log.retention.hours=24
num.io.threads=4
num.network.threads=2
PROPS

JAVA_OPTS=(-Xmx512m -Xms256m -XX:+UseG1GC -Djava.awt.headless=true
  "-Dlog4j2.configurationFile=$ROOT/tools/kafka/log4j2.properties" "-Dkafka.logs.dir=$LOGS")

if [[ ! -f "$DATA/meta.properties" ]]; then
  # KRaft storage needs a cluster id: 16 random bytes, base64url without padding (22 chars).
  cluster_id="$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  echo "kafka: formatting storage in .cache/kafka/data (cluster $cluster_id)"
  mkdir -p "$DATA"
  java "${JAVA_OPTS[@]}" -cp "$LIBS/*" kafka.tools.StorageTool format -t "$cluster_id" -c "$CONF" \
    >"$LOGS/format.log" 2>&1 || { cat "$LOGS/format.log" >&2; exit 1; }
fi

# Every test topic has 12 partitions, each holding a few open files: leave room for many of them.
ulimit -n 65536 2>/dev/null || true

echo "kafka: starting broker on $LOCAL (logs in .cache/kafka/logs)"
# setsid: the broker outlives the shell, test runner or CI step that started it.
# 9>&-: the broker must not inherit (and so hold forever) the start lock.
setsid nohup java "${JAVA_OPTS[@]}" -cp "$LIBS/*" kafka.Kafka "$CONF" \
  >"$LOGS/stdout.log" 2>&1 </dev/null 9>&- &
pid=$!
echo "$pid" >"$PIDFILE"
rm -f "$READY"

if ! topics --brokers "$LOCAL" --wait-ms "$WAIT_MS"; then
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "kafka: the broker process exited; last lines of its logs:" >&2
  else
    echo "kafka: the broker (pid $pid) did not answer in time; last lines of its logs:" >&2
  fi
  tail -n 30 "$LOGS/stdout.log" "$LOGS/server.log" >&2 2>/dev/null || true
  exit 1
fi
echo "$pid" >"$READY"
echo "kafka: broker ready (pid $pid)"

#!/usr/bin/env bash
# Downloads the pinned Apache Kafka broker (see pom.xml beside this file) and its runtime
# dependencies into .cache/kafka/libs. Idempotent: does nothing when the jars are already there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LIBS="$ROOT/.cache/kafka/libs"
POM="$ROOT/tools/kafka/pom.xml"
VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM")"
# Written last, so a download cut halfway is redone on the next run.
STAMP="$LIBS/.complete-$VERSION"

if [[ -f "$STAMP" ]]; then
  echo "kafka: $VERSION already in .cache/kafka/libs"
  exit 0
fi

command -v java >/dev/null || { echo "kafka: java (17+) is required" >&2; exit 1; }
command -v mvn >/dev/null || { echo "kafka: mvn is required to fetch the broker jars" >&2; exit 1; }

echo "kafka: fetching Apache Kafka $VERSION jars into .cache/kafka/libs"
rm -rf "$LIBS"
mkdir -p "$LIBS"
# Maven's output is kept in a file and shown only when it fails.
if ! mvn -q -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$LIBS" >"$LIBS.mvn.log" 2>&1; then
  cat "$LIBS.mvn.log" >&2
  echo "kafka: could not fetch the broker jars (see above)" >&2
  exit 1
fi
rm -f "$LIBS.mvn.log"
ls "$LIBS"/kafka_2.13-"$VERSION".jar >/dev/null
touch "$STAMP"
echo "kafka: $(ls "$LIBS"/*.jar | wc -l) jars ready"

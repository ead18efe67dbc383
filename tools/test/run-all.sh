#!/usr/bin/env bash
# `npm test`: the three jest tiers in order (unit, int, e2e), stopping at the first that fails
# with its exit code. Ends with one line `N passed, N failed` summing the tests of the tiers run
# (a test file that fails to load counts as one failed test).
# Extra arguments go to every tier (e.g. `npm test -- libs/rules`).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
OUT="$(mktemp -d "${TMPDIR:-/tmp}/continuity-tests.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT
JEST="$ROOT/node_modules/.bin/jest"

summary() { # sums numPassedTests / numFailedTests over the tiers' JSON reports
  node -e '
    const fs = require("fs"), path = require("path");
    let passed = 0, failed = 0;
    for (const f of fs.readdirSync(process.argv[1]).filter((n) => n.endsWith(".json"))) {
      try {
        const r = JSON.parse(fs.readFileSync(path.join(process.argv[1], f), "utf8"));
        passed += r.numPassedTests || 0;
        // A suite that could not even load counts as one failure: its tests did not pass.
        failed += (r.numFailedTests || 0) + (r.numRuntimeErrorTestSuites || 0);
      } catch { /* a tier that crashed before reporting counts nothing */ }
    }
    console.log(`${passed} passed, ${failed} failed`);
  ' "$OUT"
}

run_tier() { # name, config, extra jest flags...
  local name="$1" config="$2"
  shift 2
  echo "=== $name tests ($config)"
  "$JEST" -c "$config" --ci --passWithNoTests --json --outputFile="$OUT/$name.json" "$@"
}

status=0
run_tier unit jest.unit.config.ts "$@" || status=$?
[[ $status -eq 0 ]] && { run_tier int jest.int.config.ts --runInBand "$@" || status=$?; }
[[ $status -eq 0 ]] && { run_tier e2e jest.e2e.config.ts --runInBand "$@" || status=$?; }

[[ $status -eq 0 ]] || echo "tests failed (exit $status); later tiers not run"
summary
exit "$status"

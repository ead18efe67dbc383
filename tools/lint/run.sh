#!/usr/bin/env bash
# Lints the workspace. @nx/enforce-module-boundaries reads Nx's cached project graph and silently
# skips itself when there is none (a fresh clone), so the graph is computed first: without it the
# layer rules (the engine imports no Nest, no pg, no fs) would not be checked at all.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
NX_DAEMON=false npx nx show projects >/dev/null
# The skip is a warning, even under --quiet it must not pass unseen.
out=$(npx eslint . "$@" 2>&1) || { echo "$out"; exit 1; }
echo "$out"
if grep -q "No cached ProjectGraph" <<<"$out"; then echo "lint: the module-boundary rule was skipped (no project graph)" >&2; exit 1; fi

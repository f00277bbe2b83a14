#!/usr/bin/env bash
# npm run demo: see scripts/demo.ts. Needs `npm ci` first.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || { echo "run 'npm ci' first"; exit 1; }
exec node scripts/run-ts.js scripts/demo.ts "$@"

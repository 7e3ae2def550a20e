#!/usr/bin/env bash
# Build the service, compile the diff benchmark into a temporary folder and run it: nbdime's
# nbdiff and diff_notebooks against nbpromote diff and the engine, on the same pairs.
#   server/bench/diff.sh [--timeout SECONDS] [--only NAME]
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.build.json
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
npx tsc bench/diff.ts bench/diffPairs.ts bench/diffInProcess.ts --outDir "$out" --rootDir . \
  --module commonjs --target ES2022 --strict --esModuleInterop --resolveJsonModule --skipLibCheck \
  --types node
NBPROMOTE_SERVER_DIR="$PWD" node "$out/bench/diff.js" "$@"

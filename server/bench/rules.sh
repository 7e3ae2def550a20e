#!/usr/bin/env bash
# Build the service, compile the rules benchmark into a temporary folder and run it.
#   server/bench/rules.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.build.json
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
npx tsc bench/rules.ts --outDir "$out" --rootDir . --module commonjs --target ES2022 \
  --strict --esModuleInterop --resolveJsonModule --skipLibCheck --types node
NBPROMOTE_SERVER_DIR="$PWD" node "$out/bench/rules.js" "$@"

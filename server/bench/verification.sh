#!/usr/bin/env bash
# Build the service, compile the verification benchmark into a temporary folder and run it.
#   server/bench/verification.sh [repetitions]
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.build.json
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
npx tsc bench/verification.ts --outDir "$out" --rootDir . --module commonjs --target ES2022 \
  --strict --esModuleInterop --skipLibCheck --types node
NBPROMOTE_SERVER_DIR="$PWD" node "$out/bench/verification.js" "$@"

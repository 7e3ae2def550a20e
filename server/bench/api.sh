#!/usr/bin/env bash
# Build the service, compile the API benchmark into a temporary folder and run it.
#   server/bench/api.sh            # SQLite in a temporary data dir
#   BENCH_DATABASE_URL=postgres://... server/bench/api.sh
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.build.json
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
npx tsc bench/api.ts bench/referenceServer.ts --outDir "$out" --rootDir . --module commonjs --target ES2022 \
  --strict --esModuleInterop --resolveJsonModule --skipLibCheck --types node
NBPROMOTE_SERVER_DIR="$PWD" node "$out/bench/api.js" "$@"

#!/usr/bin/env bash
# Build the service, compile the API benchmark into a temporary folder and run it.
#   server/bench/api.sh            # SQLite in a temporary data dir
#   BENCH_DATABASE_URL=postgres://... server/bench/api.sh
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.build.json
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Through the service's tsconfig, whose `paths` entry resolves kysely's subpath export.
cat >"$out/tsconfig.json" <<JSON
{
  "extends": "$PWD/tsconfig.json",
  "compilerOptions": {
    "outDir": "$out",
    "rootDir": "$PWD",
    "types": ["node"],
    "typeRoots": ["$PWD/node_modules/@types", "$PWD/../node_modules/@types"]
  },
  "files": ["$PWD/bench/api.ts", "$PWD/bench/referenceServer.ts"],
  "include": []
}
JSON
npx tsc -p "$out/tsconfig.json"
NBPROMOTE_SERVER_DIR="$PWD" node "$out/bench/api.js" "$@"

#!/usr/bin/env bash
# Build the service, compile the shared-remote benchmark into a temporary folder and run it.
#   server/bench/remote.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.build.json
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cat >"$out/tsconfig.json" <<JSON
{
  "extends": "$PWD/tsconfig.json",
  "compilerOptions": {
    "outDir": "$out",
    "rootDir": "$PWD",
    "types": ["node"],
    "typeRoots": ["$PWD/node_modules/@types", "$PWD/../node_modules/@types"]
  },
  "files": ["$PWD/bench/remote.ts"],
  "include": []
}
JSON
npx tsc -p "$out/tsconfig.json"
NBPROMOTE_SERVER_DIR="$PWD" node "$out/bench/remote.js" "$@"

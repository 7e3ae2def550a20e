#!/usr/bin/env bash
# Fuzz the real service against its OpenAPI document with schemathesis, once per demo role
# (server/test/fuzz/run_fuzz.py says what and how long). Needs the set-up (scripts/setup.sh).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

[ -f server/lib/.built ] || die "the service is not built: run bash scripts/setup.sh first"
[ -x "$VENV/bin/st" ] || die "schemathesis is missing from .venv: run bash scripts/setup.sh"
exec "$VENV/bin/python" server/test/fuzz/run_fuzz.py

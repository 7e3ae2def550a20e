#!/usr/bin/env bash
# Run every suite: lint, the extension's jest, the service's jest on SQLite and PostgreSQL,
# the API fuzzer, and the Galata browser tests against a real JupyterLab and a real service.
# Every suite runs even when an earlier one fails; the exit code is non-zero if any failed.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

# What git sees before anything runs: set-up and the suites must leave it as it was (on a
# fresh clone, nothing modified and nothing untracked).
tree_state() {
  git status --porcelain --untracked-files=all 2>/dev/null
  git diff HEAD 2>/dev/null | cksum
}
tree_before="$(tree_state)"
tree_unchanged() {
  local now
  now="$(tree_state)"
  [ "$now" = "$tree_before" ] && return 0
  log "git status changed; before:"
  printf '%s\n' "$tree_before" >&2
  log "now:"
  printf '%s\n' "$now" >&2
  return 1
}

bash scripts/setup.sh || die "setup failed"

# Browser tests use Debian's Chromium: browsers cannot be downloaded here.
command -v chromium >/dev/null || apt_install chromium || die "could not install chromium"

if [ ! -f ui-tests/node_modules/.nbpromote-lock ] ||
  ! cmp -s ui-tests/package-lock.json ui-tests/node_modules/.nbpromote-lock; then
  log "installing the browser-test dependencies"
  (cd ui-tests && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in ui-tests"
  cp ui-tests/package-lock.json ui-tests/node_modules/.nbpromote-lock
fi

pg_line=$(bash scripts/postgres.sh | tail -n 1) || die "could not start PostgreSQL"
export "${pg_line?}"
bash scripts/airflow.sh || die "could not install Apache Airflow for the DAG tests"
export NBPROMOTE_AIRFLOW_PYTHON="$ROOT/.venv-airflow/bin/python"
export NBPROMOTE_AIRFLOW3_PYTHON="$ROOT/.venv-airflow3/bin/python"

# The runners' JSON reports, added up into the closing line.
reports="$(mktemp -d)"
trap 'rm -rf "$reports"' EXIT

failed=()
run() {
  local name=$1; shift
  log "── $name"
  if "$@"; then log "✓ $name"; else log "✗ $name"; failed+=("$name"); fi
}

run "set-up leaves the working tree as it was (git status)" tree_unchanged
run "lockfiles list every platform's packages" \
  node scripts/check-lockfile.mjs package-lock.json ui-tests/package-lock.json
run "the labextension is the production build" node scripts/check-labextension.mjs
run "lint (eslint, prettier, stylelint)" npm run --silent lint
run "extension unit tests (jest)" npx jest --ci --json --outputFile="$reports/ext.json"
run "service tests (jest, SQLite and PostgreSQL)" \
  bash -c 'cd server && npx jest --ci --json --outputFile="$1"' - "$reports/server.json"
run "API fuzzing (schemathesis, every role and phase)" bash scripts/fuzz.sh
run "browser tests (Galata, Chromium)" \
  env NBPROMOTE_TEST_REPORT="$reports/ui.json" bash -c 'cd ui-tests && CI=1 npx playwright test'
run "the suites leave the working tree as it was (git status)" tree_unchanged

if [ ${#failed[@]} -gt 0 ]; then
  log "failed: ${failed[*]}"
  node scripts/test-summary.mjs \
    "jest:$reports/ext.json" "jest:$reports/server.json" "playwright:$reports/ui.json"
  exit 1
fi
log "all suites passed"
node scripts/test-summary.mjs \
  "jest:$reports/ext.json" "jest:$reports/server.json" "playwright:$reports/ui.json"

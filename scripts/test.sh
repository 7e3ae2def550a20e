#!/usr/bin/env bash
# Run every suite: lint, the extension's jest, the service's jest on SQLite and PostgreSQL,
# and the Galata browser tests against a real JupyterLab and a real service.
# Every suite runs even when an earlier one fails; the exit code is non-zero if any failed.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

bash scripts/setup.sh || die "setup failed"

# Browser tests use Debian's Chromium: browsers cannot be downloaded here.
command -v chromium >/dev/null || apt_install chromium || die "could not install chromium"

if [ ! -f ui-tests/node_modules/.nbpromote-lock ] ||
  ! cmp -s ui-tests/package-lock.json ui-tests/node_modules/.nbpromote-lock; then
  log "installing the browser-test dependencies"
  (cd ui-tests && npm install --no-audit --no-fund --loglevel=error) || die "npm install failed in ui-tests"
  cp ui-tests/package-lock.json ui-tests/node_modules/.nbpromote-lock
fi

pg_line=$(bash scripts/postgres.sh | tail -n 1) || die "could not start PostgreSQL"
export "${pg_line?}"
bash scripts/airflow.sh || die "could not install Apache Airflow for the DAG tests"
export NBPROMOTE_AIRFLOW_PYTHON="$ROOT/.venv-airflow/bin/python"
export NBPROMOTE_AIRFLOW3_PYTHON="$ROOT/.venv-airflow3/bin/python"

failed=()
run() {
  local name=$1; shift
  log "── $name"
  if "$@"; then log "✓ $name"; else log "✗ $name"; failed+=("$name"); fi
}

run "lint (eslint, prettier, stylelint)" npm run --silent lint
run "extension unit tests (jest)" npx jest --ci
run "service tests (jest, SQLite and PostgreSQL)" bash -c 'cd server && npx jest --ci'
run "browser tests (Galata, Chromium)" bash -c 'cd ui-tests && CI=1 npx playwright test'

if [ ${#failed[@]} -gt 0 ]; then
  log "failed: ${failed[*]}"
  exit 1
fi
log "all suites passed"

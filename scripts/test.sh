#!/usr/bin/env bash
# Run every suite: lint, the extension's jest, the server extension's pytest and a fresh
# `pip install .`, the service's jest on SQLite and PostgreSQL,
# the API fuzzer, the Galata browser tests against a real JupyterLab and a real service, and
# the browser tests behind a real JupyterHub.
# Every suite runs even when an earlier one fails; the exit code is non-zero if any failed.
# The last line adds up every suite: `tests: N passed, M failed`.
# NBPROMOTE_SUITES=lint,server,... runs only those (names below); the closing line then
# counts only them.
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

# The runners' reports and one line per suite that ran, added up into the closing line.
reports="$(mktemp -d)"
trap 'rm -rf "$reports"' EXIT
suites="$reports/suites.tsv"
: >"$suites"
failed=()

selected() { [ "$1" = setup ] || [ -z "${NBPROMOTE_SUITES:-}" ] || [[ ",$NBPROMOTE_SUITES," == *",$1,"* ]]; }

# run <id> <kind> <report or -> <name> <command...>: kind is check, jest, playwright, fuzz or junit.
run() {
  local id=$1 kind=$2 report=$3 name=$4 status
  shift 4
  selected "$id" || return 0
  log "── $name"
  "$@"
  status=$?
  if [ "$status" -eq 0 ]; then log "✓ $name"; else log "✗ $name"; failed+=("$name"); fi
  printf '%s\t%s\t%s\t%s\n' "$kind" "$status" "$report" "$name" >>"$suites"
}

finish() {
  if [ ${#failed[@]} -gt 0 ]; then log "failed: ${failed[*]}"; else log "all suites passed"; fi
  node scripts/test-summary.mjs "$suites"
  [ ${#failed[@]} -eq 0 ]
  exit
}

# Set-up failing is a failed suite too: the closing line still comes, and says so.
setup() {
  bash scripts/setup.sh || return 1
  # Browser tests use Debian's Chromium: browsers cannot be downloaded here.
  command -v chromium >/dev/null || apt_install chromium || return 1
  if [ ! -f ui-tests/node_modules/.nbpromote-lock ] ||
    ! cmp -s <(cat ui-tests/package-lock.json; node -v) ui-tests/node_modules/.nbpromote-lock; then
    log "installing the browser-test dependencies"
    (cd ui-tests && npm ci --no-audit --no-fund --loglevel=error) || return 1
    { cat ui-tests/package-lock.json; node -v; } >ui-tests/node_modules/.nbpromote-lock
  fi
  local pg_line
  pg_line=$(bash scripts/postgres.sh | tail -n 1) || return 1
  export "${pg_line?}"
  bash scripts/airflow.sh || return 1
  export NBPROMOTE_AIRFLOW_PYTHON="$ROOT/.venv-airflow/bin/python"
  export NBPROMOTE_AIRFLOW3_PYTHON="$ROOT/.venv-airflow3/bin/python"
}
log "Node.js $(node -v) from $(command -v node)"
run setup check - "set-up (dependencies, builds, PostgreSQL, Airflow)" setup
[ ${#failed[@]} -eq 0 ] || finish

run tree check - "set-up leaves the working tree as it was (git status)" tree_unchanged
run lockfiles check - "lockfiles list every platform's packages" \
  node scripts/check-lockfile.mjs package-lock.json ui-tests/package-lock.json
run labextension check - "the labextension is the production build" \
  node scripts/check-labextension.mjs
run lint check - "lint (eslint, prettier, stylelint)" npm run --silent lint
run ext jest "$reports/ext.json" "extension unit tests (jest)" \
  npx jest --ci --json --outputFile="$reports/ext.json"
run pyext junit "$reports/pyext.xml" "server extension tests (pytest, Jupyter Server, real service)" \
  "$VENV/bin/python" -m pytest -p pytest_jupyter.jupyter_server -p no:cacheprovider -q \
  --junitxml="$reports/pyext.xml" tests/server_extension
run pipinstall check - "pip install . in a fresh virtualenv enables both extensions" \
  bash scripts/check-pip-install.sh
# --forceExit: once every suite has reported, a handle a test left open (a child process, a
# timer) must not hold the whole run; the report is written before jest exits.
run server jest "$reports/server.json" "service tests (jest, SQLite and PostgreSQL)" \
  bash -c 'cd server && npx jest --ci --forceExit --json --outputFile="$1"' - "$reports/server.json"
run airflowverify jest "$reports/airflowverify.json" "verification through a real Airflow 3 (standalone, REST API)" \
  bash -c 'cd server && npx jest -c jest.airflow.config.js --ci --forceExit --json --outputFile="$1"' - "$reports/airflowverify.json"
run fuzz fuzz "$reports/fuzz.json" "API fuzzing (schemathesis, every role, SQLite and PostgreSQL)" \
  env NBPROMOTE_FUZZ_REPORT="$reports/fuzz.json" bash scripts/fuzz.sh
run deploy check - "deployment: hadolint, helm lint and template, kubernetes-validate, z2jh values" \
  bash scripts/check-deploy.sh
run ui playwright "$reports/ui.json" "browser tests (Galata, Chromium)" \
  env NBPROMOTE_TEST_REPORT="$reports/ui.json" bash -c 'cd ui-tests && CI=1 npx playwright test'
run hubui playwright "$reports/hubui.json" "browser tests behind a real JupyterHub (Playwright, Chromium)" \
  env NBPROMOTE_TEST_REPORT="$reports/hubui.json" bash -c 'cd ui-tests && CI=1 npx playwright test -c hub/playwright.config.js'
run start check - "npm start: its output, the example opened as ada, Ctrl-C stops both" \
  bash scripts/check-start.sh
run tree check - "the suites leave the working tree as it was (git status)" tree_unchanged
finish

#!/usr/bin/env bash
# Start the whole product: the nbpromote service (embedded SQLite and git repository under
# .nbpromote/) and JupyterLab with the extension, opened on the example notebook.
# Ctrl-C stops both.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

# Set-up says what it installs and builds (its [nbpromote] lines, on stderr); the builders'
# own chatter ("Compilation starting…") goes to a log, shown only when set-up fails. A line
# every 20 s says it is still busy: the first start installs and builds for minutes.
log "preparing: installing what is missing and building what changed (the first start takes a few minutes)"
mkdir -p "${NBPROMOTE_DATA_DIR:-$ROOT/.nbpromote}"
setup_log="${NBPROMOTE_DATA_DIR:-$ROOT/.nbpromote}/setup.log"
started=$SECONDS
( while sleep 20; do log "  still preparing ($((SECONDS - started)) s)…"; done ) &
heartbeat=$!
trap 'kill "$heartbeat" 2>/dev/null || true' EXIT
status=0
# The builders write their progress to stderr too: only set-up's own lines and anything
# else (warnings, errors) pass; everything is kept in the log.
bash scripts/setup.sh >"$setup_log" 2> >(
  tee -a "$setup_log" |
    grep --line-buffered -v -E '^[[:space:]]*$|^Compilation (starting|finished)|compiled successfully in' >&2
) || status=$?
kill "$heartbeat" 2>/dev/null || true
wait "$heartbeat" 2>/dev/null || true
trap - EXIT
if [ "$status" -ne 0 ]; then
  tail -n 40 "$setup_log" >&2
  die "set-up failed; its whole output is in $setup_log"
fi
log "ready after $((SECONDS - started)) s"

SERVICE_PORT="${NBPROMOTE_PORT:-8765}"
LAB_PORT="${JUPYTER_PORT:-8888}"
DATA_DIR="${NBPROMOTE_DATA_DIR:-$ROOT/.nbpromote}"
SERVICE_URL="http://127.0.0.1:$SERVICE_PORT"
mkdir -p "$DATA_DIR"

pids=()
cleanup() {
  trap - INT TERM EXIT
  log "stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

log "starting the nbpromote service on $SERVICE_URL"
# Verification runs read the example's data for dev (its data_path is train.csv).
NBPROMOTE_VERIFY_DATA_ROOT="${NBPROMOTE_VERIFY_DATA_ROOT:-$PWD/examples}" \
  node server/bin/nbpromote.js serve --demo-users --port "$SERVICE_PORT" --data-dir "$DATA_DIR" &
pids+=($!)
wait_for_url "$SERVICE_URL/api/v1/health" 30 || die "the service did not start on port $SERVICE_PORT"

# JupyterLab talks to the service through its nbpromote server extension (NBPROMOTE_SERVICE_URL
# below). There is no Hub here, so JupyterLab is signed in as the demo data scientist through
# the token setting (the Settings Editor can switch to another demo user's token).
token="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).ada ?? "")' \
  "$DATA_DIR/demo-tokens.json" 2>/dev/null || true)"
settings_dir="$VENV/share/jupyter/lab/settings"
mkdir -p "$settings_dir"
cat >"$settings_dir/overrides.json" <<JSON
{ "nbpromote:plugin": { "token": "$token" } }
JSON

lab_token="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# The example the README promises, whatever other notebooks examples/ holds.
example="titanic_pipeline.ipynb"
[ -f "examples/$example" ] || example=""
lab_args=(--no-browser --port "$LAB_PORT" --ServerApp.port_retries=0
  --ServerApp.root_dir="$ROOT/examples" --IdentityProvider.token="$lab_token")
[ "$(id -u)" -eq 0 ] && lab_args+=(--allow-root)
mkdir -p examples
log "starting JupyterLab on http://127.0.0.1:$LAB_PORT (about 20 s)"
(cd examples && unset JUPYTERHUB_API_TOKEN && NBPROMOTE_SERVICE_URL="$SERVICE_URL" exec "$VENV/bin/jupyter" lab "${lab_args[@]}" ${example:+"$example"}) \
  >"$DATA_DIR/jupyterlab.log" 2>&1 &
pids+=($!)
wait_for_url "http://127.0.0.1:$LAB_PORT/lab" 90 ||
  die "JupyterLab did not start on port $LAB_PORT; see $DATA_DIR/jupyterlab.log"

cat >&2 <<MSG

  nbpromote is running.
    JupyterLab:  http://127.0.0.1:$LAB_PORT/lab${example:+/tree/$example}?token=$lab_token
    Service:     $SERVICE_URL/api/v1/health
    Data:        $DATA_DIR (database nbpromote.sqlite, artifact repository artifacts.git)
    Lab log:     $DATA_DIR/jupyterlab.log

  Press Ctrl-C to stop both.
MSG
wait -n "${pids[@]}" || true

#!/usr/bin/env bash
# Start the whole product: the nbpromote service (embedded SQLite and git repository under
# .nbpromote/) and JupyterLab with the extension, opened on the example notebook.
# Ctrl-C stops both.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

prepare "${NBPROMOTE_DATA_DIR:-$ROOT/.nbpromote}"

SERVICE_PORT="${NBPROMOTE_PORT:-8765}"
LAB_PORT="${JUPYTER_PORT:-8888}"
DATA_DIR="${NBPROMOTE_DATA_DIR:-$ROOT/.nbpromote}"
SERVICE_URL="http://127.0.0.1:$SERVICE_PORT"
mkdir -p "$DATA_DIR"

trap stop_started INT TERM EXIT

log "starting the nbpromote service on $SERVICE_URL"
# Verification runs read the example's data for dev (its data_path is train.csv).
NBPROMOTE_VERIFY_DATA_ROOT="${NBPROMOTE_VERIFY_DATA_ROOT:-$PWD/examples}" \
  node server/bin/nbpromote.js serve --demo-users --port "$SERVICE_PORT" --data-dir "$DATA_DIR" &
started_pids+=($!)
wait_for_url "$SERVICE_URL/api/v1/health" 30 || die "the service did not start on port $SERVICE_PORT"

# JupyterLab talks to the service through its nbpromote server extension (NBPROMOTE_SERVICE_URL
# below). There is no Hub here, so the Jupyter server signs in as the demo data scientist with
# her token (NBPROMOTE_TOKEN); a token in the Settings Editor (another demo user's) wins over it.
# Not a settings override: the virtualenv's overrides reach every JupyterLab it runs, a Hub's too.
token="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).ada ?? "")' \
  "$DATA_DIR/demo-tokens.json" 2>/dev/null || true)"
forget_demo_token_override

lab_token="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# The example the README promises, whatever other notebooks examples/ holds.
example="titanic_pipeline.ipynb"
[ -f "examples/$example" ] || example=""
lab_args=(--no-browser --port "$LAB_PORT" --ServerApp.port_retries=0
  --ServerApp.root_dir="$ROOT/examples" --IdentityProvider.token="$lab_token")
[ "$(id -u)" -eq 0 ] && lab_args+=(--allow-root)
mkdir -p examples
log "starting JupyterLab on http://127.0.0.1:$LAB_PORT (about 20 s)"
(cd examples && unset JUPYTERHUB_API_TOKEN && NBPROMOTE_SERVICE_URL="$SERVICE_URL" NBPROMOTE_TOKEN="$token" exec "$VENV/bin/jupyter" lab "${lab_args[@]}" ${example:+"$example"}) \
  >"$DATA_DIR/jupyterlab.log" 2>&1 &
started_pids+=($!)
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
wait -n "${started_pids[@]}" || true

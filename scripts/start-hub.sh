#!/usr/bin/env bash
# Try nbpromote as a team: a local JupyterHub (scripts/hub/jupyterhub_config.py) whose users are
# the demo users, the nbpromote service registered with it, and JupyterLab with the extension
# spawned for whoever logs in. Trying another role is logging in as another user; nobody pastes a
# token. Ctrl-C stops everything.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

DATA_DIR="${NBPROMOTE_DATA_DIR:-$ROOT/.nbpromote}/hub"
prepare "$DATA_DIR"

HUB_PORT="${NBPROMOTE_LOCAL_HUB_PORT:-8000}"
SERVICE_PORT="${NBPROMOTE_PORT:-8765}"
SERVICE_URL="http://127.0.0.1:$SERVICE_PORT"
export NBPROMOTE_LOCAL_HUB_PORT="$HUB_PORT"
export NBPROMOTE_LOCAL_HUB_API_PORT="${NBPROMOTE_LOCAL_HUB_API_PORT:-8081}"
export NBPROMOTE_LOCAL_HUB_PROXY_API_PORT="${NBPROMOTE_LOCAL_HUB_PROXY_API_PORT:-8001}"
export NBPROMOTE_LOCAL_HUB_PASSWORD="${NBPROMOTE_LOCAL_HUB_PASSWORD:-nbpromote-demo}"
export NBPROMOTE_LOCAL_HUB_DIR="$DATA_DIR/jupyterhub"
export NBPROMOTE_LOCAL_HUB_SERVICE_URL="$SERVICE_URL"
# nbpromote's own Hub token (the external service's api_token), new at every start.
NBPROMOTE_LOCAL_HUB_SERVICE_TOKEN="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export NBPROMOTE_LOCAL_HUB_SERVICE_TOKEN
# Each user's JupyterLab forwards nbpromote's calls here, signed with its own Hub token.
export NBPROMOTE_SERVICE_URL="$SERVICE_URL"
mkdir -p "$NBPROMOTE_LOCAL_HUB_DIR" "$DATA_DIR/service"

# Every user starts with the example notebook in their home (kept if they changed it).
for user in ada bob linus grace katherine eve; do
  mkdir -p "$NBPROMOTE_LOCAL_HUB_DIR/home/$user"
  for file in examples/*; do
    [ -e "$NBPROMOTE_LOCAL_HUB_DIR/home/$user/${file##*/}" ] || cp -r "$file" "$NBPROMOTE_LOCAL_HUB_DIR/home/$user/"
  done
done

# Nobody's token in anybody's settings: the Hub signs everyone in.
forget_demo_token_override

trap stop_started INT TERM EXIT

log "starting the nbpromote service on $SERVICE_URL (identity from the Hub)"
NBPROMOTE_HUB_API_URL="http://127.0.0.1:$NBPROMOTE_LOCAL_HUB_API_PORT/hub/api" \
  NBPROMOTE_HUB_API_TOKEN="$NBPROMOTE_LOCAL_HUB_SERVICE_TOKEN" \
  node server/bin/nbpromote.js serve --port "$SERVICE_PORT" --data-dir "$DATA_DIR/service" &
started_pids+=($!)
wait_for_url "$SERVICE_URL/api/v1/health" 30 || die "the service did not start on port $SERVICE_PORT"

log "starting JupyterHub on http://127.0.0.1:$HUB_PORT"
# The Hub runs its proxy (configurable-http-proxy) with the project's Node.js.
(cd "$NBPROMOTE_LOCAL_HUB_DIR" && exec "$VENV/bin/jupyterhub" -f "$ROOT/scripts/hub/jupyterhub_config.py") \
  >"$DATA_DIR/jupyterhub.log" 2>&1 &
started_pids+=($!)
wait_for_url "http://127.0.0.1:$HUB_PORT/hub/login" 60 ||
  die "JupyterHub did not start on port $HUB_PORT; see $DATA_DIR/jupyterhub.log"

cat >&2 <<MSG

  nbpromote is running behind JupyterHub.
    Log in at:   http://127.0.0.1:$HUB_PORT/hub/login
    Password:    $NBPROMOTE_LOCAL_HUB_PASSWORD (the same for every user)
    Users:       ada    data scientist (group nbpromote-users): tags and promotes
                 linus  reviewer (group nbpromote-reviewers): reviews and approves
                 grace  admin (group nbpromote-admins): edits the promotion rules
                 eve    in no nbpromote group: nbpromote refuses her
    Another role: log out (File > Log Out) and log in as someone else, or use a private window.
    Service:     $SERVICE_URL/api/v1/health
    Data:        $DATA_DIR (service/: database and artifact repository; jupyterhub/: the Hub, homes)
    Hub log:     $DATA_DIR/jupyterhub.log

  Press Ctrl-C to stop everything (the Hub stops the users' servers it started).
MSG
wait -n "${started_pids[@]}" || true

#!/usr/bin/env bash
# `npm start` as a newcomer runs it: on free ports and a fresh data dir, it says what it is
# doing, lists the demo users in aligned columns, opens JupyterLab on the titanic example
# signed in as ada through the server extension, and Ctrl-C stops both processes.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
service_port="$(free_port)"
lab_port="$(free_port)"
work="$(mktemp -d)"
out="$work/start.out"
# start.sh removes a token override an earlier version left in the virtualenv: put back what was there.
overrides="$VENV/share/jupyter/lab/settings/overrides.json"
[ -f "$overrides" ] && cp "$overrides" "$work/overrides.json"
pid=""
finish() {
  [ -n "$pid" ] && kill -INT -- "-$pid" 2>/dev/null || true
  if [ -f "$work/overrides.json" ]; then cp "$work/overrides.json" "$overrides"; else rm -f "$overrides"; fi
  rm -rf "$work"
}
trap finish EXIT

# Its own process group, as in a terminal (a script's background job would ignore SIGINT), so
# Ctrl-C can be sent the way a terminal sends it: to the whole group.
set -m
NBPROMOTE_PORT="$service_port" JUPYTER_PORT="$lab_port" NBPROMOTE_DATA_DIR="$work/data" \
  bash scripts/start.sh >"$out" 2>&1 &
pid=$!
set +m

status=0
fail() { log "npm start: $*"; status=1; }
for _ in $(seq 1 240); do
  grep -q 'nbpromote is running.' "$out" && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
plain="$(sed 's/\x1b\[[0-9;]*m//g' "$out")"
printf '%s\n' "$plain" | sed 's/^/  [start] | /' >&2
grep -q 'nbpromote is running.' <<<"$plain" || { fail "never said it was running"; exit 1; }

# It says what it does, without the builders' chatter.
for line in 'preparing: installing what is missing' 'ready after' \
  "starting the nbpromote service on http://127.0.0.1:$service_port" \
  "starting JupyterLab on http://127.0.0.1:$lab_port" 'Press Ctrl-C to stop both.'; do
  grep -qF "$line" <<<"$plain" || fail "no line saying '$line'"
done
! grep -Eq 'Compilation (starting|finished)|compiled successfully' <<<"$plain" ||
  fail "the builders' progress lines reach the terminal"

# The demo users' table: a header and one row per user, every column starting where its title does.
header="$(grep -E '^ *user  *role  *API token$' <<<"$plain" || true)"
[ -n "$header" ] || fail "no demo users' table"
if [ -n "$header" ]; then
  role_at="$(awk '{ print index($0, "role") }' <<<"$header")"
  token_at="$(awk '{ print index($0, "API token") }' <<<"$header")"
  rows="$(sed -n '/^ *user  *role  *API token$/,$p' <<<"$plain" | grep -E '^ +[a-z]+ +[a-z-]+ +nbp_' || true)"
  for user in ada linus grace; do
    grep -Eq "^ +$user +" <<<"$rows" || fail "no row for the demo user $user"
  done
  while IFS= read -r row; do
    [ -n "$row" ] || continue
    name="$(awk '{ print $1 }' <<<"$row")"
    [ "$(awk '{ print index($0, $2) }' <<<"$row")" = "$role_at" ] || fail "$name's role is out of its column"
    [ "$(awk '{ print index($0, $3) }' <<<"$row")" = "$token_at" ] || fail "$name's token is out of its column"
  done <<<"$rows"
fi

# JupyterLab opens on the titanic example, and its server extension reaches the service as ada.
url="$(grep -oE "http://127.0.0.1:$lab_port/lab[^ ]*" <<<"$plain" | head -n 1)"
case "$url" in
  */lab/tree/titanic_pipeline.ipynb\?token=*) ;;
  *) fail "JupyterLab's address does not open the titanic example: $url" ;;
esac
lab_token="${url##*token=}"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = 200 ] || fail "JupyterLab's address does not answer 200"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$service_port/api/v1/health")" = 200 ] ||
  fail "the service's health does not answer 200"
token="$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).ada' "$work/data/demo-tokens.json")"
me="$(curl -s -H "Authorization: token $lab_token" -H "X-Nbpromote-Token: $token" \
  "http://127.0.0.1:$lab_port/nbpromote/api/v1/me" || true)"
grep -q '"ada"' <<<"$me" || fail "JupyterLab's /nbpromote/api/v1/me does not answer ada: $me"

# Ctrl-C stops both within the service's 25 s grace.
kill -INT -- "-$pid"
for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
if kill -0 "$pid" 2>/dev/null; then
  fail "still running 40 s after Ctrl-C"
  kill -KILL -- "-$pid" 2>/dev/null || true
fi
pid=""
for port in "$service_port" "$lab_port"; do
  ! curl -s -o /dev/null "http://127.0.0.1:$port/" || fail "port $port still answers after Ctrl-C"
done
grep -q 'stopping' "$out" || fail "no line saying it is stopping"
[ "$status" -eq 0 ] && log "npm start: says what it does, opens the example as ada, stops on Ctrl-C"
exit "$status"

# Helpers shared by the project's scripts (sourced, not run).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

# The Node.js the project is built, tested and shipped on: the line in .node-version.
NODE_VERSION="$(tr -d ' \n' <"$ROOT/.node-version")"
NODE_DIR="$ROOT/.node"

log() { printf '\033[1;34m[nbpromote]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[nbpromote]\033[0m %s\n' "$*" >&2; exit 1; }

# True when any file under the given paths is newer than the stamp (or the stamp is missing).
stale() {
  local stamp=$1; shift
  [ ! -f "$stamp" ] && return 0
  [ -n "$(find "$@" -newer "$stamp" -type f -print -quit 2>/dev/null)" ]
}

# Install Debian packages when a command is missing (root or sudo).
apt_install() {
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  log "installing $* from Debian's packages"
  $sudo apt-get update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}

# Wait until a URL answers (any HTTP status), or fail after $2 seconds.
wait_for_url() {
  local url=$1 seconds=${2:-60} i
  for ((i = 0; i < seconds * 4; i++)); do
    curl -s -o /dev/null --max-time 2 "$url" && return 0
    sleep 0.25
  done
  return 1
}

# Create (or update) a virtualenv from a requirements file; a second call with the same
# requirements does nothing. Usage: ensure_venv <dir> <requirements file> <what it is for>
ensure_venv() {
  local dir=$1 requirements=$2 purpose=$3
  if [ -x "$dir/bin/python" ] && cmp -s "$requirements" "$dir/.nbpromote-requirements"; then
    return 0
  fi
  log "installing $purpose into ${dir#"$ROOT"/}"
  [ -x "$dir/bin/python" ] || python3 -m venv "$dir"
  "$dir/bin/pip" install --quiet --timeout 30 --retries 2 -r "$requirements" ||
    die "pip could not install $requirements: is the Python package index reachable?"
  cp "$requirements" "$dir/.nbpromote-requirements"
}

# Put the project's Node.js line first on PATH. A machine whose own node is of that line is
# used as it is; otherwise the official build of that version is unpacked into .node/ from
# the npm registry's node-linux-<arch> package (npm checks its integrity) and used for
# everything: npm scripts, the service, the labextension build, native modules (node-gyp
# builds them against its headers). The machine's own Node.js is left untouched.
ensure_node() {
  local want_major=${NODE_VERSION%%.*} have
  have="$(node -p 'process.versions.node' 2>/dev/null || true)"
  if [ "${have%%.*}" = "$want_major" ] && [ ! -x "$NODE_DIR/bin/node" ]; then
    return 0
  fi
  if [ "$("$NODE_DIR/bin/node" -p 'process.versions.node' 2>/dev/null)" != "$NODE_VERSION" ]; then
    command -v npm >/dev/null || die "npm is needed once, to fetch Node.js $NODE_VERSION"
    local arch tmp
    case "$(uname -m)" in
      x86_64) arch=x64 ;;
      aarch64 | arm64) arch=arm64 ;;
      *) die "no Node.js build for $(uname -m) in the npm registry: install Node.js $want_major" ;;
    esac
    log "fetching Node.js $NODE_VERSION (node-linux-$arch) into .node/"
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-$arch@$NODE_VERSION" >/dev/null) ||
      { rm -rf "$tmp"; die "could not fetch node-linux-$arch@$NODE_VERSION from the npm registry"; }
    rm -rf "$NODE_DIR" "$NODE_DIR.new"
    mkdir -p "$NODE_DIR.new"
    tar -xzf "$tmp"/node-linux-*.tgz -C "$NODE_DIR.new" --strip-components=1
    rm -rf "$tmp"
    mv "$NODE_DIR.new" "$NODE_DIR"
  fi
  export PATH="$NODE_DIR/bin:$PATH"
  # Native modules (better-sqlite3) compile against these headers; none can be downloaded.
  export npm_config_nodedir="$NODE_DIR"
  # npm was started by the machine's node; make its children use this one.
  export npm_node_execpath="$NODE_DIR/bin/node" NODE="$NODE_DIR/bin/node"
}
# Install what is missing and build what changed, before `npm start` or `npm run start:hub`
# starts anything. Set-up says what it installs and builds (its [nbpromote] lines, on stderr);
# the builders' own chatter ("Compilation starting…") goes to <data dir>/setup.log, shown only
# when set-up fails. A line every 20 s says it is still busy: the first start takes minutes.
# Usage: prepare <data dir>
prepare() {
  local setup_log="$1/setup.log" started=$SECONDS heartbeat status=0
  log "preparing: installing what is missing and building what changed (the first start takes a few minutes)"
  mkdir -p "$1"
  ( while sleep 20; do log "  still preparing ($((SECONDS - started)) s)…"; done ) &
  heartbeat=$!
  # shellcheck disable=SC2064 # the heartbeat's pid, now
  trap "kill $heartbeat 2>/dev/null || true" EXIT
  # The builders write their progress to stderr too: only set-up's own lines and anything
  # else (warnings, errors) pass; everything is kept in the log.
  bash "$ROOT/scripts/setup.sh" >"$setup_log" 2> >(
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
}

# Earlier versions of `npm start` signed JupyterLab in with an override of the token setting in
# the virtualenv, which every JupyterLab run from it then had, a Hub user's too: remove it.
forget_demo_token_override() {
  local overrides="$VENV/share/jupyter/lab/settings/overrides.json"
  if grep -qxE '\{ "nbpromote:plugin": \{ "token": "[^"]*" \} \}' "$overrides" 2>/dev/null; then
    rm -f "$overrides"
  fi
}

# Background processes a start script runs; `stop_started` ends them (on Ctrl-C and on exit).
started_pids=()
stop_started() {
  trap - INT TERM EXIT
  log "stopping"
  local pid
  for pid in "${started_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}

ensure_node

# Helpers shared by the project's scripts (sourced, not run).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

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

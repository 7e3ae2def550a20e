#!/usr/bin/env bash
# `pip install .` into a fresh virtualenv, then Jupyter lists the server extension and the
# labextension, both enabled. The labextension is the production build set-up made: the build
# hook is skipped (SKIP_JUPYTER_BUILDER) so it is not built a second time.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

[ -f nbpromote/labextension/package.json ] || die "no built labextension: run scripts/setup.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
log "pip install . (a fresh virtualenv)"
# JUPYTERHUB_* and the checkout's own config dirs stay out: only what the install put in the
# virtualenv may enable the extensions.
env -u JUPYTER_CONFIG_DIR -u JUPYTER_PATH SKIP_JUPYTER_BUILDER=1 \
  "$work/venv/bin/pip" install --quiet --timeout 30 --retries 2 . ||
  die "pip install . failed"

# Run from the temporary directory: the checkout's nbpromote/ must not be what gets imported.
cd "$work"
jupyter() { env -u JUPYTER_CONFIG_DIR -u JUPYTER_PATH HOME="$work" "$work/venv/bin/jupyter" "$@" 2>&1; }
# Without colours (Jupyter colours its listing even into a pipe).
plain() { sed "s/\x1b\[[0-9;]*m//g"; }
servers="$(jupyter server extension list | plain)"
labs="$(jupyter labextension list | plain)"
printf '%s\n' "$servers" "$labs" >&2
status=0
# Each listing prints the extension as enabled and then validated ("OK").
grep -Eq '^\s*nbpromote enabled' <<<"$servers" ||
  { log "the server extension is not listed as enabled"; status=1; }
grep -Eq '^\s*nbpromote( \S+)? OK' <<<"$servers" ||
  { log "the server extension does not validate"; status=1; }
grep -Eq '^\s*nbpromote v[0-9][^ ]* enabled OK \(python, nbpromote\)' <<<"$labs" ||
  { log "the labextension is not listed as enabled"; status=1; }
# The package's files came from the wheel, not from this checkout.
site="$("$work/venv/bin/python" -c 'import nbpromote, os; print(os.path.dirname(nbpromote.__file__))')"
case "$site" in
  "$work"/*) ;;
  *) log "nbpromote was imported from $site, not from the fresh virtualenv"; status=1 ;;
esac
exit "$status"

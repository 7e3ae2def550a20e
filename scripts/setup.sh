#!/usr/bin/env bash
# Install what is missing and build what is stale. A second run does nothing and takes seconds.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

# scripts/lib.sh has put the project's Node.js line (.node-version) first on PATH.
command -v python3 >/dev/null || die "Python 3.9 or newer is required (python3 not found)."
command -v git >/dev/null || die "git is required."
command -v curl >/dev/null || apt_install curl

# better-sqlite3 has no reachable prebuilt binary: it compiles against the Node.js headers
# (those of .node/, set by lib.sh; else the machine's own).
[ -d /usr/include/node ] && export npm_config_nodedir="${npm_config_nodedir:-/usr}"

# The stamp holds the lockfile and the Node.js version: native modules are rebuilt for a new one.
stamp() { cat "$1"; node -p '"node " + process.versions.node'; }
if [ ! -f node_modules/.nbpromote-lock ] || ! cmp -s <(stamp package-lock.json) node_modules/.nbpromote-lock; then
  log "installing npm dependencies (extension and service)"
  # `npm ci` installs exactly the lockfile and never rewrites it. The lockfile lists every
  # platform's optional binaries (scripts/check-lockfile.mjs keeps it so).
  npm ci --no-audit --no-fund --loglevel=error
  stamp package-lock.json >node_modules/.nbpromote-lock
fi

ensure_venv "$VENV" requirements-dev.txt "the Python environment (JupyterLab, pandas, scikit-learn)"

# nbdime is in the virtualenv for the diff tests (its schema and patch function); its own
# JupyterLab buttons are not part of this product, so JupyterLab starts without them.
if [ -d "$VENV/share/jupyter/labextensions/nbdime-jupyterlab" ] &&
  ! grep -q '"nbdime-jupyterlab": true' "$VENV/etc/jupyter/labconfig/page_config.json" 2>/dev/null; then
  "$VENV/bin/jupyter" labextension disable --level=sys_prefix nbdime-jupyterlab >/dev/null 2>&1 ||
    die "could not disable nbdime's JupyterLab extension"
fi

if stale server/lib/.built server/src server/package.json server/tsconfig.build.json; then
  log "building the service"
  (cd server && npx tsc -p tsconfig.build.json)
  touch server/lib/.built
fi

# The production build, as `pip install .` ships it; `npm run build` (development, with
# source maps) leaves build_log.json behind, and the next set-up builds production again.
if stale nbpromote/labextension/.built src style schema package.json tsconfig.json ||
  [ -f nbpromote/labextension/build_log.json ]; then
  log "building the JupyterLab extension (production)"
  npm run --silent build:prod
  touch nbpromote/labextension/.built
fi

# A prebuilt extension is found by JupyterLab in <prefix>/share/jupyter/labextensions.
dest="$VENV/share/jupyter/labextensions/nbpromote"
if [ "$(readlink "$dest" 2>/dev/null)" != "$ROOT/nbpromote/labextension" ]; then
  mkdir -p "$(dirname "$dest")"
  rm -rf "$dest"
  ln -s "$ROOT/nbpromote/labextension" "$dest"
fi

# The server extension, from this checkout (what `pip install -e .` would do, without its
# labextension build): the package on the virtualenv's path and enabled for Jupyter Server.
site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
if [ "$(cat "$site/nbpromote-checkout.pth" 2>/dev/null)" != "$ROOT" ]; then
  echo "$ROOT" >"$site/nbpromote-checkout.pth"
fi
conf="$VENV/etc/jupyter/jupyter_server_config.d/nbpromote.json"
if [ "$(readlink "$conf" 2>/dev/null)" != "$ROOT/jupyter-config/jupyter_server_config.d/nbpromote.json" ]; then
  mkdir -p "$(dirname "$conf")"
  ln -sfn "$ROOT/jupyter-config/jupyter_server_config.d/nbpromote.json" "$conf"
fi

#!/usr/bin/env bash
# A separate virtualenv with Apache Airflow, used by the tests to load generated DAGs in a
# real DagBag. Installed once; a second run does nothing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
AF="$ROOT/.venv-airflow"
if [ ! -x "$AF/bin/python" ] || ! cmp -s requirements-airflow.txt "$AF/.nbpromote-requirements"; then
  log "installing Apache Airflow into .venv-airflow (for the DAG tests)"
  [ -x "$AF/bin/python" ] || python3 -m venv "$AF"
  "$AF/bin/pip" install --quiet --timeout 30 --retries 2 -r requirements-airflow.txt ||
    die "pip could not install Apache Airflow: is the Python package index reachable?"
  cp requirements-airflow.txt "$AF/.nbpromote-requirements"
fi

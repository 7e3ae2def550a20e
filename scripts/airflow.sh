#!/usr/bin/env bash
# A separate virtualenv with Apache Airflow, used by the tests to load generated DAGs in a
# real DagBag. Installed once; a second run does nothing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_venv "$ROOT/.venv-airflow" requirements-airflow.txt "Apache Airflow (for the DAG tests)"

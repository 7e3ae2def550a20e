#!/usr/bin/env bash
# Two separate virtualenvs with Apache Airflow, used by the tests to load the generated DAGs
# in a real DagBag: the current major (.venv-airflow3) and the previous one (.venv-airflow).
# Installed once, side by side (pip mostly waits on downloads); a second run does nothing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_venv "$ROOT/.venv-airflow3" requirements-airflow3.txt "Apache Airflow 3 (for the DAG tests)" &
airflow3=$!
ensure_venv "$ROOT/.venv-airflow" requirements-airflow.txt "Apache Airflow 2.10 (for the DAG tests)" &
airflow2=$!
status=0
wait "$airflow3" || status=1
wait "$airflow2" || status=1
exit "$status"

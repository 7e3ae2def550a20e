#!/usr/bin/env bash
# Make a local PostgreSQL available for the test suites: install Debian's package when
# missing, start the cluster, create a test role that may create databases, and print
# the admin URL as `NBPROMOTE_TEST_POSTGRES_URL=...` on the last line.
set -euo pipefail
log() { echo "[postgres] $*" >&2; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing PostgreSQL from Debian's packages"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  log "creating cluster $version/main"
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  log "starting cluster $version/main"
  pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}
as_postgres psql -q -p "$port" -v ON_ERROR_STOP=1 >&2 <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'nbpromote_test') THEN
    CREATE ROLE nbpromote_test LOGIN CREATEDB PASSWORD 'nbpromote_test';
  END IF;
END
$$;
-- Tests drop their databases WITH (FORCE), which must end an autovacuum worker still in one.
GRANT pg_signal_backend TO nbpromote_test;
SQL
if ! as_postgres psql -p "$port" -tAc "SELECT 1 FROM pg_database WHERE datname='nbpromote_test'" | grep -q 1; then
  as_postgres createdb -p "$port" -O nbpromote_test nbpromote_test >&2
fi
echo "NBPROMOTE_TEST_POSTGRES_URL=postgres://nbpromote_test:nbpromote_test@127.0.0.1:$port/nbpromote_test"

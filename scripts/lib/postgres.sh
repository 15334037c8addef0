# Makes sure a PostgreSQL server runs and the chant role and databases exist.
# Sourced by scripts/demo, scripts/test and scripts/services; safe to run any number of times.
#
# With CHANT_DB_URL set, that server is used as it is and nothing is installed or started.

CHANT_DB_USER="${CHANT_DB_USER:-chant}"
CHANT_DB_PASSWORD="${CHANT_DB_PASSWORD:-chant}"

pg_log() { printf '[postgres] %s\n' "$*" >&2; }

pg_as_superuser() {
  # Runs psql as the postgres OS user against the local cluster.
  if [ "$(id -u)" = 0 ]; then
    su postgres -c "psql -X -q -v ON_ERROR_STOP=1 $*"
  else
    sudo -u postgres psql -X -q -v ON_ERROR_STOP=1 "$@"
  fi
}

pg_install_if_missing() {
  if command -v pg_lsclusters >/dev/null 2>&1 && [ -n "$(pg_lsclusters -h 2>/dev/null)" ]; then
    return 0
  fi
  pg_log "PostgreSQL is not installed: installing it with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq postgresql postgresql-contrib >/dev/null
}

pg_start_cluster() {
  local version cluster status
  read -r version cluster _ status _ < <(pg_lsclusters -h | head -1)
  if [ "$status" != "online" ]; then
    pg_log "starting cluster $version/$cluster"
    pg_ctlcluster "$version" "$cluster" start
  fi
  local deadline=$((SECONDS + 30))
  until pg_isready -q -h 127.0.0.1 -p 5432; do
    if [ $SECONDS -ge $deadline ]; then
      pg_log "PostgreSQL did not accept connections within 30 s; see /var/log/postgresql/"
      return 1
    fi
    sleep 0.2
  done
}

pg_ensure_database() {
  local db="$1"
  pg_as_superuser -d postgres <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${CHANT_DB_USER}') THEN
    CREATE ROLE "${CHANT_DB_USER}" LOGIN PASSWORD '${CHANT_DB_PASSWORD}';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE "${db}" OWNER "${CHANT_DB_USER}"'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '${db}')\gexec
SQL
}

# ensure_postgres DB...: a running local server with the role and each database.
ensure_postgres() {
  if [ -n "${CHANT_DB_URL:-}" ]; then
    pg_log "using CHANT_DB_URL as given"
    return 0
  fi
  pg_install_if_missing
  pg_start_cluster
  local db
  for db in "$@"; do pg_ensure_database "$db"; done
}

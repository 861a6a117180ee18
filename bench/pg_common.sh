# shellcheck shell=bash
# Shared by the benchmarks that compare Canopy with PostgreSQL (sourced, not run):
# a private PostgreSQL cluster on 127.0.0.1, started and stopped by the calling script.
#
#   pg_setup WORK
#     finds the newest installed PostgreSQL (exits 2 when there is none) and sets pgbin, asuser
#     (a runuser prefix when run as root: the server runs as postgres and reads the inventory
#     with COPY, so WORK is handed to postgres) and the cluster's port.
#   pg_start PGDATA [SERVER_OPTIONS]
#     initdb PGDATA unless it holds a cluster already, start it listening on 127.0.0.1 only
#     (socket in WORK), stop it when the script exits; sets psql (the client command, an array).
#   pg_stop
#     stops the cluster (fast shutdown: pg_ctl signals the postmaster by the PID in its PID
#     file); runs on EXIT once pg_start has run.

pg_setup() {
  pgwork=$1
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  [[ -x $pgbin/initdb ]] || { echo "peer: postgresql missing (scripts/install-deps.sh --bench)" >&2; exit 2; }
  asuser=()
  if [[ $(id -u) -eq 0 ]]; then
    chown -R postgres "$pgwork"
    asuser=(runuser -u postgres --)
  fi
  port=$(( 20000 + RANDOM % 20000 ))
}

pg_start() {
  pgdata=$1
  [[ -f $pgdata/PG_VERSION ]] || "${asuser[@]}" "$pgbin/initdb" -D "$pgdata" -A trust -U postgres >/dev/null
  "${asuser[@]}" "$pgbin/pg_ctl" -D "$pgdata" -o "-p $port -k $pgwork -c listen_addresses=127.0.0.1 ${2:-}" -l "$pgwork/pg.log" -w start >/dev/null
  trap pg_stop EXIT
  # shellcheck disable=SC2034 # used by the calling script
  psql=("${asuser[@]}" "$pgbin/psql" -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -q)
}

pg_stop() {
  "${asuser[@]}" "$pgbin/pg_ctl" -D "$pgdata" -m fast stop >/dev/null 2>&1 || true
}

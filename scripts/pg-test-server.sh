#!/usr/bin/env bash
# Start (or reuse) a throwaway PostgreSQL server for the store tests and print its URL.
#
#   export CYBERPATROL_TEST_PG_URL=$(bash scripts/pg-test-server.sh)
#   bash scripts/pg-test-server.sh stop      # stop it again (data kept for the next start)
#
# Idempotent: safe to run again while the server is up. Installs PostgreSQL with
# apt-get only when no server binaries are found. Run as root the server runs as
# the "postgres" OS user; run as anyone else it runs as that user.
# Everything but the URL goes to stderr.
#
# Settings (environment): CYBERPATROL_PG_PORT (55432), CYBERPATROL_PG_DIR
# (/var/tmp/cyberpatrol-pg), CYBERPATROL_PG_PASSWORD (cyberpatrol-test).
set -euo pipefail

PORT="${CYBERPATROL_PG_PORT:-55432}"
BASE="${CYBERPATROL_PG_DIR:-/var/tmp/cyberpatrol-pg}"
PASSWORD="${CYBERPATROL_PG_PASSWORD:-cyberpatrol-test}"
ROLE=cyberpatrol
DATABASE=cyberpatrol_test
DATA="$BASE/data"
SOCKETS="$BASE/run"
LOG="$BASE/server.log"

log() { printf 'pg-test-server: %s\n' "$*" >&2; }

find_bindir() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
            echo "$dir"
            return 0
        fi
    done
    if command -v pg_config >/dev/null 2>&1 && [[ -x "$(pg_config --bindir)/initdb" ]]; then
        pg_config --bindir
        return 0
    fi
    return 1
}

if ! BIN="$(find_bindir)"; then
    if [[ "$(id -u)" -ne 0 ]]; then
        log "PostgreSQL server binaries not found; install them (apt-get install -y postgresql) or run as root"
        exit 1
    fi
    log "installing PostgreSQL with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    BIN="$(find_bindir)" || { log "PostgreSQL installed but initdb not found"; exit 1; }
fi

# as_owner CMD...: run CMD as the server's OS user.
if [[ "$(id -u)" -eq 0 ]]; then
    OWNER=postgres
    id "$OWNER" >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash "$OWNER"
    as_owner() { runuser -u "$OWNER" -- "$@"; }
else
    OWNER="$(id -un)"
    as_owner() { "$@"; }
fi

mkdir -p "$BASE"
chmod 755 "$BASE"
if [[ "$(id -u)" -eq 0 ]]; then
    chown "$OWNER": "$BASE"
fi
as_owner mkdir -p "$SOCKETS"

if [[ "${1:-}" == "stop" ]]; then
    if [[ -f "$DATA/PG_VERSION" ]] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
        as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >&2
    fi
    exit 0
fi

if [[ ! -f "$DATA/PG_VERSION" ]]; then
    log "initialising a cluster in $DATA"
    pwfile="$(as_owner mktemp)"
    printf '%s\n' "$(head -c 18 /dev/urandom | base64)" | as_owner tee "$pwfile" >/dev/null
    as_owner "$BIN/initdb" -D "$DATA" -U postgres --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
        --auth-local=peer --auth-host=scram-sha-256 >&2 \
        || as_owner "$BIN/initdb" -D "$DATA" -U postgres --pwfile="$pwfile" -E UTF8 --locale=C \
            --auth-local=peer --auth-host=scram-sha-256 >&2
    as_owner rm -f "$pwfile"
    # Local socket connections from the owner only, as the "postgres" superuser.
    printf 'local all postgres peer map=owner\nhost all all 127.0.0.1/32 scram-sha-256\n' \
        | as_owner tee "$DATA/pg_hba.conf" >/dev/null
    printf 'owner %s postgres\n' "$OWNER" | as_owner tee "$DATA/pg_ident.conf" >/dev/null
fi

if ! as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    log "starting the server on 127.0.0.1:$PORT (log: $LOG)"
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $SOCKETS -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >&2 || { log "server did not start; last log lines:"; tail -n 20 "$LOG" >&2 || true; exit 1; }
fi

psql_admin() {
    as_owner "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKETS" -p "$PORT" -U postgres -d postgres "$@"
}

psql_admin -v role="$ROLE" -v password="$PASSWORD" >&2 <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN CREATEDB PASSWORD %L', :'role', :'password') \gexec
SQL
if [[ "$(psql_admin -tA -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != "1" ]]; then
    log "creating database $DATABASE"
    psql_admin -c "CREATE DATABASE $DATABASE OWNER $ROLE ENCODING 'UTF8' TEMPLATE template0" >&2
fi

# Percent-encode the password for the URL (unreserved characters stay as they are).
PASSWORD_URL=""
for ((i = 0; i < ${#PASSWORD}; i++)); do
    c="${PASSWORD:i:1}"
    case "$c" in
        [A-Za-z0-9._~-]) PASSWORD_URL+="$c" ;;
        *) PASSWORD_URL+="$(printf '%%%02X' "'$c")" ;;
    esac
done
echo "postgresql+psycopg://$ROLE:$PASSWORD_URL@127.0.0.1:$PORT/$DATABASE"

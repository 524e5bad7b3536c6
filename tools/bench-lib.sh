#!/usr/bin/env bash
# Shared by the bench scripts (sourced): a durable PostgreSQL on port 55450 under
# target/bench/pg, and `start NAME DATABASE_URL PORT` for the release shop (logs in $OUT).
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
PGDIR="$ROOT/target/bench/pg"; PGPORT=55450
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if ! as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1; then
  if [ ! -f "$PGDIR/data/PG_VERSION" ]; then
    rm -rf "$PGDIR"; mkdir -p "$PGDIR"; [ "$(id -u)" -eq 0 ] && chown postgres "$PGDIR"
    as_pg "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  # Durable commits (synchronous_commit and fsync at their defaults), as a shop would run.
  as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w \
    -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c max_connections=200" start >/dev/null
fi

PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true' EXIT
start() { # name url port
  DATABASE_URL="$2" SITE_ADDR="127.0.0.1:$3" APP_ENV=production ALLOW_TEST_PAYMENTS=true RUST_LOG=warn \
    ADMIN_PASSWORD=bench-password LEPTOS_SITE_ROOT=target/site ./target/release/server \
    > "$OUT/server-$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$3/readyz" >/dev/null && return; sleep 1; done
  echo "the $1 shop did not start; see $OUT/server-$1.log" >&2; exit 1
}

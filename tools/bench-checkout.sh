#!/usr/bin/env bash
# Reproduces the checkout table of docs/benchmarks.md: starts the release shop on a fresh
# SQLite file and on a fresh PostgreSQL database (demo catalogue seeded by the shop), then
# runs `checkout-bench` against each: guest orders with the test gateway from concurrent
# shoppers (orders/s), then 200 shoppers racing for the last 10 units, then an audit of the
# stock books that fails the run on any oversell.
#
#   tools/bench-checkout.sh [SECONDS] [SHOPPERS]     (default 15 s after 3 s warm-up, 32)
#
# Needs: PostgreSQL server binaries (Debian postgresql). Release build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SECONDS_EACH="${1:-15}"
SHOPPERS="${2:-32}"
OUT="$ROOT/target/bench/checkout"
mkdir -p "$OUT"
export CARGO_TARGET_DIR="$ROOT/target"

cargo build --release -p server --bin checkout-bench --bin server

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
psql -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "DROP DATABASE IF EXISTS checkoutbench" -c "CREATE DATABASE checkoutbench"
rm -f "$OUT"/shop.db*

PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true' EXIT
start() { # name url port
  DATABASE_URL="$2" SITE_ADDR="127.0.0.1:$3" APP_ENV=production RUST_LOG=warn \
    ADMIN_PASSWORD=bench-password LEPTOS_SITE_ROOT=target/site ./target/release/server \
    > "$OUT/server-$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$3/readyz" >/dev/null && return; sleep 1; done
  echo "the $1 shop did not start; see $OUT/server-$1.log" >&2; exit 1
}

RESULTS="$OUT/results.md"
: > "$RESULTS"
run() { # name port database-url
  ./target/release/checkout-bench --url "http://127.0.0.1:$2" --database-url "$3" \
    --shoppers "$SHOPPERS" --seconds "$SECONDS_EACH" --label "$1" | tee -a "$RESULTS"
}

start sqlite "sqlite://$OUT/shop.db" 3400
run sqlite 3400 "sqlite://$OUT/shop.db"
kill "${PIDS[@]}"; PIDS=()
start postgres "postgres://postgres@127.0.0.1:$PGPORT/checkoutbench" 3410
run postgres 3410 "postgres://postgres@127.0.0.1:$PGPORT/checkoutbench"
echo "results: $RESULTS"

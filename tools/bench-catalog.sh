#!/usr/bin/env bash
# Reproduces docs/benchmarks.md: loads N synthetic products (default 1,000,000) into a fresh
# SQLite file and a fresh PostgreSQL database, measures server-side latency of the catalog's hot
# paths on each, then SSR throughput of the product list under wrk (64 connections) beside an
# axum hello-world in the same run.
#
#   tools/bench-catalog.sh [N]
#
# Needs: PostgreSQL server binaries (Debian postgresql) and wrk (Debian wrk). Release build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
N="${1:-1000000}"
OUT="$ROOT/target/bench"
mkdir -p "$OUT"
export CARGO_TARGET_DIR="$ROOT/target"

cargo build --release -p bench --bin catalog-gen --bin catalog-bench --bin hello && cargo build --release -p server --bin server

PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
PGDIR="$OUT/pg"; PGPORT=55450
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if ! as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1; then
  rm -rf "$PGDIR"; mkdir -p "$PGDIR"; [ "$(id -u)" -eq 0 ] && chown postgres "$PGDIR"
  as_pg "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w \
    -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c work_mem=32MB -c effective_cache_size=8GB -c max_wal_size=4GB -c synchronous_commit=off" start >/dev/null
fi
PG_URL="postgres://postgres@127.0.0.1:$PGPORT/bench"
psql -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench"
rm -f "$OUT"/shop.db*
SQLITE_URL="sqlite://$OUT/shop.db"

for url in "$SQLITE_URL" "$PG_URL"; do
  echo "== generate $N products: ${url%%://*}"
  ( time DATABASE_URL="$url" ./target/release/catalog-gen --products "$N" ) 2>&1 | tee -a "$OUT/gen.log"
  echo "== latency: ${url%%://*}"
  DATABASE_URL="$url" ./target/release/catalog-bench --iterations 200 | tee -a "$OUT/latency.md"
done

echo "== SSR throughput (wrk, 64 connections, 20 s each)"
./target/release/hello 127.0.0.1:3401 > "$OUT/hello.log" 2>&1 &
HELLO=$!
DATABASE_URL="$SQLITE_URL" SITE_ADDR=127.0.0.1:3400 SEED_DEMO=false APP_ENV=production ALLOW_TEST_PAYMENTS=true RUST_LOG=warn \
  ADMIN_PASSWORD=bench-password LEPTOS_SITE_ROOT=target/site ./target/release/server > "$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $HELLO $SERVER 2>/dev/null || true' EXIT
for i in $(seq 1 60); do curl -sf http://127.0.0.1:3400/readyz >/dev/null && break; sleep 1; done
wrk -t2 -c64 -d20s --latency http://127.0.0.1:3401/ | tee "$OUT/wrk-hello.txt"
wrk -t2 -c64 -d20s --latency "http://127.0.0.1:3400/products" | tee "$OUT/wrk-products.txt"
wrk -t2 -c64 -d20s --latency "http://127.0.0.1:3400/c/gen-dept-3?sort=price_asc" | tee "$OUT/wrk-category.txt"

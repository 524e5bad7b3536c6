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

cargo build --release -p bench --bin checkout-bench && cargo build --release -p server --bin server

source "$ROOT/tools/bench-lib.sh"
psql -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "DROP DATABASE IF EXISTS checkoutbench" -c "CREATE DATABASE checkoutbench"
rm -f "$OUT"/shop.db*

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

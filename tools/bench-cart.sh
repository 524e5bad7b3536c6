#!/usr/bin/env bash
# Reproduces the add-to-cart table of docs/benchmarks.md: starts the release shop on a fresh
# SQLite file and on a fresh PostgreSQL database (demo catalogue seeded by the shop), then
# runs `cart-bench` against each: one shopper alone, 64 shoppers at fixed offered rates (open
# loop), and 64 shoppers back to back (closed loop, the saturation point).
#
#   tools/bench-cart.sh [SECONDS]      (default 15 s per scenario after 3 s of warm-up)
#
# Needs: PostgreSQL server binaries (Debian postgresql). Release build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SECONDS_EACH="${1:-15}"
OUT="$ROOT/target/bench/cart"
mkdir -p "$OUT"
export CARGO_TARGET_DIR="$ROOT/target"

cargo build --release -p bench --bin cart-bench && cargo build --release -p server --bin server

source "$ROOT/tools/bench-lib.sh"
psql -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "DROP DATABASE IF EXISTS cartbench" -c "CREATE DATABASE cartbench"
rm -f "$OUT"/shop.db*

RESULTS="$OUT/results.md"
: > "$RESULTS"
run() { # name port
  local url="http://127.0.0.1:$2"
  local common=(--url "$url" --seconds "$SECONDS_EACH" --label "$1")
  {
    ./target/release/cart-bench "${common[@]}" --sessions 1
    for rate in 100 250 500 1000; do
      ./target/release/cart-bench "${common[@]}" --sessions 64 --rate "$rate"
    done
    ./target/release/cart-bench "${common[@]}" --sessions 64
  } | tee -a "$RESULTS"
}

start sqlite "sqlite://$OUT/shop.db" 3400
run sqlite 3400
kill "${PIDS[@]}"; PIDS=()
start postgres "postgres://postgres@127.0.0.1:$PGPORT/cartbench" 3410
run postgres 3410
echo "results: $RESULTS"

#!/usr/bin/env bash
# Lighthouse (npm `lighthouse`, mobile defaults, Debian chromium) on the shop's first pages —
# home, listing, product, cart and checkout — of the production build, hydrated. Prints the
# four scores per page and fails below: performance 95, accessibility 100, best practices 100,
# SEO 100 (SEO only on indexable pages: cart and checkout are noindex).
#
#   tools/lighthouse.sh               starts target/dist/server (./dev build) on a fresh SQLite
#                                     demo shop on port 3400, audits it, stops it
#   tools/lighthouse.sh URL           audits a shop already running at URL
#
# Reports (HTML + JSON) go to target/lighthouse/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LIGHTHOUSE_VERSION="12.8.2"   # the last release that runs on Node 20
OUT="$ROOT/target/lighthouse"
rm -rf "$OUT" && mkdir -p "$OUT"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"

BASE="${1:-}"
if [ -z "$BASE" ]; then
  [ -x target/dist/server ] || { echo "no target/dist/server: run ./dev build first (or pass a URL)" >&2; exit 2; }
  BASE="http://127.0.0.1:3400"
  DATABASE_URL="sqlite://$OUT/shop.db" SITE_ADDR="127.0.0.1:3400" APP_ENV=production \
    ALLOW_TEST_PAYMENTS=true ADMIN_PASSWORD=lighthouse-admin MAIL_DIR="$OUT/mail" \
    MEDIA_DIR="$OUT/media" RUST_LOG=warn target/dist/server >"$OUT/server.log" 2>&1 &
  SERVER=$!
  trap 'kill $SERVER 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do curl -sf "$BASE/readyz" >/dev/null && break; sleep 0.5; done
  curl -sf "$BASE/readyz" >/dev/null || { echo "the shop did not start: $OUT/server.log" >&2; exit 1; }
fi

# A product, and a session whose cart holds it (for the cart and checkout pages).
first=$(curl -sf "$BASE/api/products?in_stock=true&sort=name&per_page=1")
slug=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["products"][0]["slug"])' "$first")
id=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["products"][0]["id"])' "$first")
variant=$(curl -sf "$BASE/api/products/$id" \
  | python3 -c 'import json,sys; print([v for v in json.load(sys.stdin)["variants"] if v["available"] > 0][0]["id"])')
jar="$OUT/cookies.txt"
curl -sf -c "$jar" -b "$jar" -H 'content-type: application/json' -H "origin: $BASE" \
  -d "{\"variant_id\": $variant, \"quantity\": 1}" "$BASE/api/cart/items" >/dev/null
cookie=$(sed 's/^#HttpOnly_//' "$jar" | awk '!/^#/ && NF>=7 {printf "%s%s=%s", (n++ ? "; " : ""), $6, $7}')
headers=$(python3 -c 'import json,sys; print(json.dumps({"Cookie": sys.argv[1]}))' "$cookie")

fail=0
audit() { # name path indexable with-cart
  local name="$1" path="$2" indexable="$3" extra=()
  [ "$4" = yes ] && extra=(--extra-headers="$headers")
  npx --yes "lighthouse@$LIGHTHOUSE_VERSION" "$BASE$path" --quiet \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
    --output=json --output=html --output-path="$OUT/$name" "${extra[@]}" >/dev/null 2>"$OUT/$name.log" \
    || { echo "lighthouse failed on $path: $OUT/$name.log" >&2; fail=1; return; }
  python3 - "$OUT/$name.report.json" "$name" "$indexable" <<'PY' || fail=1
import json, sys
report, name, indexable = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3] == "yes"
want = {"performance": 95, "accessibility": 100, "best-practices": 100}
if indexable:
    want["seo"] = 100
scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
bad = [f"{k} {scores[k]} < {v}" for k, v in want.items() if scores[k] < v]
line = "  ".join(f"{k} {scores[k]:>3}" for k in ["performance", "accessibility", "best-practices", "seo"])
print(f"{name:<9} {line}" + ("   FAIL: " + ", ".join(bad) if bad else ""))
if bad:
    for cat in [k for k in want if scores[k] < want[k]]:
        for ref in report["categories"][cat]["auditRefs"]:
            a = report["audits"][ref["id"]]
            if ref["weight"] > 0 and a.get("score") is not None and a["score"] < 1:
                print(f"          {cat}: {a['id']} ({a['score']}) {a.get('displayValue', '')}")
    sys.exit(1)
PY
}

echo "Lighthouse $LIGHTHOUSE_VERSION, mobile, $BASE"
audit home / yes no
audit listing /products yes no
audit product "/p/$slug" yes no
audit cart /cart no yes
audit checkout /checkout no yes
[ "$fail" -eq 0 ] && echo "all pages meet the thresholds" || { echo "below the thresholds (reports: $OUT)"; exit 1; }

#!/usr/bin/env bash
# Black-box API suite: schemathesis (PyPI, pinned in tools/schemathesis-requirements.txt)
# against the OpenAPI document of a running shop. Every operation is fuzzed from its schema
# and must never answer 5xx, and every answer must match the document (status code, content
# type, body schema, headers). Two passes: signed out (every operation), then as an
# administrator (every operation except /api/users/*, which would sign the session out).
# Exits non-zero on any failure. One worker: with two, CPython 3.11's parser sometimes trips
# over hypothesis reading lambda sources in two threads at once ("AST constructor recursion
# depth mismatch"), a crash in the tool, not a finding.
#
#   tools/schemathesis.sh BASE_URL ADMIN_EMAIL ADMIN_PASSWORD
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="$1" EMAIL="$2" PASSWORD="$3"
VENV="$ROOT/target/venv-schemathesis"
REQS="$ROOT/tools/schemathesis-requirements.txt"
if [ ! -x "$VENV/bin/schemathesis" ] || [ "$REQS" -nt "$VENV/.installed" ]; then
  echo "Installing schemathesis into $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$REQS"
  touch "$VENV/.installed"
fi

jar="$(mktemp)"
trap 'rm -f "$jar"' EXIT
body=$(python3 -c 'import json,sys; print(json.dumps({"email": sys.argv[1], "password": sys.argv[2]}))' "$EMAIL" "$PASSWORD")
curl -sf -c "$jar" -b "$jar" -H 'content-type: application/json' -H "origin: $BASE" \
  -d "$body" "$BASE/api/users/login" >/dev/null || { echo "could not sign in as $EMAIL" >&2; exit 1; }
cookie=$(sed 's/^#HttpOnly_//' "$jar" | awk '!/^#/ && NF>=7 {printf "%s%s=%s", (n++ ? "; " : ""), $6, $7}')

run() {
  "$VENV/bin/schemathesis" run "$BASE/api/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
    --max-examples "${SCHEMATHESIS_EXAMPLES:-40}" --seed "${SCHEMATHESIS_SEED:-7}" --workers 1 \
    --request-timeout 30 -H "Origin: $BASE" "$@"
}
echo "== signed out: every operation"
run
echo "== as $EMAIL: every operation but /api/users/*"
run -H "Cookie: $cookie" --exclude-path-regex '^/api/users/'

#!/usr/bin/env bash
# Lighthouse (mobile) on the creator portal home: builds the release server, starts it on
# a fresh demo database, runs end2end/lighthouse/portal.mjs, stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${LIGHTHOUSE_PORT:-3109}
LIGHTHOUSE_VERSION=12

if [ ! -x .tools/lighthouse/node_modules/.bin/lighthouse ]; then
  echo "[lighthouse] installing npm lighthouse@$LIGHTHOUSE_VERSION into .tools/lighthouse"
  npm install --prefix .tools/lighthouse --no-save --no-audit --no-fund "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null
fi
cargo leptos build --release

data=$(mktemp -d)
ROSTER_BIND=127.0.0.1:$PORT ROSTER_DATA_DIR=$data LEPTOS_SITE_ROOT=target/site \
  target/release/server >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 0.5
done
cd end2end
BASE_URL=http://127.0.0.1:$PORT LIGHTHOUSE=../.tools/lighthouse/node_modules/.bin/lighthouse \
  node lighthouse/portal.mjs

#!/usr/bin/env bash
# Installs every tool the build and the tests need, idempotently: fast when all is present.
# Only the ordinary package clients are used (rustup, cargo, npm, pip, apt-get).
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10   # 0.3.11+ needs Rust >= 1.96
WASM_BINDGEN_VERSION=0.2.130  # must equal the wasm-bindgen of Cargo.lock
BINARYEN_VERSION=132          # npm package that ships wasm-opt

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

# Debian packages first: Node.js/npm are needed below.
need_apt=()
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -x "$( (ls -d /usr/lib/postgresql/*/bin 2>/dev/null || true) | tail -n1)/initdb" ] || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

for component in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep "^$component" >/dev/null || rustup component add "$component"
done

if ! rustup target list --installed | grep '^wasm32-unknown-unknown$' >/dev/null; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 16 minutes cold)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes cold)"
  # --locked fails for this version: one of its locked dependencies left the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ ! -x .tools/node_modules/.bin/wasm-opt ]; then
  say "installing wasm-opt (npm binaryen@$BINARYEN_VERSION) into .tools/"
  mkdir -p .tools
  npm install --prefix .tools --no-save --no-audit --no-fund "binaryen@$BINARYEN_VERSION" >/dev/null
fi

if ! PYTHONPATH=.tools/python python3 -c 'import aiosmtpd' 2>/dev/null; then
  say "installing aiosmtpd (pip) into .tools/python: the tests' SMTP server"
  python3 -m pip install --quiet --disable-pip-version-check --target .tools/python aiosmtpd
fi

if ! command -v cargo-nextest >/dev/null 2>&1; then
  say "installing cargo-nextest"
  cargo install cargo-nextest --locked
fi

if [ -f end2end/package.json ] && [ ! -d end2end/node_modules/@playwright/test ]; then
  say "installing the end-to-end npm packages"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null)
fi

say "tools ready"

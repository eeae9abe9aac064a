# Roster — the two commands (see README.md):
#   make run    install what is missing, build in release mode, serve on http://127.0.0.1:3000
#   make test   install what is missing, then format, lint, Rust tests (SQLite and PostgreSQL)
#               and the end-to-end suite in headless Chromium

SHELL := /bin/bash
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# cargo-leptos bakes the bundle name into the server; setting it for every cargo call keeps
# plain cargo builds and cargo-leptos builds from invalidating each other.
export LEPTOS_OUTPUT_NAME := roster

.PHONY: run test setup lint unit-tests pg-tests e2e build-e2e lighthouse bench fuzz crash-test load-test clean

run: setup
	cargo leptos serve --release

setup:
	@bash scripts/setup.sh

test: setup lint unit-tests pg-tests e2e
	@echo "All checks passed."

lint:
	cargo fmt --all --check
	cargo test -p app --features ssr --test layers
	cargo clippy --workspace --exclude frontend --all-targets -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

# Every Rust test on the default engine, SQLite.
unit-tests:
	cargo nextest run --workspace --exclude frontend --no-fail-fast

# The server's integration tests again, against a throwaway PostgreSQL.
pg-tests:
	@url=$$(bash scripts/postgres.sh start) && \
	  trap 'bash scripts/postgres.sh stop' EXIT && \
	  ROSTER_TEST_POSTGRES=$$url cargo nextest run --profile postgres --workspace --exclude frontend -E 'package(server)' --no-fail-fast

# The release build, as users get it (the same one `make run` serves).
build-e2e:
	cargo leptos build --release

# The end-to-end suite in headless Chromium on a phone, a laptop and a desktop screen; every
# test gets a server of its own on a fresh database (end2end/tests/server.ts).
e2e: build-e2e
	rm -rf end2end/.data
	cd end2end && npx playwright test

# The speed benchmarks on SQLite (release build), each figure printed with its target
# beside it, met or missed; nothing asserted. The dated figures in server/benches/README.md
# come from here.
bench: setup
	cargo bench -p server --bench pipeline_moves
	cargo bench -p server --bench metrics
	cargo bench -p server --bench creator_search

# Lighthouse (mobile) on the creator portal home, against a release build.
lighthouse: setup
	bash scripts/lighthouse.sh

# Every fuzz target for FUZZ_SECONDS (600) on the nightly toolchain; prints executions per
# target. Not part of `make test`, which replays the committed corpora instead.
fuzz:
	bash scripts/fuzz.sh

# SIGKILL a server under mixed load (CRASH_KILLS, 50) times on SQLite, then on PostgreSQL,
# checking after every restart that nothing answered was lost and nothing is half-written.
# The test profile: the same build as `make test`, and a slower server leaves more in flight.
crash-test: setup
	cargo test -p server --bench crash
	@url=$$(bash scripts/postgres.sh start) && \
	  trap 'bash scripts/postgres.sh stop' EXIT && \
	  ROSTER_TEST_POSTGRES=$$url cargo test -p server --bench crash

# Floods and edges against everyone else's latency, and the caps that must hold (release).
load-test: setup
	cargo bench -p server --bench load

clean:
	cargo clean
	rm -rf data end2end/.data

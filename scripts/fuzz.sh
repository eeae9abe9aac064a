#!/usr/bin/env bash
# Runs every fuzz target for FUZZ_SECONDS (default 600) with libFuzzer, growing its corpus
# under fuzz/corpus/<target>, and prints the executions per target. Needs the nightly
# toolchain and cargo-fuzz, which it installs when missing. `make test` replays the corpora.
#
# The targets are built once, then their binaries run directly: `cargo fuzz run` would rebuild
# (a quarter of an hour) whenever a source file changed during a long run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-600}"
only="${FUZZ_TARGETS:-}"

rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo +nightly install cargo-fuzz --locked

cd fuzz
targets="${only:-$(cargo +nightly fuzz list)}"
cargo +nightly fuzz build -O
# As cargo fuzz does: sqlite's C globals linked twice are not a finding.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_odr_violation=0}"
bin="target/$(rustc -vV | sed -n 's/^host: //p')/release"
for t in $targets; do
  log="$(mktemp)"
  mkdir -p "corpus/$t" "artifacts/$t"
  # -rss_limit_mb: an input that makes a target hold more than 2 GB is a finding too.
  status=0
  "$bin/$t" "corpus/$t" -artifact_prefix="artifacts/$t/" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 2>"$log" || status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  if [ "$status" -ne 0 ]; then
    grep -v '^ *[0-9]*: \|^ *at ' "$log" | tail -30
    echo "fuzz: $t found a failing input after $runs executions (see fuzz/artifacts/$t)" >&2
    exit 1
  fi
  # Keep the smallest set of inputs that covers as much: that is what gets committed.
  kept="$(mktemp -d)"
  "$bin/$t" -merge=1 "$kept" "corpus/$t" >/dev/null 2>&1
  rm -rf "corpus/$t" && mv "$kept" "corpus/$t"
  files=$(find "corpus/$t" -type f | wc -l)
  printf '%-14s %12s executions in %4ss, corpus %5s inputs\n' "$t" "$runs" "$seconds" "$files"
  rm -f "$log"
done

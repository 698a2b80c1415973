#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600), one after the other.
# The toolchain is stable: RUSTC_BOOTSTRAP=1 lets cargo-fuzz use the nightly
# flags it needs (sanitizer instrumentation). Crashes land in artifacts/.
#   cargo install cargo-fuzz && fuzz/seed.sh && fuzz/run.sh 600
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
export RUSTC_BOOTSTRAP=1
for target in read_ics read_eml read_mbox read_html read_markdown read_text pipeline; do
    echo "== $target (${seconds}s)"
    cargo fuzz run -O "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 -print_final_stats=1 \
        2>&1 | tail -n 12
done

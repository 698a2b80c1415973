#!/usr/bin/env bash
# Times visiolint on each hostile input at scale 1 and 4: linear work means a
# ratio near 4 (quadratic work would give 16). Writes bench/out/hostile.md.
#   bench/hostile.sh [--skip-build]
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${1:-}" = "--skip-build" ] || cargo build --release --locked --quiet
bin=${CARGO_TARGET_DIR:-target}/release/visiolint
out=bench/out/hostile
mkdir -p "$out"
for scale in 1 4; do python3 bench/gen_hostile.py "$scale" "$out/x$scale"; done
report=bench/out/hostile.md
{
    echo "| input | size ×1 | time ×1 (s) | time ×4 (s) | ratio | peak RSS ×4 (MiB) | findings ×1 |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
} > "$report"
for f in "$out"/x1/*; do
    name=$(basename "$f")
    row="| $name | $(du -h "$f" | cut -f1)"
    for scale in 1 4; do
        start=$(date +%s.%N)
        /usr/bin/time -f '%M' -o "$out/rss" "$bin" check --isolated --no-progress --format concise "$out/x$scale/$name" > "$out/findings" 2> "$out/stderr" || [ $? -eq 1 ]
        end=$(date +%s.%N)
        t[$scale]=$(echo "$end - $start" | bc)
        findings[$scale]=$(wc -l < "$out/findings")
        rss[$scale]=$(( $(tail -n 1 "$out/rss") / 1024 ))
    done
    ratio=$(echo "scale=1; ${t[4]} / ${t[1]}" | bc)
    printf '%s | %.2f | %.2f | %s | %s | %s |\n' "$row" "${t[1]}" "${t[4]}" "$ratio" "${rss[4]}" "${findings[1]}" >> "$report"
done
cat "$report"

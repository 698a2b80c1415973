#!/usr/bin/env bash
# Reproduce every benchmark figure of visiolint on this machine, in one run.
#
# usage: bench/run.sh [--big] [--runs N] [--skip-build]
#
#   --big         also generate and check the 1,000,000-event export
#                 (about 2.3 GB of disk, several minutes to generate)
#   --runs N      timed runs of visiolint and ripgrep, the best is kept (default 3)
#   --skip-build  use the visiolint binary already built (default: cargo build)
#
# Environment:
#   SHARED_BENCH  folder holding gen_calendar.py and baseline_icalendar.py
#                 (default: ../shared/bench beside the repository, else /work/shared/bench)
#   CARGO_TARGET_DIR is honoured, as cargo does.
#
# Workloads are generated (deterministically) into bench/out/, which git
# ignores, and reused while their generator and arguments are unchanged.
# Results: a Markdown table on stdout, also written to bench/out/results.md;
# every command's output and timing are kept in bench/out/logs/.
#
# visiolint exits with status 1 when it finds policy violations: that is a
# success here. Status 2 (or a crash) stops the run with an error.
set -euo pipefail
export LC_ALL=C  # '.' as the decimal point of EPOCHREALTIME and awk

BIG=0
RUNS=3
BUILD=1
while (($#)); do
    case "$1" in
        --big) BIG=1 ;;
        --runs)
            [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --runs needs a positive number" >&2; exit 2; }
            RUNS=$2
            shift ;;
        --skip-build) BUILD=0 ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
OUT=$BENCH/out
cd "$ROOT"
LOGS=$OUT/logs
mkdir -p "$OUT" "$LOGS"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'run.sh: error: %s\n' "$*" >&2; exit 2; }

if [[ -z "${SHARED_BENCH:-}" ]]; then
    if [[ -f "$ROOT/../shared/bench/gen_calendar.py" ]]; then
        SHARED_BENCH=$(cd "$ROOT/../shared/bench" && pwd)
    else
        SHARED_BENCH=/work/shared/bench
    fi
fi
GEN_CAL=$SHARED_BENCH/gen_calendar.py
BASE_ICAL=$SHARED_BENCH/baseline_icalendar.py
GEN_MBOX=$BENCH/gen_mbox.py
BASE_MBOX=$BENCH/baseline_mailbox.py
for f in "$GEN_CAL" "$BASE_ICAL" "$GEN_MBOX" "$BASE_MBOX"; do
    [[ -f "$f" ]] || die "missing $f (set SHARED_BENCH to the folder holding gen_calendar.py)"
done

# --------------------------------------------------------------------------
# Tools
# --------------------------------------------------------------------------
APT_UPDATED=0
apt_install() {
    command -v apt-get > /dev/null || die "'$1' is missing and apt-get is not available: install it by hand"
    local sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    if ((APT_UPDATED == 0)); then
        log "apt-get update"
        "${sudo[@]}" apt-get update -qq || die "apt-get update failed"
        APT_UPDATED=1
    fi
    log "apt-get install -y $1"
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$1" > /dev/null || die "could not install $1"
}

command -v python3 > /dev/null || die "python3 is required"
command -v cargo > /dev/null || die "cargo is required (Rust toolchain)"
[[ -x /usr/bin/time ]] || apt_install time
command -v rg > /dev/null || apt_install ripgrep
if ! python3 -c 'import icalendar' 2> /dev/null; then
    log "pip install icalendar"
    python3 -m pip install -q icalendar || die "could not install the Python package icalendar"
fi

# --------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------
TARGET_DIR=$(cd "$ROOT" && cargo metadata --format-version 1 --no-deps 2> /dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])') ||
    die "cargo metadata failed in $ROOT"
BIN=$TARGET_DIR/release/visiolint
if ((BUILD)); then
    log "cargo build --release --locked"
    (cd "$ROOT" && cargo build --release --locked) || die "cargo build --release --locked failed"
fi
[[ -x "$BIN" ]] || die "no visiolint binary at $BIN (build it, or drop --skip-build)"

# --------------------------------------------------------------------------
# Workloads (deterministic; regenerated only when the generator or its
# arguments change; written to a temporary file, then renamed)
# --------------------------------------------------------------------------
free_kib() { df -Pk "$OUT" | awk 'NR == 2 { print $4 }'; }

# generate NAME MIN_FREE_MIB GENERATOR ARGS...
generate() {
    local name=$1 need_mib=$2 gen=$3
    shift 3
    local file=$OUT/$name stamp
    stamp="$(sha256sum "$gen" | cut -d' ' -f1) $*"
    if [[ -f "$file" && -f "$file.stamp" && "$(cat "$file.stamp")" == "$stamp" ]]; then
        log "reusing $name"
        return
    fi
    rm -f "$file" "$file.stamp"
    if (($(free_kib) / 1024 < need_mib)); then
        die "not enough disk for $name in $OUT: need ${need_mib} MiB, $(($(free_kib) / 1024)) MiB free"
    fi
    log "generating $name ($(basename "$gen") $*)"
    python3 "$gen" "$@" > "$file.tmp" || { rm -f "$file.tmp"; die "$(basename "$gen") $* failed"; }
    mv "$file.tmp" "$file"
    printf '%s' "$stamp" > "$file.stamp"
}

generate export10k.ics 100 "$GEN_CAL" 10000
generate export100k.ics 600 "$GEN_CAL" 100000
generate archive.mbox 300 "$GEN_MBOX" 20000
if ((BIG)); then
    generate export1m.ics 5000 "$GEN_CAL" 1000000
fi

# --------------------------------------------------------------------------
# Measurement
# --------------------------------------------------------------------------
# measure LABEL RUNS WARMUPS OK_STATUSES STDOUT -- COMMAND...
# Runs COMMAND WARMUPS times untimed, then RUNS times under /usr/bin/time.
# Sets M_WALL (best wall time, s, from bash's EPOCHREALTIME: microseconds,
# where GNU time's %e has only 10 ms), M_RSS (largest peak RSS, KiB, GNU
# time's %M), M_CPU (user + system s of the best run) and M_STATUS.
# Every run's %e, %M, CPU time (%U %S) and wall
# time go to bench/out/logs/LABEL.log.
measure() {
    local label=$1 runs=$2 warm=$3 ok=$4 stdout=$5
    shift 6
    local i rc t0 t1 wall e kb usr sys tfile=$LOGS/$label.time
    : > "$LOGS/$label.log"
    M_WALL="" M_RSS=0 M_CPU=0
    for ((i = 1; i <= warm + runs; i++)); do
        t0=$EPOCHREALTIME
        rc=0
        /usr/bin/time -f '%e %M %U %S' -o "$tfile" "$@" > "$stdout" 2> "$LOGS/$label.stderr" || rc=$?
        t1=$EPOCHREALTIME
        case " $ok " in
            *" $rc "*) ;;
            *) cat "$tfile" >&2 || true
               tail -n 20 "$LOGS/$label.stderr" >&2 || true
               die "$label: '$*' exited with status $rc (expected one of: $ok); see $LOGS/$label.stderr" ;;
        esac
        read -r e kb usr sys < <(tail -n 1 "$tfile")
        [[ "$kb" =~ ^[0-9]+$ ]] || die "$label: cannot read /usr/bin/time output: $(cat "$tfile")"
        wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
        if ((i <= warm)); then
            printf 'warm-up: wall %s s, %%e %s s, peak RSS %s KiB, user %s s, sys %s s, status %s\n' "$wall" "$e" "$kb" "$usr" "$sys" "$rc" >> "$LOGS/$label.log"
            continue
        fi
        printf 'run %d: wall %s s, %%e %s s, peak RSS %s KiB, user %s s, sys %s s, status %s\n' $((i - warm)) "$wall" "$e" "$kb" "$usr" "$sys" "$rc" >> "$LOGS/$label.log"
        if [[ -z "$M_WALL" ]] || awk -v a="$wall" -v b="$M_WALL" 'BEGIN { exit !(a < b) }'; then
            M_WALL=$wall
            M_CPU=$(awk -v u="$usr" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
        fi
        ((kb > M_RSS)) && M_RSS=$kb
        M_STATUS=$rc
    done
    log "$(printf '%-28s best %8s s  peak RSS %7.1f MiB  (status %s)' "$label" "$M_WALL" "$(awk -v k="$M_RSS" 'BEGIN { print k / 1024 }')" "$M_STATUS")"
}

mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
size_of() { stat -c %s "$1"; }

declare -A WALL RSS CPUS
ROWS=()
# row KEY WORKLOAD FILE ITEMS TOOL RUNS_TEXT
row() {
    local key=$1 workload=$2 file=$3 items=$4 tool=$5 runs=$6 size
    size=$(size_of "$file")
    ROWS+=("$(printf '| %s | %s MB | %s | %s | %s | %s | %s | %s | %s |' \
        "$workload" "$(awk -v b="$size" 'BEGIN { printf "%.1f", b / 1e6 }')" "$items" "$tool" "$runs" \
        "${WALL[$key]}" "${CPUS[$key]}" "$(awk -v k="${RSS[$key]}" 'BEGIN { printf "%.1f", k / 1024 }')" \
        "$(awk -v b="$size" -v t="${WALL[$key]}" 'BEGIN { printf "%.1f", (t > 0 ? b / 1e6 / t : 0) }')")")
}

VL=("$BIN" check --isolated --no-progress --format json)
RG_PATTERN='zoom\.us/j/|teams\.microsoft\.com|meet\.google\.com|pwd=|passcode|code secret'
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# visiolint on every workload (one warm-up run: the file is then in the page cache)
WORKLOADS=(export10k.ics export100k.ics archive.mbox)
((BIG)) && WORKLOADS+=(export1m.ics)
for w in "${WORKLOADS[@]}"; do
    measure "visiolint-$w" "$RUNS" 1 "0 1" /dev/null -- "${VL[@]}" "$OUT/$w"
    WALL[vl-$w]=$M_WALL RSS[vl-$w]=$M_RSS CPUS[vl-$w]=$M_CPU
done

measure "ripgrep-export100k.ics" "$RUNS" 1 "0 1" "$LOGS/ripgrep-export100k.ics.out" -- \
    rg -c -i "$RG_PATTERN" "$OUT/export100k.ics"
WALL[rg]=$M_WALL RSS[rg]=$M_RSS CPUS[rg]=$M_CPU

log "python3 baseline_icalendar.py export10k.ics (one run, slow)"
measure "python-icalendar-export10k.ics" 1 0 "0" "$LOGS/python-icalendar-export10k.ics.out" -- \
    python3 "$BASE_ICAL" "$OUT/export10k.ics"
WALL[py-ical]=$M_WALL RSS[py-ical]=$M_RSS CPUS[py-ical]=$M_CPU

log "python3 baseline_mailbox.py archive.mbox (one run, slow)"
measure "python-mailbox-archive.mbox" 1 0 "0" "$LOGS/python-mailbox-archive.mbox.out" -- \
    python3 "$BASE_MBOX" "$OUT/archive.mbox"
WALL[py-mbox]=$M_WALL RSS[py-mbox]=$M_RSS CPUS[py-mbox]=$M_CPU
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# What each tool found (untimed), to show that they did comparable work.
vl_summary() {
    "${VL[@]}" "$1" 2> /dev/null | python3 -c '
import json, sys
try:
    s = json.load(sys.stdin)["summary"]
    print("%s invitations, %s meetings, by platform: %s" % (s.get("invitations"), s.get("meetings"),
          ", ".join("%s %s" % kv for kv in sorted(s.get("by_platform", {}).items()))))
except Exception as e:  # the JSON schema may change; the timings do not depend on it
    print("n/a (%s)" % e)' || true
}

# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == "<=") ? v <= t : v >= t; print ok ? "PASS" : "FAIL" }'; }

EV10K=10000 EV100K=100000 EV1M=1000000
MSGS=20000
row vl-export10k.ics "export10k.ics" "$OUT/export10k.ics" "$EV10K events" "visiolint" "best of $RUNS"
row py-ical "export10k.ics" "$OUT/export10k.ics" "$EV10K events" "Python icalendar + re" "1 run"
row vl-export100k.ics "export100k.ics" "$OUT/export100k.ics" "$EV100K events" "visiolint" "best of $RUNS"
row rg "export100k.ics" "$OUT/export100k.ics" "$EV100K events" "ripgrep -c -i" "best of $RUNS"
if ((BIG)); then row vl-export1m.ics "export1m.ics" "$OUT/export1m.ics" "$EV1M events" "visiolint" "best of $RUNS"; fi
row vl-archive.mbox "archive.mbox" "$OUT/archive.mbox" "$MSGS messages" "visiolint" "best of $RUNS"
row py-mbox "archive.mbox" "$OUT/archive.mbox" "$MSGS messages" "Python mailbox + email + re" "1 run"

VL_RG=$(ratio "${WALL[vl-export100k.ics]}" "${WALL[rg]}")
ICAL_X=$(ratio "${WALL[py-ical]}" "${WALL[vl-export10k.ics]}")
MBOX_X=$(ratio "${WALL[py-mbox]}" "${WALL[vl-archive.mbox]}")
rss_mib() { awk -v k="${RSS[$1]}" 'BEGIN { printf "%.1f", k / 1024 }'; }

CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
COMMIT=$(cd "$ROOT" && git rev-parse --short HEAD 2> /dev/null || echo unknown)
DIRTY=$(cd "$ROOT" && git status --porcelain --untracked-files=no -- src Cargo.toml Cargo.lock policy 2> /dev/null | head -c1)
[[ -n "$DIRTY" ]] && COMMIT="$COMMIT (with uncommitted changes to the sources)"

{
    echo "# visiolint benchmark results"
    echo
    echo "Produced by \`bench/run.sh$( ((BIG)) && echo ' --big')\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
    echo
    echo "- machine: $CPU, $(nproc) cores, $MEM, $(uname -sr)"
    echo "- visiolint $COMMIT, $(rustc --version 2> /dev/null || echo 'rustc ?'), release profile"
    echo "- $(python3 --version 2>&1), icalendar $(python3 -c 'import icalendar; print(icalendar.__version__)'), $(rg --version | head -n1)"
    echo "- load average before / after: $LOAD_BEFORE / $LOAD_AFTER"
    echo "- wall time: best of the timed runs, after one untimed warm-up run (file in the page cache)"
    echo "  for visiolint and ripgrep; Python baselines run once. CPU: user + system time of that best run"
    echo "  (GNU time %U + %S; above the wall time when several cores work). Peak RSS: GNU time %M, largest of the runs."
    echo
    echo "| workload | size | items | tool | runs | wall (s) | CPU (s) | peak RSS (MiB) | throughput (MB/s) |"
    echo "|---|---:|---:|---|---|---:|---:|---:|---:|"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "| measure | value | target | result |"
    echo "|---|---:|---:|---|"
    echo "| visiolint / ripgrep wall time, export100k.ics | ${VL_RG}× | ≤ 3× | $(verdict "$VL_RG" "<=" 3) |"
    echo "| visiolint peak RSS, export100k.ics | $(rss_mib vl-export100k.ics) MiB | ≤ 128 MiB | $(verdict "$(rss_mib vl-export100k.ics)" "<=" 128) |"
    if ((BIG)); then
        echo "| visiolint peak RSS, export1m.ics | $(rss_mib vl-export1m.ics) MiB | ≤ 128 MiB | $(verdict "$(rss_mib vl-export1m.ics)" "<=" 128) |"
    else
        echo "| visiolint peak RSS, export1m.ics | not run (needs --big) | ≤ 128 MiB | – |"
    fi
    echo "| visiolint peak RSS, archive.mbox | $(rss_mib vl-archive.mbox) MiB | ≤ 128 MiB | $(verdict "$(rss_mib vl-archive.mbox)" "<=" 128) |"
    echo "| visiolint throughput / Python icalendar throughput, export10k.ics | ${ICAL_X}× | ≥ 200× | $(verdict "$ICAL_X" ">=" 200) |"
    echo "| visiolint throughput / Python mailbox throughput, archive.mbox | ${MBOX_X}× | – | (no target) |"
    echo
    echo "What each tool found (untimed runs; the tools do not count the same things):"
    echo
    echo "- visiolint, export10k.ics: $(vl_summary "$OUT/export10k.ics")"
    echo "- Python icalendar, export10k.ics (events, violations, links by platform): $(tail -n 1 "$LOGS/python-icalendar-export10k.ics.stderr")"
    echo "- ripgrep, export100k.ics (matching lines): $(tr -d '\n' < "$LOGS/ripgrep-export100k.ics.out")"
    echo "- visiolint, archive.mbox: $(vl_summary "$OUT/archive.mbox")"
    echo "- Python mailbox, archive.mbox (messages, with a meeting link, Zoom violations, people, links by platform): $(tail -n 1 "$LOGS/python-mailbox-archive.mbox.stderr")"
} > "$OUT/results.md.tmp"
mv "$OUT/results.md.tmp" "$OUT/results.md"
echo
cat "$OUT/results.md"
log "written to $OUT/results.md; logs in $LOGS/"

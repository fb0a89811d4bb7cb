#!/usr/bin/env bash
# End-to-end scale runs: wall time and peak RSS (`/usr/bin/time -v`) of `clausecheck check` on
# generated exports from 10 MB to 1 GB. Timings on a shared machine are noisy: each run is
# repeated REPEAT times, the modes taking turns, and the median is printed.
#
#   bench/scale.sh                      # generate (once) under $SCRATCH and measure
#   BIN=/path/to/clausecheck SIZES="1070 10700" bench/scale.sh
#   SHAPE=wide-rounds SIZES=100000 bench/scale.sh   # the other shape, under $SCRATCH/wide$n
#
# Sizes are case counts (≈9.4 KB each: 1070 ≈ 10 MB, 10700 ≈ 100 MB, 100000 ≈ 945 MB; in the
# wide-rounds shape ≈2.6 KB each, in rounds listing 5,000 units and 6,000 leaders).
# Columns: cases, bytes, mode, median seconds, MB/s, median peak RSS (MB), RSS / file size.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-/work/scratch}
SIZES=${SIZES:-"1070 10700 100000"}
REPEAT=${REPEAT:-3}
MODES=${MODES:-"parse-only json human json-t1"}
BIN=${BIN:-target/release/clausecheck}
SHAPE=${SHAPE:-default}
case $SHAPE in
    default) prefix=g ;;
    wide-rounds) prefix=wide ;;
    *) echo "SHAPE is default or wide-rounds" >&2; exit 2 ;;
esac
AS_OF=2026-06-30
[ -n "${NOBUILD:-}" ] || cargo build --release --quiet --bin clausecheck --example gen

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run_once() { # mode file -> "seconds rss_kb"
    local mode=$1 file=$2 args
    case $mode in
        parse-only) args=(parse-only "$file") ;;
        json) args=(check "$file" --as-of $AS_OF --format json) ;;
        human) args=(check "$file" --as-of $AS_OF --format human) ;;
        json-t1) args=(check "$file" --as-of $AS_OF --format json --threads 1) ;;
        json-t2) args=(check "$file" --as-of $AS_OF --format json --threads 2) ;;
    esac
    /usr/bin/time -v "$BIN" "${args[@]}" >/dev/null 2>"$SCRATCH/time.txt" || true
    awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; printf "%s ", s}
                /Maximum resident set size/ {print $2}' "$SCRATCH/time.txt"
}

printf "%8s %11s %-10s %8s %8s %8s %6s\n" cases bytes mode seconds MB/s RSS_MB RSS/file
for n in $SIZES; do
    dir=$SCRATCH/$prefix$n
    [ -f "$dir/export.jsonl" ] || target/release/examples/gen --cases "$n" --shape "$SHAPE" --out "$dir"
    file=$dir/export.jsonl
    bytes=$(stat -c %s "$file")
    # The modes take turns within each repeat: a host whose speed drifts between minutes then
    # shifts every mode alike, and the ratios between modes stay fair.
    results=$(for _ in $(seq "$REPEAT"); do
        for mode in $MODES; do echo "$mode $(run_once "$mode" "$file")"; done
    done)
    for mode in $MODES; do
        secs=$(echo "$results" | awk -v m="$mode" '$1 == m {print $2}' | median)
        rss=$(echo "$results" | awk -v m="$mode" '$1 == m {print $3}' | median)
        awk -v n="$n" -v b="$bytes" -v m="$mode" -v s="$secs" -v r="$rss" 'BEGIN {
            printf "%8d %11d %-10s %8.2f %8.0f %8.0f %6.2f\n", n, b, m, s, b/1e6/s, r/1024, r*1024/b }'
    done
done

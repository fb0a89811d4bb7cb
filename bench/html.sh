#!/usr/bin/env bash
# The HTML report at scale: page size, render time, and in headless Chromium the time to the
# first view and to a filter applied from the address. Not a test: timings on a shared machine
# are noisy, so each browser run is repeated REPEAT times and the median is printed.
#
#   bench/html.sh                                   # 100,000 cases under $SCRATCH
#   CASES=10000 FILTERS="status=overdue q=2025" bench/html.sh
#
# The page records its own timings (src/report/html/report.js): `data-first-view-ms` is
# performance.now() once the unfiltered page is drawn and laid out (from navigation start, so
# parsing the page and its data is included); `data-filter-ms` is the time to apply the
# address's filters and lay the page out again (`#measure&…` asks for both).
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-/work/scratch}
CASES=${CASES:-100000}
REPEAT=${REPEAT:-3}
FILTERS=${FILTERS:-"status=overdue light=red&severity=error q=2025 unit=%E4%B8%AD%E5%9B%BD%E7%A7%91%E5%AD%A6%E9%99%A2%E5%A4%A7%E5%AD%A6"}
BIN=${BIN:-target/release/clausecheck}
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome)}
AS_OF=2026-06-30
[ -n "${NOBUILD:-}" ] || cargo build --release --quiet --bin clausecheck --example gen

dir=$SCRATCH/g$((CASES / 1000))k
[ -f "$dir/export.jsonl" ] || target/release/examples/gen --cases "$CASES" --out "$dir"
page=$dir/report.html
start=$(date +%s.%N)
"$BIN" check "$dir/export.jsonl" --as-of $AS_OF --format html --output "$page" || [ $? -eq 1 ]
end=$(date +%s.%N)
printf 'cases %s  page %s bytes  render %.2f s\n' "$CASES" "$(stat -c %s "$page")" "$(echo "$end - $start" | bc)"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# One browser run on `page#hash`: "first_view_ms filter_ms wall_s".
browse() {
    local profile dom t0 t1
    profile=$(mktemp -d)
    t0=$(date +%s.%N)
    dom=$("$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$profile" \
        --window-size=1280,1800 --dump-dom "file://$page#$1" 2>/dev/null)
    t1=$(date +%s.%N)
    rm -rf "$profile"
    local body=${dom#*<body}
    body=${body%%>*}
    local first=${body#*data-first-view-ms=\"}; first=${first%%\"*}
    local filter=${body#*data-filter-ms=\"}; filter=${filter%%\"*}
    echo "$first $filter $(printf %.1f "$(echo "$t1 - $t0" | bc)")"
}

for filter in $FILTERS; do
    runs=$(for _ in $(seq "$REPEAT"); do browse "measure&$filter"; done)
    printf 'filter %-40s first view %6s ms  filter %6s ms  chromium wall %5s s (median of %s)\n' \
        "$filter" \
        "$(echo "$runs" | awk '{print $1}' | median)" \
        "$(echo "$runs" | awk '{print $2}' | median)" \
        "$(echo "$runs" | awk '{print $3}' | median)" "$REPEAT"
done

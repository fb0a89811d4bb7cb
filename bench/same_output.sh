#!/usr/bin/env bash
# Whether a change to the engine left every output as it was: the program at REF and the
# program here check the same inputs (the sample, and both generator shapes, made by this
# checkout's generator) in every format, and each pair of outputs is compared byte for byte.
#
#   bench/same_output.sh                 # against the commit before the one-engine change
#   REF=f91342a bench/same_output.sh     # against the code before the redesign began
#
# Prints one line per input and format: `same`, or `DIFFERENT` with the first differing line.
# Exits 1 when any output differs. Not a test: it builds REF in a worktree under $SCRATCH.
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-/work/scratch}
REF=${REF:-e7b42ff}
CASES=${CASES:-3000}
AS_OF=${AS_OF:-2026-06-30}
FORMATS=${FORMATS:-"human concise json jsonl sarif junit github markdown html xlsx ics"}

ref_dir=$SCRATCH/same-output-$REF
if [ ! -x "$ref_dir/target/release/clausecheck" ]; then
    [ -d "$ref_dir" ] || git worktree add --detach "$ref_dir" "$REF" >/dev/null
    (cd "$ref_dir" && cargo build --release --quiet --bin clausecheck)
fi
[ -n "${NOBUILD:-}" ] || cargo build --release --quiet --bin clausecheck --example gen
before=$ref_dir/target/release/clausecheck
after=target/release/clausecheck

inputs=$SCRATCH/same-output-inputs
mkdir -p "$inputs"
[ -f "$inputs/default/export.jsonl" ] ||
    target/release/examples/gen --cases "$CASES" --out "$inputs/default" >/dev/null
[ -f "$inputs/wide/export.jsonl" ] ||
    target/release/examples/gen --cases "$CASES" --shape wide-rounds --out "$inputs/wide" >/dev/null

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
differ=0
for input in fixtures/sample/export.jsonl "$inputs/default/export.jsonl" "$inputs/wide/export.jsonl"; do
    for format in $FORMATS; do
        for side in before after; do
            bin=${!side}
            # The xlsx writer needs a file; every other format goes to standard output.
            "$bin" check "$input" --as-of "$AS_OF" --format "$format" --output "$out/$side.$format" \
                2>"$out/$side.err" || [ $? -le 1 ]
        done
        if cmp -s "$out/before.$format" "$out/after.$format"; then
            verdict=same
        else
            differ=1
            first=$(diff <(head -c 2000000 "$out/before.$format") <(head -c 2000000 "$out/after.$format") 2>/dev/null |
                head -3 | tr '\n' ' ' | cut -c1-160 || true)
            verdict="DIFFERENT $first"
        fi
        printf '%-45s %-9s %s\n' "$input" "$format" "$verdict"
    done
done
exit $differ

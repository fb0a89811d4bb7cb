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
# The same output name on both sides: the workbook records the command line.
mkdir -p "$out/before" "$out/after"
differ=0
# JSON Lines are read in chunks unless `--no-stream`: both paths are compared.
for input in "$PWD/fixtures/sample/export.jsonl" "$inputs/default/export.jsonl" "$inputs/wide/export.jsonl"; do
  for read in chunks whole; do
    read_args=()
    [ $read = chunks ] || read_args=(--no-stream)
    for format in $FORMATS; do
        for side in before after; do
            # Run as plain `clausecheck` on the PATH, from its own folder with the same relative
            # output name: the workbook records the command line.
            bin_dir=$(cd "$(dirname "${!side}")" && pwd)
            (cd "$out/$side" && PATH="$bin_dir:$PATH" clausecheck check "$input" --as-of "$AS_OF" \
                "${read_args[@]}" --format "$format" --output "report.$format" 2>stderr) || [ $? -le 1 ]
        done
        if cmp -s "$out/before/report.$format" "$out/after/report.$format"; then
            verdict=same
        else
            differ=1
            first=$(diff <(head -c 2000000 "$out/before/report.$format") <(head -c 2000000 "$out/after/report.$format") 2>/dev/null |
                head -3 | tr '\n' ' ' | cut -c1-160 || true)
            verdict="DIFFERENT $first"
        fi
        printf '%-55s %-6s %-9s %s\n' "$input" "$read" "$format" "$verdict"
    done
  done
done
exit $differ

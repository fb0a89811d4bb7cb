#!/usr/bin/env python3
"""Checks a `--format jsonl` output against the generator's planted findings, at any scale:

    clausecheck check DIR/export.jsonl --as-of 2026-06-30 --format jsonl > DIR/found.jsonl
    python3 bench/verify_planted.py DIR/expected.jsonl DIR/found.jsonl

Every planted (rule, case, item, status) must be found, and for the planted rules nothing else.
"""
import collections
import json
import sys

PLANTED_RULES = {"cas62.16.clue-feedback", "cas62.13.report-order", "cas62.13.feedback-order",
                 "cas62.15.petition-forward", "data.date"}


def keys(path):
    out = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            v = json.loads(line)
            if v.get("rule") in PLANTED_RULES:
                out[(v["rule"], v["case_id"], json.dumps(v["item"], sort_keys=True), v["status"])] += 1
    return out


expected, found = keys(sys.argv[1]), keys(sys.argv[2])
missing, extra = expected - found, found - expected
print(f"planted {sum(expected.values())}, found {sum(found.values())}, "
      f"missing {sum(missing.values())}, unplanted {sum(extra.values())}")
sys.exit(1 if missing or extra else 0)

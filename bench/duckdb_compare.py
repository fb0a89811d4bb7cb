#!/usr/bin/env python3
"""Side by side: the Art. 16 and Art. 13 checks as a data team would write them in DuckDB SQL,
against `clausecheck check` on the same JSON Lines export, timed in the same run.

    python3 -m venv /work/scratch/venv && /work/scratch/venv/bin/pip install duckdb
    /work/scratch/venv/bin/python bench/duckdb_compare.py /work/scratch/g100000/export.jsonl

Both sides use all cores. Each side runs REPEAT times (env, default 3); the median is printed.
What the SQL leaves out, and clausecheck does not:
- the legal calendar: a due date falling on a rest day (weekend or State Council holiday) is
  extended to the next working day (民法典 第二百零三条); SQL compares with the plain due date, so
  a feedback on such an extended due date is "late" in SQL and on time in clausecheck;
- `due_soon` warnings, the effective date (cases entered before 2020-12-08 are out of scope),
  data errors (an invalid date is silently NULL in SQL, a located `data.date` finding here),
  byte-exact locations, messages and explanations;
- report-order skips unrecorded steps only between neighbours (clausecheck compares each
  recorded step with the next recorded one).
"""
import json
import os
import statistics
import subprocess
import sys
import time

import duckdb

AS_OF = "2026-06-30"
RULES = ["cas62.16.clue-feedback", "cas62.13.report-order", "cas62.13.feedback-order"]
BIN = os.environ.get("BIN", "target/release/clausecheck")
REPEAT = int(os.environ.get("REPEAT", "3"))

# Dates come as YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日: normalise, else NULL.
DATE_MACRO = r"""
CREATE OR REPLACE MACRO d(s) AS TRY_CAST(
    regexp_extract(s, '^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*$', 1) || '-' ||
    lpad(regexp_extract(s, '^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*$', 2), 2, '0') || '-' ||
    lpad(regexp_extract(s, '^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*$', 3), 2, '0')
    AS DATE);
"""

COLUMNS = """{
  'kind': 'VARCHAR', 'case_id': 'VARCHAR',
  'report': 'STRUCT(submitted_on VARCHAR, group_reviewed_on VARCHAR,
                    party_approved_on VARCHAR, distributed_on VARCHAR)',
  'feedback': 'STRUCT(delivered_on VARCHAR)',
  'clues': 'STRUCT(id VARCHAR, transferred_on VARCHAR, received_on VARCHAR,
                   result_fed_back_on VARCHAR)[]'
}"""

QUERY = """
WITH cases AS (
  SELECT * FROM read_json(?, format = 'newline_delimited', columns = {columns},
                          maximum_object_size = 16777216)
  WHERE kind = 'case'
),
clues AS (
  SELECT case_id, c.id AS clue_id,
         coalesce(d(c.received_on), d(c.transferred_on)) AS start,
         d(c.result_fed_back_on) AS done
  FROM cases, unnest(clues) AS t(c)
),
art16 AS (
  -- Art. 16: the result is fed back within 3 months (same day of the month, or the month's
  -- last day); no rest-day extension.
  SELECT 'cas62.16.clue-feedback' AS rule, case_id, clue_id,
         CASE WHEN done IS NULL THEN 'overdue' ELSE 'late' END AS status
  FROM clues
  WHERE start IS NOT NULL
    AND coalesce(done, DATE '{as_of}') > CAST(start + INTERVAL 3 MONTH AS DATE)
),
art13 AS (
  SELECT case_id, d(report.submitted_on) AS s, d(report.group_reviewed_on) AS g,
         d(report.party_approved_on) AS p, d(report.distributed_on) AS x,
         d(feedback.delivered_on) AS f
  FROM cases
)
SELECT * FROM art16
UNION ALL
SELECT 'cas62.13.report-order', case_id, NULL, 'violation' FROM art13
  WHERE s > g OR g > p OR p > x
UNION ALL
SELECT 'cas62.13.feedback-order', case_id, NULL, 'violation' FROM art13
  WHERE f IS NOT NULL AND (p IS NULL OR f < p)
"""


def run_duckdb(path):
    con = duckdb.connect()
    con.execute(DATE_MACRO)
    sql = QUERY.replace("{columns}", COLUMNS).replace("{as_of}", AS_OF)
    start = time.perf_counter()
    rows = con.execute(sql, [path]).fetchall()
    return time.perf_counter() - start, rows


def run_clausecheck(path, select):
    args = [BIN, "check", path, "--as-of", AS_OF, "--format", "json", "--fail-on", "never"]
    if select:
        args += ["--select", ",".join(RULES)]
    start = time.perf_counter()
    out = subprocess.run(args, check=True, capture_output=True).stdout
    elapsed = time.perf_counter() - start
    return elapsed, json.loads(out)["findings"]


def counts(items):
    out = {}
    for rule, status in items:
        out[(rule, status)] = out.get((rule, status), 0) + 1
    return dict(sorted(out.items()))


def main():
    path = sys.argv[1]
    size = os.path.getsize(path) / 1e6
    times = {"duckdb": [], "clausecheck (3 rules)": [], "clausecheck (all rules)": []}
    for _ in range(REPEAT):
        t, rows = run_duckdb(path)
        times["duckdb"].append(t)
        t, findings = run_clausecheck(path, select=True)
        times["clausecheck (3 rules)"].append(t)
        t, _ = run_clausecheck(path, select=False)
        times["clausecheck (all rules)"].append(t)
    print(f"file: {path} ({size:.0f} MB); medians of {REPEAT} runs")
    for name, ts in times.items():
        m = statistics.median(ts)
        print(f"  {name:26} {m:7.2f} s  {size / m:7.0f} MB/s")
    ratio = statistics.median(times["duckdb"]) / statistics.median(times["clausecheck (3 rules)"])
    print(f"  clausecheck (3 rules) is {ratio:.2f}x the speed of the DuckDB query")
    sql = counts((r[0], r[3]) for r in rows)
    ours = counts((f["rule"], f["status"]) for f in findings)
    print("  findings (rule, status): duckdb vs clausecheck")
    for key in sorted(set(sql) | set(ours)):
        print(f"    {key[0]:26} {key[1]:9} {sql.get(key, 0):8} {ours.get(key, 0):8}")


if __name__ == "__main__":
    main()

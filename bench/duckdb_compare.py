#!/usr/bin/env python3
"""Side by side: Art. 16 (with the rest-day extension), Art. 13 and Art. 4 as a data team would
write them in DuckDB SQL, against `clausecheck check` on the same JSON Lines export, timed in the
same run, the sides taking turns.

    python3 -m venv /work/scratch/venv && /work/scratch/venv/bin/pip install duckdb
    /work/scratch/venv/bin/python bench/duckdb_compare.py /work/scratch/g100k/export.jsonl

Both sides use all cores. Each side runs REPEAT times (env, default 3); medians are printed, with
the peak RSS of clausecheck (`/usr/bin/time -v`) and `clausecheck parse-only` as the floor.

The query is meant to be fair to DuckDB: it names the columns it reads (no auto-detection of
the whole schema), reads `read_json(...)` directly (no table is loaded first), extends a due date
falling on a rest day to the next working day by a join to a small table built here from
`rules/calendars/cn.yaml` (for each date, the first working day on or after it), and checks
Art. 4 by an anti-join on the round's unnested target list.
What the SQL still leaves out, and clausecheck does not:
- `due_soon` warnings, the effective date (cases entered before 2020-12-08 are out of scope),
  data errors (an invalid date is silently NULL in SQL, a located `data.date` finding here),
  byte-exact locations, messages and explanations;
- names: the SQL drops whitespace and the 中国科学院/中科院 prefix, not full-width forms or the
  pack's synonyms;
- report-order skips unrecorded steps only between neighbours (clausecheck compares each
  recorded step with the next recorded one).
"""
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import time

import duckdb

AS_OF = "2026-06-30"
RULES = [
    "cas62.16.clue-feedback",
    "cas62.13.report-order",
    "cas62.13.feedback-order",
    "cas62.4.unit-in-targets",
]
BIN = os.environ.get("BIN", "target/release/clausecheck")
REPEAT = int(os.environ.get("REPEAT", "3"))
CALENDAR = os.environ.get("CALENDAR", "rules/calendars/cn.yaml")

# Dates come as YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日: normalise, else NULL.
MACROS = r"""
CREATE OR REPLACE MACRO d(s) AS TRY_CAST(
    regexp_extract(s, '^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*$', 1) || '-' ||
    lpad(regexp_extract(s, '^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*$', 2), 2, '0') || '-' ||
    lpad(regexp_extract(s, '^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*$', 3), 2, '0')
    AS DATE);
CREATE OR REPLACE MACRO norm(s) AS
    regexp_replace(regexp_replace(s, '[\s\x{3000}]', '', 'g'), '^(中国科学院|中科院)', '');
"""

# Only the fields the rules read; every other key of a record is skipped by the reader.
COLUMNS = """{
  'kind': 'VARCHAR', 'id': 'VARCHAR', 'case_id': 'VARCHAR', 'round_id': 'VARCHAR',
  'entered_on': 'VARCHAR',
  'unit': 'STRUCT(name VARCHAR)',
  'adjustment': 'STRUCT(approved_on VARCHAR)',
  'targets': 'STRUCT(units VARCHAR[])',
  'report': 'STRUCT(submitted_on VARCHAR, group_reviewed_on VARCHAR,
                    party_approved_on VARCHAR, distributed_on VARCHAR)',
  'feedback': 'STRUCT(delivered_on VARCHAR)',
  'clues': 'STRUCT(id VARCHAR, transferred_on VARCHAR, received_on VARCHAR,
                   result_fed_back_on VARCHAR)[]'
}"""

QUERY = """
WITH src AS (
  SELECT * FROM read_json(?, format = 'newline_delimited', columns = {columns},
                          maximum_object_size = 16777216)
),
cases AS (SELECT * FROM src WHERE kind = 'case'),
targets AS (
  SELECT DISTINCT id AS round_id, norm(u) AS unit
  FROM (SELECT id, unnest(targets.units) AS u FROM src WHERE kind = 'round')
),
clues AS (
  SELECT case_id, c.id AS clue_id,
         coalesce(d(c.received_on), d(c.transferred_on)) AS start,
         d(c.result_fed_back_on) AS done
  FROM cases, unnest(clues) AS t(c)
),
due AS (
  -- Art. 16: the result is fed back within 3 months (same day of the month, or the month's
  -- last day), extended to the next working day when that day is a rest day.
  SELECT clues.*, coalesce(w.next_working, CAST(start + INTERVAL 3 MONTH AS DATE)) AS due_on
  FROM clues LEFT JOIN next_working_day w ON w.day = CAST(start + INTERVAL 3 MONTH AS DATE)
  WHERE start IS NOT NULL
),
art16 AS (
  SELECT 'cas62.16.clue-feedback' AS rule, case_id, clue_id,
         CASE WHEN done IS NULL THEN 'overdue' ELSE 'late' END AS status
  FROM due
  WHERE coalesce(done, DATE '{as_of}') > due_on
),
art13 AS (
  SELECT case_id, d(report.submitted_on) AS s, d(report.group_reviewed_on) AS g,
         d(report.party_approved_on) AS p, d(report.distributed_on) AS x,
         d(feedback.delivered_on) AS f
  FROM cases
),
art4 AS (
  -- Art. 4: the unit is on its round's target list, unless an adjustment was approved on or
  -- before entry; a case whose round lists no targets is not judged.
  SELECT 'cas62.4.unit-in-targets' AS rule, c.case_id, NULL AS clue_id, 'violation' AS status
  FROM cases c
  WHERE nullif(trim(c.unit.name), '') IS NOT NULL
    AND c.round_id IN (SELECT round_id FROM targets)
    AND NOT coalesce(d(c.adjustment.approved_on) <= d(c.entered_on), false)
    AND NOT EXISTS (SELECT 1 FROM targets t
                    WHERE t.round_id = c.round_id AND t.unit = norm(c.unit.name))
)
SELECT * FROM art16
UNION ALL
SELECT 'cas62.13.report-order', case_id, NULL, 'violation' FROM art13
  WHERE s > g OR g > p OR p > x
UNION ALL
SELECT 'cas62.13.feedback-order', case_id, NULL, 'violation' FROM art13
  WHERE f IS NOT NULL AND (p IS NULL OR f < p)
UNION ALL
SELECT * FROM art4
"""


def rest_days_and_workdays(path):
    """The calendar's rest days (holiday ranges) and adjusted working days (weekend days worked)."""
    rest, work, section = set(), set(), None
    date = r"(\d{4}-\d{2}-\d{2})"
    with open(path, encoding="utf-8") as f:
        for line in f:
            key = re.match(r"^    (\w+):", line)
            if key:
                section = key.group(1)
            if section == "holidays":
                m = re.search(rf"rest: \[{date}, {date}\]", line)
                if m:
                    day, last = (datetime.date.fromisoformat(g) for g in m.groups())
                    while day <= last:
                        rest.add(day)
                        day += datetime.timedelta(days=1)
            elif section == "workdays":
                m = re.search(rf"date: {date}", line)
                if m:
                    work.add(datetime.date.fromisoformat(m.group(1)))
    return rest, work


def next_working_day_rows(path, first=datetime.date(2000, 1, 1), last=datetime.date(2035, 12, 31)):
    """(day, first working day on or after it) for every day of the range."""
    rest, work = rest_days_and_workdays(path)

    def working(day):
        return day in work or (day.weekday() < 5 and day not in rest)

    rows, day = [], last + datetime.timedelta(days=14)
    # Backwards: each day's next working day is itself, or the one after it.
    nxt = None
    while day >= first:
        if working(day):
            nxt = day
        if day <= last and nxt is not None:
            rows.append((day, nxt))
        day -= datetime.timedelta(days=1)
    return rows


def connect():
    con = duckdb.connect()
    con.execute(MACROS)
    rows = next_working_day_rows(CALENDAR)
    values = ",".join(f"(DATE '{d}', DATE '{n}')" for d, n in rows)
    con.execute("CREATE TEMP TABLE next_working_day(day DATE PRIMARY KEY, next_working DATE)")
    con.execute(f"INSERT INTO next_working_day VALUES {values}")
    return con


def run_duckdb(con, path):
    sql = QUERY.replace("{columns}", COLUMNS).replace("{as_of}", AS_OF)
    start = time.perf_counter()
    rows = con.execute(sql, [path]).fetchall()
    return time.perf_counter() - start, rows


def timed(args):
    """Wall seconds, peak RSS (KB) and stdout of a clausecheck run under /usr/bin/time -v."""
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v", *args], capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} failed ({p.returncode}): {p.stderr.decode()[-2000:]}")
    rss = int(re.search(rb"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    return elapsed, rss, p.stdout


def run_clausecheck(path, select):
    args = [BIN, "check", path, "--as-of", AS_OF, "--format", "json", "--fail-on", "never"]
    if select:
        args += ["--select", ",".join(RULES)]
    elapsed, rss, out = timed(args)
    return elapsed, rss, json.loads(out)["findings"]


def counts(items):
    out = {}
    for rule, status in items:
        out[(rule, status)] = out.get((rule, status), 0) + 1
    return dict(sorted(out.items()))


def main():
    path = sys.argv[1]
    size = os.path.getsize(path) / 1e6
    con = connect()
    names = ["parse-only", "duckdb", f"clausecheck ({len(RULES)} rules)", "clausecheck (all rules)"]
    times = {n: [] for n in names}
    rss = {n: [] for n in names}
    for _ in range(REPEAT):
        t, r, _ = timed([BIN, "parse-only", path])
        times["parse-only"].append(t)
        rss["parse-only"].append(r)
        t, rows = run_duckdb(con, path)
        times["duckdb"].append(t)
        t, r, findings = run_clausecheck(path, select=True)
        times[names[2]].append(t)
        rss[names[2]].append(r)
        t, r, _ = run_clausecheck(path, select=False)
        times[names[3]].append(t)
        rss[names[3]].append(r)
    print(f"file: {path} ({size:.0f} MB); medians of {REPEAT} runs; duckdb {duckdb.__version__}")
    parse = statistics.median(times["parse-only"])
    print(f"  {'':26} {'seconds':>8} {'MB/s':>7} {'%parse':>7} {'RSS MB':>7} {'RSS/file':>8}")
    for name in names:
        m = statistics.median(times[name])
        line = f"  {name:26} {m:8.2f} {size / m:7.0f} {100 * parse / m:6.0f}%"
        if rss[name]:
            r = statistics.median(rss[name]) / 1024
            line += f" {r:7.0f} {r * 1.048576 / size:8.2f}"
        print(line)
    duck = statistics.median(times["duckdb"])
    for name in names[2:]:
        print(f"  DuckDB time / {name} time: {duck / statistics.median(times[name]):.2f}")
    sql = counts((r[0], r[3]) for r in rows)
    ours = counts((f["rule"], f["status"]) for f in findings)
    print("  findings (rule, status): duckdb vs clausecheck")
    for key in sorted(set(sql) | set(ours)):
        print(f"    {key[0]:26} {key[1]:9} {sql.get(key, 0):8} {ours.get(key, 0):8}")


if __name__ == "__main__":
    main()

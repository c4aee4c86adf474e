"""Benchmark of incremental staging (docs/scaling.md "Incremental runs"): a day appended to a raw folder and
staged incrementally, against staging the same folder in full.

    python -m cdp.bench.incremental --raw-dir /tmp/me/people_100000/raw --run-dir /tmp/me/incremental

1. "Yesterday": the raw folder without the rows of its last local day (Asia/Ho_Chi_Minh), each table by
   its own time (updated_at, else created_at; order lines with their order), parsed by the project's own
   macro parse_timestamp; written as parquet under RUN_DIR/yesterday.
2. A fresh DuckDB file (RUN_DIR/cdp.duckdb): yesterday loaded, `dbt seed`, `dbt run --select
   models/staging` (a full build: the tables do not exist yet).
3. Today (the whole raw folder) loaded, `dbt run --select models/staging`: the twelve base models
   that read their source through macro incremental_source incremental.
   Steps 2 and 3 pass var staging_incremental true, as a daily run would every day, so the run of step 3
   starts from the parse of step 2 (dbt parses the whole project again when the vars change).
4. The same again with var staging_incremental false: every staging model rebuilt in full on today's data.

Printed: rows dropped per table, each run's wall time, CPU and peak memory, the load average before and
after, and per staging model the seconds of the incremental run against the full one (dbt's
run_results.json). `--json FILE` keeps every figure.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict
from pathlib import Path

import duckdb

from cdp.bench.identity import ROOT, StepResult, dbt, dbt_env
from cdp.contract import RAW_TABLES
from cdp.raw_loader import find_raw_files, load_raw_dir, reader_sql

# The time that dates a raw row: the first of these columns that parses. Order lines go with their order.
ROW_TIME = {
    "crm_contacts": ("updated_at", "created_at"),
    "shop_customers": ("updated_at", "created_at"),
    "shop_orders": ("ordered_at",),
    "pos_transactions": ("transacted_at",),
    "loyalty_members": ("enrolled_at",),
    "web_events": ("occurred_at",),
    "email_subscribers": ("opted_in_at",),
    "email_events": ("occurred_at",),
    "social_leads": ("created_at",),
    "support_tickets": ("created_at",),
    "ad_spend": ("spend_date",),
    "consent_events": ("occurred_at",),
    "erasure_requests": ("requested_at",),
}
STAGING = ["run", "--select", "models/staging"]
INCREMENTAL_VARS = ["--vars", '{"staging_incremental": true}']


def parse_timestamp_sql(run_dir: Path) -> str:
    """The project's macro parse_timestamp compiled for DuckDB over a column named ts_text (with the vars of
    the runs that follow, whose parse then starts from this one)."""
    done = subprocess.run(
        [str(Path(sys.executable).with_name("dbt")), "compile", "--quiet", "--output", "json", "--inline"]
        + ["{{ cdp.parse_timestamp('ts_text') }}", *INCREMENTAL_VARS],
        cwd=ROOT,
        env=dbt_env(run_dir),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout[done.stdout.index("{") :])["compiled"]


def write_yesterday(raw_dir: Path, out_dir: Path, parse_sql: str) -> tuple[str, dict[str, int]]:
    """RUN_DIR/yesterday: every table of raw_dir without the rows of the last local day; returns that day
    and the rows dropped per table."""
    files = find_raw_files(raw_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()

    def local_day(columns: tuple[str, ...]) -> str:
        parsed = [parse_sql.replace("ts_text", f'"{column}"') for column in columns]
        utc = f"coalesce({', '.join(parsed)})" if len(parsed) > 1 else parsed[0]
        return f"cast(timezone('Asia/Ho_Chi_Minh', timezone('UTC', {utc})) as date)"

    (last_day,) = con.execute(
        f"select max(day) from (select {local_day(ROW_TIME['web_events'])} as day "
        f"from {reader_sql(files['web_events'])}) where day <= current_date"
    ).fetchone()
    dropped: dict[str, int] = {}
    for table in RAW_TABLES:
        reader = reader_sql(files[table])
        if table == "shop_order_items":
            orders = reader_sql(files["shop_orders"])
            kept = (
                f"select * from {reader} where order_id is null or order_id not in (select order_id from "
                f"{orders} where {local_day(ROW_TIME['shop_orders'])} = date '{last_day}' "
                "and order_id is not null)"
            )
        else:
            day = local_day(ROW_TIME[table])
            kept = f"select * from {reader} where {day} is distinct from date '{last_day}'"
        target = out_dir / f"{table}.parquet"
        con.execute(f"copy ({kept}) to '{target}' (format parquet)")
        (total,) = con.execute(f"select count(*) from {reader}").fetchone()
        (written,) = con.execute(f"select count(*) from read_parquet('{target}')").fetchone()
        dropped[table] = total - written
    con.close()
    return str(last_day), dropped


def bench(
    raw_dir: Path,
    run_dir: Path,
    timeout_s: float,
    scope: list[str] = STAGING,
    label: str = "staging",
    compare_full: bool = True,
    hold: Callable[[], AbstractContextManager[object]] = nullcontext,
) -> dict:
    """Steps 1-4 above for `scope` (the dbt command and selection; the scale benchmark passes ["run"], the
    whole build). Its steps are named `<label>_yesterday_full`, `<label>_today_incremental` and (with
    `compare_full`) `<label>_today_full`; each heavy step (writing yesterday's folder, each raw load, each
    dbt command) runs inside `hold()` (the scale benchmark's lock for runs at 1M people)."""
    run_dir.mkdir(parents=True, exist_ok=True)
    log = lambda msg: print(f"[incremental] {msg}", file=sys.stderr, flush=True)  # noqa: E731
    t0 = time.perf_counter()
    with hold():
        last_day, dropped = write_yesterday(raw_dir, run_dir / "yesterday", parse_timestamp_sql(run_dir))
    log(f"yesterday written ({time.perf_counter() - t0:.1f} s): last day {last_day}, dropped {dropped}")
    database = run_dir / "cdp.duckdb"
    for path in (database, database.with_suffix(".duckdb.wal")):
        path.unlink(missing_ok=True)
    steps: dict[str, StepResult] = {}
    loads: dict[str, float] = {}

    def load(name: str, folder: Path) -> None:
        with hold():
            start = time.perf_counter()
            load_raw_dir(folder, database)
            loads[name] = time.perf_counter() - start
        log(f"loaded {folder} in {loads[name]:.1f} s")

    def step(name: str, args: list[str]) -> None:
        with hold():
            steps[name] = dbt(run_dir, name, args, timeout_s)
        result = steps[name]
        log(
            f"{name}: {result.wall_s:.1f} s, CPU {result.cpu_s:.1f} s, peak {result.peak_rss_mb:,.0f} MB, "
            f"load {result.load_avg_before:.2f} -> {result.load_avg_after:.2f}, exit {result.returncode}"
        )
        if not result.ok:
            raise SystemExit(f"dbt {name} failed; see {run_dir / 'logs' / (name + '.out')}")

    load("yesterday", run_dir / "yesterday")
    step("seed", ["seed", *INCREMENTAL_VARS])
    step(f"{label}_yesterday_full", [*scope, *INCREMENTAL_VARS])
    load("today", raw_dir)
    step(f"{label}_today_incremental", [*scope, *INCREMENTAL_VARS])
    if compare_full:
        step(f"{label}_today_full", [*scope, "--vars", '{"staging_incremental": false}'])
    return {
        "raw_dir": str(raw_dir),
        "last_day": last_day,
        "dropped_rows": dropped,
        "load_s": loads,
        "steps": {name: asdict(result) for name, result in steps.items()},
    }


def print_report(result: dict) -> None:
    steps = result["steps"]
    incremental, full = steps["staging_today_incremental"], steps["staging_today_full"]
    print(f"raw folder {result['raw_dir']}, last local day {result['last_day']} appended")
    print(f"rows of that day: {sum(result['dropped_rows'].values()):,} ({result['dropped_rows']})")
    for name in ("staging_yesterday_full", "staging_today_incremental", "staging_today_full"):
        step = steps[name]
        print(
            f"  {name:<27} wall {step['wall_s']:7.1f} s  dbt {step['dbt_elapsed_s'] or 0:7.1f} s  "
            f"CPU {step['cpu_s']:7.1f} s  peak {step['peak_rss_mb']:7,.0f} MB  "
            f"load {step['load_avg_before']:.2f} -> {step['load_avg_after']:.2f}"
        )
    print(f"  {'model':<32} {'incremental s':>14} {'full s':>8} {'share':>7}")
    models = sorted(full["model_times"], key=lambda m: -full["model_times"][m])
    for model in models:
        inc, whole = incremental["model_times"].get(model, 0.0), full["model_times"][model]
        share = f"{inc / whole:.1%}" if whole else "-"
        print(f"  {model:<32} {inc:>14.2f} {whole:>8.2f} {share:>7}")
    total_inc, total_full = sum(incremental["model_times"].values()), sum(full["model_times"].values())
    share = total_inc / total_full
    print(f"  {'all staging models':<32} {total_inc:>14.2f} {total_full:>8.2f} {share:>7.1%}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw-dir", type=Path, required=True, help="today's raw folder (contract §1 files)")
    parser.add_argument("--run-dir", type=Path, required=True, help="where yesterday, the DuckDB file go")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per dbt step")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    args = parser.parse_args(argv)
    result = bench(args.raw_dir.resolve(), args.run_dir.resolve(), args.timeout)
    print_report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Quality gates and automation: a broken raw column fails its Great Expectations check and the dbt assets
downstream do not run; the raw-folder sensor asks for one run per new file and none for the same file
again; the schedule evaluates to a run of everything; failed runs are recorded."""

import json
import os
from datetime import datetime
from pathlib import Path
from types import ModuleType

import dagster as dg
import duckdb
import pytest

from cdp.contract import RAW_TABLES
from cdp.generator import generate

PEOPLE = 60
SEED = 5


def test_broken_raw_column_fails_its_check_and_stops_dbt(
    definitions: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw_dir = tmp_path / "raw"
    generate(PEOPLE, SEED, raw_dir, tmp_path / "truth", fmt="parquet")
    # Every order's status is junk: the delivery is broken as a whole.
    orders = raw_dir / "shop_orders.parquet"
    con = duckdb.connect()
    con.execute(f"copy (select * replace ('???' as status) from '{orders}') to '{tmp_path / 'o.parquet'}'")
    con.close()
    (tmp_path / "o.parquet").replace(orders)
    database = tmp_path / "cdp.duckdb"
    monkeypatch.setenv("CDP_RAW_DIR", str(raw_dir))
    monkeypatch.setenv("CDP_DUCKDB_PATH", str(database))
    monkeypatch.setenv("CDP_GX_DOCS_DIR", str(tmp_path / "gx"))

    result = dg.materialize(
        [definitions.raw_tables, definitions.raw_quality, definitions.cdp_dbt_assets],
        resources={"dbt": definitions.dbt_resource},
        raise_on_error=False,
    )

    evaluations = {(e.asset_key.path[-1], e.check_name): e for e in result.get_asset_check_evaluations()}
    failed = sorted(key for key, e in evaluations.items() if not e.passed)
    assert failed == [("shop_orders", "gx_raw_suite")]
    # Every raw table's suite and freshness ran (the freshness of a load just made passes).
    assert {name for (_, name) in evaluations} == {"gx_raw_suite", "source_freshness"}
    assert len(evaluations) == 2 * len(RAW_TABLES)
    # The raw tables were loaded, nothing downstream was built.
    materialized = {event.asset_key for event in result.get_asset_materialization_events()}
    assert materialized == {dg.AssetKey(["raw", table]) for table in RAW_TABLES}
    con = duckdb.connect(str(database), read_only=True)
    try:
        schemas = {row[0] for row in con.execute("select schema_name from duckdb_tables()").fetchall()}
    finally:
        con.close()
    assert schemas == {"raw"}
    # The failure names the column; the Data Docs page is written.
    failure = evaluations[("shop_orders", "gx_raw_suite")]
    assert "status" in failure.metadata["failures"].value
    assert (tmp_path / "gx" / "raw" / "index.html").is_file()


def test_raw_files_sensor_runs_a_new_file_once(
    definitions: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sensor = definitions.raw_files_sensor
    monkeypatch.delenv("CDP_RAW_DIR", raising=False)
    skipped = sensor.evaluate_tick(dg.build_sensor_context(definitions=definitions.defs))
    assert not skipped.run_requests and "CDP_RAW_DIR" in skipped.skip_message

    raw_dir = tmp_path / "raw"
    raw_dir.mkdir()
    monkeypatch.setenv("CDP_RAW_DIR", str(raw_dir))
    (raw_dir / "email_events.csv").write_text("event_id,subscriber_id\nE1,S1\n", encoding="utf-8")
    os.utime(raw_dir / "email_events.csv", ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    (raw_dir / "notes.txt").write_text("not a contract table", encoding="utf-8")

    first = sensor.evaluate_tick(dg.build_sensor_context(definitions=definitions.defs))
    (request,) = first.run_requests
    # 23 bytes of header and 6 of row.
    assert request.run_key == "email_events.csv:29:1700000000000000000"
    assert request.tags["cdp/raw_files"] == "email_events.csv"
    keys = set(request.asset_selection)
    # The raw load (all tables, one step) and what email_events feeds, not what it does not.
    assert {dg.AssetKey(["raw", table]) for table in RAW_TABLES} <= keys
    assert dg.AssetKey(["staging", "stg_email__events"]) in keys
    assert dg.AssetKey(["marts", "metrics_email_funnel"]) in keys
    assert dg.AssetKey(["staging", "stg_shop__orders"]) not in keys

    # The same file again: no run.
    again = sensor.evaluate_tick(dg.build_sensor_context(cursor=first.cursor, definitions=definitions.defs))
    assert not again.run_requests
    # Changed (new size and time): one more run, with its own key.
    (raw_dir / "email_events.csv").write_text("event_id,subscriber_id\nE1,S1\nE2,S2\n", encoding="utf-8")
    changed = sensor.evaluate_tick(dg.build_sensor_context(cursor=first.cursor, definitions=definitions.defs))
    (request,) = changed.run_requests
    assert request.run_key.startswith("email_events.csv:35:")


def test_daily_schedule_evaluates(definitions: ModuleType) -> None:
    context = dg.build_schedule_context(scheduled_execution_time=datetime(2026, 12, 1, 2, 0))
    (request,) = definitions.daily_build.evaluate_tick(context).run_requests
    assert request.tags["dagster/schedule_name"] == "daily_build"
    assert definitions.daily_build.job_name == "build_everything"


def test_run_failures_are_recorded(
    definitions: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "run_failures.jsonl"
    monkeypatch.setenv("CDP_RUN_FAILURES_PATH", str(log))

    @dg.op
    def breaks() -> None:
        raise RuntimeError("disk full")

    @dg.job
    def doomed() -> None:
        breaks()

    instance = dg.DagsterInstance.ephemeral()
    result = doomed.execute_in_process(instance=instance, raise_on_error=False)
    assert not result.success
    context = dg.build_run_status_sensor_context(
        sensor_name="record_run_failures",
        dagster_instance=instance,
        dagster_run=result.dagster_run,
        dagster_event=result.get_run_failure_event(),
    ).for_run_failure()
    definitions.record_run_failures(context)
    (line,) = log.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["job"] == "doomed" and record["run_id"] == result.run_id
    (step,) = record["failed_steps"]
    assert step["step"] == "breaks" and "disk full" in step["error"]

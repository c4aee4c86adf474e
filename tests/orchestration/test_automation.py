"""Quality gates and automation: a broken raw column fails its Great Expectations check and the dbt assets
downstream do not run; the raw-folder sensor asks for one run per new file and none for the same file
again, sends a file of web events through the event lane and then the catch-up, and waits while a run is
in progress; the schedule evaluates to a run of everything; failed runs are recorded."""

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


def _keys(request: dg.RunRequest) -> set[dg.AssetKey]:
    return set(request.asset_selection)


def _raw_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, file_name: str, text: str) -> None:
    """CDP_RAW_DIR pointed at a new folder holding one raw file; the event lane on (its default)."""
    raw_dir = tmp_path / "raw"
    raw_dir.mkdir()
    monkeypatch.setenv("CDP_RAW_DIR", str(raw_dir))
    monkeypatch.delenv("CDP_EVENT_LANE", raising=False)
    (raw_dir / file_name).write_text(text, encoding="utf-8")


def test_web_events_take_the_event_lane_then_the_catch_up(
    definitions: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sensor = definitions.raw_files_sensor
    _raw_folder(tmp_path, monkeypatch, "web_events.csv", "event_id,anonymous_id\nW1,A1\n")

    def tick(cursor: str | None = None) -> dg.SensorResult:
        return sensor.evaluate_tick(dg.build_sensor_context(cursor=cursor, definitions=definitions.defs))

    raw = {dg.AssetKey(["raw", table]) for table in RAW_TABLES}
    timeline = dg.AssetKey(["marts", "fct_customer_events"])
    identity = dg.AssetKey(["intermediate", "int_customer_ids_assigned"])
    golden = dg.AssetKey(["marts", "dim_customers"])

    # A file of web events alone: the raw load, the events' staging, the timeline, the sessions and the
    # audiences with their files; not identity resolution, not the golden record, not the traits.
    lane = tick()
    (request,) = lane.run_requests
    assert request.tags["cdp/lane"] == "events"
    keys = _keys(request)
    # Only the changed table is loaded (and checked, below).
    assert keys & raw == {dg.AssetKey(["raw", "web_events"])}
    assert {
        dg.AssetKey(["staging", "stg_web__events"]),
        timeline,
        dg.AssetKey(["marts", "fct_web_sessions"]),
        dg.AssetKey(["marts", "audience_members"]),
        dg.AssetKey(["exports", "audience_files"]),
    } <= keys
    assert not {identity, golden, dg.AssetKey(["marts", "customer_traits"])} & keys
    # The checks of what it builds; of the raw tables only the changed one's suite and freshness.
    checks = set(request.asset_check_keys)
    assert {
        dg.AssetCheckKey(dg.AssetKey(["raw", "web_events"]), "gx_raw_suite"),
        dg.AssetCheckKey(dg.AssetKey(["raw", "web_events"]), "source_freshness"),
        dg.AssetCheckKey(dg.AssetKey(["marts", "audience_members"]), "gx_audience_members"),
        dg.AssetCheckKey(
            dg.AssetKey(["marts", "audience_members"]), "unique_audience_members_membership_key"
        ),
    } <= checks
    assert not any(check.asset_key == dg.AssetKey(["raw", "shop_orders"]) for check in checks)
    assert json.loads(lane.cursor)["catch_up"] == ["web_events"]

    # The next tick, no new file: the catch-up, everything web_events feeds, without the raw load.
    follow = tick(lane.cursor)
    (request,) = follow.run_requests
    assert request.tags["cdp/lane"] == "catch_up"
    assert request.run_key.startswith("catch-up:web_events.csv:")
    keys = _keys(request)
    assert {identity, golden, timeline, dg.AssetKey(["marts", "customer_traits"])} <= keys
    assert not raw & keys
    # Then nothing is owed.
    assert not tick(follow.cursor).run_requests

    # Web events with another table, or an owed catch-up met by another table's file: one full run of
    # everything downstream, and nothing left owed.
    (tmp_path / "raw" / "email_events.csv").write_text("event_id,subscriber_id\nE1,S1\n", encoding="utf-8")
    full = tick(lane.cursor)
    (request,) = full.run_requests
    assert "cdp/lane" not in request.tags
    assert {identity, golden, timeline, dg.AssetKey(["marts", "metrics_email_funnel"])} <= _keys(request)
    assert json.loads(full.cursor)["catch_up"] == []

    # CDP_EVENT_LANE=0: a file of web events runs everything downstream at once.
    monkeypatch.setenv("CDP_EVENT_LANE", "0")
    (request,) = tick().run_requests
    assert "cdp/lane" not in request.tags
    assert {identity, golden, timeline} <= _keys(request)


def test_raw_files_sensor_waits_for_a_run_in_progress(
    definitions: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _raw_folder(tmp_path, monkeypatch, "shop_orders.csv", "order_id\nO1\n")
    with dg.instance_for_test() as instance:
        instance.add_run(
            dg.DagsterRun(job_name="build_everything", run_id="busy", status=dg.DagsterRunStatus.STARTED)
        )
        context = dg.build_sensor_context(instance=instance, definitions=definitions.defs)
        waiting = definitions.raw_files_sensor.evaluate_tick(context)
        assert not waiting.run_requests
        assert "busy" in waiting.skip_message
        # The file is still new once the run has ended.
        instance.report_run_failed(instance.get_run_by_id("busy"))
        context = dg.build_sensor_context(instance=instance, definitions=definitions.defs)
        (request,) = definitions.raw_files_sensor.evaluate_tick(context).run_requests
        assert request.run_key.startswith("shop_orders.csv:")


def test_no_catch_up_after_a_failed_event_lane(
    definitions: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lane whose raw suite refused the file must not be followed by a catch-up that builds on it."""
    _raw_folder(tmp_path, monkeypatch, "web_events.csv", "event_id,anonymous_id\nW1,A1\n")
    sensor = definitions.raw_files_sensor
    with dg.instance_for_test() as instance:
        lane = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, definitions=definitions.defs))
        (request,) = lane.run_requests
        run = dg.DagsterRun(
            job_name="build_everything",
            run_id="lane",
            status=dg.DagsterRunStatus.FAILURE,
            tags={"dagster/run_key": request.run_key},
        )
        instance.add_run(run)
        context = dg.build_sensor_context(cursor=lane.cursor, instance=instance, definitions=definitions.defs)
        after = sensor.evaluate_tick(context)
        assert not after.run_requests
        assert "lane" in after.skip_message and "no catch-up" in after.skip_message
        assert json.loads(after.cursor)["catch_up"] == []

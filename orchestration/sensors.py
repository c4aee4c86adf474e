"""Automation beyond the daily schedule: a sensor on the raw folder and a run-failure sensor.

`raw_files_sensor` watches CDP_RAW_DIR (every `<table>.parquet` / `<table>.csv` of the contract). A file
that is new or changed (name, size and modification time) since the last tick requests one run of the raw
load (the raw tables are loaded together) and of everything downstream of the tables whose files
changed. The run key is made of the files' name, size and mtime, and the cursor remembers what was
seen, so the same file never runs twice. Created stopped, like every sensor: turn it on under Automation.

The event lane (docs/orchestration.md "The event lane"; on unless CDP_EVENT_LANE=0): when every changed
file is an event table of EVENT_LANE_TABLES (web_events), the run is the load and raw checks of the
changed tables only, their staging and EVENT_LANE_ASSETS with their checks: the timeline, the sessions
and the audiences with their files, read through the identity resolution of the last full run (an event
of a known visitor lands under its customer; a new visitor stays anonymous until then). The cursor keeps
the table as owed, and the next tick, once that run has ended, requests the catch-up: everything
downstream of it (identity, every mart, traits, the published file, the report), without the raw load;
none when the lane's run failed (its raw suite may have refused the file). A tick waits while a run of
the job is queued or in progress, since the DuckDB file has one writer.

`record_run_failures` appends every failed run (job, run id, time, failed steps with their error) to
`CDP_RUN_FAILURES_PATH` (default `reports/run_failures.jsonl`) and writes it to the sensor's log
(Automation -> record_run_failures -> tick logs): where an operator looks when the daily build fails.
"""

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from cdp.contract import RAW_TABLES
from cdp.pipeline import ROOT
from orchestration.assets.activation import AUDIENCE_FILES
from orchestration.assets.raw import raw_asset_key
from orchestration.schedules import build_everything

RAW_SUFFIXES = (".parquet", ".csv")
# Raw tables whose new rows may take the event lane, and what that lane builds beside their staging.
EVENT_LANE_TABLES = frozenset({"web_events"})
EVENT_LANE_ASSETS = (
    dg.AssetKey(["marts", "fct_customer_events"]),
    dg.AssetKey(["marts", "fct_web_sessions"]),
    dg.AssetKey(["marts", "audience_members"]),
    dg.AssetKey(["marts", "audience_membership_history"]),
    dg.AssetKey(["marts", "audience_sizes"]),
    dg.AssetKey(["marts", "audience_exports"]),
    AUDIENCE_FILES,
)
# A run of the job in one of these states holds (or is about to hold) the DuckDB file.
ACTIVE_RUN_STATUSES = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
]


def raw_file_states(raw_dir: Path) -> dict[str, str]:
    """`<file name>` -> `<size>:<mtime in ns>` of the contract's raw files in the folder."""
    states = {}
    for table in RAW_TABLES:
        for suffix in RAW_SUFFIXES:
            path = raw_dir / f"{table}{suffix}"
            if path.is_file():
                stat = path.stat()
                states[path.name] = f"{stat.st_size}:{stat.st_mtime_ns}"
    return states


def _table(file_name: str) -> str:
    return file_name.rsplit(".", 1)[0]


def event_lane_enabled() -> bool:
    return os.environ.get("CDP_EVENT_LANE", "1").strip().lower() not in ("0", "false", "no", "off")


def read_cursor(cursor: str | None) -> tuple[dict[str, str], list[str], str | None]:
    """(file states seen, tables owed a catch-up, the run key of the event-lane run that owes it) from the
    sensor's cursor. A cursor of the sensor before the event lane (the file states alone) owes nothing."""
    state = json.loads(cursor) if cursor else {}
    if "files" not in state:
        return state, [], None
    return state["files"], list(state.get("catch_up", [])), state.get("lane_run_key")


def write_cursor(files: dict[str, str], catch_up: list[str], lane_run_key: str | None = None) -> str:
    state = {
        "files": files,
        "catch_up": sorted(set(catch_up)),
        "lane_run_key": lane_run_key if catch_up else None,
    }
    return json.dumps(state, sort_keys=True)


def _first_run(context: dg.SensorEvaluationContext, filters: dg.RunsFilter) -> dg.DagsterRun | None:
    """The newest run matching the filters, or None (always without an instance, as in a test's
    build_sensor_context)."""
    try:
        instance = context.instance
    except dg.DagsterInvariantViolationError:
        return None
    runs = instance.get_runs(filters=filters, limit=1)
    return runs[0] if runs else None


def _unsuccessful_run(context: dg.SensorEvaluationContext, run_key: str | None) -> str | None:
    """The id of the run asked for with this run key when it ended without success (failed, canceled)."""
    run = _first_run(context, dg.RunsFilter(tags={"dagster/run_key": run_key})) if run_key else None
    if run is not None and run.status in (dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED):
        return run.run_id
    return None


def _sorted_keys(selection: dg.AssetSelection, graph) -> list[dg.AssetKey]:
    return sorted(selection.resolve(graph), key=lambda key: key.to_user_string())


# Polled every 15 s: a tick stats the raw folder's files and reads the instance's last run, so it costs
# milliseconds, and the interval is part of a new file's latency (docs/scaling.md "Near real time").
@dg.sensor(
    job=build_everything,
    minimum_interval_seconds=15,
    description="A new or changed file in CDP_RAW_DIR runs the raw load and what the changed tables feed.",
)
def raw_files_sensor(context: dg.SensorEvaluationContext):
    raw_env = os.environ.get("CDP_RAW_DIR")
    if not raw_env or not Path(raw_env).is_dir():
        return dg.SkipReason("CDP_RAW_DIR does not name a folder: nothing to watch")
    active = _first_run(context, dg.RunsFilter(job_name=build_everything.name, statuses=ACTIVE_RUN_STATUSES))
    if active is not None:
        return dg.SkipReason(
            f"run {active.run_id} of {build_everything.name} is queued or in progress: waiting"
        )
    seen, owed, lane_run_key = read_cursor(context.cursor)
    current = raw_file_states(Path(raw_env))
    changed = sorted(name for name, state in current.items() if seen.get(name) != state)
    graph = context.repository_def.asset_graph
    raw_load = dg.AssetSelection.assets(*(raw_asset_key(t) for t in RAW_TABLES))
    if not changed:
        if not owed:
            return dg.SkipReason(f"no new or changed raw file in {raw_env}")
        failed = _unsuccessful_run(context, lane_run_key)
        if failed is not None:
            # Its raw suite may have refused the file: the catch-up must not build on what it loaded.
            context.update_cursor(write_cursor(current, []))
            return dg.SkipReason(
                f"the event lane's run {failed} did not succeed: no catch-up (the next file of "
                f"{', '.join(owed)}, or the daily build, runs what it feeds, with its checks)"
            )
        # The catch-up after an event-lane run: what the owed tables feed, the raw load done.
        feeds = dg.AssetSelection.assets(*(raw_asset_key(t) for t in owed)).downstream() - raw_load
        context.update_cursor(write_cursor(current, []))
        return dg.RunRequest(
            run_key="catch-up:" + ",".join(f"{name}:{state}" for name, state in sorted(current.items())),
            asset_selection=_sorted_keys(feeds, graph),
            tags={"cdp/lane": "catch_up", "cdp/catch_up_tables": ",".join(owed)},
        )
    tables = sorted({_table(name) for name in changed})
    touched = dg.AssetSelection.assets(*(raw_asset_key(t) for t in tables))
    run_key = ",".join(f"{name}:{current[name]}" for name in changed)
    tags = {"cdp/raw_files": ",".join(changed)}
    if event_lane_enabled() and set(tables) <= EVENT_LANE_TABLES:
        lane = touched.downstream() & (
            dg.AssetSelection.groups("staging") | dg.AssetSelection.assets(*EVENT_LANE_ASSETS)
        )
        # Only the changed tables are loaded and checked: a file that did not change was when it came.
        checks = (touched | lane).resolve_checks(graph)
        context.update_cursor(write_cursor(current, [*owed, *tables], run_key))
        return dg.RunRequest(
            run_key=run_key,
            asset_selection=_sorted_keys(touched | lane, graph),
            asset_check_keys=sorted(checks, key=lambda key: key.to_user_string()),
            tags={**tags, "cdp/lane": "events"},
        )
    # Everything downstream of the changed tables, and of those an earlier event-lane run still owes.
    feeds = dg.AssetSelection.assets(*(raw_asset_key(t) for t in {*tables, *owed})).downstream()
    context.update_cursor(write_cursor(current, []))
    return dg.RunRequest(run_key=run_key, asset_selection=_sorted_keys(raw_load | feeds, graph), tags=tags)


def failures_path() -> Path:
    return Path(os.environ.get("CDP_RUN_FAILURES_PATH", ROOT / "reports" / "run_failures.jsonl"))


@dg.run_failure_sensor(
    name="record_run_failures",
    description="Appends every failed run to reports/run_failures.jsonl (CDP_RUN_FAILURES_PATH).",
    monitor_all_code_locations=False,
)
def record_run_failures(context: dg.RunFailureSensorContext) -> None:
    run = context.dagster_run
    steps = [
        {"step": event.step_key, "error": event.event_specific_data.error.to_string().strip()[:4000]}
        for event in context.get_step_failure_events()
        if event.event_specific_data and event.event_specific_data.error
    ]
    record = {
        "recorded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "job": run.job_name,
        "run_id": run.run_id,
        "tags": dict(run.tags),
        "message": context.failure_event.message,
        "failed_steps": steps,
    }
    path = failures_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")
    context.log.error(f"run {run.run_id} of {run.job_name} failed ({len(steps)} step(s)); recorded in {path}")

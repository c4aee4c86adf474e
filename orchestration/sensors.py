"""Automation beyond the daily schedule: a sensor on the raw folder and a run-failure sensor.

`raw_files_sensor` watches CDP_RAW_DIR (every `<table>.parquet` / `<table>.csv` of the contract). A file
that is new or changed (name, size and modification time) since the last tick requests one run of the raw
load (the raw tables are loaded together) and of everything downstream of the tables whose files
changed. The run key is made of the files' name, size and mtime, and the cursor remembers what was
seen, so the same file never runs twice. Created stopped, like every sensor: turn it on under Automation.

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
from orchestration.assets.raw import raw_asset_key
from orchestration.schedules import build_everything

RAW_SUFFIXES = (".parquet", ".csv")


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


@dg.sensor(
    job=build_everything,
    minimum_interval_seconds=60,
    description="A new or changed file in CDP_RAW_DIR runs the raw load and what the changed tables feed.",
)
def raw_files_sensor(context: dg.SensorEvaluationContext):
    raw_env = os.environ.get("CDP_RAW_DIR")
    if not raw_env or not Path(raw_env).is_dir():
        return dg.SkipReason("CDP_RAW_DIR does not name a folder: nothing to watch")
    seen = json.loads(context.cursor) if context.cursor else {}
    current = raw_file_states(Path(raw_env))
    changed = sorted(name for name, state in current.items() if seen.get(name) != state)
    if not changed:
        return dg.SkipReason(f"no new or changed raw file in {raw_env}")
    touched = [raw_asset_key(_table(name)) for name in changed]
    graph = context.repository_def.asset_graph
    selection = (
        dg.AssetSelection.assets(*(raw_asset_key(t) for t in RAW_TABLES))
        | dg.AssetSelection.assets(*touched).downstream()
    )
    keys = sorted(selection.resolve(graph), key=lambda key: key.to_user_string())
    run_key = ",".join(f"{name}:{current[name]}" for name in changed)
    context.update_cursor(json.dumps(current, sort_keys=True))
    return dg.RunRequest(
        run_key=run_key,
        asset_selection=keys,
        tags={"cdp/raw_files": ",".join(changed)},
    )


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

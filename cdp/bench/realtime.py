"""Near real time (issue 15): how long a file of new web events takes to reach the marts and the audiences
through the raw-folder sensor, on a warehouse already built (docs/scaling.md "Near real time").

    python -m cdp.bench.realtime --size-dir /tmp/cdp-bench-build/people_100000 [--events 2000]

SIZE_DIR holds `raw/` and a built `cdp.duckdb` (what `python -m cdp.bench.build` leaves).

1. K identified visitors are picked from `fct_customer_events` (the latest product viewers first), each
   given one new `product_view` of the product it viewed last (same platform), a second apart after the
   latest event of the data. The raw `web_events` file is rewritten with these rows added (the loader
   replaces every table whole) and moved into place in one rename: that instant is t0.
2. `raw_files_sensor` is evaluated once, its cursor being the folder as it was before: a file of web
   events alone takes the event lane (orchestration/sensors.py): the raw load, the events' staging, the
   timeline, the sessions and the audiences with their files, read through the identity of the last full
   run (with CDP_EVENT_LANE=0, everything downstream of `raw/web_events` at once, as before the lane).
3. That run is executed in this process as Dagster would (`build_everything` with the sensor's asset
   selection): `dbt build` of the selected models with their tests. CDP_DBT_VARS reaches it like every
   dbt command; `--staging full` runs staging's base models in full (var staging_incremental false)
   instead of incrementally.
4. Checked afterwards: every new event in `fct_customer_events` under its visitor's customer, and every
   such customer whose ads_personalization consent is granted a member of `browse_abandonment` (a
   product viewed in the last 7 days and nothing bought since).
5. Unless `--no-catch-up`: the sensor's next tick asks for the catch-up (everything downstream of
   `raw/web_events`: identity, every mart, traits, the published file, the report; no raw load), which
   is executed and timed apart, and the same checks are made after it.

Printed: the latency from t0 to the end of the sensor's first run (plus the sensor's interval,
`minimum_interval_seconds` of `raw_files_sensor`, in the worst case), per Dagster step and per layer
(dbt's run_results.json), peak memory of the process and its children, the load average. The raw
folder keeps the new events, as the warehouse does (staging's row conservation test holds); the file as
it was is kept beside the folder, `SIZE_DIR/web_events.<ext>.before-realtime`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb

from cdp.bench.build import layer_seconds, model_layers
from cdp.bench.identity import ROOT, dbt_env, descendants_rss_mb
from cdp.raw_loader import find_raw_file

NEW_EVENT_PREFIX = "RT-"


def pick_new_events(database: Path, count: int) -> tuple[list[tuple], str]:
    """(event_id, anonymous_id, platform, page_url, customer_id) of `count` new product views (each
    visitor's latest product page again, on the same platform), and the UTC time of the latest event."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        latest = con.execute("select max(occurred_at) from marts.fct_customer_events").fetchone()[0]
        rows = con.execute(
            """
            with viewed as (
                select anonymous_id, customer_id, event_detail as platform, page_url, occurred_at, event_key
                from marts.fct_customer_events
                where source_table = 'web_events' and event_type = 'product_view'
                    and customer_id is not null and anonymous_id is not null
            ),
            latest_per_visitor as (
                select anonymous_id, customer_id, platform, page_url,
                    row_number() over (partition by anonymous_id order by occurred_at desc, event_key) as nth,
                    occurred_at
                from viewed
            )
            select anonymous_id, customer_id, platform, page_url
            from latest_per_visitor
            where nth = 1
            order by occurred_at desc, anonymous_id
            limit ?
            """,
            [count],
        ).fetchall()
    finally:
        con.close()
    run = time.strftime("%Y%m%d%H%M%S", time.gmtime())
    events = [
        (f"{NEW_EVENT_PREFIX}{run}-{index:07d}", anonymous_id, platform, page_url, customer_id)
        for index, (anonymous_id, customer_id, platform, page_url) in enumerate(rows, start=1)
    ]
    return events, latest.strftime("%Y-%m-%d %H:%M:%S")


def write_with_new_events(raw_file: Path, events: list[tuple], after_utc: str, saved: Path) -> None:
    """The raw web_events file with the new events added, moved into place in one rename; the file as it
    was is kept at `saved`."""
    staged = raw_file.with_name(f".{raw_file.name}.new")
    con = duckdb.connect()
    try:
        con.execute(
            "create table new_events (event_id varchar, anonymous_id varchar, platform varchar, "
            "page_url varchar, n int)"
        )
        con.executemany(
            "insert into new_events values (?, ?, ?, ?, ?)",
            [(*event[:4], n) for n, event in enumerate(events, 1)],
        )
        reader = "read_parquet" if raw_file.suffix == ".parquet" else "read_csv_auto"
        options = "" if raw_file.suffix == ".parquet" else ", all_varchar = true"
        target = "(format parquet)" if raw_file.suffix == ".parquet" else "(header true)"
        con.execute(
            f"""
            copy (
                select * from {reader}('{raw_file}'{options})
                union all by name
                select
                    event_id,
                    anonymous_id,
                    'product_view' as event_name,
                    strftime(timestamp '{after_utc}' + to_seconds(n), '%Y-%m-%dT%H:%M:%SZ') as occurred_at,
                    platform,
                    page_url
                from new_events
            ) to '{staged}' {target}
            """
        )
    finally:
        con.close()
    if not saved.exists():  # the file before the first of several runs
        raw_file.replace(saved)
    staged.replace(raw_file)


class PeakMemory:
    """Peak resident memory (MB) of this process and its children, sampled every second."""

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            self.peak_mb = max(self.peak_mb, own + descendants_rss_mb(os.getpid()))
            self._stop.wait(1.0)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def step_seconds(instance, run_id: str) -> dict[str, float]:
    """Seconds per Dagster step of the run (its step statistics)."""
    return {
        stats.step_key: stats.end_time - stats.start_time
        for stats in instance.get_run_step_stats(run_id)
        if stats.start_time is not None and stats.end_time is not None
    }


def newest_run_results(target: Path, since: float) -> Path | None:
    """The run_results.json that dagster-dbt's `dbt build` wrote under `target` after `since`."""
    found = [p for p in target.rglob("run_results.json") if p.stat().st_mtime >= since]
    return max(found, key=lambda p: p.stat().st_mtime) if found else None


def check(database: Path, events: list[tuple]) -> dict:
    """What reached the marts: the new events under their customer, and the audience members among the
    customers whose ads_personalization consent is granted."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        con.execute("create temp table expected (event_id varchar, customer_id varchar)")
        con.executemany("insert into expected values (?, ?)", [(e[0], e[4]) for e in events])
        landed, under_customer = con.execute(
            """
            select count(*), count(*) filter (where fct.customer_id = expected.customer_id)
            from expected
            inner join marts.fct_customer_events as fct
                on fct.event_key = 'web_events:' || expected.event_id
            """
        ).fetchone()
        consenting, members = con.execute(
            """
            with customers as (select distinct customer_id from expected),
            consenting as (
                select customers.customer_id
                from customers
                inner join marts.customer_consent as consent
                    on customers.customer_id = consent.customer_id
                    and consent.purpose = 'ads_personalization' and consent.consent_status = 'granted'
            )
            select count(*), count(members.customer_id)
            from consenting
            left join marts.audience_members as members
                on consenting.customer_id = members.customer_id and members.audience = 'browse_abandonment'
            """
        ).fetchone()
    finally:
        con.close()
    return {
        "events_landed": landed,
        "events_under_their_customer": under_customer,
        "customers_with_ads_consent": consenting,
        "of_them_in_browse_abandonment": members,
    }


def bench(size_dir: Path, count: int, staging_full: bool, catch_up: bool = True) -> dict:
    database = size_dir / "cdp.duckdb"
    raw_dir = size_dir / "raw"
    raw_file = find_raw_file(raw_dir, "web_events")
    if not database.is_file() or raw_file is None:
        raise SystemExit(
            f"{size_dir} needs raw/web_events and a built cdp.duckdb (python -m cdp.bench.build)"
        )
    env = dbt_env(size_dir)
    given = json.loads(os.environ.get("CDP_DBT_VARS") or "{}")
    dbt_vars = {**given, "staging_incremental": not staging_full}
    env["CDP_DBT_VARS"] = json.dumps(dbt_vars)
    env["CDP_RAW_DIR"] = str(raw_dir)
    # What the run writes besides the warehouse stays under SIZE_DIR/realtime.
    outputs = {
        "CDP_EXPORTS_DIR": "exports",
        "CDP_GX_DOCS_DIR": "gx",
        "CDP_REPORT_PATH": "report.html",
        "CDP_PUBLISHED_PATH": "published/cdp_marts.duckdb",
        "CDP_RUN_FAILURES_PATH": "run_failures.jsonl",
    }
    env.update({name: str(size_dir / "realtime" / sub) for name, sub in outputs.items()})
    os.environ.update(env)
    # Parsed with the vars the run's dbt build will pass, as a code location that keeps running does: a
    # change of vars makes dbt parse the whole project again, which is not what a file of events costs.
    subprocess.run(
        [str(Path(sys.executable).with_name("dbt")), "parse", "--quiet", "--vars", json.dumps(dbt_vars)],
        cwd=ROOT,
        env=env,
        check=True,
    )

    import dagster as dg

    from orchestration import definitions
    from orchestration.sensors import raw_file_states

    events, after_utc = pick_new_events(database, count)
    before = raw_file_states(raw_dir)
    saved = size_dir / f"{raw_file.name}.before-realtime"
    load_before = os.getloadavg()
    write_with_new_events(raw_file, events, after_utc, saved)
    t0 = time.time()
    tick = definitions.raw_files_sensor.evaluate_tick(
        dg.build_sensor_context(cursor=json.dumps(before, sort_keys=True), definitions=definitions.defs)
    )
    (request,) = tick.run_requests
    t_sensor = time.time()
    job = definitions.defs.get_job_def("build_everything")
    instance = dg.DagsterInstance.ephemeral()
    first = measured_run(job, request, instance, size_dir, database, events)
    load_after = os.getloadavg()
    latency_s = t_sensor - t0 + first["run_s"]
    interval_s = definitions.raw_files_sensor.minimum_interval_seconds
    res = {
        "size_dir": str(size_dir),
        "new_events": len(events),
        "after_utc": after_utc,
        "dbt_vars": dbt_vars,
        "lane": request.tags.get("cdp/lane", "full"),
        **first,
        "sensor_s": t_sensor - t0,
        "latency_s": latency_s,
        "sensor_interval_s": interval_s,
        "latency_worst_s": latency_s + interval_s,
        "load_before": load_before,
        "load_after": load_after,
    }
    if catch_up:
        # The next tick, the lane's run ended: the catch-up of what the events feed (identity, marts, ...).
        follow = definitions.raw_files_sensor.evaluate_tick(
            dg.build_sensor_context(cursor=tick.cursor, definitions=definitions.defs)
        )
        if follow.run_requests:
            (follow_request,) = follow.run_requests
            res["catch_up"] = measured_run(job, follow_request, instance, size_dir, database, events)
    return res


def measured_run(job, request, instance, size_dir: Path, database: Path, events: list[tuple]) -> dict:
    """One run a RunRequest asks for, executed and measured: its seconds, steps, dbt's seconds per layer,
    peak memory, and what reached the marts afterwards (check)."""
    started = time.time()
    with PeakMemory() as memory:
        result = execute(job, request, instance)
    return {
        "selected_assets": len(request.asset_selection),
        "run_success": result.success,
        "run_s": time.time() - started,
        "steps_s": step_seconds(instance, result.run_id),
        "layers": run_layers(size_dir / "target", started),
        "peak_mb": memory.peak_mb,
        "checked": check(database, events),
    }


def execute(job, request, instance):
    """The run a RunRequest asks for, executed in this process as the daemon would: its assets, and its
    checks when it names them (the event lane's raw checks are the changed tables' only)."""
    if request.asset_check_keys is None:
        return job.execute_in_process(
            asset_selection=list(request.asset_selection),
            tags=request.tags,
            instance=instance,
            raise_on_error=False,
        )
    subset = job.get_subset(
        asset_selection=set(request.asset_selection), asset_check_selection=set(request.asset_check_keys)
    )
    return subset.execute_in_process(tags=request.tags, instance=instance, raise_on_error=False)


def run_layers(target: Path, since: float) -> dict:
    """dbt's model seconds per layer of the run_results.json written after `since`."""
    run_results = newest_run_results(target, since)
    if run_results is None:
        return {}
    times = {
        r["unique_id"].split(".")[-1]: r["execution_time"]
        for r in json.loads(run_results.read_text())["results"]
        if r["unique_id"].startswith("model.")
    }
    return layer_seconds(times, model_layers(target))


def print_report(res: dict) -> None:
    print(f"\nnear real time: {res['new_events']:,} new web events after {res['after_utc']} UTC")
    print(f"warehouse and raw folder: {res['size_dir']}")
    print(
        f"dbt vars {json.dumps(res['dbt_vars'])}; the sensor's first run: {res['lane']} "
        f"({res['selected_assets']} assets)"
    )
    print(f"run {'succeeded' if res['run_success'] else 'FAILED'}")
    print(
        f"file in place -> sensor asks: {res['sensor_s']:.1f} s; run: {res['run_s']:.1f} s; "
        f"latency {res['latency_s']:.1f} s ({res['latency_worst_s']:.1f} s with the sensor's "
        f"{res['sensor_interval_s']} s interval)"
    )
    load = f"{res['load_before'][0]:.1f} -> {res['load_after'][0]:.1f}"
    print(f"peak memory {res['peak_mb']:,.0f} MB; load average {load}")
    _print_run(res)
    follow = res.get("catch_up")
    if follow:
        print(
            f"\nthe catch-up run ({follow['selected_assets']} assets) "
            f"{'succeeded' if follow['run_success'] else 'FAILED'} in {follow['run_s']:.1f} s, "
            f"peak memory {follow['peak_mb']:,.0f} MB"
        )
        _print_run(follow)


def _print_run(res: dict) -> None:
    for step, seconds in sorted(res["steps_s"].items(), key=lambda kv: -kv[1]):
        print(f"  step {step:40s} {seconds:8.1f} s")
    for layer, figures in res["layers"].items():
        if figures["models"]:
            slowest = f"slowest {figures['slowest']} {figures['slowest_s']:.1f} s"
            print(
                f"  dbt {layer:12s} {figures['models']:3.0f} models {figures['seconds']:8.1f} s ({slowest})"
            )
    for key, value in res["checked"].items():
        print(f"  {key}: {value:,}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-dir", type=Path, required=True)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--staging", choices=("incremental", "full"), default="incremental")
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--no-catch-up", action="store_true", help="stop after the sensor's first run (the event lane's)"
    )
    args = parser.parse_args(argv)
    res = bench(args.size_dir.resolve(), args.events, args.staging == "full", catch_up=not args.no_catch_up)
    print_report(res)
    if args.json:
        args.json.write_text(json.dumps(res, indent=2, default=str), encoding="utf-8")
    ok = res["run_success"] and res["checked"]["events_landed"] == res["new_events"]
    if "catch_up" in res:
        ok = ok and res["catch_up"]["run_success"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

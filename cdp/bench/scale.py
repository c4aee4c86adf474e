"""Scale benchmark (issue 15, `make bench`): the whole build at each size, an incremental day after it, how
the time grows from the smallest size to the largest; writes its section of docs/benchmarks.md.

    python -m cdp.bench.scale --people 100000 1000000     # make bench

Per size, two parts, both reusing the other benchmarks:

1. The full build (cdp.bench.build.bench_size): generate the people (reused from RUN_DIR/people_N when the
   generator has not changed), load the raw tables into a fresh DuckDB file, `dbt seed`, `dbt run` of every
   model. Per layer (the build benchmark's layers): wall seconds and share of the wall time, summed model
   seconds, the dbt process's peak resident memory while the layer's models ran (sampled every
   --sample-memory seconds), and raw rows per wall second of the layer; for the whole run the same with
   the dbt process's own peak (getrusage).
2. An incremental day (cdp.bench.incremental.bench over the whole build, in RUN_DIR/people_N/incremental):
   the raw folder without its last local day built in full, then the whole folder loaded and `dbt run`
   with var staging_incremental true. Only the twelve staging base models that read their source through
   macro incremental_source parse only the new raw rows; every other model is rebuilt (the few
   incremental ones downstream, stable ids and histories, still read all of their inputs). The ratio is
   that run's wall time over the full build's (part 1, the same raw folder), per layer and in total.
   Its DuckDB file and yesterday's raw copy are deleted once measured (--keep-incremental-warehouse keeps
   them): at 1M people the disk would otherwise hold two 13 GB warehouses.

Then the growth factor from the smallest size to the largest: (time at the largest / time at the smallest)
/ (largest / smallest people); 1.0 is linear. Printed as markdown, with the commit, the date, the machine
and the load average before and after each run, and written between the markers BEGIN and END of
--output (docs/benchmarks.md), the rest of the file untouched.

Runs at --lock-from people or more (default 1,000,000: they peak near 20 GB) take an exclusive flock on
--lock (/tmp/cdp-1m.lock), the same lock as `flock /tmp/cdp-1m.lock <command>`, around each heavy step
(the full build with its generation, load and seed; each write, raw load and dbt command of the
incremental day) and release it in between, so the module needs no wrapper (under `flock` on the same
file it would wait for ever)."""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path

from cdp.bench import build, incremental
from cdp.bench.identity import ROOT, SEED, code_version
from cdp.bench.machine import describe, machine

BEGIN = "<!-- make bench: begin -->"
END = "<!-- make bench: end -->"
LOCK = Path("/tmp/cdp-1m.lock")
INCREMENTAL_LABEL = "build"


def log(message: str) -> None:
    print(f"[scale] {message}", file=sys.stderr, flush=True)


@contextmanager
def held(lock: Path | None) -> Iterator[None]:
    """An exclusive flock(2) on `lock` for the block (none when `lock` is None)."""
    if lock is None:
        yield
        return
    with lock.open("a") as handle:
        log(f"waiting for {lock}")
        fcntl.flock(handle, fcntl.LOCK_EX)
        log(f"holding {lock}")
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            log(f"released {lock}")


def incremental_models(target: Path) -> dict[str, dict[str, list[str]]]:
    """Per layer, from the manifest of the incremental run: its models, the ones that read only new raw
    rows (incremental, through macro incremental_source) and the other incremental ones (they keep state
    across runs, stable ids or histories, but read all of their inputs)."""
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    out = {layer: {"models": [], "new_rows_only": [], "stateful": []} for layer in build.LAYERS}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model":
            continue
        layer = out[build.layer_of(node["original_file_path"])]
        layer["models"].append(node["name"])
        if node["config"].get("materialized") == "incremental":
            kind = "new_rows_only" if "incremental_source(" in node.get("raw_code", "") else "stateful"
            layer[kind].append(node["name"])
    return out


def bench_size(people: int, args: argparse.Namespace) -> dict:
    lock = args.lock if people >= args.lock_from else None
    with held(lock):
        # With the data tests and the publication: every step of `make run` is timed.
        full = build.bench_size(
            people, args.run_dir, args.seed, True, args.timeout, args.sample_memory, with_publish=True
        )
    size_dir = args.run_dir / f"people_{people}"
    run_dir = size_dir / "incremental"
    day = incremental.bench(
        size_dir / "raw",
        run_dir,
        args.timeout,
        scope=["run"],
        label=INCREMENTAL_LABEL,
        compare_full=False,
        hold=(lambda: held(lock)) if lock else nullcontext,
    )
    run = day["steps"][f"{INCREMENTAL_LABEL}_today_incremental"]
    names = build.model_layers(run_dir / "target")
    wall = build.layer_wall_seconds([tuple(i) for i in run["model_intervals"]], names)
    day["layers"] = {
        layer: {
            **wall[layer],
            "summed_s": sum(t for m, t in run["model_times"].items() if names.get(m) == layer),
        }
        for layer in build.LAYERS
    }
    day["incremental_models"] = incremental_models(run_dir / "target")
    if not args.keep_incremental_warehouse:
        drop_incremental_warehouse(run_dir)
    return {"people": people, "full": full, "incremental": day}


def drop_incremental_warehouse(run_dir: Path) -> None:
    """The incremental day's DuckDB file and yesterday's raw copy, once measured: at 1M people they are
    13 GB and 1.5 GB beside the full build's warehouse, which stays (bench-realtime reads it). Its logs and
    dbt target stay too."""
    for name in ("cdp.duckdb", "cdp.duckdb.wal"):
        (run_dir / name).unlink(missing_ok=True)
    shutil.rmtree(run_dir / "yesterday", ignore_errors=True)


def growth(results: list[dict]) -> dict | None:
    """(time at the largest size / at the smallest) / (largest / smallest people), per layer and for the
    whole run and the incremental run; None with fewer than two sizes."""
    if len(results) < 2:
        return None
    small, large = min(results, key=lambda r: r["people"]), max(results, key=lambda r: r["people"])
    scale = large["people"] / small["people"]

    def factor(a: float, b: float) -> float | None:
        return (b / a) / scale if a > 0 else None

    out = {"from": small["people"], "to": large["people"], "rows": []}
    for layer in build.LAYERS:
        a, b = (r["full"]["layers"][layer]["wall_seconds"] for r in (small, large))
        out["rows"].append((layer, a, b, factor(a, b)))
    for label, pick in (
        ("whole dbt run", lambda r: r["full"]["steps"]["run"]["wall_s"]),
        ("incremental day's dbt run", lambda r: incremental_step(r)["wall_s"]),
    ):
        a, b = pick(small), pick(large)
        out["rows"].append((label, a, b, factor(a, b)))
    return out


def incremental_step(result: dict) -> dict:
    return result["incremental"]["steps"][f"{INCREMENTAL_LABEL}_today_incremental"]


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _ratio(part: float, whole: float) -> str:
    return f"{part / whole:.1%}" if whole > 0 else "-"


def _load(step: dict) -> str:
    return f"{step['load_avg_before']:.2f} -> {step['load_avg_after']:.2f}"


def make_run_line(full: dict) -> str:
    """Every step `make run` takes on this data, each timed apart: the load, `dbt build` (timed here as
    its seed, its run and its data tests, each a dbt command of its own, so dbt starts three times where
    `make run` starts it once: a few seconds more) and the publication. `make run`'s report (4.7 s at
    1M people) is left out."""
    steps = full["steps"]
    parts = [("load", full["load_s"])] + [
        (label, steps[name]["wall_s"])
        for name, label in (
            ("seed", "`dbt seed`"),
            ("run", "`dbt run`"),
            ("test", "data tests"),
            ("publish", "publish"),
        )
        if name in steps
    ]
    total = sum(seconds for _, seconds in parts)
    spelled = " + ".join(f"{label} {seconds:.1f}" for label, seconds in parts)
    return f"- The steps of `make run` on this data: {spelled} = **{total:.1f} s**."


def report(results: list[dict], context: dict) -> str:
    """The markdown written between the markers (and printed)."""
    version = context["version"]
    host = context["machine"]
    dirty = version["uncommitted_changes"]
    lines = [
        f"### Latest `make bench` ({context['date']})",
        "",
        f"- Command: `{context['command']}`.",
        f"- Code: commit `{version['commit']}`"
        + (
            f", with uncommitted changes to {', '.join(d[3:] for d in dirty)}"
            if dirty
            else ", no uncommitted changes"
        )
        + f" to models, macros, seeds or the generator; seed {context['seed']}.",
        f"- Machine: {describe(host)}; engine limits: "
        + (
            ", ".join(f"{k}={v}" for k, v in context["engine_limits"].items() if v)
            or "none (DuckDB's defaults)"
        )
        + ".",
        f"- Load average (1 min) at the start {context['load_before']:.2f}, "
        f"at the end {context['load_after']:.2f}.",
    ]
    for result in results:
        full, day = result["full"], result["incremental"]
        run, seed, inc = full["steps"]["run"], full["steps"]["seed"], incremental_step(result)
        yesterday = day["steps"][f"{INCREMENTAL_LABEL}_yesterday_full"]
        raw_rows = full["raw_rows"]
        day_rows = sum(day["dropped_rows"].values())
        lines += [
            "",
            f"#### {result['people']:,} people ({raw_rows:,} raw rows)",
            "",
            f"- Full build: load {full['load_s']:.1f} s, `dbt seed` {seed['wall_s']:.1f} s, `dbt run` "
            f"**{run['wall_s']:.1f} s** wall (dbt's own {run['dbt_elapsed_s'] or 0:.1f} s, "
            f"CPU {run['cpu_s']:.0f} s, peak {run['peak_rss_mb']:,.0f} MB), "
            f"{raw_rows / run['wall_s']:,.0f} raw rows/s; load average {_load(run)}.",
            make_run_line(full),
            f"- Incremental day: the last local day ({day['last_day']}, {day_rows:,} raw rows, "
            f"{day_rows / raw_rows:.1%}) held back; the rest built in full in {yesterday['wall_s']:.1f} s "
            f"(load average {_load(yesterday)}); the day appended (load {day['load_s']['today']:.1f} s), "
            f"then `dbt run` with staging_incremental true: **{inc['wall_s']:.1f} s** wall (dbt's own "
            f"{inc['dbt_elapsed_s'] or 0:.1f} s, CPU {inc['cpu_s']:.0f} s, "
            f"peak {inc['peak_rss_mb']:,.0f} MB), "
            f"**{_ratio(inc['wall_s'], run['wall_s'])} of the full build**; load average {_load(inc)}.",
            "",
            "| layer | models | wall s | share of wall | summed model s | peak memory MB | raw rows/s "
            "| incremental wall s | incremental / full | read only new rows (incremental) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        models = day["incremental_models"]
        for layer in build.LAYERS:
            f, i, m = full["layers"][layer], day["layers"][layer], models[layer]
            ran = f"{len(m['new_rows_only'])} of {len(m['models'])}"
            if m["stateful"]:
                ran += f" (stateful, all inputs read: {', '.join(sorted(m['stateful']))})"
            lines.append(
                f"| {layer} | {f['models']:.0f} | {f['wall_seconds']:.1f} | {f['wall_share']:.1%} | "
                f"{f['seconds']:.1f} | {_mb(f.get('peak_mb'))} | "
                f"{raw_rows / f['wall_seconds'] if f['wall_seconds'] > 0 else 0:,.0f} | "
                f"{i['wall_seconds']:.1f} | {_ratio(i['wall_seconds'], f['wall_seconds'])} | {ran} |"
            )
        n_models = sum(len(m["models"]) for m in models.values())
        n_new = sum(len(m["new_rows_only"]) for m in models.values())
        lines.append(
            f"| **whole dbt run** | {sum(f['models'] for f in full['layers'].values()):.0f} | "
            f"{run['wall_s']:.1f} | 100.0% | {sum(f['seconds'] for f in full['layers'].values()):.1f} | "
            f"{run['peak_rss_mb']:,.0f} | {raw_rows / run['wall_s']:,.0f} | {inc['wall_s']:.1f} | "
            f"{_ratio(inc['wall_s'], run['wall_s'])} | {n_new} of {n_models} |"
        )
    grown = growth(results)
    if grown:
        lines += [
            "",
            f"#### Growth from {grown['from']:,} to {grown['to']:,} people",
            "",
            f"Growth factor = (time at {grown['to']:,} / time at {grown['from']:,}) / "
            f"{grown['to'] / grown['from']:g}; 1.0 is linear.",
            "",
            f"| layer | wall s at {grown['from']:,} | wall s at {grown['to']:,} | growth factor |",
            "| --- | ---: | ---: | ---: |",
        ]
        for label, a, b, g in grown["rows"]:
            lines.append(f"| {label} | {a:.1f} | {b:.1f} | {'-' if g is None else f'{g:.2f}'} |")
    return "\n".join(lines) + "\n"


def check_markers(path: Path) -> str:
    """The text of `path`, which must hold BEGIN once and, after it, END once."""
    text = path.read_text(encoding="utf-8")
    if text.count(BEGIN) != 1 or text.count(END) != 1 or text.index(BEGIN) > text.index(END):
        raise SystemExit(f"{path} needs exactly one {BEGIN} line followed by one {END} line")
    return text


def replace_section(path: Path, body: str) -> None:
    """Write `body` between the BEGIN and END markers of `path`, keeping everything else as it is."""
    head, rest = check_markers(path).split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n{body}{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cdp.bench.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--run-dir",
        type=Path,
        default=Path(os.environ.get("TMPDIR", "/tmp")) / "cdp-bench-scale",
        help="where generated data and warehouses go (RUN_DIR/people_N; generated data is reused from there)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=ROOT / "docs" / "benchmarks.md",
        help=f"markdown file whose section between {BEGIN} and {END} is replaced",
    )
    parser.add_argument("--no-output", action="store_true", help="print only; write no markdown file")
    parser.add_argument("--json", type=Path, help="write every figure here (default RUN_DIR/scale.json)")
    parser.add_argument("--lock", type=Path, default=LOCK, help="flock taken around each run at --lock-from")
    parser.add_argument("--lock-from", type=int, default=1_000_000, help="people from which runs take --lock")
    parser.add_argument("--sample-memory", type=float, default=0.5, help="seconds between memory samples")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per dbt step")
    parser.add_argument(
        "--keep-incremental-warehouse",
        action="store_true",
        help="keep the incremental day's DuckDB file and yesterday's raw copy (deleted once measured)",
    )
    args = parser.parse_args(argv)
    # SIGTERM unwinds like Ctrl-C: the running dbt is stopped before the lock is released (run_measured).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args.run_dir = args.run_dir.resolve()
    sizes = sorted(set(args.people))
    if not args.no_output:
        check_markers(args.output)  # fail now, not after the runs
    context = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python -m cdp.bench.scale --people " + " ".join(str(n) for n in sizes),
        "version": code_version(),
        "machine": machine(),
        "seed": args.seed,
        "engine_limits": {name: os.environ.get(name, "") for name in build.ENGINE_LIMITS["duckdb"]},
        "load_before": os.getloadavg()[0],
    }
    results = []
    for people in sizes:
        started = time.perf_counter()
        results.append(bench_size(people, args))
        log(f"{people:,} people done in {time.perf_counter() - started:.0f} s")
    context["load_after"] = os.getloadavg()[0]
    body = report(results, context)
    print(body)
    out = args.json or args.run_dir / "scale.json"
    out.write_text(
        json.dumps({"context": context, "results": results}, indent=2, default=str), encoding="utf-8"
    )
    if not args.no_output:
        replace_section(args.output, body)
        log(f"wrote the section of {args.output}")
    log(f"figures: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

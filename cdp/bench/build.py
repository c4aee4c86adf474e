"""Benchmark of the whole build on DuckDB, layer by layer: how long staging, identity resolution and the
marts take at a given number of generated people, and what share of the build each layer costs.

    python -m cdp.bench.build --people 100000 1000000      # make bench-build

Per size: generate the raw tables (reused from an earlier run of the same generator version), load them
into a fresh DuckDB file, then one `dbt run` of every model (no data tests: they are timed apart with
`--with-tests`; the publication of the marts, `make run`'s last step, with `--with-publish`). Each
model's execution time comes from dbt's run_results.json, and each model belongs to one layer by its
folder:

- staging: models/staging (seeds are timed apart: `dbt seed` before the run);
- identity: models/intermediate/identity and models/marts/identity;
- traits: models/intermediate/traits and models/marts/traits (customer traits, affinity, intent);
- privacy: models/intermediate/privacy and models/marts/privacy (erasure: requests matched, identifiers
  hashed against the suppression list, the id map with erased records retired; issue 12's work);
- activation: models/marts/activation, models/marts/masked and models/marts/serve (audiences, exports,
  masked marts, the profile service's identifier lookup);
- marts: every other model (intermediate orders, web, attribution, consent, customers, CLV; the marts
  and the metrics).

`--engine spark` builds the same on a local Spark (dbt-spark's session method, target `spark` of
profiles.yml) in RUN_DIR/people_N/spark: the raw tables loaded by `python -m cdp.raw_loader --target spark`
(its own JVM), then `dbt seed` and `dbt run` with `--target spark`. Spark runs no Python model, so the
CLV parameters are pinned (`--clv-parameters FILE`, the JSON `python -m cdp.clv fit` prints: var
clv_parameters, docs/metrics.md "CLV"). The Spark settings are profiles.yml's environment variables
(CDP_SPARK_DRIVER_MEMORY, CDP_SPARK_SHUFFLE_PARTITIONS, ...), recorded with the figures. The peak memory
reported for Spark is the sum of the dbt process and its JVM, sampled every second.

dbt runs models on 2 threads (profiles.yml), so a layer's summed model time can exceed its share of the
wall time, and more so for a layer whose models run two at a time (staging, marts) than for one whose
models run one after the other (identity resolution is a chain). Two shares are given per layer: of the
summed model seconds, and of the **wall time**: each second of the run is split evenly between the
models executing in it (two models side by side get half a second each), so the layers' wall seconds
add up to the time the models ran and each says what the layer costs of the build's clock. Also the dbt
process's wall time, CPU time and peak memory. The machine's load average before and after is
printed: figures taken while other work runs are slower than on an idle machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
from dataclasses import asdict
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path

from cdp.bench.identity import ROOT, SEED, StepResult, dbt, dbt_env, ensure_data, fresh_load, run_measured
from cdp.bench.machine import describe, machine

ENGINES = ("duckdb", "spark")
ENGINE_LIMITS = {
    "duckdb": ("CDP_DUCKDB_MEMORY_LIMIT", "CDP_DUCKDB_THREADS"),
    "spark": (
        "CDP_SPARK_MASTER",
        "CDP_SPARK_DRIVER_MEMORY",
        "CDP_SPARK_SHUFFLE_PARTITIONS",
        "CDP_SPARK_SMALL_DATA",
        "CDP_SPARK_JAVA_OPTIONS",
    ),
}
# How often the Spark steps sample the memory of dbt and its JVM (getrusage sees one process at a time).
SPARK_SAMPLE_MEMORY_S = 1.0
LAYERS = ("staging", "identity", "privacy", "marts", "traits", "activation")


def layer_of(original_file_path: str) -> str:
    """The layer a model belongs to, by the folder of its file (models/...)."""
    if original_file_path.startswith("models/staging/"):
        return "staging"
    if original_file_path.startswith(("models/intermediate/identity/", "models/marts/identity/")):
        return "identity"
    if original_file_path.startswith(("models/intermediate/traits/", "models/marts/traits/")):
        return "traits"
    if original_file_path.startswith(("models/intermediate/privacy/", "models/marts/privacy/")):
        return "privacy"
    if original_file_path.startswith(
        ("models/marts/activation/", "models/marts/masked/", "models/marts/serve/")
    ):
        return "activation"
    return "marts"


def model_layers(target: Path) -> dict[str, str]:
    """model name -> layer, from the manifest dbt wrote for the run."""
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    return {
        node["name"]: layer_of(node["original_file_path"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
    }


def layer_seconds(model_times: dict[str, float], layers: dict[str, str]) -> dict[str, dict[str, float]]:
    """Per layer: models run, summed model seconds, share of the summed total, the slowest model."""
    total = sum(model_times.values()) or 1.0
    out: dict[str, dict[str, float]] = {}
    for layer in LAYERS:
        times = {m: t for m, t in model_times.items() if layers.get(m) == layer}
        slowest = max(times, key=times.__getitem__) if times else ""
        out[layer] = {
            "models": len(times),
            "seconds": sum(times.values()),
            "share": sum(times.values()) / total,
            "slowest": slowest,
            "slowest_s": times.get(slowest, 0.0),
        }
    return out


def layer_wall_seconds(
    intervals: list[tuple[float, float, str]], layers: dict[str, str]
) -> dict[str, dict[str, float]]:
    """Per layer: wall seconds and share of the run's clock, each instant split evenly between the
    models executing in it. intervals: (start, end, model) in seconds (StepResult.model_intervals)."""
    edges = sorted({t for start, end, _ in intervals for t in (start, end)})
    seconds = dict.fromkeys(LAYERS, 0.0)
    for left, right in pairwise(edges):
        running = [layers.get(model) for start, end, model in intervals if start <= left and end >= right]
        for layer in running:
            if layer in seconds:
                seconds[layer] += (right - left) / len(running)
    total = sum(seconds.values()) or 1.0
    return {layer: {"wall_seconds": value, "wall_share": value / total} for layer, value in seconds.items()}


def layer_peak_memory(
    samples: list[tuple[float, float]], intervals: list[tuple[float, float, str]], layers: dict[str, str]
) -> dict[str, float | None]:
    """Per layer: the highest resident memory (MB) of the dbt process sampled while one of the layer's
    models executed (None: no sample fell in them). samples: (epoch seconds, MB) (StepResult.memory_samples);
    intervals: (start, end, model) in epoch seconds. A model beside it shares the process, and DuckDB keeps
    memory it has used, so a layer's figure is the process's size while it ran, not what the layer needs."""
    peaks: dict[str, float | None] = dict.fromkeys(LAYERS)
    for at, mb in samples:
        for start, end, model in intervals:
            layer = layers.get(model)
            if layer in peaks and start <= at <= end:
                peaks[layer] = max(peaks[layer] or 0.0, mb)
    return peaks


def spark_env(size_dir: Path) -> dict[str, str]:
    """dbt's settings for the Spark target: its tables and metastore in size_dir/spark."""
    return {"CDP_TARGET": "spark", "CDP_SPARK_DIR": str(size_dir / "spark")}


def clv_vars(path: Path | None) -> list[str]:
    """`--vars` pinning the CLV parameters of `path` (the JSON `python -m cdp.clv fit` prints, or the bare
    mapping of r, alpha, a, b, p, q, v); nothing without a file."""
    if path is None:
        return []
    pinned = json.loads(path.read_text(encoding="utf-8"))
    return ["--vars", json.dumps({"clv_parameters": pinned.get("clv_parameters", pinned)})]


def fresh_load_spark(size_dir: Path, timeout_s: float) -> StepResult:
    """The raw folder loaded into a fresh local Spark warehouse (size_dir/spark) by the project's loader."""
    shutil.rmtree(size_dir / "spark", ignore_errors=True)
    shutil.rmtree(size_dir / "target", ignore_errors=True)
    cmd = [sys.executable, "-m", "cdp.raw_loader", "--raw-dir", str(size_dir / "raw"), "--target", "spark"]
    env = {**dbt_env(size_dir), **spark_env(size_dir)}
    log_path = size_dir / "logs" / "load.out"
    return run_measured(cmd, env, log_path, timeout_s, "load", SPARK_SAMPLE_MEMORY_S)


# dbt's console lines: "HH:MM:SS  3 of 96 START sql table model staging.x ... [RUN]" and
# "HH:MM:SS  3 of 96 OK created sql table model staging.x ... [OK in 33.79s]" (colour codes aside).
_LOG_LINE = re.compile(
    r"(\d\d:\d\d:\d\d)\s+\d+ of \d+ (START|OK created|ERROR creating) sql \S+ model (\S+)"
    r"(?:.* in ([0-9.]+)s\])?"
)


def model_times_from_log(
    log_text: str, day: datetime
) -> tuple[dict[str, float], list[tuple[float, float, str]]]:
    """Each finished model's execution seconds and (start, end, model) in epoch seconds, read from dbt's
    console output: a run stopped before its end writes no run_results.json. `day`: the local date the run
    started on (the lines give times of day only; a time earlier than the one before is the next day)."""
    times: dict[str, float] = {}
    intervals: list[tuple[float, float, str]] = []
    started: dict[str, float] = {}
    midnight = day.replace(hour=0, minute=0, second=0, microsecond=0)
    previous = None
    for match in _LOG_LINE.finditer(log_text):
        clock, what, node, seconds = match.groups()
        at = midnight + timedelta(hours=int(clock[:2]), minutes=int(clock[3:5]), seconds=int(clock[6:]))
        if previous is not None and at < previous:
            midnight += timedelta(days=1)
            at += timedelta(days=1)
        previous = at
        model = node.rsplit(".", 1)[-1]
        if what == "START":
            started[model] = at.timestamp()
        elif seconds is not None:
            times[model] = float(seconds)
            intervals.append((started.get(model, at.timestamp() - float(seconds)), at.timestamp(), model))
    return times, intervals


def sampled_peak_mb(step: StepResult) -> float | None:
    """The highest sampled memory of the step's processes together (dbt and its JVM), None unsampled."""
    return max((mb for _, mb in step.memory_samples), default=None)


def bench_size(
    people: int,
    run_dir: Path,
    seed: int,
    with_tests: bool,
    timeout_s: float,
    sample_memory_s: float | None = None,
    engine: str = "duckdb",
    clv_parameters: Path | None = None,
    with_publish: bool = False,
) -> dict:
    size_dir = run_dir / f"people_{people}"
    size_dir.mkdir(parents=True, exist_ok=True)
    log = lambda msg: print(f"[{people:,}] {msg}", file=sys.stderr, flush=True)  # noqa: E731
    generate_s, raw_rows = ensure_data(size_dir, people, seed)
    log("generated" if generate_s is not None else "reusing generated data")
    steps: dict[str, StepResult] = {}
    env: dict[str, str] = {}
    extra = clv_vars(clv_parameters)
    if engine == "spark":
        env = spark_env(size_dir)
        sample_memory_s = sample_memory_s or SPARK_SAMPLE_MEMORY_S
        steps["load"] = fresh_load_spark(size_dir, timeout_s)
        load_s = steps["load"].wall_s
    else:
        load_s = fresh_load(size_dir)
    log(f"loaded raw in {load_s:.1f} s")
    steps["seed"] = dbt(size_dir, "seed", ["seed", *extra], timeout_s, sample_memory_s, env)
    if steps["seed"].ok:
        run_started = datetime.now()
        steps["run"] = dbt(size_dir, "run", ["run", *extra], timeout_s, sample_memory_s, env)
        if steps["run"].timed_out and not steps["run"].model_times:
            # Stopped at --timeout: the models finished by then, from dbt's output (no run_results.json).
            log_text = (size_dir / "logs" / "run.out").read_text(encoding="utf-8", errors="replace")
            steps["run"].model_times, steps["run"].model_intervals = model_times_from_log(
                log_text, run_started
            )
    if with_tests and "run" in steps and steps["run"].ok:
        test_args = ["test", "--exclude-resource-type", "unit_test", *extra]
        steps["test"] = dbt(size_dir, "test", test_args, timeout_s, sample_memory_s, env)
    if with_publish and engine == "duckdb" and "run" in steps and steps["run"].ok:
        # What `make run` does after its build: the marts copied into the published file (cdp.publish),
        # written beside the warehouse and deleted once measured (at 1M people it holds 4.8 GB).
        published = size_dir / "published"
        command = [sys.executable, "-m", "cdp.publish", "--database", str(size_dir / "cdp.duckdb")]
        command += ["--target", str(published / "cdp_marts.duckdb")]
        log_path = size_dir / "logs" / "publish.out"
        steps["publish"] = run_measured(command, dbt_env(size_dir), log_path, timeout_s, "publish")
        shutil.rmtree(published, ignore_errors=True)
    for name, step in steps.items():
        log(f"{name} {step.wall_s:.1f} s, peak {step.peak_rss_mb:,.0f} MB, exit {step.returncode}")
        if name == "run" and step.timed_out and step.model_times:
            running = ", ".join(f"{model} ({seconds:.0f} s)" for model, seconds in step.running)
            done = len(step.model_times)
            log(f"run stopped at --timeout: figures of the {done} models done; running: {running}")
        elif not step.ok:
            running = ", ".join(f"{model} ({seconds:.0f} s)" for model, seconds in step.running)
            raise SystemExit(
                f"{name} failed{' (timed out)' if step.timed_out else ''}"
                + (f"; still running: {running}" if running else "")
                + f"; see {size_dir / 'logs' / (name + '.out')}"
            )
    names = model_layers(size_dir / "target")
    layers = layer_seconds(steps["run"].model_times, names)
    wall = layer_wall_seconds(steps["run"].model_intervals, names)
    peaks = layer_peak_memory(steps["run"].memory_samples, steps["run"].model_intervals, names)
    for layer, figures in layers.items():
        figures.update(wall[layer])
        if sample_memory_s:
            figures["peak_mb"] = peaks[layer]
    return {
        "people": people,
        "engine": engine,
        # the run was stopped at --timeout: the layers count only the models finished by then
        "partial": steps["run"].timed_out,
        "raw_rows": sum(raw_rows.values()),
        "generate_s": generate_s,
        "load_s": load_s,
        "steps": {
            name: {**asdict(step), "sampled_peak_mb": sampled_peak_mb(step)} for name, step in steps.items()
        },
        "layers": layers,
        # The engine's settings for the run: DuckDB's caps (docs/scaling.md; unset: DuckDB's defaults, 80 %
        # of memory, every core) or Spark's (unset: profiles.yml's defaults).
        "engine_limits": {name: os.environ.get(name, "") for name in ENGINE_LIMITS[engine]},
    }


def print_report(result: dict) -> None:
    steps = result["steps"]
    run = steps["run"]
    engine = result.get("engine", "duckdb")
    print(f"\n## {result['people']:,} people ({result['raw_rows']:,} raw rows), {engine}")

    def peak(step: dict) -> str:
        if engine == "spark" and step.get("sampled_peak_mb") is not None:
            return f"peak {step['sampled_peak_mb']:,.0f} MB dbt and JVM together"
        return f"peak {step['peak_rss_mb']:,.0f} MB"

    def measured(step: dict) -> str:
        return (
            f"{step['wall_s']:.1f} s wall ({step['cpu_s']:.0f} s CPU, {peak(step)}, load average "
            f"{step['load_avg_before']:.1f} -> {step['load_avg_after']:.1f})"
        )

    load = f"load {measured(steps['load'])}" if "load" in steps else f"load {result['load_s']:.1f} s"
    print(
        f"{load}; dbt seed {steps['seed']['wall_s']:.1f} s; dbt run {measured(run)}"
        + (f"; dbt test {measured(steps['test'])}" if "test" in steps else "")
        + (f"; publish {measured(steps['publish'])}" if "publish" in steps else "")
    )
    if result.get("partial"):
        running = ", ".join(f"{model} ({seconds:.0f} s)" for model, seconds in run["running"])
        print(
            f"PARTIAL: dbt run stopped at --timeout after {run['wall_s']:.0f} s; the layers count the "
            f"{len(run['model_times'])} models finished by then; still running: {running or 'none'}"
        )
    if "machine" in result:
        print(f"machine: {describe(result['machine'])}")
    limits = {name: value for name, value in result.get("engine_limits", {}).items() if value}
    defaults = "none (DuckDB's defaults)" if engine == "duckdb" else "none (profiles.yml's defaults)"
    print("engine limits: " + (", ".join(f"{k}={v}" for k, v in limits.items()) or defaults))
    print(
        "\n| layer | models | wall s | share of wall | summed model s | share of summed | slowest model |"
        "\n|---|---:|---:|---:|---:|---:|---|"
    )
    for layer, figures in result["layers"].items():
        print(
            f"| {layer} | {figures['models']:.0f} | {figures.get('wall_seconds', 0):.1f} | "
            f"{figures.get('wall_share', 0):.1%} | {figures['seconds']:.1f} | {figures['share']:.1%} | "
            f"{figures['slowest']} ({figures['slowest_s']:.1f} s) |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cdp.bench.build", description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--run-dir",
        type=Path,
        default=Path(os.environ.get("TMPDIR", "/tmp")) / "cdp-bench-build",
        help="where generated data and warehouses go (generated data is reused from here)",
    )
    parser.add_argument("--with-tests", action="store_true", help="also time dbt test (data tests)")
    parser.add_argument(
        "--with-publish", action="store_true", help="also time the publication of the marts (DuckDB only)"
    )
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per dbt step")
    parser.add_argument("--json", type=Path, help="write every figure here (default RUN_DIR/results.json)")
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="duckdb",
        help="duckdb (default) or spark: a local Spark, dbt-spark's session method (target spark)",
    )
    parser.add_argument(
        "--clv-parameters",
        type=Path,
        help="JSON of the pinned CLV parameters (`python -m cdp.clv fit` prints it); for --engine spark",
    )
    args = parser.parse_args(argv)
    if args.engine == "spark" and args.clv_parameters is None:
        parser.error(
            "--engine spark runs no Python model: pass --clv-parameters FILE (python -m cdp.clv fit)"
        )
    host = machine()
    results = []
    for people in args.people:
        result = bench_size(
            people,
            args.run_dir,
            args.seed,
            args.with_tests,
            args.timeout,
            engine=args.engine,
            clv_parameters=args.clv_parameters,
            with_publish=args.with_publish,
        )
        result["machine"] = host
        results.append(result)
        out = args.json or args.run_dir / "results.json"
        out.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
        print_report(result)
    print(f"\nfigures: {out} (project {ROOT})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

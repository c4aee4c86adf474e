"""Benchmark of the whole build on DuckDB, layer by layer: how long staging, identity resolution and the
marts take at a given number of generated people, and what share of the build each layer costs.

    python -m cdp.bench.build --people 100000 1000000      # make bench-build

Per size: generate the raw tables (reused from an earlier run of the same generator version), load them
into a fresh DuckDB file, then one `dbt run` of every model (no data tests: they are timed apart with
`--with-tests`). Each model's execution time comes from dbt's run_results.json, and each model belongs to
one layer by its folder:

- staging: models/staging (seeds are timed apart: `dbt seed` before the run);
- identity: models/intermediate/identity and models/marts/identity;
- traits: models/intermediate/traits and models/marts/traits (customer traits, affinity, intent);
- privacy: models/intermediate/privacy and models/marts/privacy (erasure: requests matched, identifiers
  hashed against the suppression list, the id map with erased records retired; issue 12's work);
- activation: models/marts/activation, models/marts/masked and models/marts/serve (audiences, exports,
  masked marts, the profile service's identifier lookup);
- marts: every other model (intermediate orders, web, attribution, consent, customers, CLV; the marts
  and the metrics).

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
import sys
from dataclasses import asdict
from itertools import pairwise
from pathlib import Path

from cdp.bench.identity import ROOT, SEED, StepResult, dbt, ensure_data, fresh_load

ENGINE_LIMITS = ("CDP_DUCKDB_MEMORY_LIMIT", "CDP_DUCKDB_THREADS")
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


def bench_size(
    people: int,
    run_dir: Path,
    seed: int,
    with_tests: bool,
    timeout_s: float,
    sample_memory_s: float | None = None,
) -> dict:
    size_dir = run_dir / f"people_{people}"
    size_dir.mkdir(parents=True, exist_ok=True)
    log = lambda msg: print(f"[{people:,}] {msg}", file=sys.stderr, flush=True)  # noqa: E731
    generate_s, raw_rows = ensure_data(size_dir, people, seed)
    log("generated" if generate_s is not None else "reusing generated data")
    load_s = fresh_load(size_dir)
    log(f"loaded raw in {load_s:.1f} s")
    steps: dict[str, StepResult] = {"seed": dbt(size_dir, "seed", ["seed"], timeout_s)}
    steps["run"] = dbt(size_dir, "run", ["run"], timeout_s, sample_memory_s)
    if with_tests and steps["run"].ok:
        steps["test"] = dbt(size_dir, "test", ["test", "--exclude-resource-type", "unit_test"], timeout_s)
    for name, step in steps.items():
        log(f"{name} {step.wall_s:.1f} s, peak {step.peak_rss_mb:,.0f} MB, exit {step.returncode}")
        if not step.ok:
            raise SystemExit(f"dbt {name} failed; see {size_dir / 'logs' / (name + '.out')}")
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
        "raw_rows": sum(raw_rows.values()),
        "generate_s": generate_s,
        "load_s": load_s,
        "steps": {name: asdict(step) for name, step in steps.items()},
        "layers": layers,
        # DuckDB's caps for the run (docs/scaling.md); unset: DuckDB's defaults (80 % of memory, every core).
        "engine_limits": {name: os.environ.get(name, "") for name in ENGINE_LIMITS},
    }


def print_report(result: dict) -> None:
    steps = result["steps"]
    run = steps["run"]
    print(f"\n## {result['people']:,} people ({result['raw_rows']:,} raw rows)")
    print(
        f"load {result['load_s']:.1f} s; dbt seed {steps['seed']['wall_s']:.1f} s; "
        f"dbt run {run['wall_s']:.1f} s wall ({run['cpu_s']:.0f} s CPU, "
        f"peak {run['peak_rss_mb']:,.0f} MB, load average "
        f"{run['load_avg_before']:.1f} -> {run['load_avg_after']:.1f})"
        + (f"; dbt test {steps['test']['wall_s']:.1f} s" if "test" in steps else "")
    )
    limits = {name: value for name, value in result.get("engine_limits", {}).items() if value}
    print(
        "engine limits: " + (", ".join(f"{k}={v}" for k, v in limits.items()) or "none (DuckDB's defaults)")
    )
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
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per dbt step")
    parser.add_argument("--json", type=Path, help="write every figure here (default RUN_DIR/results.json)")
    args = parser.parse_args(argv)
    results = []
    for people in args.people:
        result = bench_size(people, args.run_dir, args.seed, args.with_tests, args.timeout)
        print_report(result)
        results.append(result)
    out = args.json or args.run_dir / "results.json"
    out.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    print(f"\nfigures: {out} (project {ROOT})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: ``python -m cdp.generator.bench --people 100000 1000000``.

Each size runs in a fresh Python process (so its peak RSS is its own) that generates into a temporary folder
and reports wall seconds, CPU seconds, rows per table and peak RSS (``resource.getrusage``).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _worker(people: int, seed: int, fmt: str) -> dict:
    from .core import generate

    with tempfile.TemporaryDirectory(prefix="cdp-gen-bench-") as tmp:
        t0 = time.perf_counter()
        c0 = time.process_time()
        manifest = generate(people, seed, Path(tmp) / "raw", Path(tmp) / "truth", fmt=fmt)
        wall = time.perf_counter() - t0
        cpu = time.process_time() - c0
        size = sum(p.stat().st_size for p in (Path(tmp) / "raw").iterdir())
    rows = {t: st["rows_written"] for t, st in manifest["tables"].items()}
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {
        "people": people,
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "peak_rss_mib": peak_kib // 1024,
        "rows_total": sum(rows.values()),
        "raw_bytes": size,
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m cdp.generator.bench")
    ap.add_argument("--people", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    ap.add_argument("--json", action="store_true", help="print one JSON object per size")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(_worker(args.people[0], args.seed, args.format)))
        return 0
    results = []
    for n in args.people:
        cmd = [
            sys.executable,
            "-m",
            "cdp.generator.bench",
            "--worker",
            "--people",
            str(n),
            "--seed",
            str(args.seed),
            "--format",
            args.format,
        ]
        out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
        res = json.loads(out.strip().splitlines()[-1])
        results.append(res)
        if args.json:
            print(json.dumps(res))
            continue
        print(
            f"people={res['people']:,}  wall={res['wall_s']}s  cpu={res['cpu_s']}s  "
            f"peak_rss={res['peak_rss_mib']} MiB  rows={res['rows_total']:,}  "
            f"raw={res['raw_bytes'] / 1e6:.0f} MB"
        )
        for t, r in res["rows"].items():
            print(f"    {t:<18} {r:>12,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

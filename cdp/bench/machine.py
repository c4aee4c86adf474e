"""The machine a benchmark runs on, and how fast it is on a fixed reference workload.

The sessions that measure this project do not always get the same hardware (2026-12-02's `make bench` ran
on an Intel Xeon, 2026-12-04's session on an AMD EPYC, both "2 cores, 24 GiB"), and the same model alone
took 18.9-22.7 s on one day and 27.4-38.6 s on the other (docs/benchmarks.md). Seconds measured on
different days compare only through a figure taken the same way on both: `reference_workload()` times two
fixed DuckDB queries on one thread, in memory, with nothing read from disk, the best of two runs each:

- `cpu_s`: hashing and summing 200M integers (arithmetic, no memory traffic to speak of);
- `aggregate_s`: grouping 20M rows into 5M groups, each keeping the largest of its values as text (a hash
  aggregate with string states, what the marts' sessions and survivorship do at 1M people).

A build that took 10 % longer on a machine whose workload took 10 % longer did not get slower.
"""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path

import duckdb

REFERENCE_QUERIES = {
    "cpu_s": "select sum(hash(i)) from range(200000000) as t(i)",
    "aggregate_s": (
        "select count(*) from (select i % 5000000 as k, max(cast(i as varchar)) as v"
        " from range(20000000) as t(i) group by k) as grouped"
    ),
}


def reference_workload(repeats: int = 2) -> dict[str, float]:
    """Seconds of each reference query (best of `repeats`) on an in-memory DuckDB with one thread."""
    con = duckdb.connect()
    try:
        con.execute("set threads = 1")
        seconds = {}
        for name, query in REFERENCE_QUERIES.items():
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                con.execute(query).fetchall()
                times.append(time.perf_counter() - started)
            seconds[name] = min(times)
        return seconds
    finally:
        con.close()


def machine(with_workload: bool = True) -> dict:
    """Cores, CPU model, RAM, system and (unless told not to) the reference workload's seconds."""
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines()
    cpu = next((ln.split(":", 1)[1].strip() for ln in cpuinfo if ln.startswith("model name")), "")
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    host = {"cores": os.cpu_count(), "cpu": cpu, "ram_gib": ram / 2**30, "system": platform.platform()}
    if with_workload:
        host["reference_workload"] = reference_workload()
    return host


def describe(host: dict) -> str:
    """One line: '2 cores (AMD EPYC), 23.5 GiB RAM; reference workload 0.89 s CPU, 1.36 s aggregate'."""
    line = f"{host['cores']} cores ({host['cpu']}), {host['ram_gib']:.1f} GiB RAM"
    workload = host.get("reference_workload")
    if workload:
        line += (
            f"; reference workload (DuckDB, 1 thread, cdp.bench.machine) {workload['cpu_s']:.2f} s CPU, "
            f"{workload['aggregate_s']:.2f} s aggregate"
        )
    return line

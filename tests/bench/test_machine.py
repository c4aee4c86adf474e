"""The machine a benchmark ran on: its description and the reference workload's figures."""

from __future__ import annotations

from cdp.bench.machine import REFERENCE_QUERIES, describe, machine, reference_workload


def test_reference_workload_times_each_query() -> None:
    seconds = reference_workload(repeats=1)
    assert set(seconds) == set(REFERENCE_QUERIES) == {"cpu_s", "aggregate_s"}
    assert all(0 < value < 120 for value in seconds.values())


def test_description_names_cores_cpu_ram_and_the_workload() -> None:
    host = {"cores": 2, "cpu": "AMD EPYC", "ram_gib": 23.54, "system": "Linux"}
    assert describe(host) == "2 cores (AMD EPYC), 23.5 GiB RAM"
    host["reference_workload"] = {"cpu_s": 0.891, "aggregate_s": 1.357}
    assert describe(host) == (
        "2 cores (AMD EPYC), 23.5 GiB RAM; reference workload (DuckDB, 1 thread, cdp.bench.machine) "
        "0.89 s CPU, 1.36 s aggregate"
    )


def test_machine_without_the_workload_reads_the_host_only() -> None:
    host = machine(with_workload=False)
    assert host["cores"] >= 1 and host["ram_gib"] > 0 and "reference_workload" not in host

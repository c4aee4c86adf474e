"""DuckDB's memory limit and threads from the environment (macro cdp_engine_limits, docs/scaling.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import run_dbt

# The statements are read from dbt's debug log file, which the tests' commands do not write by default.
DEBUG_LOG = {"DBT_LOG_LEVEL_FILE": "debug"}


def _statements(work: Path) -> list[str]:
    log = (work / "logs" / "dbt.log").read_text(encoding="utf-8")
    return [
        line.strip()
        for line in log.splitlines()
        if line.strip().startswith(("set memory_limit", "set threads"))
    ]


def test_the_limits_are_set_at_the_start_of_every_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CDP_DUCKDB_MEMORY_LIMIT", "1GB")
    monkeypatch.setenv("CDP_DUCKDB_THREADS", "1")
    run = run_dbt(
        tmp_path / "limits.duckdb", tmp_path, "seed", "--select", "utm_channel_mapping", env=DEBUG_LOG
    )
    assert run.returncode == 0, run.failure_summary()
    assert _statements(tmp_path) == ["set memory_limit = '1GB';", "set threads = 1;"]


def test_unset_limits_leave_duckdb_its_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CDP_DUCKDB_MEMORY_LIMIT", raising=False)
    monkeypatch.delenv("CDP_DUCKDB_THREADS", raising=False)
    run = run_dbt(
        tmp_path / "defaults.duckdb", tmp_path, "seed", "--select", "utm_channel_mapping", env=DEBUG_LOG
    )
    assert run.returncode == 0, run.failure_summary()
    assert _statements(tmp_path) == []


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "CDP_DUCKDB_MEMORY_LIMIT",
            "lots",
            "CDP_DUCKDB_MEMORY_LIMIT must be a size such as 6GB or 50%, got 'lots'",
        ),
        ("CDP_DUCKDB_THREADS", "two", "CDP_DUCKDB_THREADS must be a whole number above 0, got 'two'"),
        ("CDP_DUCKDB_THREADS", "0", "CDP_DUCKDB_THREADS must be a whole number above 0, got '0'"),
    ],
)
def test_a_wrong_limit_stops_the_run_with_what_to_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    run = run_dbt(tmp_path / "wrong.duckdb", tmp_path, "seed", "--select", "utm_channel_mapping")
    assert run.returncode != 0
    assert message in run.output

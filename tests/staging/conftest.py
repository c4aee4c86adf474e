"""Fixtures of the staging integration tests: one raw folder of awkward cases, one DuckDB, one dbt build."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `pytest` run without `python -m` does not put the project on sys.path
    sys.path.insert(0, str(ROOT))

from cdp.contract import RAW_TABLES  # noqa: E402
from cdp.raw_loader import load_raw_dir  # noqa: E402

from .cases import CASES  # noqa: E402


def write_raw_dir(raw_dir: Path, rows_by_table: dict[str, list[dict[str, str]]]) -> None:
    """One CSV per contract table (header-only when it has no rows); absent columns are empty."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    for table, columns in RAW_TABLES.items():
        with (raw_dir / f"{table}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(columns), restval="", extrasaction="raise")
            writer.writeheader()
            writer.writerows(rows_by_table.get(table, []))


def dbt_executable() -> str:
    sibling = Path(sys.executable).with_name("dbt")
    return str(sibling) if sibling.is_file() else (shutil.which("dbt") or "dbt")


@dataclass(frozen=True)
class StagingBuild:
    database: Path
    returncode: int
    output: str
    raw_counts: dict[str, int]


@pytest.fixture(scope="session")
def staging_build(tmp_path_factory: pytest.TempPathFactory) -> StagingBuild:
    """Load every case into a fresh DuckDB file and run `dbt build --select +staging` once."""
    work = tmp_path_factory.mktemp("awkward_cases")
    rows_by_table: dict[str, list[dict[str, str]]] = {}
    for case in CASES:
        rows_by_table.setdefault(case.table, []).extend(case.rows)
    write_raw_dir(work / "raw", rows_by_table)
    database = work / "warehouse.duckdb"
    raw_counts = load_raw_dir(work / "raw", database)
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(ROOT),
        "CDP_DUCKDB_PATH": str(database),
        "CDP_TARGET": "duckdb",
    }
    completed = subprocess.run(
        [
            dbt_executable(),
            "build",
            "--select",
            "+staging",
            # The dbt unit tests run in every `dbt build` of the project (make run); skipped here to
            # keep this session short. Data tests (row conservation, keys, enumerations) do run.
            "--exclude",
            "test_type:unit",
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return StagingBuild(database, completed.returncode, completed.stdout + completed.stderr, raw_counts)


@pytest.fixture(scope="session")
def warehouse(staging_build: StagingBuild) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(staging_build.database), read_only=True)
    try:
        yield con
    finally:
        con.close()

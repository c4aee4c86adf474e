"""Fixtures of the staging integration tests: one raw folder of awkward cases, one DuckDB, one dbt build."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from cdp.raw_loader import load_raw_dir
from tests.support import run_dbt, write_raw_dir

from .cases import CASES, LINE_BREAK_TABLES

# CSV lines with more or fewer fields than the header, appended to the case files as a careless export
# writes them: the loader sets them aside and staging quarantines them (wrong_field_count). The web event's
# URL holds an unquoted comma (15 fields for 14 columns); the contact lost its fields after the email (3
# for 12), and ends in LF where the csv module wrote CRLF (a file joined from two exports).
MALFORMED_LINES = {
    "web_events": "ev-shifted,anon-shifted,,page_view,2024-01-10T03:00:00Z,web,,"
    "https://shop.vn/search?q=ao,dai,,,,,,\r\n",
    "crm_contacts": "crm-short,Nguyễn Văn Thiếu,thieu@example.vn\n",
}


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
    write_raw_dir(work / "raw", rows_by_table, parquet_tables=LINE_BREAK_TABLES)
    for table, line in MALFORMED_LINES.items():
        with (work / "raw" / f"{table}.csv").open("a", encoding="utf-8", newline="") as handle:
            handle.write(line)
    database = work / "warehouse.duckdb"
    raw_counts = load_raw_dir(work / "raw", database)
    run = run_dbt(
        database,
        work,
        "build",
        "--select",
        "+staging",
        # The dbt unit tests run in every `dbt build` of the project (make run); skipped here to
        # keep this session short. Data tests (row conservation, keys, enumerations) do run.
        "--exclude",
        "test_type:unit",
    )
    return StagingBuild(database, run.returncode, run.output, raw_counts)


@pytest.fixture(scope="session")
def warehouse(staging_build: StagingBuild) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(staging_build.database), read_only=True)
    try:
        yield con
    finally:
        con.close()

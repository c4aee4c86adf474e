"""Incremental staging on DuckDB (docs/scaling.md "Incremental runs"): a day appended and run incrementally
gives the same identity layer, contract outputs and staged rows as a full build of the same raw data, and
the run parsed only the new or changed keys. The day, the two warehouses and the comparisons:
tests/staging/incremental_day.py (shared with tests/engines/test_postgres_incremental.py).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from cdp.raw_loader import load_raw_dir
from tests import support
from tests.engines.conftest import DuckDBWarehouse

from . import incremental_day as day
from .incremental_day import Runs


@dataclass(frozen=True)
class DuckDBFiles:
    """The warehouses of the day as DuckDB files in one folder."""

    folder: Path

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.duckdb"

    def load(self, raw_dir: Path, name: str) -> None:
        load_raw_dir(raw_dir, self.path(name))

    def dbt(self, name: str, work: Path, *args: str) -> support.DbtRun:
        return support.run_dbt(self.path(name), work, *args)

    def copy(self, source: str, target: str) -> None:
        shutil.copyfile(self.path(source), self.path(target))

    def warehouse(self, name: str) -> DuckDBWarehouse:
        return DuckDBWarehouse(self.path(name))


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    work = tmp_path_factory.mktemp("incremental")
    return day.build_day(DuckDBFiles(work / "warehouses"), work)


class TestIncrementalDayOnDuckDB(day.IncrementalDayTests):
    """The day's assertions (tests/staging/incremental_day.py) on the fixture `runs` above."""

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
from .incremental_day import COMPARED, INCREMENTAL_MODELS, Runs


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


def test_the_appended_day_is_new(runs: Runs) -> None:
    day.assert_the_appended_day_is_new(runs)


@pytest.mark.parametrize("mart", COMPARED)
def test_contract_outputs_equal_a_full_build(runs: Runs, mart: str) -> None:
    day.assert_same_relations(runs, "marts", [mart])


def test_identity_layer_equals_a_full_build(runs: Runs) -> None:
    day.assert_same_identity_layer(runs)


def test_staged_rows_and_quarantine_equal_a_full_build(runs: Runs) -> None:
    day.assert_same_staging(runs)


def test_the_changes_arrived(runs: Runs) -> None:
    day.assert_the_changes_arrived(runs)


@pytest.mark.parametrize("model", INCREMENTAL_MODELS)
def test_the_run_parsed_only_new_or_changed_keys(runs: Runs, model: str) -> None:
    day.assert_the_run_parsed_only_new_or_changed_keys(runs, model)

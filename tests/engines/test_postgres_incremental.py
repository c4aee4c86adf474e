"""Incremental staging on PostgreSQL 15 (docs/scaling.md "Incremental runs"): the day of
tests/staging/test_incremental.py (2,000 generated people, yesterday and today, the hand-made changes),
built on a temporary PostgreSQL cluster in two databases of it. Database "full": yesterday built in full,
then today with every staging model rebuilt in full; database "incremental": a copy of "full" as
yesterday's build left it (`create database ... template`), then today with the twelve base models
incremental (`dbt build`, the data tests included). The identity layer, every contract output and mart
the DuckDB test compares and every staging relation must be the same row for row, and the incremental
run must have rewritten only the rows of new or changed keys. The day, the builds and the comparisons:
tests/staging/incremental_day.py.

Both databases are built with the same vars (VARS), beside staging_incremental.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from cdp.raw_loader import load_raw_dir_postgres
from tests import support
from tests import test_fingerprint_xor as fingerprint
from tests.marts.conftest import CLV_PARAMETERS
from tests.staging import incremental_day as day
from tests.staging.incremental_day import Runs

from .conftest import PostgresWarehouse
from .postgres_cluster import PostgresCluster

pytestmark = pytest.mark.postgres

VARS = {
    # PostgreSQL runs no Python model: clv_model_parameters reads var clv_parameters, pinned to the
    # parameters of the marts tests.
    "clv_parameters": CLV_PARAMETERS,
    # The u probabilities of the identity model from a sample of 120 profiles (7,140 pairs) instead of
    # 1,000 (about 500,000), as on Spark: at 1,000 int_identity_levels_sampled took 50 s of each of the
    # three builds on PostgreSQL, a third of the test.
    "identity_fs_u_sample_profiles": 120,
}


@dataclass
class PostgresDatabases:
    """The warehouses of the day as databases of one cluster."""

    cluster: PostgresCluster
    created: set[str] = field(default_factory=set)

    def load(self, raw_dir: Path, name: str) -> None:
        if name not in self.created:
            self.cluster.create_database(name)
            self.created.add(name)
        load_raw_dir_postgres(raw_dir, connect_kwargs=self.cluster.connect_kwargs(name))

    def dbt(self, name: str, work: Path, *args: str) -> support.DbtRun:
        # One thread, as the engine comparison builds: two pytest workers share two cores. No comments:
        # the comparison build (tests/engines/test_postgres.py) writes them on PostgreSQL.
        return support.run_dbt_postgres(
            self.cluster.env(name), work, *args, "--threads", "1", persist_docs=False
        )

    def copy(self, source: str, target: str) -> None:
        self.cluster.create_database(target, template=source)
        self.created.add(target)

    def warehouse(self, name: str) -> PostgresWarehouse:
        return PostgresWarehouse(self.cluster.connect_kwargs(name))


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, postgres_cluster: PostgresCluster) -> Runs:
    work = tmp_path_factory.mktemp("postgres_incremental")
    started = time.monotonic()
    built = day.build_day(PostgresDatabases(postgres_cluster), work, VARS)
    print(f"postgres: the raw loads and three dbt builds of the day {time.monotonic() - started:.1f} s")
    return built


class TestIncrementalDayOnPostgres(day.IncrementalDayTests):
    """The day's assertions (tests/staging/incremental_day.py) on the fixture `runs` above."""


def test_fingerprints_tell_every_change_and_ignore_the_order_on_postgres(
    tmp_path: Path, postgres_cluster: PostgresCluster
) -> None:
    """Macro fingerprint_xor's PostgreSQL form (md5 of the values as text), on tests/test_fingerprint_xor.py's
    cases: what the incremental models above compare their inputs by."""
    postgres_cluster.create_database("fingerprint")
    run = support.run_dbt_postgres(
        postgres_cluster.env("fingerprint"), tmp_path, "compile", "-q", "--inline", fingerprint.inline_sql()
    )
    sql = fingerprint.compiled_sql(run)
    assert "md5(" in sql
    warehouse = PostgresWarehouse(postgres_cluster.connect_kwargs("fingerprint"))
    fingerprint.assert_fingerprints_tell_the_changes(warehouse.query, sql)

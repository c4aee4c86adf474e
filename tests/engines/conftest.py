"""Fixtures of the engine tests: one raw folder, loaded and built on a fresh DuckDB file and on a temporary
PostgreSQL cluster, read back through one small interface so the tests compare the two engines.

The raw folder holds a small generated demo (PEOPLE people) plus the hand-made rows of the other suites:
the awkward staging cases (tests/staging/cases.py), the identity scenario (tests/identity) and a few
rows aimed at the PostgreSQL implementations of the dispatched macros (ENGINE_CASES). A few tables are
written as parquet, the rest as CSV, so both loader paths run. Both builds are
`dbt build --exclude-resource-type unit_test` (seeds, staging, identity resolution, every mart), with
the data tests on PostgreSQL only (on DuckDB they run in `make run` and the other suites); dbt unit
tests mock their inputs and run in `make run` on DuckDB.
"""

from __future__ import annotations

import csv
import json
import math
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from cdp.contract import RAW_TABLES
from cdp.generator import generate
from cdp.raw_loader import load_raw_dir, load_raw_dir_postgres
from tests import support
from tests.identity.conftest import DEFAULTS as IDENTITY_DEFAULTS
from tests.identity.test_identity_resolution import SCENARIO
from tests.staging.cases import CASES, LINE_BREAK_TABLES

from .postgres_cluster import PostgresCluster, find_bindir

PEOPLE = 300
SEED = 23
DATABASE = "cdp"
PARQUET_TABLES = ("web_events", *LINE_BREAK_TABLES)
BUILD = ("build", "--exclude-resource-type", "unit_test")
# The marts both comparison tests (PostgreSQL, Spark) compare row by row, every column, numbers within
# RELATIVE_TOLERANCE (unmatched_rows); the identity marts are compared on their own (partition, edges,
# matched_by).
COMPARED_MARTS = (
    "dim_customers",
    "customer_attribute_lineage",
    "customer_consent",
    "customer_consent_by_identifier",
    "fct_orders",
    "fct_order_items",
    "fct_customer_events",
    "fct_web_sessions",
    "customer_rfm",
    "metrics_retention",
    "metrics_retention_cohorts",
    "metrics_conversion",
    "metrics_email_funnel",
    "metrics_csat",
    "metrics_monthly_kpis",
    "metrics_cac",
    "metrics_cac_blended",
    "clv_model_parameters",
    "customer_clv",
    "identity_model_parameters",
    "time_spine_daily",
    "customer_traits",
    "audience_members",
    "audience_membership_history",
    "audience_sizes",
    "audience_exports",
    "customer_product_affinity",
    "customer_category_affinity",
    "customer_traits_daily",
    "erasure_receipts",
    "erasure_suppression_list",
    "customer_identifier_lookup",
)
# Columns stamped with the start of the dbt run that wrote the row (run_started_at): two builds differ there.
BUILD_TIME_COLUMNS = ("customer_id_assigned_at", "_staged_at", "_built_at")
# Columns that differ by design between two builds: when a model was fitted, and what only the engine that
# fits the CLV model has (DuckDB fits it; PostgreSQL and Spark are pinned to that fit, docs/metrics.md).
UNCOMPARED_COLUMNS = {
    "*": ("fitted_at",),
    "clv_model_parameters": ("source", "penalizer", "bgnbd_log_likelihood", "gamma_gamma_log_likelihood"),
    # When each build ran (run_started_at): the two engines build at different times.
    "audience_membership_history": ("entered_at", "exited_at"),
    "erasure_receipts": ("processed_at",),
    "erasure_suppression_list": ("suppressed_at",),
}


def comparable(value: object) -> object:
    """A mart value as two builds should agree on it: numbers as floats whatever the engine's type (a
    DuckDB double, a PostgreSQL numeric, a 4-byte float, a Spark decimal), integers as they are, aware
    times in UTC."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


# Two numbers agree within this relative difference (and both ints exactly): two engines, or one table
# built whole and built incrementally, sum doubles in another order and differ in the last bits, which
# may fall on either side of a rounding boundary (702915.4999 and 702915.5001), so rows are matched
# by tolerance, not rounded and compared.
RELATIVE_TOLERANCE = 1e-6


# Where a row's key (its values that must be equal) holds a number, compared apart within the tolerance.
_NUMBER = object()


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _agree(left: object, right: object) -> bool:
    if isinstance(left, int) and isinstance(right, int):
        return left == right
    return math.isclose(float(left), float(right), rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-12)


def _rows_agree(left: tuple, right: tuple) -> bool:
    return all(not _is_number(a) or _agree(a, b) for a, b in zip(left, right, strict=True))


def unmatched_rows(left: Iterable[Iterable[Any]], right: Iterable[Iterable[Any]]) -> tuple[list, list]:
    """The rows of each side that find no counterpart on the other (each row matches one row at most): a
    counterpart has every other value equal (comparable()) and every number within RELATIVE_TOLERANCE."""
    groups: dict[tuple, tuple[list[tuple], list[tuple]]] = defaultdict(lambda: ([], []))
    for side, rows in enumerate((left, right)):
        for raw in rows:
            row = tuple(comparable(value) for value in raw)
            key = tuple(_NUMBER if _is_number(value) else value for value in row)
            groups[key][side].append(row)
    only_left: list[tuple] = []
    only_right: list[tuple] = []
    for lefts, rights in groups.values():
        # Rows equal as they are pair up at once; the rest (a few, where sums differ in their last bits)
        # look for a counterpart one by one: a group holds every row of an all-number table.
        left_counts, right_counts = Counter(lefts), Counter(rights)
        equal = left_counts & right_counts
        unmatched = list((right_counts - equal).elements())
        for row in (left_counts - equal).elements():
            match = next((i for i, other in enumerate(unmatched) if _rows_agree(row, other)), None)
            if match is None:
                only_left.append(row)
            else:
                unmatched.pop(match)
        only_right += unmatched
    return sorted(only_left, key=repr), sorted(only_right, key=repr)


def mart_sql(query: Callable[[str], list[tuple]], mart: str) -> str:
    """Every compared column of marts.<mart>, as the engine that `query` reads built it, in name order."""
    columns = [
        name
        for (name,) in query(
            "select column_name from information_schema.columns where table_schema = 'marts' "
            f"and table_name = '{mart}' order by column_name"
        )
        if name not in (*UNCOMPARED_COLUMNS["*"], *UNCOMPARED_COLUMNS.get(mart, ()), *BUILD_TIME_COLUMNS)
    ]
    assert columns, f"marts.{mart} is not built on DuckDB"
    return f"select {', '.join(columns)} from marts.{mart}"


LONG_NAME = "Nguyễn " + "a" * 140 + " " + "b" * 140
ENGINE_CASES: dict[str, list[dict[str, str]]] = {
    "crm_contacts": [
        # decomposed Unicode (NFD, as macOS exports write it), Đ/đ, stray spaces and case
        {
            "contact_id": "eng-nfd",
            "full_name": "Nguye\u0302\u0303n Va\u0306n A\u0302n",
            "gender": "Nu\u031b\u0303",
        },
        {"contact_id": "eng-dstroke", "full_name": "  ĐOÀN thị   HỒNG ", "province": "Ha\u0300 No\u0323i"},
        # hyphen and apostrophe: DuckDB's proper case capitalises after spaces only
        {
            "contact_id": "eng-hyphen",
            "full_name": "o'NEIL-smith mary jane",
            "email": "Mary.ONeil@Example.COM",
        },
        # forms of address (seed name_honorifics): upper case with a dot; nothing but one
        {"contact_id": "eng-honorific", "full_name": "BÀ.  lê thị  MAI"},
        {"contact_id": "eng-honorific-only", "full_name": "Mrs."},
        # accents outside Vietnamese
        {"contact_id": "eng-latin", "full_name": "Åsa Ørsted Łukasz Müller Ñúñez", "province": "Đà Nẵng"},
        # names over fuzzystrmatch's 255 characters, one letter apart, on one phone
        {"contact_id": "eng-long-1", "full_name": LONG_NAME, "phone": "0911 222 999"},
        {"contact_id": "eng-long-2", "full_name": LONG_NAME[:-1] + "c", "phone": "0911222999"},
        # on one email, names more than 2 edits apart whose given names Jaro-Winkler finds close
        {
            "contact_id": "eng-jw-1",
            "full_name": "Nguyễn Minh Khuê",
            "email": "khue@jw.vn",
            "created_at": "1704855600",
        },
        {
            "contact_id": "eng-jw-2",
            "full_name": "Nguyen Khuee",
            "email": "Khue@JW.vn",
            "created_at": "10/01/2024 10:00",
        },
    ],
    # Erasure (docs/privacy.md): eng-hyphen by her email in another case, a phone nobody has, a subject
    # that does not normalise.
    "erasure_requests": [
        {
            "request_id": "eng-er-1",
            "subject_type": "Email",
            "subject_value": " mary.oneil@EXAMPLE.com ",
            "requested_at": "2024-03-30T03:00:00Z",
        },
        {
            "request_id": "eng-er-2",
            "subject_type": "phone",
            "subject_value": "0938 271 604",
            "requested_at": "30/03/2024 10:00",
        },
        {
            "request_id": "eng-er-3",
            "subject_type": "email",
            "subject_value": "not-an-email",
            "requested_at": "1711767600",
        },
        # one request delivered twice, both rows quarantined, one without a readable time: the receipt
        # shows the row with a time on every engine (PostgreSQL sorts a null first in a descending order)
        {
            "request_id": "eng-er-4",
            "subject_type": "email",
            "subject_value": "er4@example.vn",
            "requested_at": "not a date",
        },
        {
            "request_id": "eng-er-4",
            "subject_type": "phone",
            "subject_value": "0933 18",
            "requested_at": "2024-05-01 09:00",
        },
    ],
}


def _apply_defaults(table: str, row: dict[str, str]) -> dict[str, str]:
    return {**IDENTITY_DEFAULTS.get(table, {}), **row}


def write_engine_raw_dir(work: Path) -> dict[str, int]:
    """The raw folder of the engine tests in `work / 'raw'`; returns the rows written per table."""
    generate(PEOPLE, SEED, work / "generated", work / "truth", fmt="csv")
    rows: dict[str, list[dict[str, str]]] = {}
    for table in RAW_TABLES:
        with (work / "generated" / f"{table}.csv").open(newline="", encoding="utf-8") as handle:
            rows[table] = list(csv.DictReader(handle))
    for table, table_rows in SCENARIO.items():
        rows[table].extend(_apply_defaults(table, row) for row in table_rows)
    for case in CASES:
        rows[case.table].extend(case.rows)
    for table, table_rows in ENGINE_CASES.items():
        rows[table].extend(_apply_defaults(table, row) for row in table_rows)
    raw_dir = work / "raw"
    support.write_raw_dir(raw_dir, rows, parquet_tables=PARQUET_TABLES)
    return {table: len(table_rows) for table, table_rows in rows.items()}


class Warehouse:
    """Read access to one engine's built warehouse."""

    name: str

    def query(self, sql: str) -> list[tuple]:
        raise NotImplementedError


@dataclass
class DuckDBWarehouse(Warehouse):
    path: Path
    name: str = "duckdb"

    def query(self, sql: str) -> list[tuple]:
        con = duckdb.connect(str(self.path), read_only=True)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()


@dataclass
class PostgresWarehouse(Warehouse):
    connect_kwargs: dict
    name: str = "postgres"

    def query(self, sql: str) -> list[tuple]:
        import psycopg2

        con = psycopg2.connect(**self.connect_kwargs)
        try:
            with con.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()
        finally:
            con.close()


@dataclass
class EngineBuild:
    warehouse: Warehouse
    loaded: dict[str, int]
    run: support.DbtRun
    load_seconds: float
    build_seconds: float


@dataclass
class EngineBuilds:
    written: dict[str, int]
    duckdb: EngineBuild
    postgres: EngineBuild

    def require_success(self) -> None:
        for build in (self.duckdb, self.postgres):
            if build.run.returncode != 0:
                pytest.fail(f"dbt build on {build.warehouse.name} failed:\n{build.run.failure_summary()}")


@pytest.fixture(scope="module")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """A PostgreSQL cluster of its own for the module, stopped (pg_ctl stop -m fast) after it."""
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL binaries not found: install PostgreSQL 15 or set CDP_PG_BINDIR")
    cluster = PostgresCluster.start(bindir)
    try:
        yield cluster
    finally:
        cluster.stop()


def duckdb_clv_parameters(database: Path) -> dict[str, float]:
    """The BG/NBD and Gamma-Gamma parameters of the DuckDB build (empty when it built none)."""
    names = ("r", "alpha", "a", "b", "p", "q", "v")
    con = duckdb.connect(str(database), read_only=True)
    try:
        found = con.execute(f"select {', '.join(names)} from marts.clv_model_parameters").fetchall()
    except duckdb.Error:
        return {}
    finally:
        con.close()
    return dict(zip(names, found[0], strict=True)) if found else {}


@pytest.fixture(scope="module")
def engine_builds(
    tmp_path_factory: pytest.TempPathFactory, postgres_cluster: PostgresCluster
) -> EngineBuilds:
    """The engine raw folder built on DuckDB, then on PostgreSQL (one heavy process at a time)."""
    work = tmp_path_factory.mktemp("engines")
    written = write_engine_raw_dir(work)

    started = time.monotonic()
    database = work / "duckdb" / "cdp.duckdb"
    duck_loaded = load_raw_dir(work / "raw", database)
    loaded_at = time.monotonic()
    # DuckDB's data tests run in make run and every other suite: here they would only repeat, so the
    # DuckDB side builds without them and PostgreSQL runs them (its implementations are what is new).
    duck_run = support.run_dbt(database, work / "duckdb", *BUILD, "test")
    duck = EngineBuild(
        DuckDBWarehouse(database), duck_loaded, duck_run, loaded_at - started, time.monotonic() - loaded_at
    )

    postgres_cluster.create_database(DATABASE)
    connect_kwargs = postgres_cluster.connect_kwargs(DATABASE)
    started = time.monotonic()
    pg_loaded = load_raw_dir_postgres(work / "raw", connect_kwargs=connect_kwargs)
    loaded_at = time.monotonic()
    # PostgreSQL runs no Python model: clv_model_parameters reads var clv_parameters, pinned to the
    # parameters DuckDB fitted to the same data (docs/metrics.md "CLV"), so customer_clv compares.
    pg_run = support.run_dbt_postgres(
        postgres_cluster.env(DATABASE),
        work / "postgres",
        *BUILD,
        "--threads",
        "1",
        "--vars",
        json.dumps({"clv_parameters": duckdb_clv_parameters(database)}),
    )
    pg = EngineBuild(
        PostgresWarehouse(connect_kwargs),
        pg_loaded,
        pg_run,
        loaded_at - started,
        time.monotonic() - loaded_at,
    )
    for build in (duck, pg):
        name = build.warehouse.name
        print(f"{name}: raw load {build.load_seconds:.1f} s, dbt build {build.build_seconds:.1f} s")
    return EngineBuilds(written, duck, pg)

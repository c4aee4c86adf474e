"""Spark and DuckDB agree: one raw folder built on both engines, results compared row by row.

The raw folder holds a generated demo (150 people), every awkward staging case (tests/staging/cases.py)
and every identity scenario (tests/identity: chains, placeholder emails shared by a thousand records,
households, names in either order and without diacritics, fuzzy pairs). Most tables are CSV, a few
parquet, so both of Spark's file paths are read.

- DuckDB: the Python raw loader into a fresh DuckDB file, then `dbt build` in a subprocess.
- Spark: dbt-spark's session method, a real local Spark inside this test's process. dbt runs in-process
  (dbtRunner), so the raw load (`dbt run-operation load_raw_files`), the build and the reads below share
  one Spark session: one JVM start instead of three. Its tables live in this test's temporary folder
  (CDP_SPARK_DIR), its catalog in the process's memory (CDP_SPARK_CATALOG=in-memory), tuned for small
  data (CDP_SPARK_SMALL_DATA=true).

Both build the whole project; then staged row counts, quarantine counts per (source, reason), the
normalised identity attributes, every identity edge, the partition of identity records into customers and
every row of every mart (conftest.COMPARED_MARTS, numbers within a relative 1e-6) must be equal. A failure
prints the rows that differ.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow.parquet as pq
import pytest

from cdp.contract import RAW_TABLES
from cdp.generator.cli import main as generate
from cdp.generator.corrupt import keyboard_slip
from cdp.raw_loader import RawDataError, load_raw_dir, load_raw_dir_dbt
from tests import support
from tests.identity.conftest import DEFAULTS as IDENTITY_DEFAULTS
from tests.identity.test_identity_resolution import SCENARIO
from tests.identity.typo_cases import (
    CONTAINED_WITH_TYPO_CASES,
    MIN_LENGTH,
    ONE_EDIT_CASES,
    TWO_EDIT_CASES,
    TWO_EDITS,
)
from tests.staging.cases import (
    CASES,
    LINE_BREAK_TABLES,
    MONTH_FIRST_EXPECTED,
    month_first_read,
    month_first_sql,
)

from .conftest import COMPARED_MARTS, comparable, duckdb_clv_parameters, mart_sql, unmatched_rows

pytest.importorskip("pyspark", reason="the spark extra is not installed (pip install -e '.[spark]')")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java (17) on the PATH", allow_module_level=True)

# What both engines build: the whole project (seeds, staging with the quarantine, identity, every mart).
# Unit tests are left out: they prove macros on mocked rows, whatever the raw data. Data tests run on
# DuckDB (make run, the other suites) and on PostgreSQL; on the local Spark each costs a job of a second
# or more, and the rows they check are compared here with DuckDB's one by one.
SELECT = ["fqn:*"]
EXCLUDED = ["--exclude-resource-type", "unit_test", "test"]
# Both builds, to keep the local Spark's many small jobs few (each costs it seconds):
# - the u probabilities of the identity model from a sample of 80 profiles (3,160 pairs) instead of 1,000
#   (about 500,000): every pair costs Spark a Jaro-Winkler in higher-order functions;
# - EM stops when no m moves by 0.02 (5 passes on this data; 0.01 took 20) instead of 0.0001; each pass is
#   a table of its own, about 2.9 s on Spark. The passes that do run are the same SQL, compared below.
VARS = {"identity_fs_u_sample_profiles": 80, "identity_fs_em_tolerance": 0.02}
PARQUET_TABLES = ("web_events", "email_events", *LINE_BREAK_TABLES)


def _raw_rows(work: Path) -> dict[str, list[dict[str, str]]]:
    """Generated demo + awkward staging cases + identity scenarios, every value text."""
    generated = work / "generated"
    truth = work / "truth"
    generate(["--people", "150", "--seed", "11", "--out", str(generated), "--truth", str(truth), "--quiet"])
    rows: dict[str, list[dict[str, str]]] = {}
    for table, columns in RAW_TABLES.items():
        data = pq.read_table(generated / f"{table}.parquet").to_pylist()
        rows[table] = [{c: "" if row.get(c) is None else str(row[c]) for c in columns} for row in data]
    for case in CASES:
        rows[case.table].extend(dict(row) for row in case.rows)
    for table, scenario_rows in SCENARIO.items():
        rows[table].extend({**IDENTITY_DEFAULTS.get(table, {}), **row} for row in scenario_rows)
    # Decomposed (NFD) Vietnamese, as some exports write it: the same person as the precomposed record.
    for i, name in enumerate(["Đặng Thị Ngọc Ánh", unicodedata.normalize("NFD", "Đặng Thị Ngọc Ánh")]):
        rows["crm_contacts"].append(
            {
                **IDENTITY_DEFAULTS["crm_contacts"],
                "contact_id": f"ENG-NFD-{i}",
                "full_name": name,
                "phone": "0912 345 671",
                "date_of_birth": "1990-04-05",
            }
        )
    return rows


# CSV lines with more or fewer fields than the header, appended to CSV files as a careless export writes
# them; each loader sets them aside in raw.rejected_rows as it read them (a line written back with its
# fields, on DuckDB; the line as it was, on Spark: the same text for these). A comma inside quotes is no
# separator: the contact with the quoted "Lê, Văn Bình" has 3 fields of 12, the ticket with an unquoted
# comma in its category 10 of 9.
MALFORMED_LINES = {
    "crm_contacts": 'eng-short,"Lê, Văn Bình",binh.le@example.vn\n',
    "support_tickets": "eng-long,phone,Trần Thị Mai,mai.tran@example.vn,0912 345 670,2024-03-01 09:00,,"
    "returns,refunds,5\r\n",
}


def _write_raw_dir(raw_dir: Path, rows: dict[str, list[dict[str, str]]]) -> None:
    support.write_raw_dir(raw_dir, rows, parquet_tables=PARQUET_TABLES)
    for table, line in MALFORMED_LINES.items():
        with (raw_dir / f"{table}.csv").open("a", encoding="utf-8", newline="") as handle:
            handle.write(line)
    # A header an export wrote in capitals: each loader reads its columns under the contract's names.
    leads = raw_dir / "social_leads.csv"
    header, rest = leads.read_text(encoding="utf-8").split("\n", 1)
    leads.write_text(header.upper() + "\n" + rest, encoding="utf-8")


@dataclass
class Build:
    engine: str
    success: bool
    output: str
    seconds: float
    raw_counts: dict[str, int]
    rows: dict[str, list[tuple]]
    # marts.<mart> -> its rows, every column as conftest.comparable reads it (COMPARED_MARTS)
    marts: dict[str, list[tuple]] = field(default_factory=dict)
    # marts.<mart> -> the query that read them (DuckDB's columns, read the same way on Spark)
    mart_queries: dict[str, str] = field(default_factory=dict)


def _mart_rows(raw: Iterable[Iterable[Any]]) -> list[tuple]:
    return [tuple(comparable(v) for v in row) for row in raw]


# What is compared: (name, query) on both engines, results as sets of rows.
QUERIES: dict[str, str] = {
    "quarantine per (source, reason)": (
        "select source_table, quarantine_reason, count(*) from staging.stg_quarantine__rows "
        "group by source_table, quarantine_reason"
    ),
    "lines set aside by the loader": "select source_table, rejection, raw_line from raw.rejected_rows",
    "quarantined lines with a wrong field count": (
        "select source_table, source_record_id, raw_record from staging.stg_quarantine__rows "
        "where quarantine_reason = 'wrong_field_count'"
    ),
    "identity records (normalised attributes)": (
        "select record_key, full_name, full_name_ascii, family_name_key, given_name_key, name_tokens_sorted, "
        "email, email_match_key, phone_e164, date_of_birth, province_code, first_seen_at, last_seen_at "
        "from intermediate.int_identity_records_unioned"
    ),
    "identifiers": (
        "select record_key, identifier_type, identifier_value "
        "from intermediate.int_identity_identifiers_unioned"
    ),
    "identity edges": (
        "select edge_id, left_record_key, right_record_key, rule, rule_family, evidence, round(score, 6), "
        "accepted, rejection_reason from marts.identity_edges"
    ),
    "accepted identity edges": (
        "select left_record_key, right_record_key, rule from marts.identity_edges where accepted"
    ),
    "identity map": (
        "select source_table, source_record_id, record_key, customer_id, matched_by, round(match_score, 6) "
        "from marts.customer_identity_map"
    ),
}


def _staged_count_queries() -> dict[str, str]:
    from tests.staging.cases import STAGING

    models = sorted({model for model, _ in STAGING.values()})
    union = " union all ".join(f"select '{m}' as model, count(*) as n from staging.{m}" for m in models)
    return {"staged rows per model": union}


def _plain(value: Any) -> Any:
    """One Python form for both engines' values (decimal or double, float noise)."""
    if isinstance(value, Decimal | float):
        return round(float(value), 9)
    if isinstance(value, datetime | date | str | int | bool) or value is None:
        return value
    return str(value)


def _rows(raw: Iterable[Iterable[Any]]) -> list[tuple]:
    return [tuple(_plain(v) for v in row) for row in raw]


def _queries() -> dict[str, str]:
    return {**_staged_count_queries(), **QUERIES}


def _build_duckdb(work: Path, raw_dir: Path) -> Build:
    database = work / "duckdb" / "warehouse.duckdb"
    started = time.monotonic()
    raw_counts = load_raw_dir(raw_dir, database)
    run = support.run_dbt(
        database,
        work / "duckdb",
        "build",
        "--select",
        *SELECT,
        *EXCLUDED,
        "--vars",
        json.dumps(VARS),
    )
    seconds = time.monotonic() - started
    rows: dict[str, list[tuple]] = {}
    marts: dict[str, list[tuple]] = {}
    mart_queries: dict[str, str] = {}
    if run.returncode == 0:
        con = duckdb.connect(str(database), read_only=True)
        try:
            rows = {name: _rows(con.execute(sql).fetchall()) for name, sql in _queries().items()}
            for mart in COMPARED_MARTS:
                mart_queries[mart] = mart_sql(lambda sql: con.execute(sql).fetchall(), mart)
                marts[mart] = _mart_rows(con.execute(mart_queries[mart]).fetchall())
        finally:
            con.close()
    return Build("duckdb", run.returncode == 0, run.output, seconds, raw_counts, rows, marts, mart_queries)


class _InProcessDbt:
    """A DbtInvoke running dbt in this process (dbtRunner): every command shares the one Spark session."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.lines: list[str] = []

    def __call__(self, args: list[str]) -> tuple[bool, str]:
        from dbt.cli.main import dbtRunner

        lines: list[str] = []

        def collect(event: Any) -> None:
            if event.info.level in ("info", "warn", "error"):
                lines.append(event.info.msg)

        result = dbtRunner(callbacks=[collect]).invoke([*args, *self.folders()])
        self.lines += lines
        return bool(result.success), "\n".join(lines)

    def folders(self) -> list[str]:
        folders = ["--project-dir", str(support.ROOT), "--profiles-dir", str(support.ROOT)]
        return [*folders, "--target-path", str(self.work / "target"), "--log-path", str(self.work / "logs")]

    def compile_inline(self, sql: str, dbt_vars: str) -> str:
        """`sql` as dbt compiles it for the Spark target (macros dispatched to Spark's versions)."""
        from dbt.cli.main import dbtRunner

        args = ["compile", "--target", "spark", "--quiet", "--vars", dbt_vars, "--inline", sql]
        result = dbtRunner().invoke([*args, *self.folders()])
        assert result.success, result.exception
        return result.result.results[0].node.compiled_code


@pytest.fixture(scope="module")
def spark_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    work = tmp_path_factory.mktemp("spark_engine")
    settings = {
        "CDP_SPARK_DIR": str(work / "spark"),
        "CDP_SPARK_SCHEMA": "cdp",
        "CDP_SPARK_MASTER": "local[2]",
        "CDP_SPARK_SHUFFLE_PARTITIONS": "2",
        # Two dbt threads on the one session: the build is latency-bound (metastore calls, job start-up),
        # so two models at a time take 444 s instead of 546 s (2026-12-03, alone on the machine).
        "CDP_SPARK_THREADS": "2",
        "CDP_SPARK_SMALL_DATA": "true",
        # The catalog in this process's memory: the test loads, builds and reads in one process, and the
        # Derby metastore cost a median 0.4 s per model (2026-12-03).
        "CDP_SPARK_CATALOG": "in-memory",
        # A short-lived JVM: the client compiler only, the serial collector. With the client compiler
        # alone the JVM compiles into half of its default 240 MB code cache, which this build filled
        # ("CodeCache is full. Compiler has been disabled"), interpreting everything after it: 512 MB
        # keeps it compiling (alone on the machine, 2026-12-04: 360.6 -> 326.1 CPU s, 275 -> 261 s).
        "CDP_SPARK_JAVA_OPTIONS": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:ReservedCodeCacheSize=512m",
        # PySpark turns timestamps into datetimes in the process's time zone; DuckDB's are UTC.
        "TZ": "UTC",
        # dbt runs in this process: the tests' environment (support.DBT_TEST_ENV), with the descriptions
        # written as comments (Spark's own statements for them).
        **support.DBT_TEST_ENV,
        **support.PERSIST_DOCS,
    }
    with pytest.MonkeyPatch.context() as patch:
        for key, value in settings.items():
            patch.setenv(key, value)
        time.tzset()
        yield work
    time.tzset()


def _spark_vars(work: Path) -> str:
    return json.dumps({**VARS, "clv_parameters": duckdb_clv_parameters(work / "duckdb" / "warehouse.duckdb")})


def _build_spark(work: Path, raw_dir: Path, mart_queries: dict[str, str]) -> Build:
    """Spark runs no Python model: clv_model_parameters reads var clv_parameters, pinned to the parameters
    DuckDB fitted to the same data (docs/metrics.md "CLV"), so customer_clv compares."""
    dbt = _InProcessDbt(work / "spark")
    started = time.monotonic()
    try:
        raw_counts = load_raw_dir_dbt(raw_dir, target="spark", invoke=dbt)
    except RawDataError as error:
        return Build("spark", False, str(error), time.monotonic() - started, {}, {})
    build = ["build", "--target", "spark", "--select", *SELECT, *EXCLUDED, "--vars", _spark_vars(work)]
    success, _ = dbt(build)
    seconds = time.monotonic() - started
    rows: dict[str, list[tuple]] = {}
    marts: dict[str, list[tuple]] = {}
    if success:
        from pyspark.sql import SparkSession

        spark = SparkSession.builder.getOrCreate()  # the session dbt started in this process
        rows = {name: _rows(spark.sql(sql).collect()) for name, sql in _queries().items()}
        marts = {mart: _mart_rows(spark.sql(sql).collect()) for mart, sql in mart_queries.items()}
    return Build("spark", success, "\n".join(dbt.lines), seconds, raw_counts, rows, marts, mart_queries)


def _stop_spark() -> None:
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    session = SparkSession.getActiveSession() or SparkSession._instantiatedSession
    if session is not None:
        session.stop()
    gateway = SparkContext._gateway
    if gateway is not None:
        # The JVM that PySpark started for this process ends when its standard input closes.
        process = getattr(gateway, "proc", None)
        gateway.shutdown()
        if process is not None and process.stdin is not None:
            process.stdin.close()
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=60)
        SparkContext._gateway = None
        SparkContext._jvm = None


@pytest.fixture(scope="module")
def builds(spark_env: Path) -> Iterator[dict[str, Build]]:
    work = spark_env
    raw_dir = work / "raw"
    _write_raw_dir(raw_dir, _raw_rows(work))
    duck = _build_duckdb(work, raw_dir)
    try:
        spark = _build_spark(work, raw_dir, duck.mart_queries)
        print(f"\nbuild times: duckdb {duck.seconds:.0f} s, spark {spark.seconds:.0f} s (load and build)")
        yield {"duckdb": duck, "spark": spark}
    finally:
        _stop_spark()


def _failure(build: Build) -> str:
    lines = [line for line in build.output.splitlines() if "FAIL" in line or "rror" in line]
    return "\n".join(lines[-40:]) or build.output[-4000:]


def test_both_engines_build(builds: dict[str, Build]) -> None:
    for build in builds.values():
        assert build.success, f"dbt build on {build.engine} failed:\n{_failure(build)}"


def test_same_raw_rows_loaded(builds: dict[str, Build]) -> None:
    """The Python loader (DuckDB) and the macro load_raw_files (Spark) read the same CSV and parquet rows."""
    assert builds["spark"].raw_counts, f"the Spark raw load failed:\n{_failure(builds['spark'])}"
    assert builds["spark"].raw_counts == builds["duckdb"].raw_counts


def _difference(name: str, duck: list[tuple], spark: list[tuple], limit: int = 25) -> str:
    only_duck = sorted(set(duck) - set(spark), key=repr)
    only_spark = sorted(set(spark) - set(duck), key=repr)
    lines = [f"{name}: {len(only_duck)} row(s) only on DuckDB, {len(only_spark)} only on Spark"]
    lines += [f"  duckdb only: {row}" for row in only_duck[:limit]]
    lines += [f"  spark only:  {row}" for row in only_spark[:limit]]
    return "\n".join(lines)


def test_spark_sets_aside_lines_with_a_wrong_field_count(builds: dict[str, Build]) -> None:
    """Spark's CSV reader would pad the short line and drop the long line's extra field without telling:
    the loader sets both aside, and neither reaches its raw table (test_same_raw_rows_loaded)."""
    assert sorted(builds["spark"].rows.get("lines set aside by the loader", [])) == [
        ("crm_contacts", "too_few_fields", 'eng-short,"Lê, Văn Bình",binh.le@example.vn'),
        (
            "support_tickets",
            "too_many_fields",
            "eng-long,phone,Trần Thị Mai,mai.tran@example.vn,0912 345 670,2024-03-01 09:00,,"
            "returns,refunds,5",
        ),
    ]


@pytest.mark.parametrize("name", list(_queries()))
def test_engines_agree(name: str, builds: dict[str, Build]) -> None:
    duck, spark = builds["duckdb"], builds["spark"]
    if not (duck.success and spark.success):
        pytest.fail("a build failed: see test_both_engines_build")
    assert duck.rows[name], f"{name}: nothing to compare (DuckDB returned no rows)"
    assert Counter(duck.rows[name]) == Counter(spark.rows[name]), _difference(
        name, duck.rows[name], spark.rows[name]
    )


@pytest.mark.parametrize("mart", COMPARED_MARTS)
def test_same_mart_rows(mart: str, builds: dict[str, Build]) -> None:
    """Every column of every row of the mart, numbers within a relative 1e-6 (conftest.unmatched_rows)."""
    duck, spark = builds["duckdb"], builds["spark"]
    if not (duck.success and spark.success):
        pytest.fail("a build failed: see test_both_engines_build")
    assert duck.marts[mart], f"marts.{mart} is empty on DuckDB: the test data should fill it"
    only_duck, only_spark = unmatched_rows(duck.marts[mart], spark.marts[mart])
    assert not only_duck and not only_spark, _difference(
        f"marts.{mart} ({duck.mart_queries[mart]})", only_duck, only_spark
    )


def _partition(identity_map: list[tuple]) -> set[frozenset[str]]:
    customers: dict[str, set[str]] = defaultdict(set)
    for _source, _record_id, record_key, customer_id, _matched_by, _score in identity_map:
        customers[customer_id].add(record_key)
    return {frozenset(keys) for keys in customers.values()}


def test_same_partition_of_records_into_customers(builds: dict[str, Build]) -> None:
    duck, spark = builds["duckdb"], builds["spark"]
    if not (duck.success and spark.success):
        pytest.fail("a build failed: see test_both_engines_build")
    duck_customers = _partition(duck.rows["identity map"])
    spark_customers = _partition(spark.rows["identity map"])
    assert len(duck_customers) > 100, "the data set should resolve into many customers"
    assert any(len(keys) >= 10 for keys in duck_customers), "a long chain should make one big customer"
    only_duck = sorted((sorted(keys) for keys in duck_customers - spark_customers), key=repr)
    only_spark = sorted((sorted(keys) for keys in spark_customers - duck_customers), key=repr)
    assert not only_duck and not only_spark, (
        f"customers (record key groups) only on DuckDB: {only_duck[:10]}\nonly on Spark: {only_spark[:10]}"
    )


def test_connected_components_converge_on_spark(builds: dict[str, Build]) -> None:
    spark = builds["spark"]
    passes = [
        line
        for line in spark.output.splitlines()
        if "connected_components:" in line and "converged in" in line
    ]
    assert len(passes) == 2, f"expected both clustering passes to report convergence, got {passes}"


def test_spark_tables_stay_in_their_folder(builds: dict[str, Build], spark_env: Path) -> None:
    """Tables under CDP_SPARK_DIR; no metastore, warehouse or Derby log in the project folder."""
    assert (spark_env / "spark" / "tables").is_dir()
    for stray in ("metastore_db", "spark-warehouse", "derby.log"):
        assert not (support.ROOT / stray).exists(), f"{stray} was created in the project folder"
    assert not os.path.exists(Path.cwd() / "metastore_db")


# Name keys and email local parts (string_similarity compares the ASCII keys and email local parts).
_SIMILARITY_WORDS = """
nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly an binh chau dung giang ha hanh hieu
hoa hung huong khanh lan linh long mai minh my nam ngoc nhi phong phuong quang thao thu trang tuan uyen van
viet vy yen thanhhuong nguyenphong82 hanhngo141 khanghoang63 khang.hoang
"""


def _similarity_pairs() -> list[tuple[str | None, str | None]]:
    """Name keys and email local parts, with the generator's typing slips (cdp.generator.corrupt
    keyboard_slip: a neighbour key, two letters swapped, a letter dropped; once or twice), a number
    appended, other names, and the edge cases (empty, one letter, null)."""
    rng = np.random.default_rng(5)
    words = np.array(_SIMILARITY_WORDS.split())
    n = 4000
    a = words[rng.integers(len(words), size=n)]
    once, _ = keyboard_slip(rng, a, np.ones(n, dtype=bool))
    twice, _ = keyboard_slip(rng, once, rng.random(n) < 0.33)
    draw = rng.random(n)
    b = np.where(draw < 0.6, twice, np.where(draw < 0.65, a, words[rng.integers(len(words), size=n)]))
    numbered = [
        f"{word}{number}" for word, number in zip(a.tolist(), rng.integers(100, size=n).tolist(), strict=True)
    ]
    a = np.where(rng.random(n) < 0.2, numbered, a)
    pairs: list[tuple[str | None, str | None]] = list(zip(a.tolist(), b.tolist(), strict=True))
    edge_cases = [("", ""), ("", "a"), ("a", ""), ("a", "a"), ("ab", "ba"), (None, "a"), ("a", None)]
    return pairs + edge_cases + [("martha", "marhta"), ("dwayne", "duane"), ("dixon", "dicksonx")]


def _compiled_for_spark(spark_env: Path, folder: str, sql: str) -> str:
    """An inline select compiled for the Spark target, in a target folder of its own (the build's
    run_results.json stays), started from the build's parse (the same vars: dbt parses again only what
    changed)."""
    compile_dir = spark_env / folder
    (compile_dir / "target").mkdir(parents=True, exist_ok=True)
    shutil.copy(spark_env / "spark" / "target" / "partial_parse.msgpack", compile_dir / "target")
    return _InProcessDbt(compile_dir).compile_inline(sql, _spark_vars(spark_env))


def test_string_similarity_is_duckdbs_bit_for_bit(builds: dict[str, Build], spark_env: Path) -> None:
    """Macro string_similarity on Spark (Jaro-Winkler in higher-order functions, its last step rounded
    once in exact integer arithmetic) gives the 64-bit double DuckDB's jaro_winkler_similarity gives: a
    threshold such as 0.9 is met on both engines or on neither."""
    if not builds["spark"].success:
        pytest.fail("the Spark build failed: see test_both_engines_build")
    from pyspark.sql import SparkSession

    pairs = _similarity_pairs()
    sql = _compiled_for_spark(
        spark_env,
        "spark_compile",
        "select a, b, {{ cdp.string_similarity('a', 'b') }} as similarity from cdp_similarity_pairs",
    )
    spark = SparkSession.builder.getOrCreate()
    spark.createDataFrame(pairs, "a string, b string").createOrReplaceTempView("cdp_similarity_pairs")
    on_spark = {(row.a, row.b): row.similarity for row in spark.sql(sql).collect()}
    con = duckdb.connect()
    con.execute("create table pairs (a varchar, b varchar)")
    con.executemany("insert into pairs values (?, ?)", pairs)
    on_duckdb = dict(
        ((a, b), s)
        for a, b, s in con.execute("select a, b, jaro_winkler_similarity(a, b) from pairs").fetchall()
    )
    con.close()

    def bits(value: float | None) -> bytes | None:
        return None if value is None else struct.pack("<d", value)

    differing = [
        (pair, on_spark[pair], on_duckdb[pair])
        for pair in on_duckdb
        if bits(on_spark[pair]) != bits(on_duckdb[pair])
    ]
    assert not differing, (
        f"{len(differing)} of {len(on_duckdb)} pairs differ (pair, Spark, DuckDB): {differing[:10]}"
    )
    # The pairs reach every branch: nulls, no match, and the prefix step above 0.7.
    assert on_duckdb[(None, "a")] is None and on_duckdb[("ab", "ba")] == 0.0
    assert sum(1 for (a, b), s in on_duckdb.items() if s is not None and s > 0.7 and a[:1] == b[:1]) > 1000


def test_month_first_dates_on_spark(builds: dict[str, Build], spark_env: Path) -> None:
    """parse_timestamp and parse_date with month_first (var source_date_order): the hand-worked answers of
    tests/staging/cases.py MONTH_FIRST_CASES, which DuckDB gives too."""
    if not builds["spark"].success:
        pytest.fail("the Spark build failed: see test_both_engines_build")
    from pyspark.sql import SparkSession

    sql = _compiled_for_spark(spark_env, "spark_compile_month_first", month_first_sql())
    assert month_first_read(SparkSession.builder.getOrCreate().sql(sql).collect()) == MONTH_FIRST_EXPECTED


def test_name_typo_macros_on_spark(builds: dict[str, Build], spark_env: Path) -> None:
    """Macro within_one_edit on Spark (Levenshtein at most 1, or one swap of adjacent letters found by
    exists() over sequence()) answers as DuckDB's damerau_levenshtein(a, b) <= 1 on the keyboard slips
    of the similarity pairs and on the hand-made cases; tokens_contained_with_typo (name level 2) gives
    the hand-worked answers of tests/identity/typo_cases.py, and within_edits at two edits (the given-name
    guard's typos) its hand-worked answers."""
    if not builds["spark"].success:
        pytest.fail("the Spark build failed: see test_both_engines_build")
    from pyspark.sql import SparkSession

    sql = _compiled_for_spark(
        spark_env,
        "spark_compile_typos",
        "select a, b, {{ cdp.within_one_edit('a', 'b') }} as one_edit,"
        f" {{{{ cdp.tokens_contained_with_typo('a', 'b', {MIN_LENGTH}) }}}} as contained,"
        f" {{{{ cdp.within_edits('a', 'b', {TWO_EDITS}) }}}} as two_edits from cdp_typo_pairs",
    )
    pairs = _similarity_pairs() + [(a, b) for a, b, _ in ONE_EDIT_CASES]
    names = [(a, b) for a, b, _ in CONTAINED_WITH_TYPO_CASES]
    two_edit_pairs = [(a, b) for a, b, _ in TWO_EDIT_CASES]
    spark = SparkSession.builder.getOrCreate()
    spark.createDataFrame(pairs + names + two_edit_pairs, "a string, b string").createOrReplaceTempView(
        "cdp_typo_pairs"
    )
    on_spark = {
        (row.a, row.b): (row.one_edit, row.contained, row.two_edits) for row in spark.sql(sql).collect()
    }
    con = duckdb.connect()
    con.execute("create table pairs (a varchar, b varchar)")
    con.executemany("insert into pairs values (?, ?)", pairs)
    on_duckdb = {
        (a, b): one_edit
        for a, b, one_edit in con.execute("select a, b, damerau_levenshtein(a, b) <= 1 from pairs").fetchall()
    }
    con.close()
    differing = [
        (pair, on_spark[pair][0], on_duckdb[pair])
        for pair in on_duckdb
        if on_spark[pair][0] != on_duckdb[pair]
    ]
    assert not differing, f"{len(differing)} pairs differ (pair, Spark, DuckDB): {differing[:10]}"
    assert (
        sum(1 for v in on_duckdb.values() if v) > 500
        and sum(1 for v in on_duckdb.values() if v is False) > 500
    )
    assert {(a, b): on_spark[(a, b)][1] for a, b in names} == {
        (a, b): e for a, b, e in CONTAINED_WITH_TYPO_CASES
    }
    assert {(a, b): on_spark[(a, b)][2] for a, b in two_edit_pairs} == {
        (a, b): e for a, b, e in TWO_EDIT_CASES
    }


def test_stable_ids_run_again_on_spark(builds: dict[str, Build], spark_env: Path) -> None:
    """The stable ids and their history run a second time, incrementally, on Spark (insert_overwrite from
    a copy of the previous table; int_customer_id_history selects its kept rows as well as the new ones:
    macro append_strategy): every record keeps its id, and the history keeps each (record, id) pair
    once, none lost, none doubled; the retired ids (none: no merge, no deletion) stay none; the stable ids
    read the id history's table to mint no id it holds."""
    spark_build = builds["spark"]
    if not spark_build.success:
        pytest.fail("the Spark build failed: see test_both_engines_build")
    from pyspark.sql import SparkSession

    session = SparkSession.builder.getOrCreate()  # the session dbt started in this process

    def pairs(table: str) -> list[tuple]:
        query = f"select record_key, customer_id from intermediate.{table}"
        return sorted(_rows(session.sql(query).collect()))

    assigned, history = pairs("int_customer_ids_assigned"), pairs("int_customer_id_history")
    # One build: each record has carried its current id only.
    assert history == assigned and len(assigned) > 1000
    dbt = _InProcessDbt(spark_env / "spark")
    retired = "select count(*) from intermediate.int_customer_ids_retired"
    assert session.sql(retired).collect()[0][0] == 0
    models = ["int_customer_ids_assigned", "int_customer_id_history", "int_customer_ids_retired"]
    success, output = dbt(["run", "--target", "spark", "--select", *models, "--vars", _spark_vars(spark_env)])
    assert success, output[-4000:]
    assert pairs("int_customer_ids_assigned") == assigned
    assert pairs("int_customer_id_history") == history
    assert session.sql(retired).collect()[0][0] == 0
    # The incremental run read the id history's table (macro stored_relation found it on Spark): a new
    # cluster is never given an id the history holds.
    compiled = spark_env / "spark" / "target" / "compiled" / "cdp" / "models" / "intermediate" / "identity"
    assert "int_customer_id_history" in (compiled / "int_customer_ids_assigned.sql").read_text()

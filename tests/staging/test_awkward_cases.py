"""Integration test of staging on awkward raw data (contract "Messy on purpose").

One raw folder holds one row per case of cases.py (more for duplicates); it is loaded with the project's
raw loader into a temporary DuckDB file and built once with `dbt build --select +staging` (seeds, base and
staging models, data tests). Each case is then its own test: the row is staged with exactly the
hand-written values, or quarantined with the expected reason. The raw loader's refusals are tested too.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cdp.contract import RAW_TABLES
from cdp.raw_loader import RawDataError, load_raw_dir
from tests.support import run_dbt, show_args, shown_rows

from .cases import CASES, MONTH_FIRST_EXPECTED, Case, month_first_read, month_first_sql
from .conftest import StagingBuild, write_raw_dir

QUARANTINE_REASONS = {
    "missing_key",
    "unparseable_timestamp",
    "future_timestamp",
    "invalid_amount",
    "invalid_quantity",
    "unknown_currency",
    "invalid_value",
}


def _same(actual: Any, expected: Any) -> bool:
    if (
        isinstance(expected, Decimal)
        and isinstance(actual, int | float | Decimal)
        and not isinstance(actual, bool)
    ):
        return Decimal(str(actual)) == expected
    return type(actual) is type(expected) and actual == expected if expected is not None else actual is None


def test_cases_are_well_formed() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) > 60
    assert len(ids) == len(set(ids)), "case ids must be unique"
    assert {case.table for case in CASES} == set(RAW_TABLES), "every contract table needs at least one case"
    for case in CASES:
        for row in case.rows:
            unknown = set(row) - set(RAW_TABLES[case.table])
            assert not unknown, f"{case.id}: {unknown} are not columns of {case.table}"
        assert (case.model is None) != (case.reason is None), f"{case.id}: staged or quarantined, not both"
        assert case.reason is None or case.reason in QUARANTINE_REASONS
        assert case.model is None or (case.key and case.expected)


def test_dbt_build_succeeds(staging_build: StagingBuild) -> None:
    failures = [line for line in staging_build.output.splitlines() if "FAIL" in line or "ERROR" in line]
    assert staging_build.returncode == 0, "\n".join(failures[-40:]) or staging_build.output[-4000:]


def test_every_raw_row_is_loaded(staging_build: StagingBuild) -> None:
    expected = {table: 0 for table in RAW_TABLES}
    for case in CASES:
        expected[case.table] += len(case.rows)
    assert staging_build.raw_counts == expected


def test_csv_lines_with_wrong_field_counts_are_quarantined(warehouse: duckdb.DuckDBPyConnection) -> None:
    """A line that does not split into the header's fields is not loaded with its values shifted into
    other columns: it is quarantined with its fields (the row conservation test of test_dbt_build_succeeds
    counts the lines set aside as delivered rows)."""
    rows = warehouse.execute(
        "select source_table, source_record_id, raw_record from staging.stg_quarantine__rows "
        "where quarantine_reason = 'wrong_field_count' order by source_table"
    ).fetchall()
    assert rows == [
        ("crm_contacts", None, "too_few_fields: crm-short,Nguyễn Văn Thiếu,thieu@example.vn"),
        (
            "web_events",
            None,
            "too_many_fields: ev-shifted,anon-shifted,,page_view,2024-01-10T03:00:00Z,web,,"
            "https://shop.vn/search?q=ao,dai,,,,,,",
        ),
    ]
    # and not loaded, shifted, into the raw tables
    loaded = warehouse.execute(
        "select (select count(*) from raw.crm_contacts where contact_id = 'crm-short'), "
        "(select count(*) from raw.web_events where event_id = 'ev-shifted')"
    ).fetchone()
    assert loaded == (0, 0)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_case(case: Case, warehouse: duckdb.DuckDBPyConnection) -> None:
    if case.reason is not None:
        rows = warehouse.execute(
            "select quarantine_reason from staging.stg_quarantine__rows "
            "where source_table = ? and contains(raw_record, ?)",
            [case.table, case.find],
        ).fetchall()
        assert rows == [(case.reason,)], f"expected one quarantined row with reason {case.reason!r}"
        return
    columns = list(case.expected)
    select_list = ", ".join(f'"{column}"' for column in columns)
    where = " and ".join(f'"{column}" = ?' for column in case.key)
    query = f"select {select_list} from staging.{case.model} where {where}"
    rows = warehouse.execute(query, list(case.key.values())).fetchall()
    assert len(rows) == 1, f"expected exactly one row in {case.model} for {case.key}, found {len(rows)}"
    actual = dict(zip(columns, rows[0], strict=True))
    wrong = {c: (actual[c], case.expected[c]) for c in columns if not _same(actual[c], case.expected[c])}
    assert not wrong, "column: (actual, expected) -> " + repr(wrong)


def test_raw_record_is_stored_for_quarantined_rows_only(warehouse: duckdb.DuckDBPyConnection) -> None:
    """On DuckDB a base table keeps raw_record where stg_quarantine__rows reads it (macro
    checked_row_columns): every quarantined row has it, no usable row or repeated delivery does."""
    base_tables = [
        name
        for (name,) in warehouse.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'staging' and table_name like 'base_%' order by table_name"
        ).fetchall()
    ]
    assert len(base_tables) == 14, base_tables
    for table in base_tables:
        quarantined_without, usable_with = warehouse.execute(
            f"select count(*) filter (where quarantine_reason is not null and raw_record is null), "
            f"count(*) filter (where quarantine_reason is null and raw_record is not null) "
            f"from staging.{table}"
        ).fetchone()
        assert (quarantined_without, usable_with) == (0, 0), table
    # crm-dup-1 was delivered twice, both usable: the later update is kept, the older one is the
    # repeated delivery; neither keeps its raw text.
    rows = warehouse.execute(
        "select full_name, is_duplicate, raw_record from staging.base_crm__contacts "
        "where contact_id = 'crm-dup-1' order by full_name"
    ).fetchall()
    assert rows == [("Nguyễn Văn Cũ", True, None), ("Nguyễn Văn Mới", False, None)]
    # A quarantined row keeps its delivered values as text.
    (raw_record,) = warehouse.execute(
        "select raw_record from staging.base_crm__contacts "
        "where quarantine_reason = 'missing_key' and contains(raw_record, 'full_name=Khóa Trống |')"
    ).fetchone()
    assert raw_record.startswith("contact_id=∅ | ")


def _all_tables(raw_dir: Path, skip: str | None = None) -> None:
    write_raw_dir(raw_dir, {})
    if skip:
        (raw_dir / f"{skip}.csv").unlink()


def test_missing_raw_file_is_named(tmp_path: Path) -> None:
    _all_tables(tmp_path / "raw", skip="web_events")
    with pytest.raises(RawDataError, match=r"web_events"):
        load_raw_dir(tmp_path / "raw", tmp_path / "w.duckdb")


def _garbage_parquet(path: Path) -> None:
    path.write_bytes(b"PAR1 this is not a parquet file PAR1")


def _truncated_parquet(path: Path) -> None:
    table = pa.table({column: ["x"] * 100 for column in RAW_TABLES["ad_spend"]})
    pq.write_table(table, path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize("corrupt", [_garbage_parquet, _truncated_parquet], ids=["garbage", "truncated"])
def test_unreadable_parquet_is_named_and_nothing_is_loaded(tmp_path: Path, corrupt) -> None:
    raw_dir = tmp_path / "raw"
    _all_tables(raw_dir, skip="ad_spend")
    corrupt(raw_dir / "ad_spend.parquet")
    database = tmp_path / "w.duckdb"
    with pytest.raises(RawDataError, match=r"ad_spend\.parquet"):
        load_raw_dir(raw_dir, database)
    con = duckdb.connect(str(database), read_only=True)
    try:
        loaded = con.execute("select count(*) from duckdb_tables() where schema_name = 'raw'").fetchone()[0]
    finally:
        con.close()
    assert loaded == 0, "a failed load must not leave some raw tables replaced and others not"


def test_csv_line_not_in_utf8_stops_the_load_naming_file_and_line(tmp_path: Path) -> None:
    raw_dir = tmp_path / "raw"
    _all_tables(raw_dir)
    with (raw_dir / "crm_contacts.csv").open("ab") as handle:
        handle.write("crm-latin1,Bình,,,,,,,,,2024-01-01,\r\n".encode("latin-1"))
    with pytest.raises(RawDataError, match=r"crm_contacts\.csv.*\n?.*Line: 2"):
        load_raw_dir(raw_dir, tmp_path / "w.duckdb")


def test_csv_lines_ending_both_ways_load_as_one_file(tmp_path: Path) -> None:
    """A file joined from two exports, CRLF lines then LF lines: every line loads, none is set aside."""
    raw_dir = tmp_path / "raw"
    write_raw_dir(raw_dir, {"crm_contacts": [{"contact_id": "crm-crlf", "full_name": "An"}]})
    with (raw_dir / "crm_contacts.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write("crm-lf,Bình,,,,,,,,,,\n")
    database = tmp_path / "w.duckdb"
    assert load_raw_dir(raw_dir, database)["crm_contacts"] == 2
    con = duckdb.connect(str(database), read_only=True)
    try:
        assert con.execute("select contact_id, full_name from raw.crm_contacts order by 1").fetchall() == [
            ("crm-crlf", "An"),
            ("crm-lf", "Bình"),
        ]
        assert con.execute("select count(*) from raw.rejected_rows").fetchone() == (0,)
    finally:
        con.close()


def test_header_only_file_is_an_empty_source(tmp_path: Path) -> None:
    _all_tables(tmp_path / "raw")
    with (tmp_path / "raw" / "crm_contacts.csv").open(newline="", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == list(RAW_TABLES["crm_contacts"])
    counts = load_raw_dir(tmp_path / "raw", tmp_path / "w.duckdb")
    assert counts == {table: 0 for table in RAW_TABLES}


def test_header_in_another_letter_case_loads_under_the_contract_names(tmp_path: Path) -> None:
    """An export that capitalises its header ('Contact_ID', 'FULL_NAME') delivers the contract's columns;
    an extra column keeps its own name."""
    raw_dir = tmp_path / "raw"
    _all_tables(raw_dir)
    header = [
        column.title() if column != "full_name" else "FULL_NAME" for column in RAW_TABLES["crm_contacts"]
    ]
    with (raw_dir / "crm_contacts.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*header, "Loyalty_Tier"])
        writer.writerow(["crm-case", "Lê Văn Bình", *[""] * (len(header) - 2), "gold"])
    database = tmp_path / "w.duckdb"
    assert load_raw_dir(raw_dir, database)["crm_contacts"] == 1
    con = duckdb.connect(str(database), read_only=True)
    try:
        assert con.execute(
            'select contact_id, full_name, "Loyalty_Tier" from raw.crm_contacts'
        ).fetchall() == [("crm-case", "Lê Văn Bình", "gold")]
    finally:
        con.close()


def test_missing_column_error_names_the_columns_found(tmp_path: Path) -> None:
    raw_dir = tmp_path / "raw"
    _all_tables(raw_dir)
    (raw_dir / "crm_contacts.csv").write_text("id,name\ncrm-1,An\n", encoding="utf-8")
    with pytest.raises(
        RawDataError, match=r"crm_contacts\.csv lacks contract column\(s\) contact_id.*its columns: id, name"
    ):
        load_raw_dir(raw_dir, tmp_path / "w.duckdb")


@pytest.mark.parametrize(("separator", "named"), [(";", "';'"), ("\t", "tabs")])
def test_missing_column_error_names_another_separator(tmp_path: Path, separator: str, named: str) -> None:
    """A spreadsheet saved as CSV on Windows set to Vietnamese separates fields by ';': the error says so."""
    raw_dir = tmp_path / "raw"
    _all_tables(raw_dir)
    header = separator.join(RAW_TABLES["crm_contacts"])
    (raw_dir / "crm_contacts.csv").write_text(f"{header}\ncrm-1{separator}An\n", encoding="utf-8")
    with pytest.raises(
        RawDataError, match=rf"its header is separated by {named}, the contract's CSV files by commas"
    ):
        load_raw_dir(raw_dir, tmp_path / "w.duckdb")


def test_source_date_order_names_raw_tables_and_orders(tmp_path: Path) -> None:
    """var source_date_order: a name that is no raw table (a typo would leave the table read day first
    without a word) or another order stops the build, naming every such entry (macro source_month_first)."""
    run = run_dbt(
        tmp_path / "cdp.duckdb",
        tmp_path,
        "compile",
        "--select",
        "base_pos__transactions",
        "--vars",
        '{"source_date_order": {"pos_transaction": "month_first", "crm_contacts": "mdy",'
        ' "web_events": "day_first"}}',
    )
    assert run.returncode != 0, run.output
    assert (
        "var source_date_order: 'pos_transaction': 'month_first', 'crm_contacts': 'mdy': each entry must name"
        " a raw table"
    ) in run.output, run.output


def test_month_first_dates_on_duckdb(tmp_path: Path) -> None:
    """parse_timestamp and parse_date with month_first (a raw table named in var source_date_order) give
    the hand-worked answers of MONTH_FIRST_CASES; tests/engines checks PostgreSQL and Spark on the same."""
    run = run_dbt(tmp_path / "cdp.duckdb", tmp_path, *show_args(month_first_sql()))
    assert month_first_read(shown_rows(run)) == MONTH_FIRST_EXPECTED

"""The Great Expectations suites (cdp.quality) on hand-made tables: no dbt build. The raw tables are loaded
from a hand-written raw folder by the project's loader; the marts are written as plain tables of the
names the suites read. Each test breaks one promise and expects exactly that suite to fail."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from cdp.quality import marts, raw, state
from cdp.quality.__main__ import main
from cdp.quality.runner import run_checks
from cdp.raw_loader import load_raw_dir
from tests import support


def orders(count: int, status: str = "paid") -> list[dict[str, str]]:
    return [{"order_id": f"SO-{n}", "customer_id": f"SC-{n}", "status": status} for n in range(count)]


def load(tmp_path: Path, name: str, rows: support.Rows) -> Path:
    raw_dir = tmp_path / f"raw-{name}"
    support.write_raw_dir(raw_dir, rows)
    database = tmp_path / "wh.duckdb"
    load_raw_dir(raw_dir, database)
    return database


def failed(results) -> dict[str, list[tuple[str, str | None]]]:
    return {r.name: [(f.expectation, f.column) for f in r.failures] for r in results if not r.success}


def test_raw_suites_pass_then_catch_a_broken_column_and_a_row_count_jump(tmp_path: Path) -> None:
    database = load(tmp_path, "good", {"shop_orders": orders(40)})
    results = run_checks(raw.checks(database))
    assert len(results) == 14
    assert failed(results) == {}
    raw.remember(database, results)
    assert state.read_row_counts(database)["shop_orders"] == 40

    # A delivery whose status column is junk: the value set fails, nothing else does.
    database = load(tmp_path, "broken", {"shop_orders": orders(40, status="???")})
    results = run_checks(raw.checks(database, ["shop_orders"]))
    assert failed(results) == {"raw.shop_orders": [("expect_column_values_to_be_in_set", "status")]}
    raw.remember(database, results)
    # A failed load is not the next reference.
    assert state.read_row_counts(database)["shop_orders"] == 40

    # 61 rows is outside 40 ± 50 % (20..60); 60 is inside.
    assert failed(
        run_checks(raw.checks(load(tmp_path, "jump", {"shop_orders": orders(61)}), ["shop_orders"]))
    ) == {"raw.shop_orders": [("expect_table_row_count_to_be_between", None)]}
    assert (
        failed(run_checks(raw.checks(load(tmp_path, "ok", {"shop_orders": orders(60)}), ["shop_orders"])))
        == {}
    )


def test_raw_suite_reads_the_values_of_the_columns_it_validates_only(tmp_path: Path) -> None:
    database = load(
        tmp_path,
        "columns",
        {
            "web_events": [
                {"event_id": "WE-1", "event_name": "page_view", "platform": "", "page_url": "https://x.vn/"}
            ]
        },
    )
    # What the web events' suite reads: the key and the two enumerations; the schema expectation reads
    # the column names only.
    found = raw.expectations("web_events", None, raw.DEFAULT_ROW_BAND)
    assert raw.validated_columns(found) == {"event_id", "event_name", "platform"}
    con = duckdb.connect(str(database), read_only=True)
    try:
        frame = raw.read_table(con, "web_events", columns={"event_id", "event_name", "platform"})
        whole = raw.read_table(con, "web_events")
    finally:
        con.close()
    assert list(frame.columns) == list(whole.columns) == list(support.RAW_TABLES["web_events"])
    # Empty text is missing; a column no expectation reads comes empty; the enumerations come as
    # categoricals (GX copies every column of the frame once per expectation).
    row = frame.iloc[0]
    assert [row["event_id"], row["event_name"]] == ["WE-1", "page_view"]
    assert pd.isna(row["platform"]) and pd.isna(row["page_url"])
    assert frame["event_name"].dtype == "category" and frame["platform"].dtype == "category"
    assert frame["page_url"].isna().all() and len(frame["page_url"]) == len(whole) == 1
    assert whole.iloc[0]["page_url"] == "https://x.vn/"


def test_raw_keys_missing_or_duplicated(tmp_path: Path) -> None:
    # 50 orders: 3 without a key (6 % > 5 % allowed), 6 sharing one key (6 of the 47 keys, 12.8 %, are not
    # unique > 10 % allowed).
    rows = orders(41) + [{"order_id": ""}] * 3 + [{"order_id": "SO-DUP"}] * 6
    results = run_checks(raw.checks(load(tmp_path, "keys", {"shop_orders": rows}), ["shop_orders"]))
    assert failed(results) == {
        "raw.shop_orders": [
            ("expect_column_values_to_not_be_null", "order_id"),
            ("expect_column_values_to_be_unique", "order_id"),
        ]
    }


MARTS_DDL = [
    "create schema marts",
    "create table marts.dim_customers (customer_id varchar)",
    "create table marts.fct_orders (order_key varchar, channel varchar, customer_id varchar)",
    "create table marts.customer_clv (customer_id varchar, historical_clv_vnd double,"
    " predicted_clv_vnd double)",
    "create table marts.customer_consent (customer_id varchar, purpose varchar, consent_status varchar,"
    " is_granted boolean)",
    "create table marts.audience_members (audience varchar, customer_id varchar, purpose varchar)",
    "insert into marts.dim_customers values ('C1'), ('C2'), ('C3')",
    # An anonymous till receipt names nobody: allowed.
    "insert into marts.fct_orders values ('O1', 'online', 'C1'), ('O2', 'in_store', null)",
    "insert into marts.customer_clv values ('C1', 100, 50), ('C2', 0, 0)",
    "insert into marts.customer_consent values ('C1', 'email_marketing', 'granted', true),"
    " ('C2', 'email_marketing', 'revoked', false), ('C3', 'analytics', 'unknown', false)",
    "insert into marts.audience_members values ('winback', 'C1', 'email_marketing')",
]


def marts_warehouse(tmp_path: Path, *changes: str) -> Path:
    database = tmp_path / "built.duckdb"
    database.unlink(missing_ok=True)
    con = duckdb.connect(str(database))
    for statement in [*MARTS_DDL, *changes]:
        con.execute(statement)
    con.close()
    return database


def test_marts_suites_pass_on_a_good_warehouse(tmp_path: Path) -> None:
    results = run_checks(marts.checks(marts_warehouse(tmp_path)))
    assert [r.name for r in results] == [
        "marts.dim_customers",
        "marts.customer_id_stability",
        "marts.fct_orders",
        "marts.customer_clv",
        "marts.customer_consent",
        "marts.audience_members",
        "marts.no_erased_subject",
    ]
    assert failed(results) == {}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            # C2 was erased (its CDP id's SHA-256 listed, computed by hashlib) but is still a customer.
            "create table marts.erasure_suppression_list as select 'customer_id' as identifier_type, "
            f"'{hashlib.sha256(b'C2').hexdigest()}' as identifier_hash "
            f"union all select 'customer_id', '{hashlib.sha256(b'C9').hexdigest()}'",
            {"marts.no_erased_subject": [("expect_column_values_to_be_in_set", "erased")]},
        ),
        (
            "insert into marts.dim_customers values ('C1')",
            {"marts.dim_customers": [("expect_column_values_to_be_unique", "customer_id")]},
        ),
        (
            "insert into marts.fct_orders values ('O3', 'online', null)",
            {"marts.fct_orders": [("expect_column_values_to_be_in_set", "customer_known")]},
        ),
        (
            "insert into marts.fct_orders values ('O4', 'in_store', 'C404')",
            {"marts.fct_orders": [("expect_column_values_to_be_in_set", "customer_known")]},
        ),
        (
            "insert into marts.customer_clv values ('C3', 10, -0.01)",
            {"marts.customer_clv": [("expect_column_values_to_be_between", "predicted_clv_vnd")]},
        ),
        (
            "insert into marts.customer_consent values ('C3', 'telemarketing', 'granted', true)",
            {"marts.customer_consent": [("expect_column_values_to_be_in_set", "purpose")]},
        ),
        (
            "insert into marts.audience_members values ('winback', 'C2', 'email_marketing')",
            {"marts.audience_members": [("expect_column_values_to_be_in_set", "consent_granted")]},
        ),
    ],
    ids=[
        "erased_customer_present",
        "duplicate_customer",
        "online_order_without_customer",
        "unknown_customer",
        "negative_clv",
        "unknown_purpose",
        "member_without_consent",
    ],
)
def test_marts_suites_catch_a_broken_promise(tmp_path: Path, change: str, expected: dict) -> None:
    assert failed(run_checks(marts.checks(marts_warehouse(tmp_path, change)))) == expected


def test_customer_ids_stable_across_runs(tmp_path: Path) -> None:
    database = marts_warehouse(tmp_path)
    marts.remember(database, run_checks(marts.checks(database)))
    assert sorted(state.read_customer_ids(database)) == ["C1", "C2", "C3"]
    # One id of three gone is 67 % still present, under the 90 % asked.
    database = marts_warehouse(tmp_path, "delete from marts.dim_customers where customer_id = 'C3'")
    assert failed(run_checks(marts.checks(database))) == {
        "marts.customer_id_stability": [("expect_column_values_to_be_in_set", "still_present")]
    }


def test_validate_command_writes_data_docs_and_exit_code(tmp_path: Path) -> None:
    docs = tmp_path / "gx"
    database = marts_warehouse(tmp_path)
    assert main(["--database", str(database), "--scope", "marts", "--docs", str(docs)]) == 0
    index = (docs / "marts" / "index.html").read_text(encoding="utf-8")
    assert "marts.audience_members" in index
    database = marts_warehouse(tmp_path, "insert into marts.customer_clv values ('C3', -5, 0)")
    assert main(["--database", str(database), "--scope", "marts", "--docs", str(docs)]) == 1
    assert main(["--database", str(tmp_path / "missing.duckdb"), "--docs", str(docs)]) == 2


def test_marts_suites_read_only_the_named_ones(tmp_path: Path) -> None:
    database = marts_warehouse(tmp_path)
    assert [c.name for c in marts.checks(database, ["audience_members"])] == ["marts.audience_members"]
    # The stability suite reads dim_customers' ids without validating dim_customers itself.
    assert [c.name for c in marts.checks(database, ["customer_id_stability"])] == [
        "marts.customer_id_stability"
    ]
    assert marts.checks(database, []) == []


def test_loader_replaces_only_the_named_tables(tmp_path: Path) -> None:
    """The raw-folder sensor's event lane loads the changed tables alone; the others keep their rows."""
    database = load(tmp_path, "first", {"shop_orders": orders(3), "web_events": [{"event_id": "W1"}]})
    second = tmp_path / "raw-second"
    support.write_raw_dir(
        second, {"shop_orders": orders(5), "web_events": [{"event_id": "W1"}, {"event_id": "W2"}]}
    )
    assert load_raw_dir(second, database, tables=["web_events"]) == {"web_events": 2}
    con = duckdb.connect(str(database), read_only=True)
    try:
        assert con.execute("select count(*) from raw.shop_orders").fetchone()[0] == 3
        assert con.execute("select count(*) from raw.web_events").fetchone()[0] == 2
    finally:
        con.close()
    with pytest.raises(Exception, match="not tables of the contract: webevents"):
        load_raw_dir(second, database, tables=["webevents"])

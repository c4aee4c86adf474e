"""The raw inputs' suite: one GX suite per contract table (`raw.<table>`), on the table as loaded.

Raw data is messy on purpose (contract §1: duplicates, late rows, empty strings for nulls, junk values):
staging quarantines the rows it cannot use. These suites do not repeat staging; they stop a delivery that
is broken as a whole before dbt runs on it:

- schema: every contract column is there (extra columns are allowed, as the contract says);
- required columns: the key is present in at least `KEY_PRESENT` of the rows;
- key uniqueness: at least `KEY_UNIQUE` of the keys are held by no other row (the demo's shop accounts
  repeat 4-7 % of theirs);
- value sets: the contract's enumerations hold for at least `VALUE_SET_MOSTLY` of the non-empty values;
- row count within `CDP_QUALITY_ROW_BAND` (default 0.5, i.e. ±50 %) of the last load that passed.

Empty strings count as missing (contract §1). Bump SUITE_VERSION when an expectation changes.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from cdp.contract import RAW_TABLES
from cdp.quality import load_great_expectations, state
from cdp.quality.runner import Check, SuiteResult

SUITE_VERSION = 1
KEY_PRESENT = 0.95
KEY_UNIQUE = 0.9
VALUE_SET_MOSTLY = 0.9
DEFAULT_ROW_BAND = 0.5

# The key of each table (the first contract column, or the columns that together identify a row).
KEYS: dict[str, tuple[str, ...]] = {table: (columns[0],) for table, columns in RAW_TABLES.items()}
KEYS["shop_order_items"] = ("order_id", "line_number")
KEYS["ad_spend"] = ("spend_date", "platform", "campaign_id")

# The contract's enumerations (CONTRACT.md §1).
VALUE_SETS: dict[str, dict[str, tuple[str, ...]]] = {
    "shop_orders": {"status": ("paid", "refunded", "cancelled", "pending")},
    "web_events": {
        "event_name": (
            "page_view",
            "product_view",
            "add_to_cart",
            "checkout_started",
            "order_completed",
            "identify",
            "sign_up",
        ),
        "platform": ("web", "ios", "android"),
    },
    "email_subscribers": {"status": ("subscribed", "unsubscribed", "cleaned")},
    "email_events": {
        "event_type": ("sent", "delivered", "open", "click", "bounce", "unsubscribe", "complaint")
    },
    "support_tickets": {"channel": ("phone", "email", "chat", "zalo")},
    "ad_spend": {"channel": ("paid_social", "paid_search", "display", "affiliate")},
    "consent_events": {
        "subject_type": ("email", "phone", "customer_id"),
        "purpose": ("email_marketing", "sms_marketing", "ads_personalization", "analytics"),
        "status": ("granted", "revoked"),
    },
    "erasure_requests": {"subject_type": ("email", "phone", "customer_id")},
}


def row_band() -> float:
    return float(os.environ.get("CDP_QUALITY_ROW_BAND", DEFAULT_ROW_BAND))


def expectations(table: str, previous_rows: int | None, band: float) -> list:
    gxe = load_great_expectations().expectations

    key = KEYS[table]
    found = [
        gxe.ExpectTableColumnsToMatchSet(column_set=list(RAW_TABLES[table]), exact_match=False),
        *(gxe.ExpectColumnValuesToNotBeNull(column=column, mostly=KEY_PRESENT) for column in key),
    ]
    if len(key) == 1:
        found.append(gxe.ExpectColumnValuesToBeUnique(column=key[0], mostly=KEY_UNIQUE))
    else:
        found.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=list(key), mostly=KEY_UNIQUE))
    for column, values in VALUE_SETS.get(table, {}).items():
        found.append(
            gxe.ExpectColumnValuesToBeInSet(column=column, value_set=list(values), mostly=VALUE_SET_MOSTLY)
        )
    if previous_rows:
        found.append(
            gxe.ExpectTableRowCountToBeBetween(
                min_value=math.floor(previous_rows * (1 - band)),
                max_value=math.ceil(previous_rows * (1 + band)),
            )
        )
    return found


def validated_columns(found: list) -> set[str]:
    """The columns whose values the expectations read (their `column` and `column_list`)."""
    columns: set[str] = set()
    for expectation in found:
        column = getattr(expectation, "column", None)
        if column:
            columns.add(column)
        columns.update(getattr(expectation, "column_list", None) or [])
    return columns


def read_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    schema: str = "raw",
    columns: set[str] | None = None,
) -> pd.DataFrame:
    """The raw table as text, empty strings as missing, without the loader's `_loaded_at`. With `columns`,
    only those carry their values and every other column of the table comes empty: its presence is what
    the schema expectation reads (at 1M people `raw.web_events` is 12.3M rows of 14 text columns, 12 GB
    in pandas when read whole, against 3 columns validated). Only the validated columns are read from
    DuckDB; the empty ones are made in pandas as all-missing categorical columns of the same length.
    The table's enumerations (VALUE_SETS, what a value-set expectation reads) come as pandas
    categoricals: the same values and missing values, and GX filters the frame by a row mask once per
    expectation, which copies every column. At 1M people the suite of `web_events` read its frame in
    12.2 s and validated it in 12.7 s with 14 text columns, in 8.8 s and 6.8 s so, with GX's batch
    fingerprint off (load_great_expectations; docs/quality.md)."""
    names = [
        row[0]
        for row in con.execute(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
            "and column_name != '_loaded_at' order by ordinal_position",
            [schema, table],
        ).fetchall()
    ]
    if not names:
        raise LookupError(f"no table {schema}.{table} to validate: load the raw folder first")
    read = [name for name in names if columns is None or name in columns]
    if not read:
        rows = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
        return pd.DataFrame({name: _missing_values(rows) for name in names})
    select = ", ".join(f'nullif(cast("{name}" as varchar), \'\') as "{name}"' for name in read)
    frame = con.execute(f'select {select} from "{schema}"."{table}"').df()
    for name in VALUE_SETS.get(table, {}):
        if name in frame.columns:
            frame[name] = frame[name].astype("category")
    for name in names:
        if name not in frame.columns:
            frame[name] = _missing_values(len(frame), frame.index)
    return frame[names]


def _missing_values(rows: int, index: pd.Index | None = None) -> pd.Series:
    """A column of `rows` missing values: a categorical without categories (one byte per row)."""
    codes = np.full(rows, -1, dtype=np.int8)
    return pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index([], dtype="str")), index=index)


def _reader(database: Path, table: str, schema: str, columns: set[str]):
    def read() -> pd.DataFrame:
        con = duckdb.connect(str(database), read_only=True)
        try:
            return read_table(con, table, schema, columns)
        finally:
            con.close()

    return read


def checks(database: Path, tables: list[str] | None = None, schema: str = "raw") -> list[Check]:
    """One check per table; each table is read when its suite runs (one table in memory at a time), with
    the values of the columns its expectations read."""
    previous = state.read_row_counts(database)
    band = row_band()
    return [
        Check(
            name=f"raw.{table}",
            asset=("raw", table),
            data=_reader(
                database, table, schema, validated_columns(expectations(table, previous.get(table), band))
            ),
            expectations=lambda table=table: expectations(table, previous.get(table), band),
            description=f"raw table {table}: schema, key, value sets, row count (suite v{SUITE_VERSION})",
        )
        for table in tables or list(RAW_TABLES)
    ]


def remember(database: Path, results: list[SuiteResult]) -> None:
    """Keep the row counts of the tables whose suite passed: the band the next load is compared with."""
    state.write_row_counts(database, {r.asset[-1]: r.rows for r in results if r.success})

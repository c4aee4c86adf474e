"""Helpers of the identity resolution integration tests: hand-made raw folders, real dbt builds, DuckDB reads.

A raw folder is written from {table: [row dicts]} (every contract table, header-only when empty; each row
gets the defaults that keep it valid in staging), loaded with the project's raw loader into a DuckDB file,
and built with `dbt build --select +customer_identity_map +identity_edges` (seeds, staging, identity and
identity's data tests; unit tests are left out, they do not depend on the raw data, and so are staging's and
the seeds' data tests, support.UPSTREAM_DATA_TESTS_EXCLUDED).
Every build has its own DuckDB file, target and log folders, so it never touches warehouse/cdp.duckdb.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from cdp.raw_loader import load_raw_dir
from tests import support

T0 = "2024-01-10T03:00:00Z"

# Values that keep a row valid in staging, so each test row only spells out what it is about.
DEFAULTS: dict[str, dict[str, str]] = {
    "crm_contacts": {"lead_source": "web_form", "created_at": T0},
    "shop_customers": {"created_at": T0},
    "shop_orders": {"ordered_at": T0, "status": "paid", "currency": "VND", "total_amount": "250000"},
    "shop_order_items": {"line_number": "1", "sku": "SKU-1", "quantity": "1", "unit_price": "250000"},
    "pos_transactions": {"store_id": "S01", "transacted_at": T0, "total_amount": "120000", "currency": "VND"},
    "loyalty_members": {"tier": "member", "enrolled_at": T0},
    "web_events": {"event_name": "page_view", "occurred_at": T0, "platform": "web"},
    "email_subscribers": {"status": "subscribed", "opted_in_at": T0},
    "email_events": {"campaign_id": "c-1", "event_type": "open", "occurred_at": T0},
    "social_leads": {"platform": "facebook", "created_at": T0},
    "support_tickets": {"channel": "phone", "created_at": T0},
    "ad_spend": {},
    "consent_events": {},
    "erasure_requests": {},
}

# Raw table -> the raw column whose value is the identity record's source_record_id.
RECORD_ID_COLUMN: dict[str, str] = {
    "crm_contacts": "contact_id",
    "shop_customers": "customer_id",
    "shop_orders": "order_id",
    "pos_transactions": "transaction_id",
    "loyalty_members": "loyalty_card_id",
    "web_events": "anonymous_id",
    "email_subscribers": "subscriber_id",
    "social_leads": "lead_id",
    "support_tickets": "ticket_id",
}

Rows = support.Rows


def merge_rows(*parts: Rows) -> Rows:
    merged: Rows = {}
    for part in parts:
        for table, rows in part.items():
            merged.setdefault(table, []).extend(rows)
    return merged


def expected_record_keys(rows_by_table: Rows) -> set[str]:
    """The identity records a raw folder holds, by the contract's definition (written here, not read)."""
    keys: set[str] = set()
    for table, rows in rows_by_table.items():
        if table not in RECORD_ID_COLUMN:
            continue
        for row in rows:
            if table == "pos_transactions" and not (row.get("loyalty_card_id") or row.get("customer_phone")):
                continue  # an anonymous till receipt names nobody
            keys.add(f"{table}:{row[RECORD_ID_COLUMN[table]]}")
    return keys


def write_raw_dir(raw_dir: Path, rows_by_table: Rows) -> None:
    """The raw folder of a scenario; DEFAULTS fill what a row omits."""
    support.write_raw_dir(raw_dir, rows_by_table, DEFAULTS)


class DbtRun(support.DbtRun):
    def converged_passes(self) -> list[int]:
        """Passes of each connected_components run (not the EM's, which logs the same words)."""
        pattern = r"connected_components: \S+ converged in (\d+) passes"
        return [int(n) for n in re.findall(pattern, self.output)]


def dbt_build(database: Path, work: Path, full_refresh: bool = False, data_tests: bool = True) -> DbtRun:
    """`dbt build` of the identity marts and everything upstream, on this DuckDB file only (without the
    data tests if `data_tests` is false)."""
    command = [
        "build",
        "--select",
        # Also every seed and the quarantine: the row-conservation test reads stg_quarantine__rows. And
        # the id history and the retired ids, which every build of the project runs after the stable ids:
        # the ids the history holds are never given to a new cluster.
        "+customer_identity_map +identity_edges +staging resource_type:seed"
        " int_customer_id_history int_customer_ids_retired",
        # Unit tests prove staging macros on mocked rows, whatever the raw folder holds; they run elsewhere.
        "--exclude-resource-type",
        "unit_test",
        *support.UPSTREAM_DATA_TESTS_EXCLUDED,
    ]
    if full_refresh:
        command.append("--full-refresh")
    if not data_tests:
        command += ["--exclude-resource-type", "test"]
    run = support.run_dbt(database, work, *command)
    return DbtRun(run.database, run.returncode, run.output)


def load_and_build(
    work: Path, database: Path, rows_by_table: Rows, name: str, data_tests: bool = True
) -> DbtRun:
    """Write `rows_by_table` as raw folder `name`, (re)load it into `database`, then build."""
    raw_dir = work / name
    write_raw_dir(raw_dir, rows_by_table)
    load_raw_dir(raw_dir, database)
    return dbt_build(database, work, data_tests=data_tests)


def query(database: Path, sql: str, parameters: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(sql, parameters or []).fetchall()
    finally:
        con.close()


def identity_map(database: Path) -> dict[str, str]:
    """record key ('<source_table>:<source_record_id>') -> customer_id, from marts.customer_identity_map."""
    rows = query(
        database, "select source_table, source_record_id, customer_id from marts.customer_identity_map"
    )
    return {f"{table}:{record_id}": customer_id for table, record_id, customer_id in rows}

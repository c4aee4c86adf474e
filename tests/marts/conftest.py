"""Helpers of the marts integration tests: hand-made raw rows, a real dbt build on a DuckDB file of its own,
results read back as dicts. For every marts test file (tests/marts/test_<mart>.py):

    RAW = rows(shop_customer("SC-1", "Lan", "Nguyễn Thị"), order("SO-1", customer_id="SC-1"))

    @pytest.fixture(scope="module")
    def warehouse(tmp_path_factory) -> Warehouse:
        return build_warehouse(tmp_path_factory.mktemp("my_mart"), RAW, select=["+fct_orders"])

    def test_x(warehouse):
        assert warehouse.one("select count(*) from marts.fct_orders") == 1
        row = warehouse.row("select * from marts.fct_orders where order_id = 'SO-1'")

Each row builder returns (raw table, row); DEFAULTS fill what a row omits so it stays valid in staging. Raw
values are text, as the contract delivers them. Times are written in UTC ('Z'); utc() turns a Vietnamese
wall-clock time into that form (Asia/Ho_Chi_Minh is UTC+7 all year) so a test can say what it means.
build_warehouse() runs `dbt build` of the selection, everything upstream, every seed, staging and the
identity map (their tests included; unit tests are left out: they do not depend on the raw data) and fails
the test with dbt's own error lines when the build fails.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from cdp.raw_loader import load_raw_dir
from tests import support

Record = tuple[str, dict[str, str]]
Rows = support.Rows

T0 = "2024-01-10T03:00:00Z"
VIETNAM_UTC_OFFSET = timedelta(hours=7)

# Values that keep a row valid in staging, so each test row only spells out what it is about.
DEFAULTS: dict[str, dict[str, str]] = {
    "crm_contacts": {"lead_source": "web_form", "created_at": T0},
    "shop_customers": {"created_at": T0},
    "shop_orders": {"ordered_at": T0, "status": "paid", "currency": "VND", "total_amount": "250000"},
    "shop_order_items": {"line_number": "1", "sku": "SKU-1", "quantity": "1", "unit_price": "250000"},
    "pos_transactions": {
        "store_id": "ST-001",
        "store_province": "Hà Nội",
        "transacted_at": T0,
        "total_amount": "120000",
        "currency": "VND",
        "payment_method": "cash",
    },
    "loyalty_members": {"tier": "member", "enrolled_at": T0},
    "web_events": {"event_name": "page_view", "occurred_at": T0, "platform": "web"},
    "email_subscribers": {"status": "subscribed", "opted_in_at": T0},
    "email_events": {"campaign_id": "em_2024_01_newsletter", "event_type": "sent", "occurred_at": T0},
    "social_leads": {"platform": "facebook", "created_at": T0},
    "support_tickets": {"channel": "phone", "created_at": T0},
    "ad_spend": {"channel": "paid_search", "currency": "VND", "impressions": "1000", "clicks": "10"},
    "consent_events": {"source_system": "shop", "occurred_at": T0},
    "erasure_requests": {"requested_at": T0},
}


def utc(local_wall_clock: str) -> str:
    """'2024-01-31 23:30' (Vietnamese time) -> '2024-01-31T16:30:00Z'."""
    local = datetime.fromisoformat(local_wall_clock)
    return (local - VIETNAM_UTC_OFFSET).strftime("%Y-%m-%dT%H:%M:%SZ")


def rows(*records: Record) -> Rows:
    out: dict[str, list[dict[str, str]]] = {}
    for table, row in records:
        out.setdefault(table, []).append(row)
    return out


def shop_customer(customer_id: str, first: str = "", last: str = "", **raw: str) -> Record:
    return "shop_customers", {"customer_id": customer_id, "first_name": first, "last_name": last, **raw}


def order(order_id: str, **raw: str) -> Record:
    return "shop_orders", {"order_id": order_id, **raw}


def order_item(order_id: str, line_number: int, **raw: str) -> Record:
    return "shop_order_items", {"order_id": order_id, "line_number": str(line_number), **raw}


def pos(transaction_id: str, **raw: str) -> Record:
    return "pos_transactions", {"transaction_id": transaction_id, **raw}


def loyalty(card_id: str, name: str = "", **raw: str) -> Record:
    return "loyalty_members", {"loyalty_card_id": card_id, "full_name": name, **raw}


def crm(contact_id: str, name: str = "", **raw: str) -> Record:
    return "crm_contacts", {"contact_id": contact_id, "full_name": name, **raw}


def web(event_id: str, anonymous_id: str, **raw: str) -> Record:
    return "web_events", {"event_id": event_id, "anonymous_id": anonymous_id, **raw}


def subscriber(subscriber_id: str, email: str, **raw: str) -> Record:
    return "email_subscribers", {"subscriber_id": subscriber_id, "email": email, **raw}


def email_event(event_id: str, subscriber_id: str, **raw: str) -> Record:
    return "email_events", {"event_id": event_id, "subscriber_id": subscriber_id, **raw}


def lead(lead_id: str, name: str = "", **raw: str) -> Record:
    return "social_leads", {"lead_id": lead_id, "full_name": name, **raw}


def ticket(ticket_id: str, name: str = "", **raw: str) -> Record:
    return "support_tickets", {"ticket_id": ticket_id, "requester_name": name, **raw}


def ad_spend(spend_date: str, platform: str, campaign_id: str, spend: str, **raw: str) -> Record:
    return "ad_spend", {
        "spend_date": spend_date,
        "platform": platform,
        "campaign_id": campaign_id,
        "campaign_name": campaign_id,
        "spend": spend,
        **raw,
    }


def consent(
    consent_id: str, subject_type: str, subject_value: str, purpose: str, status: str, **raw: str
) -> Record:
    return "consent_events", {
        "consent_id": consent_id,
        "subject_type": subject_type,
        "subject_value": subject_value,
        "purpose": purpose,
        "status": status,
        **raw,
    }


@dataclass(frozen=True)
class Warehouse:
    """A built DuckDB file; every read opens it read-only."""

    database: Path
    run: support.DbtRun

    def query(self, sql: str, parameters: list | None = None) -> list[tuple]:
        con = duckdb.connect(str(self.database), read_only=True)
        try:
            return con.execute(sql, parameters or []).fetchall()
        finally:
            con.close()

    def dicts(self, sql: str, parameters: list | None = None) -> list[dict[str, Any]]:
        con = duckdb.connect(str(self.database), read_only=True)
        try:
            cursor = con.execute(sql, parameters or [])
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
        finally:
            con.close()

    def row(self, sql: str, parameters: list | None = None) -> dict[str, Any]:
        found = self.dicts(sql, parameters)
        assert len(found) == 1, f"expected one row, got {len(found)}: {sql}"
        return found[0]

    def one(self, sql: str, parameters: list | None = None) -> Any:
        return self.row(sql, parameters).popitem()[1]

    def customer_of(self, record_key: str) -> str:
        """customer_id of an identity record ('<source_table>:<source_record_id>')."""
        return self.one(
            "select customer_id from marts.customer_identity_map where record_key = ?", [record_key]
        )


# A handful of hand-made customers cannot identify the BG/NBD and Gamma-Gamma fit of
# clv_model_parameters (cdp.clv.ClvFitError): every build pins these parameters unless it passes its own
# clv_parameters (tests/clv/test_clv_models.py checks the fit's error).
CLV_PARAMETERS = {"r": 0.5, "alpha": 3.0, "a": 0.8, "b": 2.5, "p": 6.0, "q": 3.5, "v": 150000.0}


def build_warehouse(
    work: Path,
    rows_by_table: Rows,
    select: list[str],
    name: str = "raw",
    dbt_vars: dict[str, Any] | None = None,
    dbt_env: dict[str, str] | None = None,
) -> Warehouse:
    """Write the raw folder, load it into work/cdp.duckdb and `dbt build` the selection and its upstream
    (the data tests of the marts, traits and activation, not of staging, the seeds and the identity
    intermediates) with these dbt vars (clv_parameters pinned to CLV_PARAMETERS unless given) and this
    environment (support.run_dbt's `env`)."""
    raw_dir = work / name
    support.write_raw_dir(raw_dir, rows_by_table, DEFAULTS)
    database = work / "cdp.duckdb"
    load_raw_dir(raw_dir, database)
    # The identity marts too: the marts' relationship tests read customer_identity_map.
    selection = " ".join([*select, "+customer_identity_map", "+staging", "resource_type:seed"])
    # Only the data tests whose parents are all built (support.DBT_TEST_ENV).
    run = support.run_dbt(
        database,
        work,
        "build",
        "--select",
        selection,
        "--exclude-resource-type",
        "unit_test",
        *support.UPSTREAM_DATA_TESTS_EXCLUDED,
        # ... and identity's, which the identity fixtures run on their scenarios (tests/identity).
        "--exclude",
        "resource_type:test,path:models/intermediate/identity",
        "--vars",
        json.dumps({"clv_parameters": CLV_PARAMETERS, **(dbt_vars or {})}),
        env=dbt_env,
    )
    if run.returncode != 0:
        pytest.fail(f"dbt build failed:\n{run.failure_summary()}")
    return Warehouse(database, run)

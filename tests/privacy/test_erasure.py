"""Erasure (docs/privacy.md): a person with records in nine sources is erased through identity resolution.

One warehouse, hand-made raw rows, built three times on the same DuckDB file (`dbt build` of every mart):

- Build 0: no request yet: she is a customer, in an audience and in the traits history; her work
  address, on a web visitor of its own, is a second customer.
- Build 1: Thảo (shop account SC-ERASE, two shop orders, a till receipt on her loyalty card, the loyalty
  card, a CRM contact, a social lead, a support ticket, an email subscription, web browsing as A-ERASE,
  consent for email and ads; a lead with her work address and her phone, which merges her two customers
  in this build) and Bình, who stays, are loaded with four erasure requests: R-1 (her email,
  written in another case and with spaces), R-2 (a phone nobody has), R-3 (an email that does not parse)
  and R-4 (subject type 'fax').
- Build 2: the request queue is drained (no request at all) and new rows with her email and phone arrive
  (a guest order, a lead, a consent grant, a web visit with an add to cart): only the suppression list
  keeps her out.

Beside her, two people whose sources change (docs/privacy.md "Deleted at the source"):

- Vy (shop account SC-VY, loyalty card LC-VY, an add to cart, consent for email) is in build 0 only: her
  sources delete her before build 1, which also brings R-5, a request with her email. Nothing of hers may
  be left anywhere in the warehouse, raw to marts, and R-5 finds nobody.
- Lan is two customers in build 0 (her shop account; her work address on a web visitor); build 1 brings a
  lead that merges them, retiring one id. Her rows under the retired id stay in the traits history.
- Mai is one customer of three records in build 0 (shop account SC-MAI, loyalty card LC-MAI, lead L-M1 with
  her phone). In build 1 the lead is corrected to another person, Hùng (his name and phone): a split, the
  lead gets a new id and Mai's two records keep hers. Her sources delete her before build 2: her id
  retires into nothing although the lead that once carried it is left, and her rows under it go.

Expected values are worked out by hand: revenue is the sum of the paid amounts of the raw rows; hashes come
from hashlib over the normalised forms written here.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from cdp import activation
from cdp.raw_loader import load_raw_dir
from tests import support
from tests.marts.conftest import (
    CLV_PARAMETERS,
    DEFAULTS,
    Warehouse,
    consent,
    crm,
    email_event,
    lead,
    loyalty,
    order,
    pos,
    rows,
    shop_customer,
    subscriber,
    ticket,
    web,
)

DBT_VARS = {"activation_as_of_date": "2024-03-31", "clv_parameters_from_var": True}
SELECTION = ["+path:models/marts"]
MART_SCHEMAS = ("marts", "marts_masked")

EMAIL = "thao.ly@example.vn"
WORK_EMAIL = "thao.work@example.vn"
PHONE = "+84903222001"
# What must be nowhere in a mart or export file: her email, phone (as stored and as delivered), name, ids.
PERSONAL = (
    EMAIL,
    WORK_EMAIL,
    PHONE,
    "0903222001",
    "Thảo",
    "Thao",
    "SC-ERASE",
    "LC-ERASE",
    "A-ERASE",
    "PU-ERASE",
)


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def request(request_id: str, subject_type: str, subject_value: str) -> tuple[str, dict[str, str]]:
    return "erasure_requests", {
        "request_id": request_id,
        "subject_type": subject_type,
        "subject_value": subject_value,
        "requested_at": "2024-03-30T03:00:00Z",
    }


THAO = (
    shop_customer("SC-ERASE", "Thảo", "Lý Thị", email=EMAIL, phone="0903 222 001"),
    order("SO-E1", customer_id="SC-ERASE", total_amount="500000", ordered_at="2024-02-01T03:00:00Z"),
    order("SO-E2", email="Thao.Ly@example.vn", total_amount="300000", ordered_at="2024-03-01T03:00:00Z"),
    pos("PT-E1", loyalty_card_id="LC-ERASE", total_amount="120000"),
    loyalty("LC-ERASE", "Lý Thị Thảo", phone="0903222001", email=EMAIL),
    crm("CRM-E", "Lý Thị Thảo", email=EMAIL, phone="0903 222 001"),
    lead("L-E1", "Thảo Lý", phone="+84 903 222 001", platform_user_id="PU-ERASE"),
    ticket("T-E1", "Lý Thị Thảo", requester_email=EMAIL),
    subscriber("SUB-E", EMAIL, first_name="Thảo", last_name="Lý"),
    email_event("EE-E1", "SUB-E", occurred_at="2024-03-20T03:00:00Z"),
    web(
        "W-E1",
        "A-ERASE",
        event_name="product_view",
        occurred_at="2024-03-29T10:00:00Z",
        user_id="SC-ERASE",
        page_url="https://shop.example.vn/products/sku-a",
    ),
    web(
        "W-E2",
        "A-ERASE",
        event_name="add_to_cart",
        occurred_at="2024-03-29T10:05:00Z",
        user_id="SC-ERASE",
        page_url="https://shop.example.vn/cart",
    ),
    consent("CE-1", "email", EMAIL, "email_marketing", "granted", occurred_at="2024-02-15T03:00:00Z"),
    consent("CE-2", "email", EMAIL, "ads_personalization", "granted", occurred_at="2024-02-15T03:00:00Z"),
)
# Her second identity: a web visitor known by her work address only, a customer of its own until build 1
# brings a lead with that address and her phone (BRIDGE): the two customers merge, the younger id retires.
THAO_WORK = (
    web(
        "W-E5",
        "A-ERASE-W",
        event_name="identify",
        occurred_at="2024-03-20T10:00:00Z",
        traits_email=WORK_EMAIL,
    ),
)
BRIDGE = (
    lead("L-E3", "Lý Thị Thảo", email=WORK_EMAIL, phone="0903 222 001", created_at="2024-03-25T03:00:00Z"),
)
BINH = (
    shop_customer("SC-KEEP", "Bình", "Trần Văn", email="binh.tran@example.vn", phone="0903 222 002"),
    order("SO-K1", customer_id="SC-KEEP", total_amount="250000", ordered_at="2024-03-10T03:00:00Z"),
    web(
        "W-K1",
        "A-KEEP",
        event_name="add_to_cart",
        occurred_at="2024-03-29T10:05:00Z",
        user_id="SC-KEEP",
        page_url="https://shop.example.vn/cart",
    ),
    consent(
        "CK-1",
        "email",
        "binh.tran@example.vn",
        "email_marketing",
        "granted",
        occurred_at="2024-02-15T03:00:00Z",
    ),
    consent(
        "CK-2",
        "email",
        "binh.tran@example.vn",
        "ads_personalization",
        "granted",
        occurred_at="2024-02-15T03:00:00Z",
    ),
)
VY_EMAIL = "vy.dang@example.vn"
# Deleted by her sources before build 1: none of these may be left in any schema afterwards.
VY_VALUES = (VY_EMAIL, "84903222003", "0903 222 003", "SC-VY", "LC-VY", "A-VY", "Thị Vy", "thi vy")
VY = (
    shop_customer("SC-VY", "Vy", "Đặng Thị", email=VY_EMAIL, phone="0903 222 003"),
    loyalty("LC-VY", "Đặng Thị Vy", phone="0903222003", email=VY_EMAIL),
    web(
        "W-V1",
        "A-VY",
        event_name="add_to_cart",
        occurred_at="2024-03-29T09:05:00Z",
        user_id="SC-VY",
        page_url="https://shop.example.vn/cart",
    ),
    consent("CV-1", "email", VY_EMAIL, "email_marketing", "granted", occurred_at="2024-02-15T03:00:00Z"),
)
LAN = (
    shop_customer("SC-LAN", "Lan", "Phạm Thị", email="lan.pham@example.vn", phone="0903 222 004"),
    web(
        "W-L1",
        "A-LAN-W",
        event_name="identify",
        occurred_at="2024-03-20T10:00:00Z",
        traits_email="lan.work@example.vn",
    ),
)
LAN_BRIDGE = (
    lead(
        "L-L1",
        "Phạm Thị Lan",
        email="lan.work@example.vn",
        phone="0903 222 004",
        created_at="2024-03-25T03:00:00Z",
    ),
)
MAI = (
    shop_customer("SC-MAI", "Mai", "Hoàng Thị", email="mai.hoang@example.vn", phone="0903 222 005"),
    loyalty("LC-MAI", "Hoàng Thị Mai", phone="0903222005", email="mai.hoang@example.vn"),
)
MAI_LEAD = lead("L-M1", "Hoàng Thị Mai", phone="0903 222 005", created_at="2024-03-10T03:00:00Z")
# The same lead id, corrected in its source: another person, with nothing in common with Mai.
HUNG_LEAD = lead("L-M1", "Trương Văn Hùng", phone="0903 222 006", created_at="2024-03-10T03:00:00Z")
# Two sisters on one home phone, two customers (their given names differ), from build 1 on: a request by
# that phone does not say which of them asks, and erases neither.
HOUSEHOLD_PHONE = "0903 222 009"
HOUSEHOLD = (
    shop_customer("SC-HOA", "Hoa", "Nguyễn Thị", email="hoa.nguyen@example.vn", phone=HOUSEHOLD_PHONE),
    shop_customer("SC-HUE", "Huệ", "Nguyễn Thị", email="hue.nguyen@example.vn", phone=HOUSEHOLD_PHONE),
)
REQUESTS = (
    request("R-1", "Email", " Thao.Ly@Example.VN "),
    request("R-2", "phone", "0938 271 604"),
    request("R-3", "email", "not-an-email"),
    request("R-4", "fax", "0903 222 001"),
    # After her sources deleted her: nobody carries the address any more.
    request("R-5", "email", VY_EMAIL),
    request("R-6", "phone", "+84 903 222 009"),
    # One request id delivered twice with two subjects (Bình's email, Lan's phone): which one is asked
    # cannot be told, so neither is taken (both rows quarantined); keeping the later dropped the other.
    request("R-7", "email", "binh.tran@example.vn"),
    request("R-7", "phone", "0903 222 004"),
)
ARRIVING_AGAIN = (
    order("SO-E3", email="THAO.LY@example.vn", total_amount="200000", ordered_at="2024-03-30T03:00:00Z"),
    lead("L-E2", "Lý Thị Thảo", phone="0903.222.001", created_at="2024-03-30T03:00:00Z"),
    consent(
        "CE-3",
        "email",
        "thao.ly@example.vn",
        "email_marketing",
        "granted",
        occurred_at="2024-03-30T03:00:00Z",
    ),
    web("W-E3", "A-ERASE-2", event_name="identify", occurred_at="2024-03-30T10:00:00Z", traits_email=EMAIL),
    web(
        "W-E4",
        "A-ERASE-2",
        event_name="add_to_cart",
        occurred_at="2024-03-30T10:05:00Z",
        page_url="https://shop.example.vn/cart",
    ),
)
RAW_BUILD_0 = rows(*THAO, *THAO_WORK, *BINH, *VY, *LAN, *MAI, MAI_LEAD)
RAW_BUILD_1 = rows(
    *THAO, *THAO_WORK, *BRIDGE, *BINH, *LAN, *LAN_BRIDGE, *MAI, HUNG_LEAD, *HOUSEHOLD, *REQUESTS
)
RAW_BUILD_2 = rows(
    *THAO, *THAO_WORK, *BRIDGE, *BINH, *LAN, *LAN_BRIDGE, HUNG_LEAD, *HOUSEHOLD, *ARRIVING_AGAIN
)
# Paid amounts of the raw rows, by hand (every order is paid: DEFAULTS).
REVENUE_BUILD_1 = 500000 + 300000 + 120000 + 250000
REVENUE_BUILD_2 = REVENUE_BUILD_1 + 200000
ERASED_KEY = "erased_" + sha256("R-1")[:16]


@dataclass(frozen=True)
class Erasure:
    """What each build showed (snapshot_0: before the requests; 1: after; 2: her rows again, no request)."""

    snapshot_0: dict[str, Any]
    snapshot_1: dict[str, Any]
    exports_1: Path
    snapshot_2: dict[str, Any]
    exports_2: Path
    thao_customer_id: str
    # Her work visitor's customer in build 0; build 1 merges the two under the older id, ties going to
    # the smaller (int_customer_ids_assigned): both were given in build 0, so the smaller one.
    work_customer_id: str
    vy_customer_id: str
    # Lan's two customers of build 0 (her shop account's, her work visitor's).
    lan_customer_ids: tuple[str, str]
    # Every (schema.relation, column, value) of build 1 holding one of Vy's values, raw to marts.
    vy_found: list[tuple[str, str, str]]
    # Mai's customer of build 0 (her three records) and Hùng's, whom the split of build 1 gives the lead.
    mai_customer_id: str
    hung_customer_id: str

    @property
    def merged_customer_id(self) -> str:
        return min(self.thao_customer_id, self.work_customer_id)


def snapshot(warehouse: Warehouse, her_customer_ids: tuple[str, str]) -> dict[str, Any]:
    """What the tests read of one build: the file is built again afterwards."""
    marks = ", ".join("?" for _ in her_customer_ids)
    return {
        "found": scan_marts(warehouse, personal_values(*her_customer_ids)),
        "members": warehouse.query(
            "select customers.email, members.audience from marts.audience_members as members "
            "inner join marts.dim_customers as customers on members.customer_id = customers.customer_id "
            "order by 2"
        ),
        "dim_customers": warehouse.one("select count(*) from marts.dim_customers"),
        "revenue": warehouse.one("select sum(net_amount_vnd) from marts.fct_orders"),
        "completed_orders": warehouse.one("select count(*) from marts.fct_orders where is_completed"),
        "kpi_revenue": warehouse.one("select sum(revenue_vnd) from marts.metrics_monthly_kpis"),
        "orders": warehouse.query(
            "select order_id, customer_id, is_customer_erased from marts.fct_orders order by order_id"
        ),
        "binh": warehouse.customer_of("shop_customers:SC-KEEP"),
        "erased": warehouse.query(
            "select customer_id, request_id from intermediate.int_erasure_customers_resolved"
        ),
        "requests": warehouse.one("select count(*) from staging.stg_privacy__erasure_requests"),
        # Her touchpoints that leave the timeline (her web events and orders stay, anonymous): her email
        # event, her leads (L-E2 arrives in build 2 with her phone) and her ticket (created, resolved).
        "her_touchpoints": warehouse.query(
            "select source_table, source_record_id from marts.fct_customer_events "
            "where (source_table = 'email_events' and source_record_id = 'EE-E1') "
            "or (source_table = 'social_leads' and source_record_id in ('L-E1', 'L-E2')) "
            "or (source_table = 'support_tickets' and source_record_id = 'T-E1') order by 1, 2"
        ),
        "her_rows": {
            table: warehouse.one(
                f"select count(*) from marts.{table} where customer_id in ({marks})", list(her_customer_ids)
            )
            for table in (
                "audience_membership_history",
                "customer_traits_daily",
                "customer_rfm",
                "customer_clv",
            )
        },
        "quarantine": warehouse.query(
            "select source_record_id, quarantine_reason from staging.stg_quarantine__rows "
            "where source_table = 'erasure_requests' order by 1"
        ),
        "suppression": warehouse.query(
            "select suppression_key, request_id, suppressed_at from marts.erasure_suppression_list order by 1"
        ),
        "receipts": warehouse.dicts("select * from marts.erasure_receipts order by request_id"),
        "kpis": warehouse.query("select * from marts.metrics_monthly_kpis order by 1"),
        "retention": warehouse.query("select * from marts.metrics_retention order by 1, 2"),
        "history": warehouse.query("select customer_id, audience from marts.audience_membership_history"),
        "traits_daily": warehouse.query("select customer_id from marts.customer_traits_daily"),
        "id_history": warehouse.query(
            "select record_key, customer_id from intermediate.int_customer_id_history order by 1, 2"
        ),
        "lan": warehouse.customer_of("shop_customers:SC-LAN"),
        "mai": warehouse.query(
            "select customer_id from marts.customer_identity_map where record_key = 'shop_customers:SC-MAI'"
        ),
        "retired": warehouse.query(
            "select customer_id, retired_at, retired_into "
            "from intermediate.int_customer_ids_retired order by 1"
        ),
        "kept": warehouse.query("select customer_id from intermediate.int_customer_ids_kept order by 1"),
    }


def rebuild(work: Path, database: Path, raw: support.Rows, *excluded: str) -> support.DbtRun:
    """The same file, new raw rows: `dbt build` of the same selection (incremental models read their past),
    without unit tests and the other resource types given."""
    support.write_raw_dir(work / "raw", raw, DEFAULTS)
    load_raw_dir(work / "raw", database)
    selection = " ".join([*SELECTION, "+customer_identity_map", "+staging", "resource_type:seed"])
    run = support.run_dbt(
        database,
        work,
        "build",
        "--select",
        selection,
        "--exclude-resource-type",
        "unit_test",
        *support.UPSTREAM_DATA_TESTS_EXCLUDED,
        *excluded,
        "--vars",
        json.dumps({"clv_parameters": CLV_PARAMETERS, **DBT_VARS}),
    )
    if run.returncode != 0:
        pytest.fail(f"dbt build failed:\n{run.failure_summary()}")
    return run


@pytest.fixture(scope="module")
def erasure(tmp_path_factory: pytest.TempPathFactory) -> Erasure:
    work = tmp_path_factory.mktemp("erasure")
    # Builds 0 and 1 leave the data tests out: build 2, after the erasure and the re-arrival, runs them.
    database = work / "cdp.duckdb"
    build_0 = Warehouse(database, rebuild(work, database, RAW_BUILD_0, "test"))
    thao = build_0.customer_of("shop_customers:SC-ERASE")
    thao_work = build_0.customer_of("web_events:A-ERASE-W")
    assert thao_work != thao, "build 0 holds her as two customers"
    snapshot_0 = snapshot(build_0, (thao, thao_work))
    vy = build_0.customer_of("shop_customers:SC-VY")
    lan = (build_0.customer_of("shop_customers:SC-LAN"), build_0.customer_of("web_events:A-LAN-W"))
    assert lan[0] != lan[1], "build 0 holds Lan as two customers"
    mai = build_0.customer_of("shop_customers:SC-MAI")
    assert build_0.customer_of("social_leads:L-M1") == mai, "build 0 holds Mai's lead under her id"
    build_1 = Warehouse(database, rebuild(work, database, RAW_BUILD_1, "test"))
    hung = build_1.customer_of("social_leads:L-M1")
    snapshot_1 = snapshot(build_1, (thao, thao_work))
    # The request queue aside (R-5 names her address until the loader drains it).
    vy_found = [
        found
        for found in scan_schemas(
            build_1, (*VY_VALUES, vy), ("raw", "staging", "intermediate", *MART_SCHEMAS)
        )
        if "erasure_requests" not in found[0]
    ]
    exports = work / "exports"
    exports_1 = activation.activate(database, exports, "run-1")
    build_2 = Warehouse(database, rebuild(work, database, RAW_BUILD_2))
    snapshot_2 = snapshot(build_2, (thao, thao_work))
    exports_2 = activation.activate(database, exports, "run-2")
    return Erasure(
        snapshot_0,
        snapshot_1,
        exports_1,
        snapshot_2,
        exports_2,
        thao,
        thao_work,
        vy,
        lan,
        vy_found,
        mai,
        hung,
    )


def personal_values(*her_customer_ids: str) -> tuple[str, ...]:
    hashes = (sha256(EMAIL), sha256(WORK_EMAIL), sha256(PHONE), sha256("84903222001"))
    return (*PERSONAL, *her_customer_ids, *hashes)


def scan_marts(warehouse: Warehouse, values: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """Every (relation, column, value) of every mart schema whose text holds one of the values; the
    suppression list, which is the hashes of her identifiers and nothing else, aside."""
    return scan_schemas(warehouse, values, MART_SCHEMAS)


def scan_schemas(
    warehouse: Warehouse, values: tuple[str, ...], schemas: tuple[str, ...]
) -> list[tuple[str, str, str]]:
    """Every (relation, column, value) of the schemas whose text holds one of the values; the suppression
    list (hashes only) aside. One connection and one query per relation, every column read as text."""
    found: set[tuple[str, str, str]] = set()
    con = duckdb.connect(str(warehouse.database), read_only=True)
    try:
        columns: dict[tuple[str, str], list[str]] = {}
        for schema, table, column in con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            f"where table_schema in {schemas} and table_name != 'erasure_suppression_list' "
            "order by 1, 2, ordinal_position"
        ).fetchall():
            columns.setdefault((schema, table), []).append(column)
        assert len(columns) > 30
        for (schema, table), names in columns.items():
            as_text = ", ".join(f'cast("{column}" as varchar)' for column in names)
            for row in con.execute(f'select distinct {as_text} from {schema}."{table}"').fetchall():
                for column, value in zip(names, row, strict=True):
                    if value and any(personal in value for personal in values):
                        found.add((f"{schema}.{table}", column, value))
    finally:
        con.close()
    return sorted(found)


def scan_exports(run_dir: Path, values: tuple[str, ...]) -> list[tuple[str, str]]:
    files = sorted(run_dir.glob("*.csv"))
    assert any(path.name.startswith("abandoned_cart__") for path in files)
    found = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        found += [(path.name, value) for value in values if value in text]
    return found


def test_absent_from_every_mart_and_export_after_the_erasure(erasure: Erasure) -> None:
    assert erasure.snapshot_0["found"], "before the request, the scan finds her"
    assert erasure.snapshot_1["found"] == []
    assert (
        scan_exports(erasure.exports_1, personal_values(erasure.thao_customer_id, erasure.work_customer_id))
        == []
    )


def test_her_email_events_leads_and_tickets_leave_the_timeline(erasure: Erasure) -> None:
    # Before the request: her email event, her lead and her ticket's creation (no resolution delivered).
    assert erasure.snapshot_0["her_touchpoints"] == [
        ("email_events", "EE-E1"),
        ("social_leads", "L-E1"),
        ("support_tickets", "T-E1"),
    ]
    assert erasure.snapshot_1["her_touchpoints"] == []
    assert erasure.snapshot_2["her_touchpoints"] == []


def test_still_absent_when_her_email_and_phone_arrive_again(erasure: Erasure) -> None:
    assert erasure.snapshot_2["found"] == []
    assert (
        scan_exports(erasure.exports_2, personal_values(erasure.thao_customer_id, erasure.work_customer_id))
        == []
    )
    # No request any more: the new rows join her old records in one customer, erased by the list alone.
    assert erasure.snapshot_2["requests"] == 0
    assert erasure.snapshot_2["erased"] == [(erasure.merged_customer_id, "R-1")]


def test_binh_stays_with_his_audience(erasure: Erasure) -> None:
    for taken in (erasure.snapshot_1, erasure.snapshot_2):
        assert taken["members"] == [("binh.tran@example.vn", "abandoned_cart")]
    # Bình, Lan (one customer since build 1), Mai, Hùng (the lead split off) and the two sisters of the
    # household; Mai deleted in build 2.
    assert erasure.snapshot_1["dim_customers"] == 6
    assert erasure.snapshot_2["dim_customers"] == 5


def test_revenue_unchanged_under_the_anonymous_key(erasure: Erasure) -> None:
    before, after, again = erasure.snapshot_0, erasure.snapshot_1, erasure.snapshot_2
    for taken in (before, after):
        assert taken["revenue"] == REVENUE_BUILD_1
        assert taken["completed_orders"] == 4
        assert taken["kpi_revenue"] == REVENUE_BUILD_1
    assert after["orders"] == [
        ("PT-E1", ERASED_KEY, True),
        ("SO-E1", ERASED_KEY, True),
        ("SO-E2", ERASED_KEY, True),
        ("SO-K1", after["binh"], False),
    ]
    assert again["revenue"] == REVENUE_BUILD_2
    assert ("SO-E3", ERASED_KEY, True) in again["orders"]


def test_suppression_list_holds_hashes_of_every_identifier_and_never_forgets(erasure: Erasure) -> None:
    expected = {
        f"email:{sha256(EMAIL)}",
        f"phone:{sha256(PHONE)}",
        f"account:{sha256('SC-ERASE')}",
        f"loyalty_card:{sha256('LC-ERASE')}",
        f"social_id:{sha256('facebook:PU-ERASE')}",
        f"anonymous_id:{sha256('A-ERASE')}",
        f"email:{sha256(WORK_EMAIL)}",
        f"anonymous_id:{sha256('A-ERASE-W')}",
        f"customer_id:{sha256(erasure.merged_customer_id)}",
    }
    suppression_1 = erasure.snapshot_1["suppression"]
    assert {key for key, request_id, _ in suppression_1 if request_id == "R-1"} == expected
    # matched nobody: their subjects are listed all the same (0938 271 604 in E.164).
    assert {(key, request_id) for key, request_id, _ in suppression_1 if request_id != "R-1"} == {
        (f"phone:{sha256('+84938271604')}", "R-2"),
        (f"email:{sha256(VY_EMAIL)}", "R-5"),
    }
    # Build 2 (no request at all) keeps every row as it was and adds none.
    assert erasure.snapshot_2["suppression"] == suppression_1


def test_receipts(erasure: Erasure) -> None:
    receipts = {row["request_id"]: row for row in erasure.snapshot_1["receipts"]}
    assert set(receipts) == {"R-1", "R-2", "R-3", "R-4", "R-5", "R-6", "R-7"}
    r1 = receipts["R-1"]
    assert (r1["subject_type"], r1["status"], r1["reason"], r1["resolved_customer_count"]) == (
        "email",
        "completed",
        None,
        1,
    )
    removed = {
        key.removeprefix("records_removed_"): value
        for key, value in r1.items()
        if key.startswith("records_removed_")
    }
    assert removed == {
        "crm_contacts": 1,
        "shop_customers": 1,
        "shop_orders": 2,
        "pos_transactions": 1,
        "loyalty_members": 1,
        "web_events": 2,
        "email_subscribers": 1,
        "social_leads": 2,
        "support_tickets": 1,
    }
    assert r1["records_removed"] == 12
    assert r1["identifiers_suppressed"] == 9
    assert str(r1["requested_at"]) == "2024-03-30 03:00:00"
    assert (receipts["R-2"]["status"], receipts["R-2"]["identifiers_suppressed"]) == ("subject_not_found", 1)
    # Vy's sources deleted her before her request: nobody is found, her address is listed all the same.
    assert (receipts["R-5"]["status"], receipts["R-5"]["identifiers_suppressed"]) == ("subject_not_found", 1)
    assert receipts["R-5"]["records_removed"] == 0
    assert (receipts["R-3"]["status"], receipts["R-3"]["reason"]) == ("invalid_subject", "invalid_value")
    assert (receipts["R-4"]["status"], receipts["R-4"]["reason"]) == ("invalid_subject", "invalid_value")
    # The household phone: two customers carry it, the request erases neither and says why.
    r6 = receipts["R-6"]
    assert (r6["status"], r6["reason"], r6["resolved_customer_count"], r6["records_removed"]) == (
        "ambiguous_subject",
        "shared_identifier",
        2,
        0,
    )
    assert r6["identifiers_suppressed"] == 0
    r7 = receipts["R-7"]
    assert (r7["status"], r7["reason"], r7["records_removed"], r7["identifiers_suppressed"]) == (
        "invalid_subject",
        "conflicting_duplicate",
        0,
        0,
    )
    # The malformed requests are quarantined with their reason, as staging does elsewhere.
    assert erasure.snapshot_1["quarantine"] == [
        ("R-3", "invalid_value"),
        ("R-4", "invalid_value"),
        ("R-7", "conflicting_duplicate"),
        ("R-7", "conflicting_duplicate"),
    ]
    # Build 2: the drained requests keep their receipts as build 1 wrote them.
    assert erasure.snapshot_2["receipts"] == erasure.snapshot_1["receipts"]


def test_metrics_equal_before_and_after(erasure: Erasure) -> None:
    assert erasure.snapshot_1["kpis"] == erasure.snapshot_0["kpis"]
    assert erasure.snapshot_1["retention"] == erasure.snapshot_0["retention"]


def test_incremental_history_keeps_no_row_of_hers(erasure: Erasure) -> None:
    # Before the request she was in the abandoned cart audience and in the daily traits, under two ids.
    assert (erasure.thao_customer_id, "abandoned_cart") in erasure.snapshot_0["history"]
    assert (erasure.thao_customer_id,) in erasure.snapshot_0["traits_daily"]
    assert (erasure.work_customer_id,) in erasure.snapshot_0["traits_daily"]
    # The first build after the request (which also merges her two customers, retiring one id) deletes
    # her past rows under both ids; none comes back.
    for taken in (erasure.snapshot_1, erasure.snapshot_2):
        assert set(taken["her_rows"].values()) == {0}, taken["her_rows"]


def test_deleted_at_the_source_leaves_nothing_behind(erasure: Erasure) -> None:
    vy = erasure.vy_customer_id
    before = erasure.snapshot_0
    assert ("vy.dang@example.vn", "abandoned_cart") in before["members"]
    assert (vy, "abandoned_cart") in before["history"]
    assert (vy,) in before["traits_daily"]
    assert ("loyalty_members:LC-VY", vy) in before["id_history"]
    # Build 1 has no row of hers in any source: her audience spell and her traits of build 0 are deleted
    # (not closed as customer_removed), and no table of any schema, raw to marts, holds a value of hers.
    for taken in (erasure.snapshot_1, erasure.snapshot_2):
        assert not [row for row in taken["history"] if row[0] == vy]
        assert (vy,) not in taken["traits_daily"]
        assert not [row for row in taken["id_history"] if row[1] == vy or "VY" in row[0]]
    assert erasure.vy_found == [], erasure.vy_found


def test_merged_customer_keeps_her_rows_under_the_retired_id(erasure: Erasure) -> None:
    # Build 1 merges Lan's two customers under the smaller id (both were given in build 0); the other id
    # retires, and the traits history keeps its build 0 row: her records are still delivered.
    survivor, retired = min(erasure.lan_customer_ids), max(erasure.lan_customer_ids)
    for taken in (erasure.snapshot_1, erasure.snapshot_2):
        assert taken["lan"] == survivor
        assert (retired,) in taken["traits_daily"]
        assert ("web_events:A-LAN-W", retired) in taken["id_history"]
        assert ("web_events:A-LAN-W", survivor) in taken["id_history"]
        assert (retired,) in taken["kept"]
    # Retired in build 1 into the survivor (her web visitor's record carried it before that build), at
    # that run's start, which build 2 keeps.
    retired_1 = {row[0]: row[1:] for row in erasure.snapshot_1["retired"]}
    retired_2 = {row[0]: row[1:] for row in erasure.snapshot_2["retired"]}
    assert retired_1[retired][0] is not None
    assert retired_1[retired] == retired_2[retired] == (retired_1[retired][0], survivor)


def test_split_then_deleted_at_the_source_leaves_nothing_under_her_id(erasure: Erasure) -> None:
    mai, hung = erasure.mai_customer_id, erasure.hung_customer_id
    assert (mai,) in erasure.snapshot_0["traits_daily"]
    # Build 1 splits the lead off: it gets a new id, Mai's account and card keep hers, both kept.
    split = erasure.snapshot_1
    assert hung != mai
    assert split["mai"] == [(mai,)]
    assert {("social_leads:L-M1", mai), ("social_leads:L-M1", hung)} <= set(split["id_history"])
    assert {(mai,), (hung,)} <= set(split["kept"])
    assert (mai,) in split["traits_daily"]
    # Build 2: her sources deleted her account and card. The lead that carried her id until the split is
    # left, but it left her id before it retired: her id is retired, not kept, and its rows are gone.
    deleted = erasure.snapshot_2
    assert deleted["mai"] == []
    # Retired by build 2 (after Lan's id, build 1) into nothing: no current record carried it before
    # build 2 (the lead carried Hùng's id since build 1).
    retired = {row[0]: row[1:] for row in deleted["retired"]}
    assert retired[mai][1] is None
    assert retired[mai][0] > retired[max(erasure.lan_customer_ids)][0]
    assert (mai,) not in deleted["kept"]
    assert (mai,) not in deleted["traits_daily"]
    # Hùng, whose lead is still delivered, keeps his rows; the lead's pair under her id stays in the id
    # history (its record is current), which names her id, not her.
    assert (hung,) in deleted["traits_daily"]
    assert ("social_leads:L-M1", mai) in deleted["id_history"]

"""Integration tests of the fact marts: fct_orders, fct_order_items, int_customer_orders_summarised,
int_customers_acquired, fct_web_sessions and fct_customer_events, on one hand-made raw folder built once by
a real `dbt build` on a DuckDB file of its own. Every expected value is worked out by hand below from the
rules in docs/marts.md, never read from the models.

The people (Vietnamese time is UTC+7):
- Lan: a shop account SC-1. SO-4 is a guest order with her email at 23:30 local on 31 January 2024 (the
  last day of the month), stitched to her by the email; SO-1 is paid with a Facebook ad's UTM tags and a
  discount, its two lines priced 400,000 + 150,000 = 550,000 for 500,000 charged; SO-2 is refunded, SO-3
  cancelled; POS-1 is a till receipt with her phone and name (she buys online and in store). She subscribes
  to the newsletter (two email events; subscribed: a consent grant), grants email marketing on a consent form
  and revokes SMS marketing for her phone.
- Minh: shop account SC-2, one USD order SO-5 (10.00 after a 2.00 discount; 1 USD = 26,300 VND in seed
  currency_rates). Before logging in he browses on anonymous id anon-1: a Google ad landing, a product page
  exactly 30 minutes later (same session), a page 30 minutes and 1 second after that (a new, direct session),
  where he logs in (identify with user_id SC-2), adds to cart, checks out and completes SO-5.
- Hoa: a Zalo lead-ad lead (campaign zl_2024_tet_sale), then a till receipt POS-3 with her phone and name
  nine days later, then a phone ticket resolved two hours after it was opened.
- anon-2: a visitor who never identifies. POS-2: an anonymous till receipt (no card, no phone).
- SO-BAD: an order with a status outside the contract (quarantined by staging) and one line.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from .conftest import (
    Warehouse,
    ad_spend,
    build_warehouse,
    consent,
    email_event,
    lead,
    order,
    order_item,
    pos,
    rows,
    shop_customer,
    subscriber,
    ticket,
    utc,
    web,
)

LAN_PHONE = "0901234567"
HOA_PHONE = "0913579246"
SHOP = "https://shop.example.vn"

RAW = rows(
    # Lan
    shop_customer("SC-1", "Lan", "Nguyễn Thị", email="lan.nguyen@gmail.com", phone=LAN_PHONE),
    order(
        "SO-1",
        customer_id="SC-1",
        ordered_at=utc("2024-03-05 10:00"),
        total_amount="500000",
        discount_amount="50000",
        utm_source="facebook",
        utm_medium="cpc",
        utm_campaign="fb_2024_tet_sale",
    ),
    order_item("SO-1", 1, sku="SKU-A", category="fashion", quantity="2", unit_price="200000"),
    order_item("SO-1", 2, sku="SKU-B", category="beauty", quantity="1", unit_price="150000"),
    order(
        "SO-2",
        customer_id="SC-1",
        ordered_at=utc("2024-03-20 10:00"),
        status="refunded",
        total_amount="300000",
    ),
    order_item("SO-2", 1, sku="SKU-C", quantity="1", unit_price="300000"),
    order(
        "SO-3",
        customer_id="SC-1",
        ordered_at=utc("2024-04-02 10:00"),
        status="cancelled",
        total_amount="200000",
    ),
    order("SO-4", email="lan.nguyen@gmail.com", ordered_at=utc("2024-01-31 23:30"), total_amount="250000"),
    pos(
        "POS-1",
        customer_phone=LAN_PHONE,
        customer_name="Nguyễn Thị Lan",
        transacted_at=utc("2024-04-10 12:00"),
        total_amount="120000",
        store_id="ST-007",
        store_province="Hà Nội",
    ),
    subscriber("SUB-1", "lan.nguyen@gmail.com", first_name="Lan", last_name="Nguyễn Thị"),
    email_event("EE-1", "SUB-1", event_type="sent", occurred_at=utc("2024-02-05 09:00")),
    email_event("EE-2", "SUB-1", event_type="open", occurred_at=utc("2024-02-05 12:00")),
    consent(
        "CS-1",
        "email",
        "lan.nguyen@gmail.com",
        "email_marketing",
        "granted",
        occurred_at=utc("2024-01-15 08:00"),
    ),
    consent("CS-2", "phone", LAN_PHONE, "sms_marketing", "revoked", occurred_at=utc("2024-02-15 08:00")),
    # Minh
    shop_customer("SC-2", "Minh", "Trần Văn", email="minh.tran@gmail.com"),
    order(
        "SO-5",
        customer_id="SC-2",
        ordered_at="2024-05-01T02:08:00Z",
        currency="USD",
        total_amount="10.00",
        discount_amount="2.00",
    ),
    order_item("SO-5", 1, sku="SKU-D", quantity="2", unit_price="4.00"),
    order_item("SO-5", 2, sku="SKU-E", quantity="1", unit_price="4.00"),
    web(
        "WE-1",
        "anon-1",
        occurred_at="2024-05-01T01:00:00Z",
        page_url=f"{SHOP}/?utm_source=google&utm_medium=cpc&utm_campaign=gg_2024_always_on",
        utm_source="google",
        utm_medium="cpc",
        utm_campaign="gg_2024_always_on",
        device_id="dev-1",
    ),
    web(
        "WE-2",
        "anon-1",
        event_name="product_view",
        occurred_at="2024-05-01T01:30:00Z",
        page_url=f"{SHOP}/products/sku-fas-0002",
        device_id="dev-1",
    ),
    web(
        "WE-3",
        "anon-1",
        occurred_at="2024-05-01T02:00:01Z",
        page_url=f"{SHOP}/collections/fashion",
        device_id="dev-1",
    ),
    web(
        "WE-4",
        "anon-1",
        event_name="identify",
        occurred_at="2024-05-01T02:05:00Z",
        user_id="SC-2",
        traits_email="minh.tran@gmail.com",
        page_url=f"{SHOP}/login",  # sorts after the landing page of its session: landing is not a max
        device_id="dev-1",
    ),
    web("WE-5", "anon-1", event_name="add_to_cart", occurred_at="2024-05-01T02:06:00Z", user_id="SC-2"),
    web("WE-6", "anon-1", event_name="checkout_started", occurred_at="2024-05-01T02:07:00Z", user_id="SC-2"),
    web(
        "WE-7",
        "anon-1",
        event_name="order_completed",
        occurred_at="2024-05-01T02:08:05Z",
        user_id="SC-2",
        order_id="SO-5",
    ),
    ad_spend("2024-05-01", "google", "gg_2024_always_on", "50.00", channel="paid_search", currency="USD"),
    # Hoa
    lead(
        "LEAD-1",
        "Trần Thị Hoa",
        platform="zalo",
        phone=HOA_PHONE,
        campaign_id="zl_2024_tet_sale",
        created_at=utc("2024-02-01 10:00"),
    ),
    pos(
        "POS-3",
        customer_phone=HOA_PHONE,
        customer_name="Trần Thị Hoa",
        transacted_at=utc("2024-02-10 10:00"),
        total_amount="300.000",
    ),
    ticket(
        "TK-1",
        "Trần Thị Hoa",
        requester_phone=HOA_PHONE,
        created_at=utc("2024-02-12 10:00"),
        resolved_at=utc("2024-02-12 12:00"),
        category="delivery",
    ),
    ad_spend("2024-02-01", "zalo", "zl_2024_tet_sale", "1.000.000", channel="paid_social"),
    # Nobody
    web("WE-8", "anon-2", occurred_at="2024-05-02T01:00:00Z", page_url=f"{SHOP}/", platform="android"),
    pos("POS-2", transacted_at=utc("2024-04-11 09:00"), total_amount="80000"),
    order("SO-BAD", customer_id="SC-1", status="shipped"),
    order_item("SO-BAD", 1, sku="SKU-X", quantity="1", unit_price="99000"),
)

SELECT = [
    "+fct_orders",
    "+fct_order_items",
    "+fct_web_sessions",
    "+fct_customer_events",
    "+int_customer_orders_summarised",
    "+int_customers_acquired",
]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    return build_warehouse(tmp_path_factory.mktemp("marts_facts"), RAW, SELECT)


@pytest.fixture(scope="module")
def people(warehouse: Warehouse) -> dict[str, str]:
    return {
        "lan": warehouse.customer_of("shop_customers:SC-1"),
        "minh": warehouse.customer_of("shop_customers:SC-2"),
        "hoa": warehouse.customer_of("social_leads:LEAD-1"),
    }


def orders(warehouse: Warehouse) -> dict[str, dict]:
    return {r["order_id"]: r for r in warehouse.dicts("select * from marts.fct_orders")}


# --------------------------------------------------------------------------------------------- fct_orders


def test_one_row_per_order_and_transaction(warehouse: Warehouse) -> None:
    # SO-BAD is quarantined by staging; the anonymous receipt POS-2 is kept.
    assert set(orders(warehouse)) == {"SO-1", "SO-2", "SO-3", "SO-4", "SO-5", "POS-1", "POS-2", "POS-3"}


def test_guest_order_and_till_receipt_are_stitched_to_the_account(
    warehouse: Warehouse, people: dict[str, str]
) -> None:
    found = orders(warehouse)
    assert {found[o]["customer_id"] for o in ("SO-1", "SO-2", "SO-3", "SO-4", "POS-1")} == {people["lan"]}
    assert found["POS-3"]["customer_id"] == people["hoa"]
    assert found["SO-4"]["order_key"] == "shop_orders:SO-4"
    assert found["POS-1"]["order_key"] == "pos_transactions:POS-1"


def test_anonymous_till_receipt_has_no_customer(warehouse: Warehouse) -> None:
    receipt = orders(warehouse)["POS-2"]
    assert receipt["customer_id"] is None
    assert receipt["is_first_order"] is None
    assert receipt["customer_order_number"] is None
    assert receipt["net_amount_vnd"] == 80000


def test_net_rule_refund_cancellation_and_discount(warehouse: Warehouse) -> None:
    found = orders(warehouse)
    paid = found["SO-1"]
    assert (paid["gross_amount_vnd"], paid["discount_amount_vnd"], paid["net_amount_vnd"]) == (
        550000,
        50000,
        500000,
    )
    assert paid["refunded_amount_vnd"] == 0
    refunded = found["SO-2"]
    assert (refunded["status"], refunded["is_completed"]) == ("refunded", False)
    assert (refunded["net_amount_vnd"], refunded["refunded_amount_vnd"]) == (0, 300000)
    cancelled = found["SO-3"]
    assert (cancelled["net_amount_vnd"], cancelled["refunded_amount_vnd"], cancelled["is_completed"]) == (
        0,
        0,
        False,
    )


def test_usd_order_in_original_currency_and_vnd(warehouse: Warehouse) -> None:
    usd = orders(warehouse)["SO-5"]
    assert usd["currency"] == "USD"
    assert (usd["gross_amount"], usd["discount_amount"], usd["net_amount"]) == (
        Decimal("12"),
        Decimal("2"),
        Decimal("10"),
    )
    # 12.00 x 26,300 = 315,600; 2.00 x 26,300 = 52,600; 10.00 x 26,300 = 263,000
    assert (usd["gross_amount_vnd"], usd["discount_amount_vnd"], usd["net_amount_vnd"]) == (
        315600,
        52600,
        263000,
    )


def test_order_at_2330_local_on_the_last_day_of_a_month_belongs_to_that_month(warehouse: Warehouse) -> None:
    late = orders(warehouse)["SO-4"]
    assert late["ordered_at"] == datetime(2024, 1, 31, 16, 30)
    assert late["ordered_at_local"] == datetime(2024, 1, 31, 23, 30)
    assert late["order_date"] == date(2024, 1, 31)
    assert late["order_month"] == date(2024, 1, 1)


def test_channels_stores_and_provinces(warehouse: Warehouse) -> None:
    found = orders(warehouse)
    till = found["POS-1"]
    assert (till["channel"], till["status"], till["store_id"], till["payment_method"]) == (
        "in_store",
        "paid",
        "ST-007",
        "cash",
    )
    assert till["province_code"] is not None  # Hà Nội's code from seed vn_provinces
    assert found["SO-1"]["channel"] == "online"
    assert found["SO-1"]["store_id"] is None
    assert (found["SO-1"]["marketing_channel"], found["SO-1"]["platform"]) == ("paid_social", "facebook")
    assert found["SO-4"]["marketing_channel"] == "direct"


def test_customer_order_numbers_count_completed_orders_online_and_in_store(warehouse: Warehouse) -> None:
    found = orders(warehouse)
    # Lan's completed orders: SO-4 (31 Jan), SO-1 (5 Mar), POS-1 (10 Apr); SO-2 refunded, SO-3 cancelled.
    assert [found[o]["customer_order_number"] for o in ("SO-4", "SO-1", "POS-1")] == [1, 2, 3]
    assert [found[o]["is_first_order"] for o in ("SO-4", "SO-1", "POS-1")] == [True, False, False]
    assert found["SO-2"]["customer_order_number"] is None and found["SO-2"]["is_first_order"] is False
    assert found["SO-3"]["customer_order_number"] is None


def _attribution(row: dict) -> tuple:
    return (
        row["attributed_channel"],
        row["attributed_platform"],
        row["attributed_campaign_id"],
        row["attribution_source"],
        row["attributed_touch_key"],
    )


def test_order_attribution(warehouse: Warehouse) -> None:
    found = orders(warehouse)
    # Own tags.
    assert _attribution(found["SO-1"]) == (
        "paid_social",
        "facebook",
        "fb_2024_tet_sale",
        "order_utm",
        "shop_orders:SO-1",
    )
    # No tags: SO-1's touch 15 and 28 days before.
    for later in ("SO-2", "SO-3"):
        assert _attribution(found[later]) == (
            "paid_social",
            "facebook",
            "fb_2024_tet_sale",
            "last_touch",
            "shop_orders:SO-1",
        )
    # 36 days after SO-1 (beyond 30), SO-2/SO-3 carry no tags: direct.
    assert _attribution(found["POS-1"]) == ("direct", None, None, "none", None)
    # The first order had nothing before it.
    assert _attribution(found["SO-4"]) == ("direct", None, None, "none", None)
    # Minh's last non-direct touch: the Google ad landing 68 minutes before (the direct visit is skipped).
    assert _attribution(found["SO-5"]) == (
        "paid_search",
        "google",
        "gg_2024_always_on",
        "last_touch",
        "web_events:WE-1",
    )
    # Hoa's lead nine days before her till receipt.
    assert _attribution(found["POS-3"]) == (
        "paid_social",
        "zalo",
        "zl_2024_tet_sale",
        "last_touch",
        "social_leads:LEAD-1",
    )
    assert _attribution(found["POS-2"]) == ("direct", None, None, "none", None)


# ---------------------------------------------------------------------------------------- fct_order_items


def test_line_net_amounts_sum_to_the_order_net(warehouse: Warehouse) -> None:
    lines = {r["order_item_key"]: r for r in warehouse.dicts("select * from marts.fct_order_items")}
    # SO-1: 500,000 over 400,000 + 150,000: 500,000 x 400/550 = 363,636.36 -> 363,636; the rest 136,364.
    assert lines["shop_orders:SO-1#1"]["net_amount_vnd"] == 363636
    assert lines["shop_orders:SO-1#2"]["net_amount_vnd"] == 136364
    assert lines["shop_orders:SO-1#1"]["gross_amount_vnd"] == 400000
    # SO-5 (USD): 263,000 over 8.00 + 4.00: 175,333.33 -> 175,333; the rest 87,667. Unit 4.00 = 105,200 VND.
    assert lines["shop_orders:SO-5#1"]["net_amount_vnd"] == 175333
    assert lines["shop_orders:SO-5#2"]["net_amount_vnd"] == 87667
    assert lines["shop_orders:SO-5#1"]["unit_price_vnd"] == 105200
    assert lines["shop_orders:SO-5#1"]["gross_amount_vnd"] == 210400
    # A refunded order's line is worth nothing.
    assert lines["shop_orders:SO-2#1"]["net_amount_vnd"] == 0


def test_line_of_a_quarantined_order_is_kept_and_flagged(warehouse: Warehouse) -> None:
    line = warehouse.row("select * from marts.fct_order_items where order_id = 'SO-BAD'")
    assert (line["has_order"], line["customer_id"], line["net_amount_vnd"], line["unit_price_vnd"]) == (
        False,
        None,
        None,
        None,
    )
    assert line["unit_price"] == 99000
    assert warehouse.one("select count(*) from marts.fct_order_items") == 6


# ----------------------------------------------------------------------------- int_customer_orders_summarised


def test_purchase_history_online_and_in_store(warehouse: Warehouse, people: dict[str, str]) -> None:
    lan = warehouse.row(
        "select * from intermediate.int_customer_orders_summarised where customer_id = ?", [people["lan"]]
    )
    assert lan["order_count"] == 5
    assert (lan["completed_order_count"], lan["online_order_count"], lan["in_store_order_count"]) == (3, 2, 1)
    assert (lan["refunded_order_count"], lan["cancelled_order_count"]) == (1, 1)
    assert lan["net_revenue_vnd"] == 250000 + 500000 + 120000
    assert lan["refunded_amount_vnd"] == 300000
    assert lan["purchase_day_count"] == 3
    assert (lan["first_order_date"], lan["last_order_date"]) == (date(2024, 1, 31), date(2024, 4, 10))
    assert lan["first_order_at"] == datetime(2024, 1, 31, 16, 30)
    # Three customers bought; the anonymous receipt belongs to nobody.
    assert warehouse.one("select count(*) from intermediate.int_customer_orders_summarised") == 3


# ------------------------------------------------------------------------------------- int_customers_acquired


def test_acquisition_first_touch(warehouse: Warehouse, people: dict[str, str]) -> None:
    acquired = {
        r["customer_id"]: r for r in warehouse.dicts("select * from intermediate.int_customers_acquired")
    }
    assert set(acquired) == set(people.values())
    lan, minh, hoa = acquired[people["lan"]], acquired[people["minh"]], acquired[people["hoa"]]
    # Lan's first purchase is the guest order SO-4 with no tags and nothing before it.
    assert (lan["acquisition_channel"], lan["acquisition_source"], lan["acquisition_month"]) == (
        "direct",
        "online_order",
        date(2024, 1, 1),
    )
    assert lan["acquisition_order_key"] == "shop_orders:SO-4"
    # Minh: the Google ad landing, browsed before he logged in.
    assert (minh["acquisition_channel"], minh["acquisition_platform"], minh["acquisition_campaign_id"]) == (
        "paid_search",
        "google",
        "gg_2024_always_on",
    )
    assert (minh["acquisition_source"], minh["acquisition_touch_key"]) == ("web_visit", "web_events:WE-1")
    # Hoa: the Zalo lead ad before her first till receipt.
    assert (hoa["acquisition_channel"], hoa["acquisition_platform"], hoa["acquisition_campaign_id"]) == (
        "paid_social",
        "zalo",
        "zl_2024_tet_sale",
    )
    assert (hoa["acquisition_source"], hoa["acquisition_order_channel"]) == ("social_lead", "in_store")


def test_acquisition_joins_ad_spend(warehouse: Warehouse) -> None:
    joined = warehouse.query(
        "select acquired.acquisition_campaign_id, sum(spend.spend_vnd) "
        "from intermediate.int_customers_acquired as acquired "
        "inner join staging.stg_ads__spend as spend "
        "on acquired.acquisition_channel = spend.channel and acquired.acquisition_platform = spend.platform "
        "and acquired.acquisition_campaign_id = spend.campaign_id group by 1 order by 1"
    )
    # 50.00 USD x 26,300 = 1,315,000 VND; 1.000.000 VND.
    assert joined == [("gg_2024_always_on", 1315000), ("zl_2024_tet_sale", 1000000)]


# ------------------------------------------------------------------------------------------ fct_web_sessions


def test_sessions_cut_just_over_the_inactivity_gap(warehouse: Warehouse, people: dict[str, str]) -> None:
    sessions = {r["session_key"]: r for r in warehouse.dicts("select * from marts.fct_web_sessions")}
    assert set(sessions) == {"anon-1:1", "anon-1:2", "anon-2:1"}
    first, second = sessions["anon-1:1"], sessions["anon-1:2"]
    # WE-2 comes exactly 30 minutes after WE-1: same session. WE-3 30 minutes and 1 second after WE-2: next.
    assert (first["event_count"], first["page_view_count"], first["product_view_count"]) == (2, 1, 1)
    assert (first["started_at"], first["ended_at"], first["duration_seconds"]) == (
        datetime(2024, 5, 1, 1, 0),
        datetime(2024, 5, 1, 1, 30),
        1800,
    )
    assert (first["landing_page"], first["utm_source"], first["channel"], first["platform"]) == (
        f"{SHOP}/",
        "google",
        "paid_search",
        "google",
    )
    assert (first["converted"], first["order_key"], first["session_date"]) == (False, None, date(2024, 5, 1))
    assert (second["event_count"], second["duration_seconds"]) == (5, 484)  # 02:00:01 -> 02:08:05
    # The landing page is the first event's (WE-3), not the greatest url of the session (WE-4's /login).
    assert (second["landing_page"], second["channel"], second["platform"]) == (
        f"{SHOP}/collections/fashion",
        "direct",
        None,
    )
    assert (second["has_add_to_cart"], second["has_checkout_started"], second["converted"]) == (
        True,
        True,
        True,
    )
    assert second["order_key"] == "shop_orders:SO-5"
    assert (second["device_platform"], second["device_id"]) == ("web", "dev-1")


def test_browsing_before_login_belongs_to_the_customer_and_anonymous_stays_anonymous(
    warehouse: Warehouse, people: dict[str, str]
) -> None:
    customers = dict(warehouse.query("select session_key, customer_id from marts.fct_web_sessions"))
    assert customers["anon-1:1"] == people["minh"]  # before the identify of session 2
    assert customers["anon-1:2"] == people["minh"]
    assert customers["anon-2:1"] is None


# --------------------------------------------------------------------------------------- fct_customer_events


def test_customer_timeline(warehouse: Warehouse, people: dict[str, str]) -> None:
    counts = warehouse.query(
        "select customer_id, channel, event_type, count(*) from marts.fct_customer_events group by all"
    )
    by_person = {(c, ch, t): n for c, ch, t, n in counts}
    lan, minh, hoa = people["lan"], people["minh"], people["hoa"]
    assert by_person == {
        (lan, "online_store", "order_placed"): 4,
        (lan, "in_store", "order_placed"): 1,
        (lan, "email", "sent"): 1,
        (lan, "email", "open"): 1,
        (lan, "consent", "consent_granted"): 2,  # CS-1 and SUB-1's subscription
        (lan, "consent", "consent_revoked"): 1,  # CS-2
        (minh, "web", "page_view"): 2,
        (minh, "web", "product_view"): 1,
        (minh, "web", "identify"): 1,
        (minh, "web", "add_to_cart"): 1,
        (minh, "web", "checkout_started"): 1,
        (minh, "web", "order_completed"): 1,
        (minh, "online_store", "order_placed"): 1,
        (hoa, "social", "lead_created"): 1,
        (hoa, "in_store", "order_placed"): 1,
        (hoa, "support", "ticket_created"): 1,
        (hoa, "support", "ticket_resolved"): 1,
        (None, "app", "page_view"): 1,  # anon-2 on android, never identified
    }
    # The anonymous till receipt is no touchpoint of anybody.
    assert (
        warehouse.one(
            "select count(*) from marts.fct_customer_events where order_key = 'pos_transactions:POS-2'"
        )
        == 0
    )


def test_customer_event_details(warehouse: Warehouse) -> None:
    events = {r["event_key"]: r for r in warehouse.dicts("select * from marts.fct_customer_events")}
    product = events["web_events:WE-2"]
    assert (product["product_slug"], product["session_key"], product["anonymous_id"]) == (
        "sku-fas-0002",
        "anon-1:1",
        "anon-1",
    )
    assert events["web_events:WE-7"]["order_key"] == "shop_orders:SO-5"
    resolved = events["support_tickets:TK-1:resolved"]
    assert (resolved["occurred_at"], resolved["event_date"]) == (
        datetime(2024, 2, 12, 5, 0),
        date(2024, 2, 12),
    )
    assert events["shop_orders:SO-2"]["amount_vnd"] == 0
    assert events["shop_orders:SO-1"]["amount_vnd"] == 500000
    assert events["social_leads:LEAD-1"]["campaign_id"] == "zl_2024_tet_sale"
    assert events["shop_orders:SO-4"]["occurred_at_local"] == datetime(2024, 1, 31, 23, 30)
    revoked = warehouse.row("select * from marts.fct_customer_events where event_type = 'consent_revoked'")
    assert (revoked["event_detail"], revoked["source_record_id"], revoked["occurred_at"]) == (
        "sms_marketing",
        "CS-2",
        datetime(2024, 2, 15, 1, 0),
    )

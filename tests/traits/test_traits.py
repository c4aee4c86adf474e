"""Integration tests of the customer traits (docs/traits.md): customer_traits compiled from the declared
traits of var customer_traits, on one hand-made raw folder built once by a real `dbt build`. Every expected
value is worked out by hand below from the rules in docs/traits.md, never read from the models.

The build runs as of 10 March 2024 (var traits_as_of_date; Vietnamese days, UTC+7): rows after that local day
are ignored. It adds one trait to the YAML on the command line (product_views_all: every product view, no
window), which becomes a column with no SQL change. The as-of models are then rerun with the default as-of
date (the latest event date, 12 March) and read again; customer_traits_daily keeps both dates.

The people:
- Lan: shop account SC-1. Browses anonymously on anon-lan and logs in (identify with user_id SC-1) on
  10 March: her earlier browsing is stitched to her. Product views of sku-fas-0001 at 23:30 local on 3 March
  (the day just outside the 7-day window: 7 days before the as-of date) and 00:10 local on 4 March (UTC still
  3 March; inside), of sku-ele-0001 at 23:30 local on 10 March (UTC 16:30: the as-of day) then an add_to_cart
  in the same session at 23:40, and of sku-ele-0001 again at 00:30 local on 11 March (after the as-of date).
  Orders: SO-1 paid 15 January (500,000; two sku-fas-0001), SO-2 paid 9 March (300,000; one sku-bea-0001),
  SO-3 cancelled 10 March (200,000), SO-4 paid 12 March (after the as-of date, 900,000).
- Minh: loyalty card LC-1, four paid till receipts: ST-001 cash (1 March), ST-002 card (5 March), ST-002 card
  (8 March), ST-001 momo (9 March): two receipts in each store, a tie that the most recent (ST-001) wins.
- Hoa: newsletter subscriber SUB-1. Email clicks at 23:30 local on 9 February (30 days before the as-of
  date: outside the 30-day window), at 00:00 and 00:30 local on 10 February (29 days: inside; the second is
  still 9 February in UTC), and one open on 1 March.
- Nam: shop account SC-3 with no events at all.
- A guest order SO-G (no customer) buys sku-ele-0001 (electronics): the catalogue knows its category.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import yaml

from tests import support
from tests.marts.conftest import (
    Warehouse,
    build_warehouse,
    email_event,
    loyalty,
    order,
    order_item,
    pos,
    rows,
    shop_customer,
    subscriber,
    utc,
    web,
)

SHOP = "https://shop.example.vn"
AS_OF = "2024-03-10"

RAW = rows(
    # Lan
    shop_customer("SC-1", "Lan", "Nguyễn Thị", email="lan.nguyen@gmail.com"),
    web(
        "W-1",
        "anon-lan",
        event_name="product_view",
        occurred_at=utc("2024-03-03 23:30"),
        page_url=f"{SHOP}/products/sku-fas-0001",
    ),
    web(
        "W-2",
        "anon-lan",
        event_name="product_view",
        occurred_at=utc("2024-03-04 00:10"),
        page_url=f"{SHOP}/products/sku-fas-0001",
    ),
    web(
        "W-3",
        "anon-lan",
        event_name="identify",
        user_id="SC-1",
        occurred_at=utc("2024-03-10 12:00"),
        page_url=f"{SHOP}/account/login",
    ),
    web(
        "W-4",
        "anon-lan",
        event_name="product_view",
        occurred_at=utc("2024-03-10 23:30"),
        page_url=f"{SHOP}/products/sku-ele-0001",
    ),
    web(
        "W-5",
        "anon-lan",
        event_name="add_to_cart",
        occurred_at=utc("2024-03-10 23:40"),
        page_url=f"{SHOP}/cart",
    ),
    web(
        "W-6",
        "anon-lan",
        event_name="product_view",
        occurred_at=utc("2024-03-11 00:30"),
        page_url=f"{SHOP}/products/sku-ele-0001",
    ),
    order("SO-1", customer_id="SC-1", ordered_at=utc("2024-01-15 10:00"), total_amount="500000"),
    order_item("SO-1", 1, sku="SKU-FAS-0001", category="fashion", quantity="2", unit_price="250000"),
    order("SO-2", customer_id="SC-1", ordered_at=utc("2024-03-09 10:00"), total_amount="300000"),
    order_item("SO-2", 1, sku="SKU-BEA-0001", category="beauty", quantity="1", unit_price="300000"),
    order(
        "SO-3",
        customer_id="SC-1",
        ordered_at=utc("2024-03-10 10:00"),
        status="cancelled",
        total_amount="200000",
    ),
    order_item("SO-3", 1, sku="SKU-HOM-0001", category="home", quantity="1", unit_price="200000"),
    order("SO-4", customer_id="SC-1", ordered_at=utc("2024-03-12 10:00"), total_amount="900000"),
    order_item("SO-4", 1, sku="SKU-ELE-0001", category="electronics", quantity="1", unit_price="900000"),
    # Minh
    loyalty("LC-1", "Trần Văn Minh", phone="0912345678", enrolled_at=utc("2024-01-02 09:00")),
    pos(
        "P-1",
        loyalty_card_id="LC-1",
        store_id="ST-001",
        payment_method="cash",
        transacted_at=utc("2024-03-01 10:00"),
    ),
    pos(
        "P-2",
        loyalty_card_id="LC-1",
        store_id="ST-002",
        payment_method="card",
        transacted_at=utc("2024-03-05 10:00"),
    ),
    pos(
        "P-3",
        loyalty_card_id="LC-1",
        store_id="ST-002",
        payment_method="card",
        transacted_at=utc("2024-03-08 10:00"),
    ),
    pos(
        "P-4",
        loyalty_card_id="LC-1",
        store_id="ST-001",
        payment_method="momo",
        transacted_at=utc("2024-03-09 10:00"),
    ),
    # Hoa
    subscriber("SUB-1", "hoa.le@example.vn", first_name="Hoa", last_name="Lê"),
    email_event("E-1", "SUB-1", event_type="click", occurred_at=utc("2024-02-09 23:30")),
    email_event("E-2", "SUB-1", event_type="click", occurred_at=utc("2024-02-10 00:00")),
    email_event("E-3", "SUB-1", event_type="click", occurred_at=utc("2024-02-10 00:30")),
    email_event("E-4", "SUB-1", event_type="open", occurred_at=utc("2024-03-01 08:00")),
    # Nam
    shop_customer("SC-3", "Nam", "Phạm"),
    # A guest order
    order("SO-G", ordered_at=utc("2024-02-01 10:00"), total_amount="900000"),
    order_item("SO-G", 1, sku="SKU-ELE-0001", category="electronics", quantity="1", unit_price="900000"),
)

# The models computed as of traits_as_of_date, rerun with the default as-of date.
AS_OF_MODELS = (
    "int_customer_product_signals_weighted",
    "int_customer_intent_scored",
    "customer_product_affinity",
    "customer_category_affinity",
    "customer_traits",
    "customer_traits_daily",
)

EXTRA_TRAIT = {
    "name": "product_views_all",
    "source": "fct_customer_events",
    "aggregation": "count",
    "filter": "event_type = 'product_view'",
    "description": "Every product view up to the as-of date.",
}


def declared_traits() -> list[dict[str, Any]]:
    project = yaml.safe_load((support.ROOT / "dbt_project.yml").read_text(encoding="utf-8"))
    return project["vars"]["customer_traits"]


@dataclass(frozen=True)
class Built:
    warehouse: Warehouse
    people: dict[str, str]
    traits: dict[str, dict[str, Any]]  # as of AS_OF, by person
    traits_latest: dict[str, dict[str, Any]]  # as of the default date (latest event), by person
    lan_categories: dict[str, dict[str, Any]]  # Lan's customer_category_affinity rows as of AS_OF


def _traits_by_person(warehouse: Warehouse, people: dict[str, str]) -> dict[str, dict[str, Any]]:
    found = {row["customer_id"]: row for row in warehouse.dicts("select * from marts.customer_traits")}
    return {person: found[customer_id] for person, customer_id in people.items()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    work = tmp_path_factory.mktemp("traits")
    dbt_vars = {"traits_as_of_date": AS_OF, "customer_traits": [*declared_traits(), EXTRA_TRAIT]}
    warehouse = build_warehouse(work, RAW, select=["+customer_traits_daily"], dbt_vars=dbt_vars)
    people = {
        "lan": warehouse.customer_of("shop_customers:SC-1"),
        "minh": warehouse.customer_of("loyalty_members:LC-1"),
        "hoa": warehouse.customer_of("email_subscribers:SUB-1"),
        "nam": warehouse.customer_of("shop_customers:SC-3"),
    }
    traits = _traits_by_person(warehouse, people)
    lan_categories = {
        row["category"]: row
        for row in warehouse.dicts(
            "select * from marts.customer_category_affinity where customer_id = ?", [people["lan"]]
        )
    }
    rerun = support.run_dbt(
        warehouse.database,
        work,
        "run",
        "--select",
        *AS_OF_MODELS,
        "--vars",
        json.dumps({"customer_traits": dbt_vars["customer_traits"]}),
    )
    assert rerun.returncode == 0, rerun.failure_summary()
    return Built(warehouse, people, traits, _traits_by_person(warehouse, people), lan_categories)


def test_one_row_per_customer(built: Built) -> None:
    warehouse = built.warehouse
    assert warehouse.one("select count(*) from marts.customer_traits") == warehouse.one(
        "select count(*) from marts.dim_customers"
    )
    assert {row["traits_as_of_date"] for row in built.traits.values()} == {date(2024, 3, 10)}
    # Default as-of date: the latest event date, SO-4 on 12 March.
    assert {row["traits_as_of_date"] for row in built.traits_latest.values()} == {date(2024, 3, 12)}


def test_window_boundaries_in_vietnamese_days(built: Built) -> None:
    lan = built.traits["lan"]
    # 7 days up to 10 March: 4..10 March. 3 March 23:30 is out, 4 March 00:10 (UTC 3 March) and the as-of
    # day's 23:30 (UTC 16:30) are in; 11 March 00:30 is after the as-of date.
    assert lan["product_views_7d"] == 2
    assert lan["cart_adds_30d"] == 1
    assert lan["days_since_last_visit"] == 0
    assert lan["preferred_device"] == "web"
    hoa = built.traits["hoa"]
    # 30 days up to 10 March: 10 February..10 March (2024 is a leap year): 9 February 23:30 is out.
    assert hoa["email_clicks_30d"] == 2
    assert hoa["email_opens_30d"] == 1
    assert hoa["preferred_touchpoint_channel"] == "email"


def test_order_traits_ignore_rows_after_the_as_of_date(built: Built) -> None:
    lan = built.traits["lan"]
    # Paid and on or before 10 March: SO-1 (15 January, 55 days before) and SO-2 (9 March). SO-3 is cancelled,
    # SO-4 is after the as-of date.
    assert lan["orders_90d"] == 2
    assert lan["revenue_90d_vnd"] == 800000
    assert lan["avg_order_value_vnd"] == 400000
    assert lan["max_order_value_vnd"] == 500000
    assert lan["days_since_last_order"] == 1
    assert lan["first_order_channel"] == "online"
    assert lan["preferred_order_channel"] == "online"
    assert lan["categories_bought"] == 2  # fashion, beauty (home's order was cancelled)
    assert lan["items_bought_90d"] == 3
    assert lan["preferred_store"] is None


def test_default_as_of_date_counts_the_latest_rows(built: Built) -> None:
    lan = built.traits_latest["lan"]
    # As of 12 March: SO-1 (57 days before), SO-2, SO-4; 7 days = 6..12 March: the views of 10 and 11 March.
    assert lan["orders_90d"] == 3
    assert lan["revenue_90d_vnd"] == 1700000
    assert lan["days_since_last_order"] == 0
    assert lan["product_views_7d"] == 2
    assert lan["days_since_last_visit"] == 1


def test_most_frequent_ties_go_to_the_most_recent(built: Built) -> None:
    minh = built.traits["minh"]
    # ST-001 (1 and 9 March) and ST-002 (5 and 8 March): two receipts each, ST-001's latest is later.
    assert minh["preferred_store"] == "ST-001"
    assert minh["preferred_payment_method"] == "card"
    assert minh["last_payment_method"] == "momo"
    assert minh["first_order_channel"] == "in_store"
    assert minh["preferred_order_channel"] == "in_store"
    assert minh["orders_90d"] == 4
    assert minh["categories_bought"] == 0  # till receipts have no lines


def test_customer_without_events(built: Built) -> None:
    nam = built.traits["nam"]
    for column in (
        "product_views_7d",
        "cart_adds_30d",
        "web_sessions_30d",
        "email_clicks_30d",
        "orders_90d",
        "revenue_90d_vnd",
        "categories_bought",
        "items_bought_90d",
        "product_views_all",
    ):
        assert nam[column] == 0, column
    for column in (
        "days_since_last_visit",
        "preferred_device",
        "avg_order_value_vnd",
        "days_since_last_order",
        "first_order_channel",
        "preferred_store",
        "preferred_payment_method",
    ):
        assert nam[column] is None, column


def test_trait_added_in_yaml_becomes_a_column(built: Built) -> None:
    # Every product view up to 10 March: W-1, W-2 and W-4 (browsed before the login, stitched); W-6 is later.
    assert built.traits["lan"]["product_views_all"] == 3
    assert built.traits_latest["lan"]["product_views_all"] == 4
    assert built.traits["minh"]["product_views_all"] == 0


def _decay(days: int, half_life: float) -> float:
    return 0.5 ** (days / half_life)


def test_category_affinity_decays_with_a_30_day_half_life(built: Built) -> None:
    lan = built.traits["lan"]
    # As of 10 March (weights: view 1, cart 3, purchase 5; half-life 30 days):
    # beauty: SO-2's line on 9 March: 5 x 0.5^(1/30) = 4.885;
    # electronics: the view and the cart of 10 March: 1 + 3 = 4 (the view of 11 March is later);
    # fashion: views of 3 and 4 March (7 and 6 days) and SO-1's line on 15 January (55 days):
    # 0.851 + 0.871 + 5 x 0.281 = 3.123. Home's order was cancelled: no signal.
    assert lan["top_category"] == "beauty"
    assert lan["top_category_affinity"] == pytest.approx(5 * _decay(1, 30))
    # The most affine category she has not bought: electronics (SO-4 is after the as-of date).
    assert lan["next_best_category"] == "electronics"
    # As of 12 March she has bought electronics (SO-4): every affine category is bought.
    latest = built.traits_latest["lan"]
    assert latest["next_best_category"] is None
    # electronics: SO-4 (5), the views of 10 and 11 March (2 and 1 days) and the cart (2 days).
    assert latest["top_category"] == "electronics"
    assert latest["top_category_affinity"] == pytest.approx(5 + 4 * _decay(2, 30) + _decay(1, 30))


def test_category_affinity_rows(built: Built) -> None:
    found = built.lan_categories  # as of 10 March
    assert set(found) == {"beauty", "electronics", "fashion"}
    fashion = found["fashion"]
    assert fashion["affinity_score"] == pytest.approx(_decay(7, 30) + _decay(6, 30) + 5 * _decay(55, 30))
    assert (fashion["view_count"], fashion["cart_count"], fashion["purchase_count"]) == (2, 0, 1)
    assert [found[c]["affinity_rank"] for c in ("beauty", "electronics", "fashion")] == [1, 2, 3]
    assert [found[c]["is_next_best"] for c in ("beauty", "electronics", "fashion")] == [False, True, False]
    assert found["electronics"]["cart_count"] == 1  # the cart takes the product last viewed in its session


def test_retargeting_list_viewed_and_not_bought(built: Built) -> None:
    lan = built.traits["lan"]
    # Viewed: sku-fas-0001 (bought in SO-1) and sku-ele-0001 (not bought by 10 March).
    assert lan["retargeting_product_count"] == 1
    assert lan["retargeting_products"] == "sku-ele-0001"
    assert built.traits_latest["lan"]["retargeting_product_count"] == 0  # SO-4 bought it
    assert built.traits["nam"]["retargeting_product_count"] == 0
    assert built.traits["nam"]["retargeting_products"] is None


def test_intent_score_from_recent_high_intent_events(built: Built) -> None:
    # Last 7 days (4..10 March), weights view 1, cart 3, checkout 5, half-life 3 days: the view of 4 March
    # (6 days: 0.25), the view and the cart of 10 March (1 + 3). 3 March is outside the window.
    assert built.traits["lan"]["intent_score"] == pytest.approx(4.25)
    # As of 12 March: 6..12 March: the view and cart of 10 March (2 days) and the view of 11 March (1 day).
    assert built.traits_latest["lan"]["intent_score"] == pytest.approx(4 * _decay(2, 3) + _decay(1, 3))
    assert built.traits["minh"]["intent_score"] == 0
    assert built.traits["nam"]["top_category"] is None


def test_daily_history_keeps_each_as_of_date(built: Built) -> None:
    history = built.warehouse.dicts(
        "select traits_as_of_date, orders_90d, product_views_all from marts.customer_traits_daily "
        "where customer_id = ? order by traits_as_of_date",
        [built.people["lan"]],
    )
    assert history == [
        {"traits_as_of_date": date(2024, 3, 10), "orders_90d": 2, "product_views_all": 3},
        {"traits_as_of_date": date(2024, 3, 12), "orders_90d": 3, "product_views_all": 4},
    ]
    customers = built.warehouse.one("select count(*) from marts.dim_customers")
    assert built.warehouse.one("select count(*) from marts.customer_traits_daily") == 2 * customers

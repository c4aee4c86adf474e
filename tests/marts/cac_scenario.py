"""The hand-made raw folder of the CAC tests (tests/marts/test_cac.py, test_semantic_layer.py), built once per
test session by a real `dbt build` of metrics_cac and metrics_cac_blended on a DuckDB file of its own.

The people (Vietnamese time, UTC+7; utc() writes it as the UTC the contract delivers):
- Lan, SC-L: SO-L1 paid 100,000 on 5 January 2024 from a Google search ad (gg_2024_search), SO-L2 paid
  300,000 on 10 March without tags.
- Minh, SC-M: SO-M1 paid 200,000 on 20 January from the same ad; SO-M2 500,000 on 10 February refunded.
  Lan and Minh: a campaign with spend and two new customers.
- Nam, SC-N: a direct visit (anon-n, no tags) on 3 January, then SO-N1 paid 250,000 on 25 January from the
  Google ad, the visit stitched to him by his later order_completed event: his first touch is direct.
- Phuong, SC-P: SO-P1 paid 400,000 at 00:30 local on 1 February 2024 (31 January in UTC: a February
  customer) from a Facebook ad (fb_2024_tet).
- Quang, SC-Q: SO-Q1 paid 100,000 at 23:30 local on 29 February 2024 from the same Facebook ad.
- Ad spend: gg_2024_search 300,000 on 15 January and 200,000 delivered as '31/01/2024 23:30' (the last
  day of January at 23:30 local time: January), 250,000 on 10 February (no new customer that month);
  gg_2024_display (display) 100,000 on 10 January, which acquires nobody; fb_2024_tet 20 USD on 1 February
  (20 x 26,300 = 526,000 VND with the seed currency_rates).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import support

from .conftest import Warehouse, ad_spend, build_warehouse, order, rows, shop_customer, utc, web

SHOP = "https://shop.example.vn"
GOOGLE_AD = {"utm_source": "google", "utm_medium": "cpc", "utm_campaign": "gg_2024_search"}
FACEBOOK_AD = {"utm_source": "facebook", "utm_medium": "cpc", "utm_campaign": "fb_2024_tet"}

RAW = rows(
    shop_customer("SC-L", "Lan", "Nguyễn Thị"),
    order(
        "SO-L1", customer_id="SC-L", ordered_at=utc("2024-01-05 10:00"), total_amount="100000", **GOOGLE_AD
    ),
    order("SO-L2", customer_id="SC-L", ordered_at=utc("2024-03-10 10:00"), total_amount="300000"),
    shop_customer("SC-M", "Minh", "Trần Văn"),
    order(
        "SO-M1", customer_id="SC-M", ordered_at=utc("2024-01-20 10:00"), total_amount="200000", **GOOGLE_AD
    ),
    order(
        "SO-M2",
        customer_id="SC-M",
        ordered_at=utc("2024-02-10 10:00"),
        status="refunded",
        total_amount="500000",
    ),
    shop_customer("SC-N", "Nam", "Lê Văn"),
    web("WE-N1", "anon-n", occurred_at=utc("2024-01-03 09:00"), page_url=f"{SHOP}/"),
    order(
        "SO-N1", customer_id="SC-N", ordered_at=utc("2024-01-25 10:00"), total_amount="250000", **GOOGLE_AD
    ),
    web(
        "WE-N2",
        "anon-n",
        user_id="SC-N",
        event_name="order_completed",
        order_id="SO-N1",
        occurred_at=utc("2024-01-25 10:00"),
        page_url=f"{SHOP}/checkout/done",
    ),
    shop_customer("SC-P", "Phương", "Phạm Thị"),
    order(
        "SO-P1", customer_id="SC-P", ordered_at=utc("2024-02-01 00:30"), total_amount="400000", **FACEBOOK_AD
    ),
    shop_customer("SC-Q", "Quang", "Võ Văn"),
    order(
        "SO-Q1", customer_id="SC-Q", ordered_at=utc("2024-02-29 23:30"), total_amount="100000", **FACEBOOK_AD
    ),
    ad_spend("2024-01-15", "google", "gg_2024_search", "300000"),
    ad_spend("31/01/2024 23:30", "google", "gg_2024_search", "200000"),
    ad_spend("2024-02-10", "google", "gg_2024_search", "250000"),
    ad_spend("2024-01-10", "google", "gg_2024_display", "100000", channel="display"),
    ad_spend("2024-02-01", "facebook", "fb_2024_tet", "20", channel="paid_social", currency="USD"),
)

SELECT = ["+metrics_cac", "+metrics_cac_blended"]

_built: dict[str, Warehouse] = {}


@pytest.fixture(scope="session")
def cac_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """The scenario built once for every module that uses it."""
    if "warehouse" not in _built:
        work: Path = tmp_path_factory.mktemp("marts_cac")
        # The semantic manifest too: tests/marts/test_semantic_layer.py queries MetricFlow on it.
        _built["warehouse"] = build_warehouse(work, RAW, SELECT, dbt_env=support.WRITE_JSON)
    return _built["warehouse"]

"""The hand-made raw folder of the metrics tests (tests/marts/test_metrics.py, test_semantic_layer.py),
built once per test session by a real `dbt build` of the metrics marts on a DuckDB file of its own.

The people (Vietnamese time, UTC+7; utc() writes it as the UTC the contract delivers):
- An, shop account SC-A: SO-A1 paid 300,000 at 23:30 local on 31 January 2024 (the last day of the
  month: January); SO-A2 paid 200,000 on 10 March after a Google ad visit (anon-a) that converts in the
  session; SO-A3 refunded 500,000 on 12 March. Newsletter subscriber SUB-1 (her email and name): clicks
  em_2024_01_newsletter on 20 January (no order within 7 days), em_2024_03_promo on 5 March and
  em_2024_03_flash on 8 March (SO-A2 two days later: the latest click, flash, gets it).
- Binh, SC-B: one order, SO-B1 paid 100,000 on 5 January 2024 from a Google search ad
  (gg_2024_search): a one-order customer acquired by paid search.
- Cuong, SC-C: SO-C1 paid 400,000 at 00:30 local on 1 February 2024 (still 31 January in UTC: February)
  from a Facebook ad (fb_2024_tet, no spend delivered); SO-C2 cancelled 999,000. A February cohort that
  never returns.
- Dung, SC-D: one order, SO-D1 paid 150,000 on 1 June 2023, nothing since: churned.
- POS-1: an anonymous till receipt of 50,000 on 1 March 2024.
- Ad spend on gg_2024_search: 300,000 + 100,000 in January, 250,000 in February (no new customer).
- Subscribers SUB-2 (opens promo) and SUB-3 (promo bounces); visitor anon-b (one page at 23:45 local on
  29 February 2024); six support tickets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import support

from .conftest import (
    Warehouse,
    ad_spend,
    build_warehouse,
    email_event,
    order,
    pos,
    rows,
    shop_customer,
    subscriber,
    ticket,
    utc,
    web,
)

SHOP = "https://shop.example.vn"
AN_EMAIL = "an.nguyen@example.vn"

RAW = rows(
    # An
    shop_customer("SC-A", "An", "Nguyễn Văn", email=AN_EMAIL),
    order("SO-A1", customer_id="SC-A", ordered_at=utc("2024-01-31 23:30"), total_amount="300000"),
    order("SO-A2", customer_id="SC-A", ordered_at=utc("2024-03-10 10:00"), total_amount="200000"),
    order(
        "SO-A3",
        customer_id="SC-A",
        ordered_at=utc("2024-03-12 10:00"),
        status="refunded",
        total_amount="500000",
    ),
    web(
        "WE-1",
        "anon-a",
        occurred_at=utc("2024-03-10 09:50"),
        page_url=f"{SHOP}/?utm_source=google&utm_medium=cpc&utm_campaign=gg_2024_search",
        utm_source="google",
        utm_medium="cpc",
        utm_campaign="gg_2024_search",
    ),
    web(
        "WE-2",
        "anon-a",
        user_id="SC-A",
        event_name="order_completed",
        order_id="SO-A2",
        occurred_at=utc("2024-03-10 10:00"),
        page_url=f"{SHOP}/checkout/done",
    ),
    web("WE-3", "anon-a", user_id="SC-A", occurred_at=utc("2024-03-10 12:00"), page_url=f"{SHOP}/"),
    subscriber("SUB-1", AN_EMAIL, first_name="An", last_name="Nguyễn Văn"),
    email_event("EE-01", "SUB-1", campaign_id="em_2024_01_newsletter", occurred_at=utc("2024-01-20 09:00")),
    email_event(
        "EE-02",
        "SUB-1",
        campaign_id="em_2024_01_newsletter",
        event_type="delivered",
        occurred_at=utc("2024-01-20 09:01"),
    ),
    email_event(
        "EE-03",
        "SUB-1",
        campaign_id="em_2024_01_newsletter",
        event_type="open",
        occurred_at=utc("2024-01-20 09:30"),
    ),
    email_event(
        "EE-04",
        "SUB-1",
        campaign_id="em_2024_01_newsletter",
        event_type="click",
        occurred_at=utc("2024-01-20 09:35"),
    ),
    email_event("EE-05", "SUB-1", campaign_id="em_2024_03_promo", occurred_at=utc("2024-03-05 09:00")),
    email_event(
        "EE-06",
        "SUB-1",
        campaign_id="em_2024_03_promo",
        event_type="delivered",
        occurred_at=utc("2024-03-05 09:01"),
    ),
    email_event(
        "EE-07",
        "SUB-1",
        campaign_id="em_2024_03_promo",
        event_type="open",
        occurred_at=utc("2024-03-05 10:00"),
    ),
    email_event(
        "EE-08",
        "SUB-1",
        campaign_id="em_2024_03_promo",
        event_type="click",
        occurred_at=utc("2024-03-05 10:05"),
    ),
    email_event("EE-09", "SUB-1", campaign_id="em_2024_03_flash", occurred_at=utc("2024-03-08 08:00")),
    email_event(
        "EE-10",
        "SUB-1",
        campaign_id="em_2024_03_flash",
        event_type="delivered",
        occurred_at=utc("2024-03-08 08:01"),
    ),
    email_event(
        "EE-11",
        "SUB-1",
        campaign_id="em_2024_03_flash",
        event_type="open",
        occurred_at=utc("2024-03-08 08:20"),
    ),
    email_event(
        "EE-12",
        "SUB-1",
        campaign_id="em_2024_03_flash",
        event_type="click",
        occurred_at=utc("2024-03-08 08:30"),
    ),
    # Binh
    shop_customer("SC-B", "Bình", "Trần Văn"),
    order(
        "SO-B1",
        customer_id="SC-B",
        ordered_at=utc("2024-01-05 10:00"),
        total_amount="100000",
        utm_source="google",
        utm_medium="cpc",
        utm_campaign="gg_2024_search",
    ),
    ad_spend("2024-01-15", "google", "gg_2024_search", "300000"),
    ad_spend("2024-01-20", "google", "gg_2024_search", "100000"),
    ad_spend("2024-02-10", "google", "gg_2024_search", "250000"),
    # Cuong
    shop_customer("SC-C", "Cường", "Lê Văn"),
    order(
        "SO-C1",
        customer_id="SC-C",
        ordered_at=utc("2024-02-01 00:30"),
        total_amount="400000",
        utm_source="facebook",
        utm_medium="cpc",
        utm_campaign="fb_2024_tet",
    ),
    order(
        "SO-C2",
        customer_id="SC-C",
        ordered_at=utc("2024-02-15 10:00"),
        status="cancelled",
        total_amount="999000",
    ),
    # Dung
    shop_customer("SC-D", "Dũng", "Phạm Văn"),
    order("SO-D1", customer_id="SC-D", ordered_at=utc("2023-06-01 10:00"), total_amount="150000"),
    # Nobody in particular
    pos("POS-1", transacted_at=utc("2024-03-01 12:00"), total_amount="50000"),
    web("WE-4", "anon-b", occurred_at=utc("2024-02-29 23:45"), page_url=f"{SHOP}/"),
    subscriber("SUB-2", "hoa.le@example.vn", first_name="Hoa", last_name="Lê Thị"),
    email_event("EE-13", "SUB-2", campaign_id="em_2024_03_promo", occurred_at=utc("2024-03-05 09:00")),
    email_event(
        "EE-14",
        "SUB-2",
        campaign_id="em_2024_03_promo",
        event_type="delivered",
        occurred_at=utc("2024-03-05 09:01"),
    ),
    email_event(
        "EE-15",
        "SUB-2",
        campaign_id="em_2024_03_promo",
        event_type="open",
        occurred_at=utc("2024-03-05 11:00"),
    ),
    subscriber("SUB-3", "mai.tran@example.vn", first_name="Mai", last_name="Trần Thị"),
    email_event("EE-16", "SUB-3", campaign_id="em_2024_03_promo", occurred_at=utc("2024-03-05 09:00")),
    email_event(
        "EE-17",
        "SUB-3",
        campaign_id="em_2024_03_promo",
        event_type="bounce",
        occurred_at=utc("2024-03-05 09:01"),
    ),
    # Support: January phone tickets about delivery (one at 23:30 local on 31 January, resolved at 01:30
    # on 1 February), one February email ticket, one chat ticket without category resolved "before" it
    # was opened.
    ticket(
        "TK-1",
        category="delivery",
        created_at=utc("2024-01-31 23:30"),
        resolved_at=utc("2024-02-01 01:30"),
        csat_score="5",
    ),
    ticket(
        "TK-2",
        category="delivery",
        created_at=utc("2024-01-10 10:00"),
        resolved_at=utc("2024-01-10 14:00"),
        csat_score="3",
    ),
    ticket(
        "TK-3", category="delivery", created_at=utc("2024-01-15 09:00"), resolved_at=utc("2024-01-15 18:00")
    ),
    ticket("TK-4", category="delivery", created_at=utc("2024-01-20 10:00"), csat_score="4"),
    ticket(
        "TK-5",
        channel="email",
        category="refund",
        created_at=utc("2024-02-01 00:10"),
        resolved_at=utc("2024-02-01 00:40"),
        csat_score="1",
    ),
    ticket(
        "TK-6",
        channel="chat",
        created_at=utc("2024-01-25 10:00"),
        resolved_at=utc("2024-01-25 09:00"),
        csat_score="2",
    ),
)

SELECT = [
    # fct_order_items: the data tests of the staged order lines read it too.
    "+fct_order_items",
    "+customer_rfm",
    "+metrics_monthly_kpis",
    "+metrics_retention",
    "+metrics_retention_cohorts",
    "+metrics_conversion",
    "+metrics_email_funnel",
    "+metrics_csat",
]


_built: dict[str, Warehouse] = {}


@pytest.fixture(scope="session")
def metrics_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """The scenario built once for every metrics test module of the session (each module imports this
    fixture, which pytest then sets up once per module: the build is kept here and reused)."""
    if "warehouse" not in _built:
        work: Path = tmp_path_factory.mktemp("marts_metrics")
        # The semantic manifest too: tests/marts/test_semantic_layer.py queries MetricFlow on it.
        _built["warehouse"] = build_warehouse(work, RAW, SELECT, dbt_env=support.WRITE_JSON)
    return _built["warehouse"]

"""Integration tests of the metrics marts (docs/metrics.md) on the hand-made scenario of
tests/marts/metrics_scenario.py, built by a real `dbt build`. Every expected value is worked out by hand
below from the people of the scenario, never read from the model under test.
"""

from __future__ import annotations

from datetime import date

import pytest

from .conftest import Warehouse
from .metrics_scenario import metrics_warehouse  # noqa: F401 (the session fixture)

JAN, FEB, MAR = date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)
JUN_2023 = date(2023, 6, 1)


@pytest.fixture(scope="module")
def warehouse(metrics_warehouse: Warehouse) -> Warehouse:  # noqa: F811
    return metrics_warehouse


@pytest.fixture(scope="module")
def people(warehouse: Warehouse) -> dict[str, str]:
    return {name: warehouse.customer_of(f"shop_customers:SC-{name}") for name in "ABCD"}


def by_key(warehouse: Warehouse, sql: str, *key: str) -> dict:
    found = warehouse.dicts(sql)
    out = {tuple(row[k] for k in key) if len(key) > 1 else row[key[0]]: row for row in found}
    assert len(out) == len(found), f"duplicate keys in {sql}"
    return out


# ----------------------------------------------------------------------------------------- monthly KPIs


def test_monthly_kpis_count_completed_orders_in_local_months(warehouse: Warehouse) -> None:
    kpis = by_key(warehouse, "select * from marts.metrics_monthly_kpis", "order_month")
    # June 2023 (Dung) to March 2024, the six months between without orders included.
    assert sorted(kpis) == [date(2023, m, 1) for m in range(6, 13)] + [JAN, FEB, MAR]
    # January: SO-A1 (23:30 local on 31 January) 300,000 + SO-B1 100,000; both customers new.
    jan = kpis[JAN]
    assert (jan["revenue_vnd"], jan["orders"], jan["aov_vnd"]) == (400_000, 2, 200_000.0)
    assert (jan["active_customers"], jan["new_customers"], jan["returning_customers"]) == (2, 2, 0)
    assert (jan["online_revenue_vnd"], jan["in_store_revenue_vnd"]) == (400_000, 0)
    # February: SO-C1 (00:30 local on 1 February, 31 January in UTC) 400,000; SO-C2 cancelled.
    feb = kpis[FEB]
    assert (feb["revenue_vnd"], feb["orders"], feb["new_customers"]) == (400_000, 1, 1)
    # March: SO-A2 200,000 + anonymous POS-1 50,000; SO-A3 refunded is no revenue and no order.
    mar = kpis[MAR]
    assert (mar["revenue_vnd"], mar["orders"], mar["aov_vnd"]) == (250_000, 2, 125_000.0)
    assert (mar["active_customers"], mar["new_customers"], mar["returning_customers"]) == (1, 0, 1)
    assert (mar["anonymous_orders"], mar["online_orders"], mar["in_store_orders"]) == (1, 1, 1)
    assert (mar["online_revenue_vnd"], mar["in_store_revenue_vnd"]) == (200_000, 50_000)
    assert mar["online_revenue_share"] == pytest.approx(0.8)
    # A month without orders: zeros, and no AOV rather than a division error.
    empty = kpis[date(2023, 9, 1)]
    assert (empty["revenue_vnd"], empty["orders"], empty["active_customers"], empty["aov_vnd"]) == (
        0,
        0,
        0,
        None,
    )


# ------------------------------------------------------------------------------------------- retention


def test_retention_cohorts_by_months_since_first_order(warehouse: Warehouse) -> None:
    grid = by_key(
        warehouse, "select * from marts.metrics_retention", "cohort_month", "months_since_first_order"
    )
    # Cohorts followed up to March 2024: June 2023 (Dung) months 0-9, January (An, Binh) 0-2, February
    # (Cuong) 0-1.
    assert sorted(grid) == (
        [(JUN_2023, m) for m in range(10)] + [(JAN, m) for m in range(3)] + [(FEB, m) for m in range(2)]
    )
    expected_january = {
        # months since first order: (activity month, active customers, retention, revenue, revenue retention)
        0: (JAN, 2, 1.0, 400_000, 1.0),
        1: (FEB, 0, 0.0, 0, 0.0),
        2: (MAR, 1, 0.5, 200_000, 0.5),  # An's SO-A2; her refunded SO-A3 is not revenue
    }
    for months, (month, active, rate, revenue, revenue_rate) in expected_january.items():
        row = grid[(JAN, months)]
        assert row["cohort_size"] == 2
        assert (row["activity_month"], row["active_customers"], row["revenue_vnd"]) == (
            month,
            active,
            revenue,
        )
        assert row["customer_retention_rate"] == pytest.approx(rate)
        assert row["revenue_retention_rate"] == pytest.approx(revenue_rate)


def test_a_cohort_with_no_return(warehouse: Warehouse) -> None:
    rows = warehouse.dicts(
        "select * from marts.metrics_retention where cohort_month = ? order by months_since_first_order",
        [FEB],
    )
    assert [(r["cohort_size"], r["active_customers"], r["revenue_vnd"]) for r in rows] == [
        (1, 1, 400_000),
        (1, 0, 0),
    ]
    assert [r["customer_retention_rate"] for r in rows] == [1.0, 0.0]
    assert [r["revenue_retention_rate"] for r in rows] == [1.0, 0.0]


def test_repeat_purchase_and_churn_rates_per_cohort(warehouse: Warehouse) -> None:
    cohorts = by_key(warehouse, "select * from marts.metrics_retention_cohorts", "cohort_month")
    assert sorted(cohorts) == [JUN_2023, JAN, FEB]
    # January: An bought twice, Binh once; nobody silent for more than 180 days before 12 March.
    jan = cohorts[JAN]
    assert (jan["cohort_size"], jan["repeat_customers"], jan["churned_customers"]) == (2, 1, 0)
    assert (jan["repeat_purchase_rate"], jan["churn_rate"]) == (0.5, 0.0)
    assert jan["revenue_to_date_vnd"] == 600_000  # An 300,000 + 200,000, Binh 100,000
    # June 2023: Dung, one order 285 days before the reference date: churned.
    jun = cohorts[JUN_2023]
    assert (jun["cohort_size"], jun["repeat_customers"], jun["churn_rate"]) == (1, 0, 1.0)
    assert (cohorts[FEB]["repeat_purchase_rate"], cohorts[FEB]["churn_rate"]) == (0.0, 0.0)


# ------------------------------------------------------------------------------------------------ RFM


def test_rfm_values_scores_and_segments(warehouse: Warehouse, people: dict[str, str]) -> None:
    rfm = by_key(warehouse, "select * from marts.customer_rfm", "customer_id")
    assert set(rfm) == set(people.values())  # every customer with a completed order, nobody else
    # Reference date: the last order of the data, An's refunded SO-A3 on 12 March 2024.
    assert {r["reference_date"] for r in rfm.values()} == {date(2024, 3, 12)}
    # name: (days since last order, orders, net revenue, r, f, m, segment, churned)
    # Ranks worst first among 4 customers, score = 1 + floor(5 (rank - 1) / 4):
    #   recency by last order: Dung 1, Binh 2, Cuong 3, An 4 -> 1, 2, 3, 4
    #   frequency: Binh, Cuong, Dung tie at one order (rank 1 -> 1), An rank 4 -> 4
    #   monetary: Binh 100,000, Dung 150,000, Cuong 400,000, An 500,000 -> 1, 2, 3, 4
    # Segments from the seed's R x F grid; churned: last order more than 180 days before.
    expected = {
        "A": (2, 2, 500_000, 4, 4, 4, "Loyal Customers", False),  # SO-A2 on 10 March
        "B": (67, 1, 100_000, 2, 1, 1, "Hibernating", False),  # 5 January -> 12 March 2024
        "C": (40, 1, 400_000, 3, 1, 3, "About to Sleep", False),  # 1 February: his local day
        "D": (285, 1, 150_000, 1, 1, 2, "Lost", True),  # 1 June 2023
    }
    for name, values in expected.items():
        row = rfm[people[name]]
        assert (
            row["days_since_last_order"],
            row["frequency_orders"],
            row["monetary_vnd"],
            row["r_score"],
            row["f_score"],
            row["m_score"],
            row["rfm_segment"],
            row["is_churned"],
        ) == values, name
    assert rfm[people["A"]]["rfm_cell"] == "444"


def test_every_score_combination_has_exactly_one_segment(warehouse: Warehouse) -> None:
    # The seed as a grid (r across, f down), written out by hand from the classic R x F segments.
    grid = {
        5: ["Cannot Lose Them", "Cannot Lose Them", "Loyal Customers", "Loyal Customers", "Champions"],
        4: ["At Risk", "At Risk", "Loyal Customers", "Loyal Customers", "Champions"],
        3: ["At Risk", "At Risk", "Need Attention", "Potential Loyalist", "Potential Loyalist"],
        2: ["Lost", "Hibernating", "About to Sleep", "Potential Loyalist", "Potential Loyalist"],
        1: ["Lost", "Hibernating", "About to Sleep", "Promising", "New Customers"],
    }
    rules = warehouse.dicts("select * from reference.rfm_segments")
    for f_score, segments in grid.items():
        for r_score, segment in enumerate(segments, start=1):
            matching = [
                rule["rfm_segment"]
                for rule in rules
                if rule["r_score_min"] <= r_score <= rule["r_score_max"]
                and rule["f_score_min"] <= f_score <= rule["f_score_max"]
            ]
            assert matching == [segment], (r_score, f_score)


# ----------------------------------------------------------------------------------------- conversion


def test_sessions_to_orders_per_channel_and_local_month(warehouse: Warehouse) -> None:
    conversion = by_key(warehouse, "select * from marts.metrics_conversion", "session_month", "channel")
    # anon-b's page at 23:45 local on 29 February is a February session; anon-a's Google ad landing
    # converts (SO-A2, 200,000); its page two hours later is a new, direct session.
    assert sorted(conversion) == [(FEB, "direct"), (MAR, "direct"), (MAR, "paid_search")]
    paid = conversion[(MAR, "paid_search")]
    assert (paid["sessions"], paid["converted_sessions"], paid["orders"], paid["completed_orders"]) == (
        1,
        1,
        1,
        1,
    )
    assert (paid["revenue_vnd"], paid["conversion_rate"]) == (200_000, 1.0)
    for key in [(FEB, "direct"), (MAR, "direct")]:
        row = conversion[key]
        assert (row["sessions"], row["converted_sessions"], row["orders"], row["conversion_rate"]) == (
            1,
            0,
            0,
            0.0,
        )


def test_email_funnel_with_orders_within_the_window_of_the_latest_click(warehouse: Warehouse) -> None:
    funnel = by_key(warehouse, "select * from marts.metrics_email_funnel", "send_month", "campaign_id")
    assert sorted(funnel) == [
        (JAN, "em_2024_01_newsletter"),
        (MAR, "em_2024_03_flash"),
        (MAR, "em_2024_03_promo"),
    ]
    steps = ("sent", "delivered", "bounced", "opened", "clicked", "ordered", "orders", "revenue_vnd")
    # promo: An clicks, Hoa opens, Mai bounces. An's SO-A2 (10 March) follows her promo click (5 March)
    # but also her later flash click (8 March): the latest click wins.
    promo = funnel[(MAR, "em_2024_03_promo")]
    assert tuple(promo[s] for s in steps) == (3, 2, 1, 2, 1, 0, 0, 0)
    assert promo["delivery_rate"] == pytest.approx(2 / 3)
    assert (promo["open_rate"], promo["click_to_open_rate"], promo["click_to_order_rate"]) == (1.0, 0.5, 0.0)
    # flash: SO-A2 two days after the click; SO-A3 four days after it is refunded, not an order.
    flash = funnel[(MAR, "em_2024_03_flash")]
    assert tuple(flash[s] for s in steps) == (1, 1, 0, 1, 1, 1, 1, 200_000)
    assert flash["click_to_order_rate"] == 1.0
    # newsletter: clicked on 20 January; SO-A1 comes 11 days later, outside the 7-day window.
    newsletter = funnel[(JAN, "em_2024_01_newsletter")]
    assert tuple(newsletter[s] for s in steps) == (1, 1, 0, 1, 1, 0, 0, 0)


# ------------------------------------------------------------------------------------------------ CSAT


def test_csat_and_resolution_time(warehouse: Warehouse) -> None:
    csat = by_key(warehouse, "select * from marts.metrics_csat", "ticket_month", "channel", "category")
    assert sorted(csat) == [(JAN, "chat", "unknown"), (JAN, "phone", "delivery"), (FEB, "email", "refund")]
    # January phone/delivery: TK-1 (23:30 local on 31 January) 5, resolved in 2 h; TK-2 3 in 4 h; TK-3
    # unrated, 9 h; TK-4 4, open. Average (5 + 3 + 4) / 3 = 4; satisfied 2 of 3; hours 2, 4, 9.
    phone = csat[(JAN, "phone", "delivery")]
    assert (
        phone["tickets"],
        phone["rated_tickets"],
        phone["satisfied_tickets"],
        phone["resolved_tickets"],
    ) == (
        4,
        3,
        2,
        3,
    )
    assert phone["avg_csat"] == 4.0
    assert phone["satisfied_share"] == pytest.approx(2 / 3)
    assert phone["median_resolution_hours"] == pytest.approx(4.0)
    assert phone["avg_resolution_hours"] == pytest.approx(5.0)
    # TK-5 at 00:10 local on 1 February (31 January in UTC): February; scored 1, resolved in 30 minutes.
    email = csat[(FEB, "email", "refund")]
    assert (email["tickets"], email["avg_csat"], email["satisfied_share"]) == (1, 1.0, 0.0)
    assert email["median_resolution_hours"] == pytest.approx(0.5)
    # TK-6 has no category and a resolution before its creation: counted apart, not in the hours.
    chat = csat[(JAN, "chat", "unknown")]
    assert (chat["tickets"], chat["resolved_tickets"], chat["resolved_before_created_tickets"]) == (1, 0, 1)
    assert (chat["avg_csat"], chat["median_resolution_hours"], chat["avg_resolution_hours"]) == (
        2.0,
        None,
        None,
    )

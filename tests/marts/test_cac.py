"""Integration tests of the CAC marts (docs/metrics.md, CAC) on the hand-made scenario of
tests/marts/cac_scenario.py, built by a real `dbt build`. Every expected value is worked out by hand below
from the people and the ad spend of the scenario, never read from the model under test.
"""

from __future__ import annotations

from datetime import date

import pytest

from .cac_scenario import cac_warehouse  # noqa: F401 (the session fixture)
from .conftest import Warehouse

JAN, FEB = date(2024, 1, 1), date(2024, 2, 1)
GOOGLE_SEARCH = ("paid_search", "google", "gg_2024_search")
GOOGLE_DISPLAY = ("display", "google", "gg_2024_display")
FACEBOOK_TET = ("paid_social", "facebook", "fb_2024_tet")
DIRECT = ("direct", None, None)


@pytest.fixture(scope="module")
def cac(cac_warehouse: Warehouse) -> dict[tuple, dict]:  # noqa: F811
    found = cac_warehouse.dicts("select * from marts.metrics_cac")
    out = {
        (row["acquisition_month"], row["channel"], row["platform"], row["campaign_id"]): row for row in found
    }
    assert len(out) == len(found), "duplicate grain in metrics_cac"
    return out


def test_one_row_per_month_and_touch_with_spend_or_customers(cac: dict[tuple, dict]) -> None:
    assert set(cac) == {
        (JAN, *GOOGLE_SEARCH),
        (JAN, *GOOGLE_DISPLAY),
        (JAN, *DIRECT),
        (FEB, *GOOGLE_SEARCH),
        (FEB, *FACEBOOK_TET),
    }


def test_campaign_with_spend_and_two_new_customers(cac: dict[tuple, dict]) -> None:
    row = cac[(JAN, *GOOGLE_SEARCH)]
    # Spend 300,000 (15 January) + 200,000 (31 January at 23:30 local: still January) = 500,000; Lan and
    # Minh acquired by the ad; Nam clicked it too, but came direct first.
    assert (row["spend_vnd"], row["new_customers"], row["is_paid_channel"]) == (500_000, 2, True)
    assert row["cac_vnd"] == pytest.approx(250_000.0)
    # Historical CLV: Lan 100,000 + 300,000, Minh 200,000 (his refunded SO-M2 is no revenue) = 600,000.
    assert row["historical_clv_vnd"] == 600_000
    assert row["avg_historical_clv_vnd"] == pytest.approx(300_000.0)
    assert row["historical_clv_to_cac_ratio"] == pytest.approx(1.2)


def test_clv_to_cac_on_predicted_clv(cac_warehouse: Warehouse, cac: dict[tuple, dict]) -> None:  # noqa: F811
    lan, minh = (cac_warehouse.customer_of(f"shop_customers:SC-{name}") for name in "LM")
    clv = {
        row["customer_id"]: row
        for row in cac_warehouse.dicts(
            "select customer_id, historical_clv_vnd, predicted_clv_vnd from marts.customer_clv"
        )
    }
    # The calibration end is the last order date (10 March 2024): the history to it is the history to
    # date, Lan 400,000 and Minh 200,000; the CLV of the campaign's row adds their predictions.
    assert (clv[lan]["historical_clv_vnd"], clv[minh]["historical_clv_vnd"]) == (400_000, 200_000)
    predicted = clv[lan]["predicted_clv_vnd"] + clv[minh]["predicted_clv_vnd"]
    assert predicted > 0
    row = cac[(JAN, *GOOGLE_SEARCH)]
    assert row["predicted_clv_vnd"] == pytest.approx(predicted)
    assert row["clv_vnd"] == pytest.approx(600_000 + predicted)
    assert row["clv_to_cac_ratio"] == pytest.approx((600_000 + predicted) / 500_000)


def test_payback_month_of_a_cohort(cac: dict[tuple, dict]) -> None:
    # Cumulative net revenue of Lan and Minh against 500,000: January 300,000; February 300,000 (the
    # refund earns nothing); March 600,000 with Lan's SO-L2: paid back two months after acquisition.
    assert cac[(JAN, *GOOGLE_SEARCH)]["payback_months"] == 2
    # Facebook: 400,000 + 100,000 = 500,000 against 526,000: not yet.
    assert cac[(FEB, *FACEBOOK_TET)]["payback_months"] is None


def test_first_touch_direct_is_a_customer_without_spend(cac: dict[tuple, dict]) -> None:
    row = cac[(JAN, *DIRECT)]
    assert (row["spend_vnd"], row["new_customers"], row["is_paid_channel"]) == (0, 1, False)
    assert row["cac_vnd"] == 0.0
    assert row["historical_clv_vnd"] == 250_000
    assert (row["historical_clv_to_cac_ratio"], row["clv_to_cac_ratio"], row["payback_months"]) == (
        None,
        None,
        None,
    )


def test_spend_without_new_customers(cac: dict[tuple, dict]) -> None:
    for key, spend in [((JAN, *GOOGLE_DISPLAY), 100_000), ((FEB, *GOOGLE_SEARCH), 250_000)]:
        row = cac[key]
        assert (row["spend_vnd"], row["new_customers"], row["historical_clv_vnd"]) == (spend, 0, 0), key
        assert (row["cac_vnd"], row["clv_to_cac_ratio"], row["payback_months"]) == (None, None, None), key


def test_non_vnd_spend_and_a_customer_in_the_local_month(cac: dict[tuple, dict]) -> None:
    row = cac[(FEB, *FACEBOOK_TET)]
    # 20 USD x 26,300 = 526,000 VND; Phuong at 00:30 local on 1 February (31 January in UTC) and Quang at
    # 23:30 local on 29 February are both February customers.
    assert (row["spend_vnd"], row["new_customers"]) == (526_000, 2)
    assert row["cac_vnd"] == pytest.approx(263_000.0)
    assert row["historical_clv_vnd"] == 500_000
    assert row["historical_clv_to_cac_ratio"] == pytest.approx(500_000 / 526_000)


def test_blended_and_paid_cac_per_month(cac_warehouse: Warehouse) -> None:  # noqa: F811
    blended = {
        row["acquisition_month"]: row
        for row in cac_warehouse.dicts("select * from marts.metrics_cac_blended")
    }
    assert sorted(blended) == [JAN, FEB]
    # January: spend 500,000 + 100,000 = 600,000; Lan, Minh (paid) and Nam (direct).
    jan = blended[JAN]
    assert (
        jan["spend_vnd"],
        jan["new_customers"],
        jan["paid_new_customers"],
        jan["organic_new_customers"],
    ) == (
        600_000,
        3,
        2,
        1,
    )
    assert jan["blended_cac_vnd"] == pytest.approx(200_000.0)
    assert jan["paid_cac_vnd"] == pytest.approx(300_000.0)
    assert jan["historical_clv_vnd"] == 850_000  # 600,000 + Nam's 250,000
    assert jan["historical_clv_to_cac_ratio"] == pytest.approx(850_000 / 600_000)
    # February: 250,000 + 526,000 = 776,000; Phuong and Quang, both paid.
    feb = blended[FEB]
    assert (feb["spend_vnd"], feb["new_customers"], feb["paid_new_customers"]) == (776_000, 2, 2)
    assert feb["blended_cac_vnd"] == pytest.approx(388_000.0)
    assert feb["paid_cac_vnd"] == pytest.approx(388_000.0)

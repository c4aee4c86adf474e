"""Audiences, their consent gate and membership over time, on the package's hand-made warehouse
(conftest.py: who does what, and why each person is or is not a member, worked out by hand)."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests import support

from .conftest import Activation

EXPECTED_BUILD_1 = {
    ("abandoned_cart", "shop_customers:SC-1", "sku-a"),
    ("browse_abandonment", "shop_customers:SC-1", "sku-a"),
    ("browse_abandonment", "shop_customers:SC-9", "sku-c"),
    ("identified_intent", "shop_customers:SC-9", "sku-c"),
    ("lapsed", "shop_customers:SC-6", None),
    ("lapsed", "shop_customers:SC-11", None),
    ("win_back", "shop_customers:SC-7", None),
    ("win_back", "shop_customers:SC-10", None),
    ("new_subscribers_not_buyers", "email_subscribers:SUB-8", None),
    ("vip_at_risk", "shop_customers:SC-13", None),
}


def test_members_of_the_first_build(activated: Activation) -> None:
    assert activated.members_build_1 == EXPECTED_BUILD_1


def test_vip_at_risk_is_the_best_customer_gone_quiet(activated: Activation) -> None:
    """SC-13 spent the most of the seven buyers (8,000,000 VND; the others 250,000 or 500,000): decile 1 of
    historical CLV. BG/NBD with the pinned parameters (r 0.5, alpha 3, a 0.8, b 2.5; weeks), calibration
    end 2024-03-30 (the last order, SO-2), purchases on 2023-08-01 and 2023-09-01: x = 1, t_x = 31 / 7 =
    4.4286, T = 242 / 7 = 34.5714; p_alive = 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r
    + x)) = 1 / (1 + 0.32 * (37.5714 / 7.4286) ** 1.5) = 1 / (1 + 0.32 * 11.3744) = 0.2155 < 0.5. SC-7 has
    the same days, the same p_alive and ads consent too, and is no VIP (500,000 VND): not a member
    (EXPECTED_BUILD_1)."""
    sc13 = activated.warehouse.row(
        "select p_alive, historical_clv_vnd from marts.dim_customers where customer_id = ?",
        [activated.customer("SC-13")],
    )
    assert sc13["historical_clv_vnd"] == 8_000_000
    assert abs(sc13["p_alive"] - 0.2155) < 0.0005
    sc7 = activated.warehouse.one(
        "select p_alive from marts.dim_customers where customer_id = ?", [activated.customer("SC-7")]
    )
    assert abs(sc7 - 0.2155) < 0.0005


def test_revoked_ads_consent_leaves_every_ad_audience_on_the_next_build(activated: Activation) -> None:
    assert activated.members() == EXPECTED_BUILD_1 - {("browse_abandonment", "shop_customers:SC-1", "sku-a")}
    sc1 = activated.customer("SC-1")
    spells = activated.warehouse.dicts(
        "select audience, spell_number, entered_at, exited_at, exit_reason "
        "from marts.audience_membership_history "
        "where customer_id = ? order by audience",
        [sc1],
    )
    assert [(s["audience"], s["spell_number"], s["exit_reason"]) for s in spells] == [
        ("abandoned_cart", 1, None),
        ("browse_abandonment", 1, "consent_revoked"),
    ]
    abandoned, browse = spells
    assert abandoned["exited_at"] is None
    assert browse["exited_at"] > browse["entered_at"]
    # The exit is recorded by the second build, not the first: its time is the latest in the history.
    latest = activated.warehouse.one("select max(entered_at) from marts.audience_membership_history")
    assert browse["exited_at"] > latest


def test_history_keeps_one_open_spell_per_member(activated: Activation) -> None:
    # The ten members of build 1 (EXPECTED_BUILD_1), one spell each; SC-1's browse_abandonment closed.
    assert activated.warehouse.one("select count(*) from marts.audience_membership_history") == 10
    assert (
        activated.warehouse.one(
            "select count(*) from marts.audience_membership_history where exited_at is null"
        )
        == 9
    )
    assert (
        activated.warehouse.one("select count(distinct entered_at) from marts.audience_membership_history")
        == 1
    )


def test_customer_without_consent_record_is_in_no_audience(activated: Activation) -> None:
    sc4 = activated.customer("SC-4")
    assert (
        activated.warehouse.one(
            "select count(*) from marts.customer_consent "
            "where customer_id = ? and consent_status != 'unknown'",
            [sc4],
        )
        == 0
    )
    assert (
        activated.warehouse.one(
            "select count(*) from marts.audience_membership_history where customer_id = ?", [sc4]
        )
        == 0
    )


def test_member_rows_say_why_and_when(activated: Activation) -> None:
    row = activated.warehouse.row("select * from marts.audience_members where audience = 'abandoned_cart'")
    assert row["reason"] == "added to cart or started checkout and placed no order within 24 hours"
    assert row["purpose"] == "email_marketing"
    assert row["as_of_at"] == datetime(2024, 4, 1)
    assert row["last_cart_at"] == datetime(2024, 3, 29, 10, 5)
    lapsed = {
        row["customer_id"]: row["days_since_last_purchase"]
        for row in activated.warehouse.dicts("select * from marts.audience_members where audience = 'lapsed'")
    }
    # SC-6: 2023-12-03 to 2024-04-01, 28 + 31 + 29 + 31 + 1 days. SC-11: 2023-10-04 to 2024-04-01,
    # 27 + 30 + 31 + 31 + 29 + 31 + 1 days: not churned (more than 180), so lapsed and not win_back.
    assert lapsed == {activated.customer("SC-6"): 120, activated.customer("SC-11"): 180}


def test_sizes_and_overlaps(activated: Activation) -> None:
    sizes = {
        (row["audience"], row["other_audience"]): row
        for row in activated.warehouse.dicts("select * from marts.audience_sizes")
    }
    assert len(sizes) == 7 * 7
    diagonal = {a: r["members"] for (a, b), r in sizes.items() if a == b}
    assert diagonal == {
        "abandoned_cart": 1,
        "browse_abandonment": 1,
        "identified_intent": 1,
        "lapsed": 2,
        "new_subscribers_not_buyers": 1,
        "vip_at_risk": 1,
        "win_back": 2,
    }
    # SC-9 is in both browse_abandonment and identified_intent; SC-1 left browse_abandonment.
    assert sizes[("browse_abandonment", "identified_intent")]["overlap_members"] == 1
    assert sizes[("browse_abandonment", "identified_intent")]["overlap_share"] == 1.0
    assert sizes[("abandoned_cart", "browse_abandonment")]["overlap_members"] == 0
    assert sizes[("browse_abandonment", "browse_abandonment")]["exited_latest_build"] == 1
    assert sizes[("browse_abandonment", "browse_abandonment")]["entered_latest_build"] == 0
    assert sizes[("vip_at_risk", "vip_at_risk")]["overlap_share"] == 1.0


BASE_AUDIENCE = {
    "name": "test_audience",
    "purpose": "email_marketing",
    "destinations": ["email_service_provider"],
    "lookback_days": 7,
    "condition": "window_product_views > 0",
    "reason": "viewed products",
}
BAD_CONFIGURATION = {
    "no_purpose": (
        {key: value for key, value in BASE_AUDIENCE.items() if key != "purpose"},
        "audience 'test_audience' has no purpose; every audience names the consent purpose it is used for",
    ),
    "unknown_purpose": (
        {**BASE_AUDIENCE, "purpose": "marketing"},
        "audience 'test_audience' has unknown purpose 'marketing'; use one of email_marketing, "
        "sms_marketing, ads_personalization, analytics.",
    ),
    "unknown_destination": (
        {**BASE_AUDIENCE, "destinations": ["tiktok"]},
        "audience 'test_audience' has unknown destination 'tiktok'; use meta_custom_audiences, "
        "google_customer_match, sms, email_service_provider.",
    ),
}


@pytest.fixture(scope="module")
def bad_configuration_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every case parsed in one dbt process (support.parse_failures)."""
    cases = {case: {"activation_audiences": [audience]} for case, (audience, _) in BAD_CONFIGURATION.items()}
    return support.parse_failures(tmp_path_factory.mktemp("bad_audiences"), cases)


@pytest.mark.parametrize("case", list(BAD_CONFIGURATION))
def test_bad_audience_configuration_fails_at_compile_time(
    case: str, bad_configuration_outputs: dict[str, str]
) -> None:
    message = BAD_CONFIGURATION[case][1]
    output = bad_configuration_outputs[case]
    assert message in output, output[-2000:]

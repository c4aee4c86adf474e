"""One warehouse for the activation tests (test_audiences.py, test_exports.py): hand-made raw rows, built
twice on the same DuckDB file, with `make activate`'s exports written after each build.

Build 1 is a real `dbt build` (tests/marts/conftest.py build_warehouse) with the audiences as of
2024-03-31 (var activation_as_of_date: the end of that day, 2024-04-01T00:00Z). Then one raw row is added
(customer SC-1 revokes ads_personalization on 2024-03-31) and the same file is built again with `dbt run`
of the models between the consent records and the marts (the incremental audience_membership_history
reads its previous state), so a test sees what a later build
records. Each person below is a shop customer with their own name, email and phone so identity resolution
keeps them apart; their expected audiences are worked out by hand in docs/activation.md's rules:

- SC-1 viewed /products/sku-a and added to cart on 2024-03-29, no order; email_marketing,
  ads_personalization and analytics granted -> abandoned_cart (sku-a), browse_abandonment (sku-a); build 2:
  revoked ads.
- SC-2 added to cart then ordered an hour later -> nothing.
- SC-3 added to cart 4 hours before the as-of time (not yet 24 hours) -> nothing.
- SC-4 everything SC-1 did plus two old orders, and no consent record at all -> nothing.
- SC-5 abandoned a cart but revoked email_marketing -> nothing.
- SC-6 one order 120 days before the as-of time, email granted -> lapsed.
- SC-7 two orders, the last 213 days before, sms granted on the phone -> win_back; ads granted too, and
  p_alive below 0.5, but not the top historical CLV -> not vip_at_risk.
- SUB-8 subscribed to email on 2024-03-20, never bought -> new_subscribers_not_buyers.
- SC-9 viewed /products/sku-c anonymously on 2024-03-25, logged in (account created) on 2024-03-26, ads
  granted -> identified_intent (sku-c), browse_abandonment (sku-c).
- SC-10 like SC-7 but no phone and sms granted on the account -> win_back, left out of the sms file.
- SC-11 two orders, the last exactly 180 days before (not churned: churn is more than
  churn_inactivity_days, customer_rfm), email and sms granted -> lapsed, not win_back.
- SC-12 opted in to email on 2024-01-05 and never bought; the account (accepts_marketing) was edited on
  2024-03-25, inside new_subscribers_not_buyers' 30 days: a repeated grant, no new subscription -> nothing.
- SC-13 two orders of 4,000,000 VND on SC-7's days (the top historical CLV of the seven buyers, p_alive
  below 0.5), ads granted -> vip_at_risk; his phone is also his sister SC-14's (no consent, no order,
  in no audience), so the ad platforms get his email's hash only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from cdp import activation
from cdp.raw_loader import load_raw_dir
from tests import support
from tests.marts.conftest import (
    CLV_PARAMETERS,
    DEFAULTS,
    Record,
    Warehouse,
    build_warehouse,
    consent,
    order,
    rows,
    shop_customer,
    subscriber,
    web,
)

AS_OF_DATE = "2024-03-31"
DBT_VARS = {"activation_as_of_date": AS_OF_DATE}
SHOP = "https://shop.example.vn"
GRANTED_EARLY = "2024-02-15T03:00:00Z"
# The activation marts, the analysts' masked marts (docs/privacy.md) and what the profile service reads
# (docs/serve.md: the lookup, the rules, traits), with everything upstream; and the traits' daily
# history, whose columns test_publish checks are described.
SELECTION = (
    "+audience_exports +audience_sizes +path:models/marts/masked +path:models/marts/serve +customer_traits"
    " customer_traits_daily"
)


def person(customer_id: str, first: str, last: str, email: str, phone: str = "", **raw: str) -> Record:
    return shop_customer(customer_id, first, last, email=email, phone=phone, **raw)


def grant(consent_id: str, subject_type: str, value: str, purpose: str, at: str = GRANTED_EARLY) -> Record:
    return consent(consent_id, subject_type, value, purpose, "granted", occurred_at=at)


def revoke(consent_id: str, subject_type: str, value: str, purpose: str, at: str) -> Record:
    return consent(consent_id, subject_type, value, purpose, "revoked", occurred_at=at)


def view(event_id: str, anonymous_id: str, at: str, product: str, user_id: str = "") -> Record:
    return web(
        event_id,
        anonymous_id,
        event_name="product_view",
        occurred_at=at,
        page_url=f"{SHOP}/products/{product}",
        user_id=user_id,
    )


def cart(event_id: str, anonymous_id: str, at: str, user_id: str) -> Record:
    return web(
        event_id,
        anonymous_id,
        event_name="add_to_cart",
        occurred_at=at,
        page_url=f"{SHOP}/cart",
        user_id=user_id,
    )


RAW_BUILD_1 = rows(
    person("SC-1", "Lan", "Nguyễn Thị", "lan.nguyen@example.vn", "0903 111 001"),
    view("W1-1", "A1", "2024-03-29T10:00:00Z", "sku-a", "SC-1"),
    cart("W1-2", "A1", "2024-03-29T10:05:00Z", "SC-1"),
    grant("C1-1", "email", "lan.nguyen@example.vn", "email_marketing"),
    grant("C1-2", "email", "lan.nguyen@example.vn", "ads_personalization"),
    grant("C1-4", "email", "lan.nguyen@example.vn", "analytics"),
    person("SC-2", "Minh", "Trần Văn", "minh.tran@example.vn", "0903 111 002"),
    cart("W2-1", "A2", "2024-03-30T08:00:00Z", "SC-2"),
    order("SO-2", customer_id="SC-2", ordered_at="2024-03-30T09:00:00Z"),
    grant("C2-1", "email", "minh.tran@example.vn", "email_marketing"),
    person("SC-3", "Hoa", "Lê Thị", "hoa.le@example.vn", "0903 111 003"),
    cart("W3-1", "A3", "2024-03-31T20:00:00Z", "SC-3"),
    grant("C3-1", "email", "hoa.le@example.vn", "email_marketing"),
    person("SC-4", "Tuấn", "Phạm Minh", "tuan.pham@example.vn", "0903 111 004"),
    view("W4-1", "A4", "2024-03-29T10:00:00Z", "sku-a", "SC-4"),
    cart("W4-2", "A4", "2024-03-29T10:05:00Z", "SC-4"),
    order("SO-4a", customer_id="SC-4", ordered_at="2023-08-01T03:00:00Z"),
    order("SO-4b", customer_id="SC-4", ordered_at="2023-09-01T03:00:00Z"),
    person("SC-5", "Dũng", "Hoàng Văn", "dung.hoang@example.vn", "0903 111 005"),
    view("W5-1", "A5", "2024-03-29T10:00:00Z", "sku-b", "SC-5"),
    cart("W5-2", "A5", "2024-03-29T10:05:00Z", "SC-5"),
    grant("C5-1", "email", "dung.hoang@example.vn", "email_marketing", "2024-02-01T03:00:00Z"),
    revoke("C5-2", "email", "dung.hoang@example.vn", "email_marketing", "2024-02-20T03:00:00Z"),
    person("SC-6", "Mai", "Vũ Thị", "mai.vu@example.vn", "0903 111 006"),
    order("SO-6", customer_id="SC-6", ordered_at="2023-12-03T03:00:00Z"),
    grant("C6-1", "email", "mai.vu@example.vn", "email_marketing"),
    person("SC-7", "Khoa", "Đặng Văn", "khoa.dang@example.vn", "0903 111 007"),
    order("SO-7a", customer_id="SC-7", ordered_at="2023-08-01T03:00:00Z"),
    order("SO-7b", customer_id="SC-7", ordered_at="2023-09-01T03:00:00Z"),
    grant("C7-1", "phone", "0903 111 007", "sms_marketing"),
    grant("C7-2", "email", "khoa.dang@example.vn", "ads_personalization"),
    subscriber(
        "SUB-8", "thu.bui@example.vn", first_name="Thu", last_name="Bùi", opted_in_at="2024-03-20T03:00:00Z"
    ),
    person(
        "SC-9",
        "Ngọc",
        "Đỗ Thị",
        "Ngoc.Do+shop@Gmail.com",
        "0903 111 009",
        created_at="2024-03-26T10:00:00Z",
    ),
    view("W9-1", "A9", "2024-03-25T10:00:00Z", "sku-c"),
    web("W9-2", "A9", event_name="identify", occurred_at="2024-03-26T10:00:00Z", user_id="SC-9"),
    grant("C9-1", "email", "ngoc.do+shop@gmail.com", "ads_personalization", "2024-03-26T10:05:00Z"),
    person("SC-10", "Hải", "Ngô Văn", "hai.ngo@example.vn"),
    order("SO-10a", customer_id="SC-10", ordered_at="2023-08-01T03:00:00Z"),
    order("SO-10b", customer_id="SC-10", ordered_at="2023-09-01T03:00:00Z"),
    grant("C10-1", "customer_id", "SC-10", "sms_marketing"),
    # Churn's boundary (var churn_inactivity_days, 180): 2023-10-04 to 2024-04-01 is 180 days, not more.
    person("SC-11", "Vy", "Trịnh Thảo", "vy.trinh@example.vn", "0903 111 011"),
    order("SO-11a", customer_id="SC-11", ordered_at="2023-06-01T03:00:00Z"),
    order("SO-11b", customer_id="SC-11", ordered_at="2023-10-04T03:00:00Z"),
    grant("C11-1", "email", "vy.trinh@example.vn", "email_marketing"),
    grant("C11-2", "phone", "0903 111 011", "sms_marketing"),
    # An opt-in of January; the account's accepts_marketing is evidence dated at its last update, 25 March.
    person(
        "SC-12",
        "Quân",
        "Lương Văn",
        "quan.luong@example.vn",
        "0903 111 012",
        accepts_marketing="true",
        created_at="2024-01-05T03:00:00Z",
        updated_at="2024-03-25T03:00:00Z",
    ),
    grant("C12-1", "email", "quan.luong@example.vn", "email_marketing", "2024-01-05T03:00:00Z"),
    # The best customer, gone quiet: 8,000,000 VND in two orders, the first customer of seven buyers by
    # historical CLV, and the orders of SC-7, so p_alive 0.2155 (worked out in test_audiences.py).
    person("SC-13", "Phúc", "Hồ Văn", "phuc.ho@example.vn", "0903 111 013"),
    order("SO-13a", customer_id="SC-13", ordered_at="2023-08-01T03:00:00Z", total_amount="4000000"),
    order("SO-13b", customer_id="SC-13", ordered_at="2023-09-01T03:00:00Z", total_amount="4000000"),
    grant("C13-1", "email", "phuc.ho@example.vn", "ads_personalization"),
    # His sister, on his phone (the family's number), a customer of her own: no order, no consent.
    person("SC-14", "Hạnh", "Hồ Thị", "hanh.ho@example.vn", "0903 111 013"),
)

REVOCATION = revoke("C1-3", "email", "lan.nguyen@example.vn", "ads_personalization", "2024-03-31T08:00:00Z")
RAW_BUILD_2 = {
    table: [*records, *([REVOCATION[1]] if table == REVOCATION[0] else [])]
    for table, records in RAW_BUILD_1.items()
}


@dataclass(frozen=True)
class Activation:
    """The warehouse after build 2, what build 1 showed, and the export runs after each build."""

    warehouse: Warehouse
    members_build_1: set[tuple[str, str, str | None]]
    exports: Path
    run_1: Path
    run_2: Path

    def customer(self, shop_customer_id: str) -> str:
        return self.warehouse.customer_of(f"shop_customers:{shop_customer_id}")

    def members(self) -> set[tuple[str, str, str | None]]:
        return members(self.warehouse)


def members(warehouse: Warehouse) -> set[tuple[str, str, str | None]]:
    """(audience, customer record, products): the member named by one of its shop or subscriber records."""
    return {
        (audience, record, products)
        for audience, record, products in warehouse.query(
            """
            select
                members.audience,
                min(identity.source_table || ':' || identity.source_record_id),
                members.products
            from marts.audience_members as members
            inner join marts.customer_identity_map as identity on members.customer_id = identity.customer_id
            where identity.source_table in ('shop_customers', 'email_subscribers')
            group by members.audience, members.customer_id, members.products
            """
        )
    }


@pytest.fixture(scope="package")
def activated(tmp_path_factory: pytest.TempPathFactory) -> Activation:
    work = tmp_path_factory.mktemp("activation")
    # With the descriptions as comments: tests/activation/test_publish.py checks the published file has them.
    warehouse = build_warehouse(
        work, RAW_BUILD_1, select=[*SELECTION.split()], dbt_vars=DBT_VARS, dbt_env=support.PERSIST_DOCS
    )
    before = members(warehouse)
    exports = work / "exports"
    run_1 = activation.activate(warehouse.database, exports, "run-1")
    # Build 2: the revocation arrives; the same file, `dbt run` of the models between the consent records and
    # the marts under test (only consent_events changed: everything else upstream stays as built).
    support.write_raw_dir(work / "raw", RAW_BUILD_2, DEFAULTS)
    load_raw_dir(work / "raw", warehouse.database)
    rerun = support.run_dbt(
        warehouse.database,
        work,
        "run",
        "--select",
        " ".join(f"base_privacy__consent_events+,{selected}" for selected in SELECTION.split()),
        "--vars",
        json.dumps({"clv_parameters": CLV_PARAMETERS, **DBT_VARS}),
        env=support.PERSIST_DOCS,
    )
    if rerun.returncode != 0:
        pytest.fail(f"second dbt run failed:\n{rerun.failure_summary()}")
    # Named by hand as docs/activation.md shows: a name that sorts before run-1's, whose run it follows.
    run_2 = activation.activate(warehouse.database, exports, "2026-12-06")
    return Activation(warehouse, before, exports, run_1, run_2)

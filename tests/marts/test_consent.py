"""Consent per identifier and per customer: one real dbt build of hand-made raw rows on its own DuckDB file.

Each person below is one CRM contact (distinct names, emails and phones, so identity resolution keeps them
apart) plus the consent evidence the case is about. Every expected status and time is written by hand from
the rules in docs/consent.md: the latest evidence wins, a grant and a revocation at the same instant give
revoked, no evidence gives unknown; never computed by the code under test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest

from .conftest import (
    Record,
    Warehouse,
    build_warehouse,
    consent,
    crm,
    email_event,
    rows,
    shop_customer,
    subscriber,
)

PURPOSES = ["ads_personalization", "analytics", "email_marketing", "sms_marketing"]


def person(contact_id: str, name: str, email: str, phone: str) -> Record:
    return crm(contact_id, name, email=email, phone=phone)


def evidence(
    consent_id: str, subject_type: str, value: str, purpose: str, status: str, at: str, source: str = "web"
) -> Record:
    return consent(consent_id, subject_type, value, purpose, status, occurred_at=at, source_system=source)


RAW = rows(
    # A: one email granted, then revoked later.
    person("A", "Nguyễn Văn An", "an.nguyen@example.vn", "0903 118 274"),
    evidence("CS-A1", "email", "An.Nguyen@Example.vn", "email_marketing", "granted", "2024-02-01T08:00:00Z"),
    evidence("CS-A2", "email", "an.nguyen@example.vn ", "email_marketing", "revoked", "2024-03-01T08:00:00Z"),
    # B: analytics granted on the email, revoked later on the phone (written in another format).
    person("B", "Trần Thị Bình", "binh.tran@example.vn", "0914 552 306"),
    evidence("CS-B1", "email", "binh.tran@example.vn", "analytics", "granted", "2024-02-01T08:00:00Z"),
    evidence("CS-B2", "phone", "+84 914 552 306", "analytics", "revoked", "2024-02-05T08:00:00Z"),
    # C: the same two identifiers, the other way round: revoked on the phone, granted later on the email.
    person("C", "Lê Văn Cường", "cuong.le@example.vn", "0985 407 129"),
    evidence("CS-C1", "phone", "0985407129", "sms_marketing", "revoked", "2024-02-01T08:00:00Z"),
    evidence("CS-C2", "email", "cuong.le@example.vn", "sms_marketing", "granted", "2024-02-05T08:00:00Z"),
    # D: subscribed, a later consent record grants again, then an unsubscribe event from a campaign.
    person("D", "Phạm Thị Dung", "dung.pham@example.vn", "0976 230 418"),
    subscriber(
        "SUB-D",
        "Dung.Pham@example.vn",
        first_name="Dung",
        last_name="Phạm Thị",
        opted_in_at="2024-01-15T08:00:00Z",
    ),
    evidence(
        "CS-D1",
        "email",
        "dung.pham@example.vn",
        "email_marketing",
        "granted",
        "2024-02-01T08:00:00Z",
        "email_platform",
    ),
    email_event("EE-D1", "SUB-D", event_type="open", occurred_at="2024-02-10T08:00:00Z"),
    email_event("EE-D2", "SUB-D", event_type="unsubscribe", occurred_at="2024-02-10T08:05:00Z"),
    # E: a grant and a revocation at the same instant (the grant has the smaller id).
    person("E", "Hoàng Văn Em", "em.hoang@example.vn", "0932 671 845"),
    evidence(
        "CS-E1", "email", "em.hoang@example.vn", "ads_personalization", "granted", "2024-02-01T08:00:00Z"
    ),
    evidence(
        "CS-E2", "email", "em.hoang@example.vn", "ads_personalization", "revoked", "2024-02-01T08:00:00Z"
    ),
    # F: no evidence at all.
    person("F", "Vũ Thị Phương", "phuong.vu@example.vn", "0908 364 927"),
    # G: a shop account that accepts marketing (its email), and a cleaned subscriber address.
    shop_customer(
        "SC-G",
        "Giang",
        "Đặng Văn",
        email="giang.dang@example.vn",
        accepts_marketing="yes",
        created_at="2024-01-05T08:00:00Z",
        updated_at="2024-01-20T08:00:00Z",
    ),
    subscriber(
        "SUB-G",
        "giang.dang+news@example.vn",
        first_name="Giang",
        last_name="Đặng Văn",
        status="cleaned",
        opted_in_at="2024-01-10T08:00:00Z",
    ),
    # H: an unsubscribed subscriber: revoked at its last platform event (a delivery after the opt-in).
    person("H", "Bùi Minh Hải", "hai.bui@example.vn", "0917 503 862"),
    subscriber(
        "SUB-H",
        "hai.bui@example.vn",
        first_name="Hải",
        last_name="Bùi Minh",
        status="unsubscribed",
        opted_in_at="2024-01-10T08:00:00Z",
    ),
    email_event("EE-H1", "SUB-H", event_type="delivered", occurred_at="2024-03-03T08:00:00Z"),
    # Evidence about an identifier no customer carries, and about an unusable (placeholder) one.
    evidence("CS-X1", "email", "stranger@example.vn", "email_marketing", "granted", "2024-02-01T08:00:00Z"),
    evidence("CS-X2", "email", "test@test.com", "email_marketing", "granted", "2024-02-01T08:00:00Z"),
)


def as_datetime(text: str) -> datetime:
    """A UTC time written with Z, as DuckDB returns it (naive)."""
    return datetime.fromisoformat(text.replace("Z", ""))


@dataclass(frozen=True)
class Built:
    warehouse: Warehouse
    customer_of: dict[str, str]  # CRM contact id or shop account id -> customer_id

    def query(self, sql: str, parameters: list | None = None) -> list[tuple]:
        return self.warehouse.query(sql, parameters)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    warehouse = build_warehouse(
        tmp_path_factory.mktemp("consent"),
        RAW,
        select=["+customer_consent", "+customer_consent_by_identifier"],
    )
    pairs = warehouse.query(
        "select source_record_id, customer_id from marts.customer_identity_map "
        "where source_table in ('crm_contacts', 'shop_customers')"
    )
    return Built(warehouse, dict(pairs))


def by_identifier(built: Built, identifier_type: str, value: str, purpose: str) -> tuple:
    found = built.query(
        "select consent_status, decided_at, evidence_source, evidence_id "
        "from marts.customer_consent_by_identifier "
        "where identifier_type = ? and identifier_value = ? and purpose = ?",
        [identifier_type, value, purpose],
    )
    assert len(found) == 1, found
    return found[0]


def rolled_up(built: Built, person: str, purpose: str) -> tuple:
    found = built.query(
        "select consent_status, is_granted, decided_at, decided_by_identifier_type, "
        "decided_by_identifier_value, evidence_id, granted_identifier_count, revoked_identifier_count "
        "from marts.customer_consent where customer_id = ? and purpose = ?",
        [built.customer_of[person], purpose],
    )
    assert len(found) == 1, found
    return found[0]


def test_every_customer_has_a_row_per_purpose(built: Built) -> None:
    customers = built.query("select count(distinct customer_id) from marts.customer_identity_map")[0][0]
    # 7 CRM contacts and G's account; the subscribers join their customers by email (D, G, H).
    assert customers == 8
    assert built.query("select count(*) from marts.customer_consent") == [(8 * 4,)]
    purposes = built.query("select distinct purpose from marts.customer_consent order by 1")
    assert [p for (p,) in purposes] == PURPOSES


def test_revoke_after_grant_on_one_identifier(built: Built) -> None:
    assert by_identifier(built, "email", "an.nguyen@example.vn", "email_marketing") == (
        "revoked",
        as_datetime("2024-03-01T08:00:00Z"),
        "consent_events",
        "consent_events:CS-A2",
    )
    status, granted, decided_at, id_type, id_value, evidence, n_granted, n_revoked = rolled_up(
        built, "A", "email_marketing"
    )
    assert (status, granted, decided_at) == ("revoked", False, as_datetime("2024-03-01T08:00:00Z"))
    assert (id_type, id_value, evidence) == ("email", "an.nguyen@example.vn", "consent_events:CS-A2")
    assert (n_granted, n_revoked) == (0, 1)


def test_grant_on_email_and_revoke_on_phone(built: Built) -> None:
    # Per identifier each keeps its own status.
    assert by_identifier(built, "email", "binh.tran@example.vn", "analytics")[0] == "granted"
    assert by_identifier(built, "phone", "+84914552306", "analytics")[0] == "revoked"
    # Rolled up: the phone's revocation is the latest.
    assert rolled_up(built, "B", "analytics") == (
        "revoked",
        False,
        as_datetime("2024-02-05T08:00:00Z"),
        "phone",
        "+84914552306",
        "consent_events:CS-B2",
        1,
        1,
    )
    # The other way round: the email's later grant decides the customer, the phone stays revoked itself.
    assert by_identifier(built, "phone", "+84985407129", "sms_marketing")[0] == "revoked"
    assert rolled_up(built, "C", "sms_marketing") == (
        "granted",
        True,
        as_datetime("2024-02-05T08:00:00Z"),
        "email",
        "cuong.le@example.vn",
        "consent_events:CS-C2",
        1,
        1,
    )


def test_unsubscribe_event_revokes(built: Built) -> None:
    assert by_identifier(built, "email", "dung.pham@example.vn", "email_marketing") == (
        "revoked",
        as_datetime("2024-02-10T08:05:00Z"),
        "email_events.unsubscribe",
        "email_events:EE-D2",
    )
    assert rolled_up(built, "D", "email_marketing")[:3] == (
        "revoked",
        False,
        as_datetime("2024-02-10T08:05:00Z"),
    )
    # The open event is no consent evidence; the subscription and the consent record are.
    evidence = built.query(
        "select evidence_id from intermediate.int_consent_events_resolved where customer_id = ? order by 1",
        [built.customer_of["D"]],
    )
    assert [e for (e,) in evidence] == [
        "consent_events:CS-D1",
        "email_events:EE-D2",
        "email_subscribers:SUB-D",
    ]


def test_same_instant_tie_resolves_to_revoked(built: Built) -> None:
    assert by_identifier(built, "email", "em.hoang@example.vn", "ads_personalization")[:2] == (
        "revoked",
        as_datetime("2024-02-01T08:00:00Z"),
    )
    assert rolled_up(built, "E", "ads_personalization")[:2] == ("revoked", False)


def test_no_evidence_is_unknown_never_granted(built: Built) -> None:
    found = built.query(
        "select purpose, consent_status, is_granted, decided_at, evidence_count from marts.customer_consent "
        "where customer_id = ? order by purpose",
        [built.customer_of["F"]],
    )
    assert found == [(purpose, "unknown", False, None, 0) for purpose in PURPOSES]
    # A has evidence for email marketing only: its other purposes are unknown too.
    assert rolled_up(built, "A", "sms_marketing")[:2] == ("unknown", False)


def test_source_flags_shop_account_and_cleaned_subscriber(built: Built) -> None:
    # The account's flag at its last update, and the cleaned address's opt-in: the flag is later.
    assert by_identifier(built, "email", "giang.dang@example.vn", "email_marketing") == (
        "granted",
        as_datetime("2024-01-20T08:00:00Z"),
        "shop_customers.accepts_marketing",
        "shop_customers:SC-G",
    )
    assert rolled_up(built, "SC-G", "email_marketing")[:3] == (
        "granted",
        True,
        as_datetime("2024-01-20T08:00:00Z"),
    )
    evidence = built.query(
        "select evidence_id, status, occurred_at from intermediate.int_consent_events_resolved "
        "where evidence_id = 'email_subscribers:SUB-G'",
    )
    assert evidence == [("email_subscribers:SUB-G", "granted", as_datetime("2024-01-10T08:00:00Z"))]


def test_unsubscribed_status_dated_at_the_last_platform_event(built: Built) -> None:
    assert by_identifier(built, "email", "hai.bui@example.vn", "email_marketing") == (
        "revoked",
        as_datetime("2024-03-03T08:00:00Z"),
        "email_subscribers.status",
        "email_subscribers:SUB-H",
    )


def test_unknown_and_unusable_identifiers_are_kept(built: Built) -> None:
    found = built.query(
        "select evidence_id, customer_id, identifier_value, unresolved_reason "
        "from intermediate.int_consent_events_resolved where evidence_id in "
        "('consent_events:CS-X1', 'consent_events:CS-X2') order by 1",
    )
    assert found == [
        ("consent_events:CS-X1", None, "stranger@example.vn", "unknown_identifier"),
        ("consent_events:CS-X2", None, None, "unusable_identifier"),
    ]
    # The stranger's consent is kept per identifier, for when they appear.
    assert built.query(
        "select consent_status, customer_count from marts.customer_consent_by_identifier "
        "where identifier_value = 'stranger@example.vn'",
    ) == [("granted", 0)]

"""The golden record: survivorship, lineage and dim_customers, on one real dbt build of hand-made raw rows.

Each person is a handful of records that identity resolution joins into one customer (shared email, phone,
loyalty card or account), with conflicting values for the attribute the case is about. The expected value,
the record it comes from and the strategy that decides are worked out by hand from the default
configuration (var customer_survivorship in dbt_project.yml, docs/customers.md):
    full_name      source_priority [crm, loyalty] > shop > subscribers > tickets > pos > leads,
                   then valid_first, most_frequent, most_complete, most_recent
    email          valid_first, most_recent, most_frequent
    phone          valid_first (mobile before landline), most_frequent, most_recent
    date_of_birth  source_priority loyalty > crm > shop, then most_recent
    province_code  source_priority [crm, loyalty, shop accounts, shop orders] > others, then most_recent
    gender         most_recent
Final tie-break: the smallest (source_table, source_record_id). Never computed by the code under test.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from .conftest import Warehouse, build_warehouse, crm, lead, loyalty, order, pos, rows, shop_customer

ATTRIBUTES = ["full_name", "email", "phone", "date_of_birth", "province_code", "gender"]

JAN = "2024-01-05T08:00:00Z"
FEB = "2024-02-05T08:00:00Z"
MAR = "2024-03-05T08:00:00Z"
APR = "2024-04-05T08:00:00Z"
MAY = "2024-05-05T08:00:00Z"

RAW = rows(
    # AN: the CRM's name beats the lead form's (source_priority), joined by the email.
    crm("AN", "Nguyễn Văn An", email="an.nguyen@example.vn", gender="Nam", created_at=JAN),
    lead("AN", "An Nguyễn", email="an.nguyen@example.vn", created_at=MAR),
    # BICH: loyalty's date of birth beats the shop account's. The loyalty card and the account are joined
    # through a till receipt (card and phone) and a guest order (the account and the same phone).
    loyalty("BICH", "Trần Thị Bích", date_of_birth="12/05/1990", enrolled_at=JAN),
    pos("BICH-T1", loyalty_card_id="BICH", customer_name="Trần Thị Bích", customer_phone="0903 118 274"),
    order("BICH-O1", customer_id="SC-BICH", phone="0903118274", ordered_at=FEB),
    shop_customer("SC-BICH", "Bích", "Trần Thị", date_of_birth="1991-05-12", created_at=MAR),
    # CHAU: the CRM email is a placeholder: never chosen, the loyalty email is, though older.
    crm("CHAU", "Lê Minh Châu", email="test@test.com", phone="0914 552 306", created_at=MAR),
    loyalty("CHAU", "Lê Minh Châu", email="chau.le@example.vn", phone="0914552306", enrolled_at=JAN),
    # DONG: nothing usable but the phone: a placeholder name at the till, a placeholder email on an order.
    pos("DONG-T1", customer_name="Khách lẻ", customer_phone="0985 407 129", transacted_at=JAN),
    order("DONG-O1", email="noemail@gmail.com", phone="0985407129", ordered_at=FEB),
    # EM: CRM and loyalty seen at the same instant with different provinces: a tie; the final key
    # (source_table, source_record_id) gives it to crm_contacts.
    crm("EM", "Hoàng Văn Em", phone="0976 230 418", province="Hà Nội", created_at=FEB),
    loyalty("EM", "Hoàng Văn Em", phone="0976230418", province="Đà Nẵng", enrolled_at=FEB),
    # GIANG: the phone used on three receipts beats the one-off number of the latest receipt.
    loyalty("GIANG", "Đặng Văn Giang", phone="0932 671 845", enrolled_at=JAN),
    pos("GIANG-T1", loyalty_card_id="GIANG", customer_phone="0932671845", transacted_at=FEB),
    pos("GIANG-T2", loyalty_card_id="GIANG", customer_phone="0932671845", transacted_at=MAR),
    pos("GIANG-T3", loyalty_card_id="GIANG", customer_phone="0932671845", transacted_at=APR),
    pos("GIANG-T4", loyalty_card_id="GIANG", customer_phone="0908 364 927", transacted_at=MAY),
    # HAI: a landline on the latest record loses to a mobile (valid_first); the typed email domain
    # typo is corrected, so both records carry the same address.
    crm("HAI", "Bùi Minh Hải", email="hai.bui@gmial.com", phone="028 3823 4567", created_at=MAR),
    shop_customer("SC-HAI", "Hải", "Bùi Minh", email="hai.bui@gmail.com", phone="0917503862", created_at=JAN),
    # HOA: CRM and loyalty rank equal; the name written with its diacritics wins (valid_first).
    crm("HOA", "Pham Thi Hoa", phone="0961 234 578", created_at=MAR),
    loyalty("HOA", "Phạm Thị Hoa", phone="0961234578", enrolled_at=JAN),
)


def as_datetime(text: str) -> datetime:
    """A UTC time written with Z, as DuckDB returns it (naive)."""
    return datetime.fromisoformat(text.replace("Z", ""))


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    return build_warehouse(
        tmp_path_factory.mktemp("customers"), RAW, select=["+dim_customers", "+customer_attribute_lineage"]
    )


@pytest.fixture(scope="module")
def customer(warehouse: Warehouse) -> dict[str, str]:
    """Person (the first record key of each case above) -> customer_id."""
    keys = {
        "AN": "crm_contacts:AN",
        "BICH": "loyalty_members:BICH",
        "CHAU": "crm_contacts:CHAU",
        "DONG": "pos_transactions:DONG-T1",
        "EM": "crm_contacts:EM",
        "GIANG": "loyalty_members:GIANG",
        "HAI": "crm_contacts:HAI",
        "HOA": "crm_contacts:HOA",
    }
    return {person: warehouse.customer_of(key) for person, key in keys.items()}


def lineage(warehouse: Warehouse, customer_id: str, attribute: str) -> dict:
    return warehouse.row(
        "select value, source_table, source_record_id, observed_at, decided_by, candidate_count, "
        "distinct_value_count, value_record_count, runner_up_value "
        "from marts.customer_attribute_lineage where customer_id = ? and attribute = ?",
        [customer_id, attribute],
    )


def test_each_case_is_one_customer(warehouse: Warehouse, customer: dict[str, str]) -> None:
    """Precondition of every case: the records of a person are one customer, the people eight."""
    assert len(set(customer.values())) == 8
    same = {
        "AN": ["social_leads:AN"],
        "BICH": ["pos_transactions:BICH-T1", "shop_orders:BICH-O1", "shop_customers:SC-BICH"],
        "CHAU": ["loyalty_members:CHAU"],
        "DONG": ["shop_orders:DONG-O1"],
        "EM": ["loyalty_members:EM"],
        "GIANG": [f"pos_transactions:GIANG-T{n}" for n in range(1, 5)],
        "HAI": ["shop_customers:SC-HAI"],
        "HOA": ["loyalty_members:HOA"],
    }
    for person, keys in same.items():
        assert [warehouse.customer_of(key) for key in keys] == [customer[person]] * len(keys), person


def test_lineage_row_for_every_attribute_of_every_customer(warehouse: Warehouse) -> None:
    assert warehouse.one("select count(*) from marts.dim_customers") == 8
    assert warehouse.one("select count(*) from marts.customer_attribute_lineage") == 8 * len(ATTRIBUTES)
    pairs = warehouse.query(
        "select attribute, count(distinct customer_id) from marts.customer_attribute_lineage group by 1"
    )
    assert dict(pairs) == dict.fromkeys(ATTRIBUTES, 8)


def test_crm_name_beats_the_lead_form(warehouse: Warehouse, customer: dict[str, str]) -> None:
    row = lineage(warehouse, customer["AN"], "full_name")
    assert row["value"] == "Nguyễn Văn An"
    assert (row["source_table"], row["source_record_id"]) == ("crm_contacts", "AN")
    assert row["decided_by"] == "source_priority"
    assert (row["candidate_count"], row["distinct_value_count"], row["runner_up_value"]) == (
        2,
        2,
        "An Nguyễn",
    )
    gender = lineage(warehouse, customer["AN"], "gender")
    assert (gender["value"], gender["decided_by"], gender["candidate_count"]) == ("male", "only_candidate", 1)


def test_loyalty_date_of_birth_beats_the_shop_account(warehouse: Warehouse, customer: dict[str, str]) -> None:
    row = lineage(warehouse, customer["BICH"], "date_of_birth")
    assert (row["value"], row["source_table"], row["source_record_id"]) == (
        "1990-05-12",
        "loyalty_members",
        "BICH",
    )
    assert (row["decided_by"], row["runner_up_value"], row["candidate_count"]) == (
        "source_priority",
        "1991-05-12",
        2,
    )
    dim = warehouse.row(
        "select date_of_birth from marts.dim_customers where customer_id = ?", [customer["BICH"]]
    )
    assert str(dim["date_of_birth"]) == "1990-05-12"


def test_placeholder_email_is_never_chosen(warehouse: Warehouse, customer: dict[str, str]) -> None:
    row = lineage(warehouse, customer["CHAU"], "email")
    # The placeholder is no candidate at all: the older loyalty address is the only one.
    assert (row["value"], row["source_table"], row["decided_by"]) == (
        "chau.le@example.vn",
        "loyalty_members",
        "only_candidate",
    )
    assert row["candidate_count"] == 1


def test_nothing_usable_gives_null_not_a_placeholder(warehouse: Warehouse, customer: dict[str, str]) -> None:
    for attribute in ["full_name", "email", "date_of_birth", "gender"]:
        row = lineage(warehouse, customer["DONG"], attribute)
        assert (row["value"], row["decided_by"], row["candidate_count"]) == (None, "no_valid_candidate", 0), (
            attribute
        )
    dim = warehouse.row(
        "select full_name, email, phone from marts.dim_customers where customer_id = ?", [customer["DONG"]]
    )
    assert dim == {"full_name": None, "email": None, "phone": "+84985407129"}


def test_tie_broken_by_the_final_key(warehouse: Warehouse, customer: dict[str, str]) -> None:
    row = lineage(warehouse, customer["EM"], "province_code")
    # Same source rank, same observed_at: 'crm_contacts' sorts before 'loyalty_members'.
    assert (row["value"], row["source_table"], row["decided_by"]) == ("ha_noi", "crm_contacts", "tie_break")
    assert row["runner_up_value"] == "da_nang"
    assert row["observed_at"] == as_datetime(FEB)


def test_most_used_mobile_beats_a_recent_one_off(warehouse: Warehouse, customer: dict[str, str]) -> None:
    row = lineage(warehouse, customer["GIANG"], "phone")
    # +84932671845: the loyalty card and three receipts (4 records); +84908364927: the latest receipt only.
    assert row["value"] == "+84932671845"
    assert (row["decided_by"], row["value_record_count"], row["candidate_count"]) == ("most_frequent", 4, 5)
    assert row["runner_up_value"] == "+84908364927"
    # The winner's record: the most recent of the four carrying it (receipt T3, April).
    assert (row["source_table"], row["source_record_id"]) == ("pos_transactions", "GIANG-T3")


def test_mobile_beats_a_more_recent_landline_and_email_typo_is_corrected(
    warehouse: Warehouse, customer: dict[str, str]
) -> None:
    phone = lineage(warehouse, customer["HAI"], "phone")
    assert (phone["value"], phone["decided_by"], phone["runner_up_value"]) == (
        "+84917503862",
        "valid_first",
        "+842838234567",
    )
    email = lineage(warehouse, customer["HAI"], "email")
    # 'hai.bui@gmial.com' is read as 'hai.bui@gmail.com': one value on both records; the one typed right
    # wins the record (valid_first), the only different value there is none.
    assert (email["value"], email["distinct_value_count"], email["decided_by"]) == (
        "hai.bui@gmail.com",
        1,
        "only_candidate",
    )
    assert (email["source_table"], email["source_record_id"]) == ("shop_customers", "SC-HAI")


def test_name_with_diacritics_first(warehouse: Warehouse, customer: dict[str, str]) -> None:
    row = lineage(warehouse, customer["HOA"], "full_name")
    assert (row["value"], row["decided_by"], row["runner_up_value"]) == (
        "Phạm Thị Hoa",
        "valid_first",
        "Pham Thi Hoa",
    )


def test_dim_customers_shows_the_golden_record(warehouse: Warehouse, customer: dict[str, str]) -> None:
    row = warehouse.row(
        "select full_name, email, phone, province_code, province_name, source_record_count, channels_seen, "
        "channel_count, is_identified, consent_email_marketing, order_count "
        "from marts.dim_customers where customer_id = ?",
        [customer["CHAU"]],
    )
    assert row == {
        "full_name": "Lê Minh Châu",
        "email": "chau.le@example.vn",
        "phone": "+84914552306",
        "province_code": None,
        "province_name": None,
        "source_record_count": 2,
        "channels_seen": "crm, loyalty",
        "channel_count": 2,
        "is_identified": True,
        "consent_email_marketing": "unknown",
        "order_count": 0,
    }
    em = warehouse.row(
        "select province_code, province_name, first_seen_at, last_seen_at from marts.dim_customers "
        "where customer_id = ?",
        [customer["EM"]],
    )
    assert em == {
        "province_code": "ha_noi",
        "province_name": "Hà Nội",
        "first_seen_at": as_datetime(FEB),
        "last_seen_at": as_datetime(FEB),
    }

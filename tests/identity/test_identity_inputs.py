"""Identity inputs are declared (var identity_inputs), not hand-unioned; source_record_id is as delivered.

- A declaration that cannot work fails `dbt parse` with a sentence naming the input and what to change.
- An input added through `--vars` (consent events: their email and phone subjects link records) shows up in
  customer_identity_map, on the customer of the records sharing its identifiers.
- Every customer_identity_map row joins back to its raw row by (source_table, source_record_id), for every
  source table, a lower-case loyalty card id included ('rec-0-dup-0' stays 'rec-0-dup-0'); the card still
  links the POS transactions that typed it in upper case.

Expectations are written by hand from docs/identity_resolution.md; none is computed by the code under test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from cdp.raw_loader import load_raw_dir
from tests import support

from .conftest import RECORD_ID_COLUMN, expected_record_keys, identity_map, query, write_raw_dir

PROJECT_INPUTS = yaml.safe_load((support.ROOT / "dbt_project.yml").read_text())["vars"]["identity_inputs"]

CONSENT_INPUT = {
    "source_table": "consent_events",
    "model": "stg_privacy__consent_events",
    "key": "consent_id",
    "first_seen_at": "occurred_at",
    "identifiers": [
        {"type": "email", "column": "subject_key", "where": "subject_type = 'email'"},
        {"type": "phone", "column": "subject_key", "where": "subject_type = 'phone'"},
    ],
}

EMAIL = "lan.nguyen@example.vn"

ROWS = {
    "crm_contacts": [{"contact_id": "in-crm-1", "full_name": "Nguyễn Thị Lan", "email": EMAIL}],
    "shop_customers": [
        {"customer_id": "IN-SC1", "first_name": "Lan", "last_name": "Nguyễn Thị", "email": EMAIL}
    ],
    "shop_orders": [{"order_id": "IN-O1", "customer_id": "IN-SC1"}],
    "web_events": [
        {"event_id": "IN-W1", "anonymous_id": "anon-in-1", "user_id": "IN-SC1"},
        # One visitor, two identify events: a placeholder (no match key) and a real address that sorts
        # before it. The record's email is the real one, as typed: the one of its match key.
        {
            "event_id": "IN-W2",
            "anonymous_id": "anon-in-2",
            "event_name": "identify",
            "traits_email": "noreply@gmail.com",
        },
        {
            "event_id": "IN-W3",
            "anonymous_id": "anon-in-2",
            "event_name": "identify",
            "traits_email": "Binh.Tran88@Gmail.com",
        },
    ],
    "email_subscribers": [
        {"subscriber_id": "IN-SB1", "first_name": "Lan", "last_name": "Nguyễn Thị", "email": EMAIL}
    ],
    "social_leads": [{"lead_id": "IN-L1", "full_name": "Nguyễn Thị Lan", "email": EMAIL}],
    "support_tickets": [{"ticket_id": "IN-T1", "requester_name": "Nguyễn Thị Lan", "requester_email": EMAIL}],
    # a loyalty card delivered in lower case; the till typed it in upper case once, as delivered once
    "loyalty_members": [
        {"loyalty_card_id": "rec-0-dup-0", "full_name": "Trần Văn Bình", "phone": "0903 123 456"}
    ],
    "pos_transactions": [
        {"transaction_id": "IN-TX1", "loyalty_card_id": "REC-0-DUP-0"},
        {"transaction_id": "IN-TX2", "loyalty_card_id": "rec-0-dup-0"},
    ],
    "consent_events": [
        {
            "consent_id": "CS-1",
            "subject_type": "email",
            "subject_value": "Lan.Nguyen@Example.vn",
            "purpose": "email_marketing",
            "status": "granted",
            "source_system": "shop",
            "occurred_at": "2024-01-11T03:00:00Z",
        },
        {
            "consent_id": "CS-2",
            "subject_type": "phone",
            "subject_value": "+84903123456",
            "purpose": "sms_marketing",
            "status": "granted",
            "source_system": "pos",
            "occurred_at": "2024-01-11T03:00:00Z",
        },
    ],
}

LAN = {
    "crm_contacts:in-crm-1",
    "shop_customers:IN-SC1",
    "shop_orders:IN-O1",
    "web_events:anon-in-1",
    "email_subscribers:IN-SB1",
    "social_leads:IN-L1",
    "support_tickets:IN-T1",
    "consent_events:CS-1",
}
BINH = {
    "loyalty_members:rec-0-dup-0",
    "pos_transactions:IN-TX1",
    "pos_transactions:IN-TX2",
    "consent_events:CS-2",
}
VISITOR = {"web_events:anon-in-2"}


def vars_with(inputs: list) -> str:
    return json.dumps({"identity_inputs": inputs})


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("identity_inputs")
    database = work / "cdp.duckdb"
    write_raw_dir(work / "raw", ROWS)
    load_raw_dir(work / "raw", database)
    run = support.run_dbt(
        database,
        work,
        "build",
        "--select",
        "+customer_identity_map +staging resource_type:seed",
        "--exclude-resource-type",
        "unit_test",
        *support.UPSTREAM_DATA_TESTS_EXCLUDED,
        "--vars",
        vars_with([*PROJECT_INPUTS, CONSENT_INPUT]),
    )
    assert run.returncode == 0, run.failure_summary()
    return database


def test_an_input_added_in_vars_joins_the_identity_map(built: Path) -> None:
    mapped = identity_map(built)
    assert set(mapped) == LAN | BINH | VISITOR
    assert len({mapped[key] for key in LAN}) == 1
    assert len({mapped[key] for key in BINH}) == 1
    assert mapped["consent_events:CS-1"] != mapped["consent_events:CS-2"]


def test_every_map_row_joins_back_to_its_raw_row(built: Path) -> None:
    # The contract's record ids, written from the raw rows as delivered (no upper-casing anywhere).
    expected = expected_record_keys(ROWS) | {
        f"consent_events:{row['consent_id']}" for row in ROWS["consent_events"]
    }
    assert expected == LAN | BINH | VISITOR
    key_columns = {**RECORD_ID_COLUMN, "consent_events": "consent_id"}
    for table, column in key_columns.items():
        unmatched = query(
            built,
            f"select map.source_record_id from marts.customer_identity_map as map "
            f"left join raw.{table} as raw_rows on map.source_record_id = raw_rows.{column} "
            f"where map.source_table = ? and raw_rows.{column} is null",
            [table],
        )
        assert unmatched == [], f"{table}: map rows with no raw row of that key: {unmatched}"
    assert query(
        built,
        "select source_record_id, record_key from marts.customer_identity_map "
        "where source_table = 'loyalty_members'",
    ) == [("rec-0-dup-0", "loyalty_members:REC-0-DUP-0")]


def test_an_aggregated_visitor_keeps_the_email_of_its_match_key(built: Path) -> None:
    # max() of each column gave noreply@gmail.com (placeholder, its match key blanked) beside the match
    # key of binh.tran88@gmail.com, and survivorship built the customer's email from the first (the
    # data test assert_no_placeholder_email_chosen guards dim_customers).
    assert query(
        built,
        "select email, email_match_key from intermediate.int_identity_records_unioned "
        "where record_key = 'web_events:anon-in-2'",
    ) == [("binh.tran88@gmail.com", "binhtran88@gmail.com")]


BAD_DECLARATIONS = {
    "no_key": (
        [{k: v for k, v in PROJECT_INPUTS[0].items() if k != "key"}, *PROJECT_INPUTS[1:]],
        "identity input 'crm_contacts' has no key: name the column that identifies one record",
    ),
    "attribute": (
        [*PROJECT_INPUTS, {**CONSENT_INPUT, "attributes": ["full_nmae"]}],
        "identity input 'consent_events' lists an unknown attribute 'full_nmae'",
    ),
    "type": (
        [*PROJECT_INPUTS, {**CONSENT_INPUT, "identifiers": [{"type": "zalo_id", "column": "subject_key"}]}],
        "identity input 'consent_events' declares the identifier type 'zalo_id', which no rule of var "
        "identity_deterministic_rules links",
    ),
    "twice": (
        [*PROJECT_INPUTS, PROJECT_INPUTS[0]],
        "identity input 'crm_contacts' is declared twice in var identity_inputs",
    ),
    "aggregate_name": (
        [*PROJECT_INPUTS, {**CONSENT_INPUT, "aggregate": True, "attributes": ["full_name", "email"]}],
        "identity input 'consent_events' is an aggregate input (one record per key over many rows) and "
        "lists full_name: a name or an address is several columns that one row must give together",
    ),
}
# compare_emails reads the records' emails, the identifiers of the rule 'email' (macro
# identity_rule_types): a rule set without that rule stops at compile time, naming the rule to add.
WITHOUT_EMAIL_RULE = {
    "account": {"priority": 1, "max_records": 50},
    "phone": {"priority": 6, "max_records": 300, "guarded": True, "compare_emails": True},
}


@pytest.fixture(scope="module")
def bad_declaration_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every bad declaration parsed in one dbt process (support.parse_failures)."""
    cases = {case: {"identity_inputs": inputs} for case, (inputs, _) in BAD_DECLARATIONS.items()}
    cases["compare_emails"] = {"identity_deterministic_rules": WITHOUT_EMAIL_RULE}
    return support.parse_failures(tmp_path_factory.mktemp("bad_identity_inputs"), cases)


@pytest.mark.parametrize("case", list(BAD_DECLARATIONS))
def test_a_bad_declaration_fails_with_a_sentence(case: str, bad_declaration_outputs: dict[str, str]) -> None:
    message = BAD_DECLARATIONS[case][1]
    assert message in bad_declaration_outputs[case], bad_declaration_outputs[case][-3000:]


def test_compare_emails_without_an_email_rule_fails_with_a_sentence(
    bad_declaration_outputs: dict[str, str],
) -> None:
    output = bad_declaration_outputs["compare_emails"]
    assert (
        "var identity_deterministic_rules: compare_emails (on phone) reads the records' emails, the "
        "identifiers of the rule 'email'; add that rule or drop compare_emails"
    ) in output, output[-3000:]

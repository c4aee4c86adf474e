"""The analysts' masked marts (schema marts_masked, docs/privacy.md) on the package's hand-made warehouse
(conftest.py): no raw email, phone, name or account id of any person there, nor its plain SHA-256, every
other column kept, masks and pseudonyms as written by hand (keyed SHA-256 over the warehouse's key)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests import support

from .conftest import CLV_PARAMETERS, DBT_VARS, Activation

MASKED = ("dim_customers_masked", "customer_consent_masked", "customer_consent_by_identifier_masked")
# Raw values of the hand-made people, in the forms the marts hold them.
RAW_VALUES = ("lan.nguyen@example.vn", "+84903111001", "ngocdo@gmail.com", "ngoc.do+shop@gmail.com", "Nguyễn")
# Their plain SHA-256: with a masked phone beside it, trying the hidden digits would give the phone back.
RAW_HASHES = tuple(hashlib.sha256(value.encode()).hexdigest() for value in RAW_VALUES)
# The hand-made shop account ids (SC-1 ... SC-12): personal too, and named by consent evidence.
ACCOUNT_ID_PREFIX = "SC-"


def columns(activated: Activation, schema: str, table: str) -> list[str]:
    return [
        name
        for (name,) in activated.warehouse.query(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
            "order by ordinal_position",
            [schema, table],
        )
    ]


def test_no_raw_personal_value_in_a_masked_mart(activated: Activation) -> None:
    for table in MASKED:
        for column in columns(activated, "marts_masked", table):
            values = activated.warehouse.query(
                f'select distinct cast("{column}" as varchar) from marts_masked.{table}'
            )
            for (value,) in values:
                assert not any(raw in (value or "") for raw in RAW_VALUES), (table, column, value)
                assert value not in RAW_HASHES, (table, column, value)
                assert ACCOUNT_ID_PREFIX not in (value or ""), (table, column, value)


def test_masked_customers_keep_every_other_column(activated: Activation) -> None:
    personal = {"full_name", "email", "phone", "date_of_birth"}
    source = columns(activated, "marts", "dim_customers")
    masked = columns(activated, "marts_masked", "dim_customers_masked")
    assert [c for c in source if c not in personal] == masked[: len(source) - len(personal)]
    added = [
        "full_name_masked",
        "email_masked",
        "email_pseudonym",
        "phone_masked",
        "phone_pseudonym",
        "birth_year",
    ]
    assert masked[len(source) - len(personal) :] == added


def pseudonym(key: str, value: str) -> str:
    return hashlib.sha256(f"{key}:{value}".encode()).hexdigest()


def test_masks_and_pseudonyms(activated: Activation) -> None:
    key = activated.warehouse.row("select secret from secrets.pseudonymisation_key")["secret"]
    assert len(key) == 64 and set(key) <= set("0123456789abcdef")
    row = activated.warehouse.row(
        "select * from marts_masked.dim_customers_masked where customer_id = ?", [activated.customer("SC-1")]
    )
    assert row["full_name_masked"] == "N***"
    assert row["email_masked"] == "l***@example.vn"
    assert row["phone_masked"] == "+8490****001"
    assert row["email_pseudonym"] == pseudonym(key, "lan.nguyen@example.vn")
    assert row["phone_pseudonym"] == pseudonym(key, "+84903111001")
    # the same identifier, the same pseudonym in another masked mart: analysts join on it
    joined = activated.warehouse.query(
        "select distinct identifier_type from marts_masked.customer_consent_by_identifier_masked "
        "where identifier_pseudonym = ?",
        [row["email_pseudonym"]],
    )
    assert joined == [("email",)]


def test_pseudonymisation_key_kept_from_build_to_build(activated: Activation, tmp_path: Path) -> None:
    """A build draws the key once; the next keeps it (incremental), so pseudonyms do not move."""
    read = "select secret, created_at from secrets.pseudonymisation_key"
    first = activated.warehouse.query(read)
    run = support.run_dbt(
        activated.warehouse.database,
        tmp_path,
        "run",
        "--select",
        "pseudonymisation_key",
        "--vars",
        json.dumps({"clv_parameters": CLV_PARAMETERS, **DBT_VARS}),
    )
    assert run.returncode == 0, run.failure_summary()
    assert activated.warehouse.query(read) == first and len(first) == 1

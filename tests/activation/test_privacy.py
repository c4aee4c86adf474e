"""The analysts' masked marts (schema marts_masked, docs/privacy.md) on the package's hand-made warehouse
(conftest.py): no raw email, phone or name of any person there, every other column kept, masks and hashes
as written by hand."""

from __future__ import annotations

import hashlib

from .conftest import Activation

MASKED = ("dim_customers_masked", "customer_consent_masked", "customer_consent_by_identifier_masked")
# Raw values of the hand-made people, in the forms the marts hold them.
RAW_VALUES = ("lan.nguyen@example.vn", "+84903111001", "ngocdo@gmail.com", "ngoc.do+shop@gmail.com", "Nguyễn")


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


def test_masked_customers_keep_every_other_column(activated: Activation) -> None:
    personal = {"full_name", "email", "phone", "date_of_birth"}
    source = columns(activated, "marts", "dim_customers")
    masked = columns(activated, "marts_masked", "dim_customers_masked")
    assert [c for c in source if c not in personal] == masked[: len(source) - len(personal)]
    added = ["full_name_masked", "email_masked", "email_sha256", "phone_masked", "phone_sha256", "birth_year"]
    assert masked[len(source) - len(personal) :] == added


def test_masks_and_hashes(activated: Activation) -> None:
    row = activated.warehouse.row(
        "select * from marts_masked.dim_customers_masked where customer_id = ?", [activated.customer("SC-1")]
    )
    assert row["full_name_masked"] == "N***"
    assert row["email_masked"] == "l***@example.vn"
    assert row["phone_masked"] == "+8490****001"
    assert row["email_sha256"] == hashlib.sha256(b"lan.nguyen@example.vn").hexdigest()
    assert row["phone_sha256"] == hashlib.sha256(b"+84903111001").hexdigest()

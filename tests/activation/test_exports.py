"""Exports per destination (audience_exports and `make activate`'s files), on the package's hand-made
warehouse (conftest.py). Every hash is computed here with hashlib from the identifier normalised by hand
following the platform's documentation, never by the project's code:
- Meta custom audiences: email trimmed and lower-cased; phone as digits with the country code, no '+'.
- Google Customer Match: email trimmed and lower-cased, for gmail.com/googlemail.com without the local
  part's dots and '+suffix'; phone in E.164 with '+'.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

import duckdb

from .conftest import Activation


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# SC-9: shop email 'Ngoc.Do+shop@Gmail.com', phone '0903 111 009' (Vietnam, +84).
META_SC9 = (sha256("ngoc.do+shop@gmail.com"), sha256("84903111009"))
GOOGLE_SC9 = (sha256("ngocdo@gmail.com"), sha256("+84903111009"))
RAW_IDENTIFIERS = [
    "ngoc.do",
    "gmail.com",
    "ngocdo",
    "903111009",
    "0903 111 009",
    "lan.nguyen",
    "903111001",
]


def read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_the_documented_example_hashes_as_the_platforms_say() -> None:
    # Google's and Meta's guides hash the normalised text's UTF-8 bytes with SHA-256, hex in lower case.
    assert sha256("test@gmail.com") == "87924606b4131a8aceeeae8868531fbb9712aaa07a5d3a756b26ce0f5d6ca674"


def test_ad_platform_files_carry_each_platforms_hashes(activated: Activation) -> None:
    for audience in ("browse_abandonment", "identified_intent"):
        meta = read_csv(activated.run_2 / f"{audience}__meta_custom_audiences.csv")
        google = read_csv(activated.run_2 / f"{audience}__google_customer_match.csv")
        assert meta == [["email", "phone"], list(META_SC9)]
        assert google == [["Email", "Phone"], list(GOOGLE_SC9)]


def test_an_identifier_another_customer_carries_is_not_sent_to_an_ad_platform(activated: Activation) -> None:
    """SC-13's phone is his sister's too (SC-14, no consent): Meta and Google would match it to whoever
    registered it, so only his email's hash goes; a member whose every identifier is shared is left out
    (identifier_shared)."""
    meta = read_csv(activated.run_2 / "vip_at_risk__meta_custom_audiences.csv")
    google = read_csv(activated.run_2 / "vip_at_risk__google_customer_match.csv")
    assert meta == [["email", "phone"], [sha256("phuc.ho@example.vn"), ""]]
    assert google == [["Email", "Phone"], [sha256("phuc.ho@example.vn"), ""]]
    row = activated.warehouse.row(
        "select is_exported, excluded_reason from marts.audience_exports "
        "where audience = 'vip_at_risk' and destination = 'meta_custom_audiences'"
    )
    assert row == {"is_exported": True, "excluded_reason": None}


def test_no_raw_email_or_phone_in_an_ad_platform_file(activated: Activation) -> None:
    for run in (activated.run_1, activated.run_2):
        for path in [*run.glob("*__meta_custom_audiences.*"), *run.glob("*__google_customer_match.*")]:
            if path.suffix == ".csv":
                cells = [cell for row in read_csv(path)[1:] for cell in row]
            else:
                cells = [cell for row in duckdb.sql(f"select * from '{path}'").fetchall() for cell in row]
            assert cells, path
            # a hash, or nothing (an identifier the member may not be sent by: SC-13's shared phone)
            assert all(not cell or re.fullmatch(r"[0-9a-f]{64}", cell) for cell in cells), path
            text = path.read_bytes()
            for raw in RAW_IDENTIFIERS:
                assert raw.encode() not in text, (path, raw)


def test_messaging_files_carry_the_identifier_with_its_own_consent(activated: Activation) -> None:
    sms = read_csv(activated.run_2 / "win_back__sms.csv")
    assert sms == [["customer_id", "phone"], [activated.customer("SC-7"), "+84903111007"]]
    header, *lapsed = read_csv(activated.run_2 / "lapsed__email_service_provider.csv")
    assert header == ["customer_id", "email"]
    assert sorted(lapsed) == sorted(
        [
            [activated.customer("SC-6"), "mai.vu@example.vn"],
            [activated.customer("SC-11"), "vy.trinh@example.vn"],
        ]
    )
    subscribers = read_csv(activated.run_2 / "new_subscribers_not_buyers__email_service_provider.csv")
    assert [row[1] for row in subscribers] == ["email", "thu.bui@example.vn"]


def test_rows_that_cannot_be_sent_are_left_out_and_counted(activated: Activation) -> None:
    row = activated.warehouse.row(
        "select is_exported, excluded_reason from marts.audience_exports "
        "where destination = 'sms' and customer_id = ?",
        [activated.customer("SC-10")],
    )
    assert row == {"is_exported": False, "excluded_reason": "no_phone"}
    manifest = json.loads((activated.run_2 / "manifest.json").read_text())
    entry = next(e for e in manifest["files"] if (e["audience"], e["destination"]) == ("win_back", "sms"))
    assert (entry["rows"], entry["excluded_rows"], entry["excluded_by_reason"]) == (1, 1, {"no_phone": 1})


def test_manifest_counts_additions_removals_and_checksums(activated: Activation) -> None:
    first = json.loads((activated.run_1 / "manifest.json").read_text())
    second = json.loads((activated.run_2 / "manifest.json").read_text())
    assert first["previous_run"] is None and second["previous_run"] == "run-1"
    by_pair = {(e["audience"], e["destination"]): e for e in second["files"]}
    assert set(by_pair) == {
        ("abandoned_cart", "email_service_provider"),
        ("browse_abandonment", "meta_custom_audiences"),
        ("browse_abandonment", "google_customer_match"),
        ("identified_intent", "meta_custom_audiences"),
        ("identified_intent", "google_customer_match"),
        ("lapsed", "email_service_provider"),
        ("new_subscribers_not_buyers", "email_service_provider"),
        ("vip_at_risk", "meta_custom_audiences"),
        ("vip_at_risk", "google_customer_match"),
        ("win_back", "sms"),
    }
    # SC-13 (vip_at_risk) is in both runs' ad files: no change.
    for destination in ("meta_custom_audiences", "google_customer_match"):
        entry = by_pair[("vip_at_risk", destination)]
        assert (entry["rows"], entry["additions"], entry["removals"]) == (1, 0, 0)
    # SC-1 revoked ads between the runs: one removal from each ad file of browse_abandonment.
    for destination in ("meta_custom_audiences", "google_customer_match"):
        entry = by_pair[("browse_abandonment", destination)]
        assert (entry["rows"], entry["additions"], entry["removals"]) == (1, 0, 1)
    first_browse = next(
        e
        for e in first["files"]
        if (e["audience"], e["destination"]) == ("browse_abandonment", "meta_custom_audiences")
    )
    assert (first_browse["rows"], first_browse["additions"], first_browse["removals"]) == (2, 2, 0)
    for entry in second["files"]:
        for kind in ("csv", "parquet"):
            path = activated.run_2 / entry[f"{kind}_file"]
            assert hashlib.sha256(path.read_bytes()).hexdigest() == entry[f"{kind}_sha256"]

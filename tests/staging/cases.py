"""Awkward raw rows and the staged values they must become, written by hand.

One Case is one awkward situation from the contract's "Messy on purpose" list (../shared/CONTRACT.md):
usually one raw row, several for duplicates. Each states where the row must land and with which values:

- `staged(...)`: the row is usable; `expected` holds columns of its stg_* model (the row is found by `key`);
- `quarantined(...)`: the row is unusable; stg_quarantine__rows must hold it with `reason`
  (the row is found by `find`, a piece of its raw_record such as 'contact_id=crm-q-01 |').

Every expected value is written out here, never computed by the code under test. Columns a case does
not mention are empty in the raw file (which the loader reads as null), except the defaults in
`DEFAULTS` that keep a row valid apart from what the case is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

# Values that make a row valid, so that each case only spells out what it is about.
T0 = "2024-01-10T03:00:00Z"
DEFAULTS: dict[str, dict[str, str]] = {
    "crm_contacts": {"full_name": "Nguyễn Văn An", "lead_source": "web_form", "created_at": T0},
    "shop_customers": {"first_name": "An", "last_name": "Nguyễn", "created_at": T0},
    "shop_orders": {"ordered_at": T0, "status": "paid", "currency": "VND", "total_amount": "100000"},
    "shop_order_items": {"line_number": "1", "sku": "SKU-1", "quantity": "1", "unit_price": "100000"},
    "pos_transactions": {"store_id": "S01", "transacted_at": T0, "total_amount": "100000", "currency": "VND"},
    "loyalty_members": {"full_name": "Trần Thị Bình", "tier": "member", "enrolled_at": T0},
    "web_events": {"anonymous_id": "anon-1", "event_name": "page_view", "occurred_at": T0, "platform": "web"},
    "email_subscribers": {"email": "sub@example.vn", "status": "subscribed", "opted_in_at": T0},
    "email_events": {"subscriber_id": "SUB-1", "campaign_id": "c-1", "event_type": "open", "occurred_at": T0},
    "social_leads": {"platform": "facebook", "full_name": "Lê Văn Cường", "created_at": T0},
    "support_tickets": {"channel": "phone", "created_at": T0},
    "ad_spend": {
        "spend_date": "2024-03-15",
        "platform": "facebook",
        "channel": "paid_social",
        "spend": "100000",
        "currency": "VND",
    },
    "consent_events": {
        "subject_type": "email",
        "subject_value": "consent@example.vn",
        "purpose": "email_marketing",
        "status": "granted",
        "source_system": "shop",
        "occurred_at": T0,
    },
    "erasure_requests": {"subject_type": "email", "subject_value": "erase@example.vn", "requested_at": T0},
}

# Raw table -> (staging model, raw key column whose value, as delivered, is the staged key).
STAGING: dict[str, tuple[str, str]] = {
    "crm_contacts": ("stg_crm__contacts", "contact_id"),
    "shop_customers": ("stg_shop__customers", "customer_id"),
    "shop_orders": ("stg_shop__orders", "order_id"),
    "shop_order_items": ("stg_shop__order_items", "order_id"),
    "pos_transactions": ("stg_pos__transactions", "transaction_id"),
    "loyalty_members": ("stg_loyalty__members", "loyalty_card_id"),
    "web_events": ("stg_web__events", "event_id"),
    "email_subscribers": ("stg_email__subscribers", "subscriber_id"),
    "email_events": ("stg_email__events", "event_id"),
    "social_leads": ("stg_social__leads", "lead_id"),
    "support_tickets": ("stg_support__tickets", "ticket_id"),
    "ad_spend": ("stg_ads__spend", "campaign_id"),
    "consent_events": ("stg_privacy__consent_events", "consent_id"),
    "erasure_requests": ("stg_privacy__erasure_requests", "request_id"),
}


# The tables the tests' raw folders deliver as parquet: the cases that hold a line break use them.
LINE_BREAK_TABLES = ("loyalty_members", "ad_spend")


@dataclass(frozen=True)
class Case:
    id: str
    table: str
    rows: tuple[dict[str, str], ...]
    model: str | None = None
    key: dict[str, Any] = field(default_factory=dict)
    expected: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None
    find: str | None = None


def _row(table: str, raw: dict[str, str]) -> dict[str, str]:
    return {**DEFAULTS[table], **raw}


def staged(
    case_id: str,
    table: str,
    raw: dict[str, str],
    expected: dict[str, Any],
    *,
    key: dict[str, Any] | None = None,
    more_rows: tuple[dict[str, str], ...] = (),
) -> Case:
    model, key_column = STAGING[table]
    return Case(
        id=case_id,
        table=table,
        rows=(_row(table, raw), *(_row(table, r) for r in more_rows)),
        model=model,
        key=key if key is not None else {key_column: raw[key_column]},
        expected=expected,
    )


def quarantined(
    case_id: str, table: str, raw: dict[str, str], reason: str, *, find: str | None = None
) -> Case:
    key_column = STAGING[table][1]
    return Case(
        id=case_id,
        table=table,
        rows=(_row(table, raw),),
        reason=reason,
        find=find if find is not None else f"{key_column}={raw[key_column]} |",
    )


def crm(case_id: str, raw: dict[str, str], expected: dict[str, Any]) -> Case:
    return staged(case_id, "crm_contacts", {"contact_id": f"crm-{case_id}", **raw}, expected)


def phone(case_id: str, value: str, e164: str | None, issue: str | None = None) -> Case:
    return crm(case_id, {"phone": value}, {"phone_e164": e164, "phone_issue": issue})


def email(
    case_id: str, value: str, shown: str | None, match_key: str | None, issue: str | None = None
) -> Case:
    return crm(
        case_id, {"email": value}, {"email": shown, "email_match_key": match_key, "email_issue": issue}
    )


def name(
    case_id: str, value: str, shown: str, ascii_: str, family: str | None, given: str, tokens: str
) -> Case:
    return crm(
        case_id,
        {"full_name": value},
        {
            "full_name": shown,
            "full_name_ascii": ascii_,
            "family_name_key": family,
            "given_name_key": given,
            "name_tokens_sorted": tokens,
        },
    )


def loyalty(case_id: str, raw: dict[str, str], expected: dict[str, Any]) -> Case:
    """A loyalty member: the table the raw folders of the tests deliver as parquet (LINE_BREAK_TABLES),
    so its values can hold line breaks, which the loader refuses inside a CSV."""
    card = f"loy-{case_id}"
    return staged(
        case_id,
        "loyalty_members",
        {"loyalty_card_id": card, **raw},
        expected,
        key={"loyalty_card_id": card.upper()},
    )


def created(case_id: str, value: str, utc: datetime) -> Case:
    return crm(case_id, {"created_at": value}, {"created_at": utc})


def unparseable_created(case_id: str, contact_id: str, value: str) -> Case:
    """A CRM contact whose created_at no rule reads: quarantined (unparseable_timestamp)."""
    return quarantined(
        case_id, "crm_contacts", {"contact_id": contact_id, "created_at": value}, "unparseable_timestamp"
    )


def province(case_id: str, value: str, code: str | None, region: str | None = None) -> Case:
    """region: region_key, a region no province list knows in lookup form (null for a known province)."""
    return crm(case_id, {"province": value}, {"province_code": code, "region_key": region})


def pos_money(case_id: str, amount: str, currency: str, total: str, code: str, vnd: str) -> Case:
    return staged(
        case_id,
        "pos_transactions",
        {"transaction_id": f"pos-{case_id}", "total_amount": amount, "currency": currency},
        {"total_amount": Decimal(total), "currency": code, "total_amount_vnd": Decimal(vnd)},
    )


def utc(*parts: int) -> datetime:
    return datetime(*parts)


MOBILE = "+84933184168"
VIETTEL = "+84383184168"  # 0168 318 4168 since 2018

CASES: list[Case] = [
    # ---- phones: the five everyday spellings of one mobile number -------------------------------------
    phone("phone-local-10-digits", "0933184168", MOBILE),
    phone("phone-plus84-spaces", "+84 933 184 168", MOBILE),
    phone("phone-84-without-plus", "84933184168", MOBILE),
    phone("phone-dots", "0933.184.168", MOBILE),
    phone("phone-parenthesised-plus84-dashes", "(+84) 93-318-4168", MOBILE),
    phone("phone-nine-bare-digits", "933184168", MOBILE),
    phone("phone-plus84-stray-trunk-zero", "+84 (0) 933 184 168", MOBILE),
    phone("phone-0084-prefix", "0084 933 184 168", MOBILE),
    # ---- phones: pre-2018 eleven-digit mobile prefixes, with and without +84 -------------------------
    phone("phone-old-viettel-0168", "0168 318 4168", VIETTEL),
    phone("phone-old-viettel-plus84-168", "+84 168 318 4168", VIETTEL),
    phone("phone-old-viettel-84-no-plus", "841683184168", VIETTEL),
    phone("phone-old-viettel-0162-dots", "0162.123.4567", "+84321234567"),
    phone("phone-old-mobifone-0121", "01213184168", "+84793184168"),
    phone("phone-old-mobifone-plus84-122", "+84 122 318 4168", "+84773184168"),
    phone("phone-old-vinaphone-0123", "0123 318 4168", "+84833184168"),
    phone("phone-old-vinaphone-plus84-129", "+84 129 318 4168", "+84823184168"),
    phone("phone-old-vietnamobile-0186", "0186 318 4168", "+84563184168"),
    phone("phone-old-vietnamobile-plus84-188", "+84 188 318 4168", "+84583184168"),
    phone("phone-old-gmobile-0199", "0199 318 4168", "+84593184168"),
    phone("phone-old-gmobile-plus84-199", "+84 199 318 4168", "+84593184168"),
    # ---- phones: landlines with area codes ---------------------------------------------------------
    phone("phone-landline-hanoi-024", "024 3825 1234", "+842438251234"),
    phone("phone-landline-hcmc-028-parenthesised", "(028) 3822 5678", "+842838225678"),
    phone("phone-landline-danang-0236", "0236 382 1234", "+842363821234"),
    phone("phone-landline-plus84-24", "+84 24 3825 1234", "+842438251234"),
    # an extension after the number (máy lẻ, nhánh: a shop's or an office's switchboard) was read as more
    # digits of it: invalid_phone
    phone("phone-extension-ext", "(028) 3822 5678 ext. 123", "+842838225678"),
    phone("phone-extension-may-le", "028 3822 5678 - máy lẻ 45", "+842838225678"),
    phone("phone-extension-x", "024 3825 1234 x12", "+842438251234"),
    phone("phone-extension-nhanh", "024.3825.1234 (nhánh 102)", "+842438251234"),
    # ---- phones: foreign numbers keep their country code -------------------------------------------
    phone("phone-foreign-us-plus1", "+1 (415) 555-2671", "+14155552671"),
    phone("phone-foreign-korea-plus82", "+82 10-4821-7350", "+821048217350"),
    phone("phone-foreign-singapore-plus65", "+65 6123 4567", "+6561234567"),
    phone("phone-foreign-uk-0044", "0044 20 7946 0958", "+442079460958"),
    # ---- phones: junk and placeholders -------------------------------------------------------------
    phone("phone-junk-letters", "abc", None, "invalid_phone"),
    phone("phone-junk-too-short", "12345", None, "invalid_phone"),
    phone("phone-mobile-missing-digit", "0933 184 16", None, "invalid_phone"),
    phone("phone-landline-missing-digits", "024 3825 12", None, "invalid_phone"),
    phone("phone-unknown-prefix-013", "0133184168", None, "invalid_phone"),
    phone("phone-plus84-too-short", "+84 12345", None, "invalid_phone"),
    # two numbers typed into one field: the first is read (phone_raw keeps both)
    phone("phone-two-numbers-slash", "0933 184 168 / 0912 345 679", MOBILE),
    phone("phone-two-numbers-hoac", "0933184168 hoặc 0912345679", MOBILE),
    phone("phone-placeholder-all-zero", "0000000000", None, "placeholder_phone"),
    phone("phone-placeholder-all-nine", "0999 999 999", None, "placeholder_phone"),
    phone("phone-placeholder-sequence", "0123456789", None, "placeholder_phone"),
    phone("phone-placeholder-zeros-after-prefix", "0700 000 000", None, "placeholder_phone"),
    # vanity numbers (số đẹp): a repeated run after another digit is a number someone bought and keeps
    phone("phone-vanity-run-after-prefix", "0988.888.888", "+84988888888"),
    phone("phone-vanity-nines", "0909 999 999", "+84909999999"),
    phone("phone-placeholder-hotline-1900", "1900 1000", None, "placeholder_phone"),
    phone("phone-whitespace-only-is-null", "   ", None, None),
    # a number that went through a spreadsheet or pandas as a number: its leading zero lost and '.0'
    # (a float column) or a scientific notation written after it; the notation's lost digits are not
    # guessed
    phone("phone-float-suffix", "933184168.0", MOBILE),
    phone("phone-float-suffix-84", "84933184168.0", MOBILE),
    phone("phone-scientific-notation-is-invalid", "9.33184E+08", None, "invalid_phone"),
    crm("phone-empty-is-null", {"phone": ""}, {"phone_e164": None, "phone_issue": None}),
    # ---- names -------------------------------------------------------------------------------------
    name(
        "name-family-first-diacritics",
        "Nguyễn Văn An",
        "Nguyễn Văn An",
        "nguyen van an",
        "nguyen",
        "an",
        "an nguyen van",
    ),
    name(
        "name-given-first-no-diacritics", "An Nguyen", "An Nguyen", "an nguyen", "nguyen", "an", "an nguyen"
    ),
    name("name-given-first-diacritics", "Minh Trần", "Minh Trần", "minh tran", "tran", "minh", "minh tran"),
    name(
        "name-upper-case",
        "NGUYỄN THỊ MINH KHAI",
        "Nguyễn Thị Minh Khai",
        "nguyen thi minh khai",
        "nguyen",
        "khai",
        "khai minh nguyen thi",
    ),
    name("name-d-stroke", "Đặng Đức Đạt", "Đặng Đức Đạt", "dang duc dat", "dang", "dat", "dang dat duc"),
    name(
        "name-d-stroke-upper-case",
        "ĐINH HOÀNG LONG",
        "Đinh Hoàng Long",
        "dinh hoang long",
        "dinh",
        "long",
        "dinh hoang long",
    ),
    name(
        "name-extra-spaces-lower-case",
        "  đỗ   thị    hà  ",
        "Đỗ Thị Hà",
        "do thi ha",
        "do",
        "ha",
        "do ha thi",
    ),
    name(
        "name-no-diacritics-family-first",
        "Tran Thi Bich Ngoc",
        "Tran Thi Bich Ngoc",
        "tran thi bich ngoc",
        "tran",
        "ngoc",
        "bich ngoc thi tran",
    ),
    name("name-initials", "Nguyễn V. A.", "Nguyễn V. A.", "nguyen v a", "nguyen", "a", "a nguyen v"),
    name("name-initial-given-first", "T. Nguyen", "T. Nguyen", "t nguyen", "nguyen", "t", "nguyen t"),
    name("name-foreign-given-first", "John Smith", "John Smith", "john smith", "smith", "john", "john smith"),
    name("name-single-word", "Lan", "Lan", "lan", None, "lan", "lan"),
    # Unicode spaces in names copied from Facebook, Zalo or a web page: a no-break space between the
    # words, a zero-width space or a byte-order mark
    name(
        "name-no-break-spaces",
        "Nguyễn\u00a0Thị\u00a0Lan",
        "Nguyễn Thị Lan",
        "nguyen thi lan",
        "nguyen",
        "lan",
        "lan nguyen thi",
    ),
    name(
        "name-zero-width-space",
        "Trần\u200b Minh\u200b",
        "Trần Minh",
        "tran minh",
        "tran",
        "minh",
        "minh tran",
    ),
    name(
        "name-byte-order-mark", "\ufeffLê Văn Hùng", "Lê Văn Hùng", "le van hung", "le", "hung", "hung le van"
    ),
    name(
        "name-honorific-no-break-space",
        "Chị\u00a0Nguyễn Thị Lan",
        "Nguyễn Thị Lan",
        "nguyen thi lan",
        "nguyen",
        "lan",
        "lan nguyen thi",
    ),
    # decomposed (NFD) Vietnamese, as macOS, some iOS keyboards and web forms write it: each letter
    # followed by its combining marks (U+0302 circumflex, U+0303 tilde, U+0323 dot below, U+0300 grave,
    # U+0301 acute, U+031B horn); staging composes it (NFC), so it reads and shows as typed on Windows
    name(
        "name-decomposed",
        "Nguye\u0302\u0303n Thi\u0323 Lan",
        "Nguyễn Thị Lan",
        "nguyen thi lan",
        "nguyen",
        "lan",
        "lan nguyen thi",
    ),
    name(
        "name-decomposed-honorific",
        "Chi\u0323 Tra\u0302\u0300n Thu\u031b\u0301c Anh",
        "Trần Thức Anh",
        "tran thuc anh",
        "tran",
        "anh",
        "anh thuc tran",
    ),
    # forms of address before the name (seed name_honorifics): dropped; without diacritics, or as the
    # start of a longer word, they are names
    name(
        "name-honorific-vietnamese",
        "Chị Nguyễn Thị Lan",
        "Nguyễn Thị Lan",
        "nguyen thi lan",
        "nguyen",
        "lan",
        "lan nguyen thi",
    ),
    name(
        "name-honorific-upper-case-dot",
        "ÔNG.  trần văn NAM",
        "Trần Văn Nam",
        "tran van nam",
        "tran",
        "nam",
        "nam tran van",
    ),
    name(
        "name-honorific-english", "Mr. John Smith", "John Smith", "john smith", "smith", "john", "john smith"
    ),
    name(
        "name-honorific-two-words",
        "Bác sĩ Nguyễn Văn Hùng",
        "Nguyễn Văn Hùng",
        "nguyen van hung",
        "nguyen",
        "hung",
        "hung nguyen van",
    ),
    name("name-honorific-no-space", "Ms.Lan", "Lan", "lan", None, "lan", "lan"),
    name("name-honorific-only-is-no-name", " Chị ", None, None, None, None, None),
    # a parent named after a child, as Facebook and Zalo profiles read (seed name_honorifics, usage
    # parent_of): the rest names the child, so the whole value is no name; without diacritics a name
    name("name-parent-of-mother", "Mẹ Bin", None, None, None, None, None),
    name("name-parent-of-father-upper-case", "BỐ TÍT", None, None, None, None, None),
    name("name-parent-of-two-children", "Má Tèo Tí", None, None, None, None, None),
    name("name-parent-of-after-honorific", "Chị Mẹ Bin", None, None, None, None, None),
    name("name-parent-of-without-diacritics-is-a-name", "Me Bin", "Me Bin", "me bin", "bin", "me", "bin me"),
    # a phone number written into the name, as Facebook and Zalo sellers note a buyer ('Lan 0933...'): it
    # was kept in the displayed name and the golden record; with a label ('sđt', 'zalo') the label was the
    # given name
    name("name-phone-after-name", "Lan 0933 184 168", "Lan", "lan", None, "lan", "lan"),
    name(
        "name-phone-in-brackets",
        "Nguyễn Thị Lan (0933184168)",
        "Nguyễn Thị Lan",
        "nguyen thi lan",
        "nguyen",
        "lan",
        "lan nguyen thi",
    ),
    name("name-phone-with-label", "Chị Lan - SĐT: 0933.184.168", "Lan", "lan", None, "lan", "lan"),
    name(
        "name-zalo-number",
        "Nguyễn Văn An zalo 0933184168",
        "Nguyễn Văn An",
        "nguyen van an",
        "nguyen",
        "an",
        "an nguyen van",
    ),
    name("name-only-a-phone-is-no-name", "0933 184 168", None, None, None, None, None),
    # a nickname in brackets after the name, as Facebook and Zalo profiles and sellers' notes write it
    name(
        "name-nickname-in-brackets",
        "Nguyễn Thị Lan (Bông)",
        "Nguyễn Thị Lan",
        "nguyen thi lan",
        "nguyen",
        "lan",
        "lan nguyen thi",
    ),
    name(
        "name-nickname-bracket-unclosed",
        "Trần Minh (Tí",
        "Trần Minh",
        "tran minh",
        "tran",
        "minh",
        "minh tran",
    ),
    name("name-nickname-after-honorific", "Chị Lan [khách sỉ]", "Lan", "lan", None, "lan", "lan"),
    # a Western export's "Family, Given" (one word before the comma), put back in order; a note after a
    # whole name and a comma (a city, a remark), dropped
    name("name-family-comma-given", "Smith, John", "John Smith", "john smith", "smith", "john", "john smith"),
    name(
        "name-family-comma-given-vietnamese",
        "NGUYEN, VAN AN",
        "Van An Nguyen",
        "van an nguyen",
        "nguyen",
        "an",
        "an nguyen van",
    ),
    name(
        "name-note-after-comma",
        "Nguyễn Văn An, Hà Nội",
        "Nguyễn Văn An",
        "nguyen van an",
        "nguyen",
        "an",
        "an nguyen van",
    ),
    name(
        "name-honorific-without-diacritics-is-a-name",
        "Chi Lan",
        "Chi Lan",
        "chi lan",
        "lan",
        "chi",
        "chi lan",
    ),
    name(
        "name-honorific-start-of-a-word",
        "Drew Barrymore",
        "Drew Barrymore",
        "drew barrymore",
        "barrymore",
        "drew",
        "barrymore drew",
    ),
    staged(
        "name-shop-first-last-columns",
        "shop_customers",
        {"customer_id": "shop-name-1", "first_name": "văn  AN", "last_name": "NGUYỄN"},
        {
            "first_name": "Văn An",
            "last_name": "Nguyễn",
            "full_name": "Nguyễn Văn An",
            "family_name_key": "nguyen",
            "given_name_key": "an",
            "name_tokens_sorted": "an nguyen van",
        },
    ),
    # the form of address typed into the first-name box: the parts and the joined name lose it
    staged(
        "name-shop-first-name-with-honorific",
        "shop_customers",
        {"customer_id": "shop-name-3", "first_name": "Chị Lan", "last_name": "Nguyễn Thị"},
        {
            "first_name": "Lan",
            "last_name": "Nguyễn Thị",
            "full_name": "Nguyễn Thị Lan",
            "given_name_key": "lan",
        },
    ),
    staged(
        "name-subscriber-last-name-with-honorific",
        "email_subscribers",
        {"subscriber_id": "sub-name-1", "first_name": "Nam", "last_name": "Ông Trần Văn"},
        {"first_name": "Nam", "last_name": "Trần Văn", "full_name": "Trần Văn Nam"},
    ),
    staged(
        "name-shop-columns-swapped",
        "shop_customers",
        {"customer_id": "shop-name-2", "first_name": "Nguyễn", "last_name": "An"},
        {"full_name": "An Nguyễn", "family_name_key": "nguyen", "given_name_key": "an"},
    ),
    # Decorated as sellers write names on Facebook and Zalo: the emoji were kept in the golden name.
    crm(
        "name-with-emoji",
        {"full_name": "🌸 Lê  Lan Anh 🌸✨"},
        {"full_name": "Lê Lan Anh", "full_name_ascii": "le lan anh"},
    ),
    crm("name-only-emoji-is-no-name", {"full_name": "❤️❤️"}, {"full_name": None}),
    # the decoration written before the form of address: both go
    crm(
        "name-emoji-before-honorific",
        {"full_name": "🌸 Chị Lê Lan Anh"},
        {
            "full_name": "Lê Lan Anh",
            "full_name_ascii": "le lan anh",
            "family_name_key": "le",
            "given_name_key": "anh",
        },
    ),
    # ---- emails ------------------------------------------------------------------------------------
    email(
        "email-case-and-outer-spaces", "  An.Nguyen@Gmail.com ", "an.nguyen@gmail.com", "annguyen@gmail.com"
    ),
    email(
        "email-gmail-plus-tag", "an.nguyen+shop@gmail.com", "an.nguyen+shop@gmail.com", "annguyen@gmail.com"
    ),
    email(
        "email-plus-tag-other-domain", "Lan+promo@Yahoo.com.vn", "lan+promo@yahoo.com.vn", "lan@yahoo.com.vn"
    ),
    email("email-dots-kept-off-gmail", "tran.binh@yahoo.com", "tran.binh@yahoo.com", "tran.binh@yahoo.com"),
    email("email-domain-typo-gmial", "minh.le@gmial.com", "minh.le@gmial.com", "minhle@gmail.com"),
    email("email-domain-typo-yahoo-con", "hoa@yahoo.con", "hoa@yahoo.con", "hoa@yahoo.com"),
    email(
        "email-googlemail-is-gmail", "Quang.Vu@googlemail.com", "quang.vu@googlemail.com", "quangvu@gmail.com"
    ),
    # as mail programs and web pages write an address: after a display name (Outlook's and Gmail's contact
    # export), in angle brackets alone, as a link copied from a page ('mailto:')
    email(
        "email-display-name-angle-brackets",
        "Nguyễn Văn An <An.Nguyen@fpt.vn>",
        "an.nguyen@fpt.vn",
        "an.nguyen@fpt.vn",
    ),
    email("email-angle-brackets-only", "<an@fpt.vn>", "an@fpt.vn", "an@fpt.vn"),
    email("email-mailto-link", "MAILTO:an@fpt.vn", "an@fpt.vn", "an@fpt.vn"),
    email("email-no-break-space-after", "an@fpt.vn\u00a0", "an@fpt.vn", "an@fpt.vn"),
    email("email-zero-width-space-inside", "an\u200b@fpt.vn", "an@fpt.vn", "an@fpt.vn"),
    phone("phone-no-break-spaces", "0933\u00a0184\u00a0168", MOBILE),
    province("province-no-break-space", "TP.\u00a0Hồ\u00a0Chí\u00a0Minh", "ho_chi_minh"),
    email("email-inner-spaces", "an nguyen @ gmail.com", "annguyen@gmail.com", "annguyen@gmail.com"),
    email("email-placeholder-test-test", "test@test.com", "test@test.com", None, "placeholder_email"),
    email("email-placeholder-noemail", "noemail@yahoo.com", "noemail@yahoo.com", None, "placeholder_email"),
    email(
        "email-placeholder-khachhang", "KhachHang@gmail.com", "khachhang@gmail.com", None, "placeholder_email"
    ),
    email(
        "email-placeholder-behind-dots-and-tag",
        "No.Email+1@Gmail.com",
        "no.email+1@gmail.com",
        None,
        "placeholder_email",
    ),
    email("email-placeholder-domain-typo", "test@gmial.com", "test@gmial.com", None, "placeholder_email"),
    email(
        "email-disposable-domain",
        "someone@mailinator.com",
        "someone@mailinator.com",
        None,
        "placeholder_email",
    ),
    email(
        "email-two-addresses-semicolon",
        "An.Nguyen@gmail.com; an.work@fpt.vn",
        "an.nguyen@gmail.com",
        "annguyen@gmail.com",
    ),
    email("email-two-addresses-comma", "an@fpt.vn, an.work@fpt.vn", "an@fpt.vn", "an@fpt.vn"),
    # a comma typed for the dot before the last part of the domain (the keys sit side by side on phone
    # keyboards): read 'an@fpt' as the first of a list, invalid
    email("email-comma-for-dot", "an@fpt,vn", "an@fpt.vn", "an@fpt.vn"),
    email("email-comma-for-dot-two-parts", "lan@yahoo,com.vn", "lan@yahoo.com.vn", "lan@yahoo.com.vn"),
    # Outlook's hyperlink form: the address, then the link in angle brackets
    email("email-outlook-mailto-in-brackets", "an@fpt.vn <mailto:an@fpt.vn>", "an@fpt.vn", "an@fpt.vn"),
    email("email-trailing-dot", "an.nguyen@gmail.com.", "an.nguyen@gmail.com", "annguyen@gmail.com"),
    email("email-doubled-at-sign", "an.nguyen@@gmail.com", "an.nguyen@gmail.com", "annguyen@gmail.com"),
    email("email-gmail-com-vn", "an.nguyen@gmail.com.vn", "an.nguyen@gmail.com.vn", "annguyen@gmail.com"),
    email("email-invalid-no-tld", "an.nguyen@gmail", None, None, "invalid_email"),
    email("email-invalid-double-dot", "an..nguyen@gmail.com", None, None, "invalid_email"),
    email("email-invalid-words", "not an email", None, None, "invalid_email"),
    email("email-invalid-two-at-signs", "a@b@c.com", None, None, "invalid_email"),
    crm("email-empty-is-null", {"email": ""}, {"email": None, "email_match_key": None, "email_issue": None}),
    # ---- timestamps: everything stored as UTC; naive times are Asia/Ho_Chi_Minh (UTC+7) ---------------
    created("ts-iso-z", "2024-03-15T08:30:00Z", utc(2024, 3, 15, 8, 30)),
    created("ts-iso-plus0700", "2024-03-15T15:30:00+07:00", utc(2024, 3, 15, 8, 30)),
    created("ts-iso-fraction-plus0900", "2024-03-15T10:30:00.250+09:00", utc(2024, 3, 15, 1, 30, 0, 250000)),
    created("ts-naive-iso-space", "2024-03-15 15:30:00", utc(2024, 3, 15, 8, 30)),
    created("ts-naive-iso-t", "2024-03-15T15:30:00", utc(2024, 3, 15, 8, 30)),
    created("ts-naive-crosses-midnight", "2024-01-01 03:00:00", utc(2023, 12, 31, 20, 0)),
    created("ts-naive-leap-day", "2024-02-29 12:00", utc(2024, 2, 29, 5, 0)),
    created("ts-dd-mm-yyyy-hh-mm", "15/03/2024 15:30", utc(2024, 3, 15, 8, 30)),
    # a spreadsheet's serial date (Excel writes a date cell formatted 'General' so): days since 1899-12-30,
    # 45366 is 2024-03-15; the fraction is the time of day, 0.6458333333 x 24 h = 15:30 local
    created("ts-spreadsheet-serial", "45366.6458333333", utc(2024, 3, 15, 8, 30)),
    created("ts-spreadsheet-serial-whole-day", "45366", utc(2024, 3, 14, 17, 0)),
    # a no-break space between date and time (Excel's custom formats), a byte-order mark before it
    created("ts-no-break-space", "15/03/2024\u00a015:30", utc(2024, 3, 15, 8, 30)),
    created("ts-byte-order-mark", "\ufeff2024-03-15 15:30:00", utc(2024, 3, 15, 8, 30)),
    created("ts-dd-mm-yyyy-hh-mm-ss", "15/03/2024 15:30:45", utc(2024, 3, 15, 8, 30, 45)),
    created("ts-dd-mm-yyyy", "15/03/2024", utc(2024, 3, 14, 17, 0)),
    created("ts-epoch-seconds", "1710491400", utc(2024, 3, 15, 8, 30)),
    created("ts-epoch-milliseconds", "1710491400000", utc(2024, 3, 15, 8, 30)),
    # forms met in exports of other tools: a space before the offset, a zone's name, the 12-hour clock
    # (Vietnamese Windows writes SA/CH for AM/PM), dd-MM-yyyy without seconds, fractional epoch seconds
    created("ts-iso-space-before-offset", "2024-03-15T15:30:00 +07:00", utc(2024, 3, 15, 8, 30)),
    created("ts-iso-offset-without-colon", "2024-03-15 15:30:00+0700", utc(2024, 3, 15, 8, 30)),
    created("ts-iso-utc-name", "2024-03-15 08:30:00 UTC", utc(2024, 3, 15, 8, 30)),
    created("ts-iso-space-before-z", "2024-03-15T08:30:00 Z", utc(2024, 3, 15, 8, 30)),
    created("ts-12h-pm", "15/03/2024 3:30 PM", utc(2024, 3, 15, 8, 30)),
    created("ts-12h-pm-seconds-lower", "15/03/2024 03:30:45 pm", utc(2024, 3, 15, 8, 30, 45)),
    created("ts-12h-vietnamese-ch", "15/03/2024 3:30:45 CH", utc(2024, 3, 15, 8, 30, 45)),
    created("ts-12h-midnight-am", "15/03/2024 12:05 SA", utc(2024, 3, 14, 17, 5)),
    created("ts-12h-noon-pm", "2024-03-15 12:30 PM", utc(2024, 3, 15, 5, 30)),
    created("ts-12h-no-space", "5-3-2024 9:05AM", utc(2024, 3, 5, 2, 5)),
    created("ts-dd-mm-yyyy-dashes-hh-mm", "15-03-2024 15:30", utc(2024, 3, 15, 8, 30)),
    created("ts-d-m-yyyy-one-digit", "5/3/2024 9:05", utc(2024, 3, 5, 2, 5)),
    # year first, month, day and hour without their leading zero (a script's f"{y}-{m}-{d} {h}:{mm}"):
    # DuckDB read them, PostgreSQL and Spark gave null
    created("ts-iso-unpadded", "2024-3-5 9:05:30", utc(2024, 3, 5, 2, 5, 30)),
    created("ts-iso-unpadded-hour", "2024-03-05 9:05", utc(2024, 3, 5, 2, 5)),
    created("ts-iso-unpadded-12h", "2024-3-5 9:05 PM", utc(2024, 3, 5, 14, 5)),
    created("ts-yyyy-slash-unpadded", "2024/3/5", utc(2024, 3, 4, 17, 0)),
    created("ts-epoch-seconds-fraction", "1710491400.25", utc(2024, 3, 15, 8, 30, 0, 250000)),
    # microseconds, as pandas, Python and PostgreSQL write them (Spark read three digits only), and
    # seven digits, as SQL Server's datetime2 writes them: cut to microseconds on every engine
    # (DuckDB and Spark gave null, PostgreSQL rounded)
    created("ts-naive-microseconds", "2024-03-15 15:30:00.123456", utc(2024, 3, 15, 8, 30, 0, 123456)),
    created(
        "ts-naive-seven-fraction-digits", "2024-03-15 15:30:00.1234567", utc(2024, 3, 15, 8, 30, 0, 123456)
    ),
    created("ts-z-seven-fraction-digits", "2024-03-15T08:30:00.1234567Z", utc(2024, 3, 15, 8, 30, 0, 123456)),
    # an offset or Z after a time without seconds, a lower-case z: Spark gave null
    created("ts-offset-without-seconds", "2024-03-15T15:30+07:00", utc(2024, 3, 15, 8, 30)),
    created("ts-z-without-seconds-lower", "2024-03-15T08:30z", utc(2024, 3, 15, 8, 30)),
    # written with words or the time first (macro timestamp_words_local): e-mail and API exports (RFC 2822),
    # English dashboards, JavaScript's Date.toString() and toLocaleString('vi-VN'), locale vi; all null
    # before. A zone after the time is the value's; without one the time is local (UTC+7).
    created("ts-words-rfc2822", "Fri, 15 Mar 2024 08:30:00 +0000", utc(2024, 3, 15, 8, 30)),
    created("ts-words-gmt", "15 Mar 2024 15:30:00 GMT", utc(2024, 3, 15, 15, 30)),
    created("ts-words-month-first-12h", "Mar 15, 2024 3:30 PM", utc(2024, 3, 15, 8, 30)),
    created("ts-words-at-12h", "March 15, 2024 at 9:05:07 pm", utc(2024, 3, 15, 14, 5, 7)),
    created("ts-words-midnight-am", "Mar 15, 2024 12:05 AM", utc(2024, 3, 14, 17, 5)),
    created(
        "ts-words-javascript", "Fri Mar 15 2024 15:30:00 GMT+0700 (Indochina Time)", utc(2024, 3, 15, 8, 30)
    ),
    # 09:30 at UTC-5 is 14:30 UTC
    created(
        "ts-words-javascript-west",
        "Fri Mar 15 2024 09:30:00 GMT-0500 (Eastern Standard Time)",
        utc(2024, 3, 15, 14, 30),
    ),
    created("ts-words-vietnamese", "15 tháng 3, 2024 15:30", utc(2024, 3, 15, 8, 30)),
    created("ts-words-vietnamese-weekday", "Thứ Sáu, 15 tháng 3, 2024 lúc 15:30", utc(2024, 3, 15, 8, 30)),
    created("ts-words-date-only", "15 Mar 2024", utc(2024, 3, 14, 17, 0)),
    created("ts-time-first-vi-vn", "15:30:00 15/3/2024", utc(2024, 3, 15, 8, 30)),
    created("ts-time-first-ngay", "15:30 ngày 15/03/2024", utc(2024, 3, 15, 8, 30)),
    # a day-first date with an offset: 15:30 at UTC+9 is 06:30 UTC
    created("ts-day-first-with-offset", "15/03/2024 15:30 +09:00", utc(2024, 3, 15, 6, 30)),
    unparseable_created("ts-words-impossible-day", "crm-q-words-feb30", "Fri, 30 Feb 2024 10:00:00 +0000"),
    unparseable_created("ts-words-impossible-hour", "crm-q-words-13pm", "Mar 15, 2024 13:30 PM"),
    unparseable_created("ts-words-two-digit-year", "crm-q-words-yy", "15 Mar 24 10:00"),
    unparseable_created("ts-words-misspelt-month", "crm-q-words-janury", "15 Janury 2024 10:00"),
    # a two-digit year names no century: DuckDB read '24' as the year 24
    unparseable_created("ts-two-digit-year", "crm-q-yy", "15/03/24 10:00"),
    unparseable_created("ts-two-digit-year-first", "crm-q-yy-first", "24-03-15 10:00"),
    unparseable_created("ts-12h-impossible-hour", "crm-q-13pm", "15/03/2024 13:30 PM"),
    crm("ts-unreadable-optional-time-is-null", {"updated_at": "not a date"}, {"updated_at": None}),
    unparseable_created("ts-impossible-feb-30", "crm-q-feb30", "2024-02-30 10:00:00"),
    unparseable_created("ts-impossible-32-13", "crm-q-3213", "32/13/2024"),
    # an hour 24: PostgreSQL read both as the next midnight and DuckDB the second, Spark neither
    unparseable_created("ts-hour-24", "crm-q-h24", "2024-03-15 24:00:00"),
    unparseable_created("ts-hour-24-utc", "crm-q-h24z", "2024-03-15T24:00:00Z"),
    unparseable_created("ts-words", "crm-q-words", "yesterday"),
    quarantined(
        "ts-required-time-empty",
        "crm_contacts",
        {"contact_id": "crm-q-nots", "created_at": ""},
        "unparseable_timestamp",
    ),
    quarantined(
        "ts-future-order",
        "shop_orders",
        {"order_id": "ord-q-future", "ordered_at": "2099-01-01T00:00:00Z"},
        "future_timestamp",
    ),
    quarantined(
        "ts-future-web-epoch-seconds",
        "web_events",
        {"event_id": "web-q-future", "occurred_at": "4102444800"},
        "future_timestamp",
    ),
    # ---- dates of birth (calendar dates, no time zone) ------------------------------------------------
    crm(
        "dob-iso",
        {"date_of_birth": "1990-05-20"},
        {"date_of_birth": date(1990, 5, 20), "date_of_birth_issue": None},
    ),
    crm("dob-dd-mm-yyyy", {"date_of_birth": "20/05/1990"}, {"date_of_birth": date(1990, 5, 20)}),
    crm("dob-dd-mm-yyyy-dashes", {"date_of_birth": "20-05-1990"}, {"date_of_birth": date(1990, 5, 20)}),
    crm("dob-iso-basic-yyyymmdd", {"date_of_birth": "19900520"}, {"date_of_birth": date(1990, 5, 20)}),
    # a spreadsheet's serial date: 33013 days after 1899-12-30 (25569 before 1970-01-01, 7444 more)
    crm("dob-spreadsheet-serial", {"date_of_birth": "33013"}, {"date_of_birth": date(1990, 5, 20)}),
    crm("dob-dd-mm-yyyy-dots", {"date_of_birth": "20.05.1990"}, {"date_of_birth": date(1990, 5, 20)}),
    # day and month without their leading zero, as a spreadsheet set to Vietnamese writes a date cell
    # (Spark read them as null: its 'dd' wants two digits)
    crm("dob-d-m-yyyy-unpadded", {"date_of_birth": "5/3/1990"}, {"date_of_birth": date(1990, 3, 5)}),
    crm("dob-d-m-yyyy-unpadded-dashes", {"date_of_birth": "5-3-1990"}, {"date_of_birth": date(1990, 3, 5)}),
    crm("dob-d-m-yyyy-unpadded-dots", {"date_of_birth": "5.3.1990"}, {"date_of_birth": date(1990, 3, 5)}),
    # year first without the leading zeros: DuckDB and Spark read it, PostgreSQL gave null
    crm("dob-iso-unpadded", {"date_of_birth": "1990-3-5"}, {"date_of_birth": date(1990, 3, 5)}),
    crm("dob-yyyy-slash-unpadded", {"date_of_birth": "1990/3/5"}, {"date_of_birth": date(1990, 3, 5)}),
    # a date and time cell (Excel writes 'd/m/yyyy h:mm'): PostgreSQL and Spark gave null
    crm("dob-date-and-time-cell", {"date_of_birth": "15/3/1990 0:00"}, {"date_of_birth": date(1990, 3, 15)}),
    crm(
        "dob-date-and-time-cell-12h",
        {"date_of_birth": "31/1/1990 12:00:00 AM"},
        {"date_of_birth": date(1990, 1, 31)},
    ),
    # a two-digit year names no century: not guessed
    crm(
        "dob-two-digit-year-is-null",
        {"date_of_birth": "05/03/90"},
        {"date_of_birth": None, "date_of_birth_issue": "unreadable_date_of_birth"},
    ),
    # Eight digits that are no yyyyMMdd date (day first: 20/05/1990) are not guessed at.
    crm(
        "dob-eight-digits-day-first-is-null",
        {"date_of_birth": "20051990"},
        {"date_of_birth": None, "date_of_birth_issue": "unreadable_date_of_birth"},
    ),
    crm(
        "dob-iso-timestamp",
        {"date_of_birth": "1990-05-20T00:00:00+07:00"},
        {"date_of_birth": date(1990, 5, 20)},
    ),
    # A date picked in a Vietnamese form and exported as UTC: local midnight of 20 May is 17:00Z the day
    # before (it came out as 19 May); a UTC time before 17:00 is that day in Vietnam too.
    crm(
        "dob-utc-export-of-local-midnight",
        {"date_of_birth": "1990-05-19T17:00:00.000Z"},
        {"date_of_birth": date(1990, 5, 20)},
    ),
    crm("dob-utc-morning", {"date_of_birth": "1990-05-20T02:00:00Z"}, {"date_of_birth": date(1990, 5, 20)}),
    crm(
        "dob-impossible-is-null",
        {"date_of_birth": "30/02/1990"},
        {"date_of_birth": None, "date_of_birth_issue": "unreadable_date_of_birth"},
    ),
    crm(
        "dob-before-1900-is-null",
        {"date_of_birth": "1850-01-01"},
        {"date_of_birth": None, "date_of_birth_issue": "implausible_date_of_birth"},
    ),
    crm(
        "dob-in-future-is-null",
        {"date_of_birth": "2090-01-01"},
        {"date_of_birth": None, "date_of_birth_issue": "implausible_date_of_birth"},
    ),
    crm(
        "dob-placeholder-1900-is-null",
        {"date_of_birth": "01/01/1900"},
        {"date_of_birth": None, "date_of_birth_issue": "placeholder_date_of_birth"},
    ),
    crm(
        "dob-placeholder-epoch-is-null",
        {"date_of_birth": "1970-01-01"},
        {"date_of_birth": None, "date_of_birth_issue": "placeholder_date_of_birth"},
    ),
    # why a delivered date of birth is not used (date_of_birth_issue, like email_issue and phone_issue);
    # an empty one is no issue
    crm(
        "dob-empty-has-no-issue", {"date_of_birth": " "}, {"date_of_birth": None, "date_of_birth_issue": None}
    ),
    crm(
        "dob-first-of-january-is-kept",
        {"date_of_birth": "01/01/1971"},
        {"date_of_birth": date(1971, 1, 1), "date_of_birth_issue": None},
    ),
    # Dates written with words (every engine read them as null before): English month names as exports
    # and English locales write them, Oracle's DD-MON-YYYY, and Vietnamese as ICU, Java and JavaScript
    # write a date for locale vi ('d tháng M, y'; 'd thg M, y'), or as a form or a letter writes it.
    crm("dob-words-day-month-year", {"date_of_birth": "15 Jan 1990"}, {"date_of_birth": date(1990, 1, 15)}),
    crm("dob-words-oracle-upper", {"date_of_birth": "05-JAN-1990"}, {"date_of_birth": date(1990, 1, 5)}),
    crm("dob-words-ordinal", {"date_of_birth": "1st of January, 1990"}, {"date_of_birth": date(1990, 1, 1)}),
    crm("dob-words-month-first", {"date_of_birth": "January 15, 1990"}, {"date_of_birth": date(1990, 1, 15)}),
    crm("dob-words-month-dot", {"date_of_birth": "Sept. 3rd 1990"}, {"date_of_birth": date(1990, 9, 3)}),
    crm("dob-words-year-first", {"date_of_birth": "1990-Dec-31"}, {"date_of_birth": date(1990, 12, 31)}),
    crm(
        "dob-words-weekday-first",
        {"date_of_birth": "Monday, January 15, 1990"},
        {"date_of_birth": date(1990, 1, 15)},
    ),
    crm("dob-words-vi-locale", {"date_of_birth": "15 tháng 1, 1990"}, {"date_of_birth": date(1990, 1, 15)}),
    crm("dob-words-vi-short", {"date_of_birth": "5 thg 11, 1990"}, {"date_of_birth": date(1990, 11, 5)}),
    crm(
        "dob-words-vi-ngay-thang-nam",
        {"date_of_birth": "ngày 15 tháng 01 năm 1990"},
        {"date_of_birth": date(1990, 1, 15)},
    ),
    crm(
        "dob-words-vi-upper",
        {"date_of_birth": "NGÀY 15 THÁNG 01 NĂM 1990"},
        {"date_of_birth": date(1990, 1, 15)},
    ),
    crm(
        "dob-words-vi-weekday",
        {"date_of_birth": "Thứ Hai, 15 tháng 1, 1990"},
        {"date_of_birth": date(1990, 1, 15)},
    ),
    # no century is guessed, an impossible day is null, and a misspelt month is no month
    crm(
        "dob-words-two-digit-year-is-null",
        {"date_of_birth": "15-Jan-90"},
        {"date_of_birth": None, "date_of_birth_issue": "unreadable_date_of_birth"},
    ),
    crm(
        "dob-words-impossible-is-null",
        {"date_of_birth": "31 Feb 1990"},
        {"date_of_birth": None, "date_of_birth_issue": "unreadable_date_of_birth"},
    ),
    crm(
        "dob-words-misspelt-month-is-null",
        {"date_of_birth": "15 Janury 1990"},
        {"date_of_birth": None, "date_of_birth_issue": "unreadable_date_of_birth"},
    ),
    crm(
        "dob-words-no-day-is-null",
        {"date_of_birth": "tháng 1 năm 1990"},
        {"date_of_birth": None, "date_of_birth_issue": "unreadable_date_of_birth"},
    ),
    loyalty("dob-words-loyalty", {"date_of_birth": "20 May 1985"}, {"date_of_birth": date(1985, 5, 20)}),
    staged(
        "dob-words-shop-customer",
        "shop_customers",
        {"customer_id": "shop-dob-words", "date_of_birth": "Mar 8, 1992"},
        {"date_of_birth": date(1992, 3, 8)},
    ),
    # ---- gender --------------------------------------------------------------------------------------
    crm("gender-nu", {"gender": "Nữ"}, {"gender": "female"}),
    crm("gender-nam-upper", {"gender": "NAM"}, {"gender": "male"}),
    crm("gender-f-spaces", {"gender": " f "}, {"gender": "female"}),
    crm("gender-unknown-is-null", {"gender": "khác"}, {"gender": None}),
    # ---- provinces: 34 units since 2025-07-01 ------------------------------------------------------
    province("province-tp-hcm", "TP. HCM", "ho_chi_minh"),
    province("province-tphcm-no-space", "TP.HCM", "ho_chi_minh"),
    province("province-ho-chi-minh-diacritics", "Hồ Chí Minh", "ho_chi_minh"),
    province("province-sai-gon", "Sài Gòn", "ho_chi_minh"),
    province("province-ho-chi-minh-ascii", "Ho Chi Minh", "ho_chi_minh"),
    province("province-former-binh-duong", "Bình Dương", "ho_chi_minh"),
    province("province-former-binh-duong-tinh-prefix", "Tỉnh Bình Dương", "ho_chi_minh"),
    province("province-former-ha-giang", "Hà Giang", "tuyen_quang"),
    province("province-former-ha-giang-ascii-prefix", "tinh  ha giang", "tuyen_quang"),
    province("province-former-ba-ria-vung-tau", "Ba Ria - Vung Tau", "ho_chi_minh"),
    province("province-thanh-pho-prefix", "Thành phố Hà Nội", "ha_noi"),
    province("province-upper-ascii", "HA NOI", "ha_noi"),
    province("province-dak-lak-d-stroke", "Đắk Lắk", "dak_lak"),
    province("province-thua-thien-hue-ascii", "thua thien hue", "hue"),
    # As forms and exports write them: TP glued to the name, T.P, English, short forms, a province merged
    # long ago (Hà Tây, into Hà Nội in 2008), an old spelling (Bắc Cạn); ĐN is Đà Nẵng or Đồng Nai: none.
    province("province-tphcm-glued", "TPHCM", "ho_chi_minh"),
    province("province-t-p-dotted", "T.P Hồ Chí Minh", "ho_chi_minh"),
    province("province-hcm-city", "HCM City", "ho_chi_minh"),
    province("province-hp", "HP", "hai_phong"),
    province("province-former-ha-tay", "Hà Tây", "ha_noi"),
    province("province-bac-can-spelling", "Bắc Cạn", "thai_nguyen"),
    province("province-dn-ambiguous", "ĐN", None, "dn"),
    province("province-unknown-is-null", "Atlantis", None, "atlantis"),
    province("province-empty-is-null", "", None),
    # a region abroad is kept as written, in lookup form (region_key); a placeholder is no region
    province("province-decomposed", "Tha\u0300nh pho\u0302\u0301 Ha\u0300 No\u0323\u0302i", "ha_noi"),
    province("province-region-abroad", "Queensland", None, "queensland"),
    province("province-region-abroad-words", "New South Wales", None, "newsouthwales"),
    province("province-region-placeholder-na", "N/A", None),
    province("province-region-placeholder-khong-ro", "Không rõ", None),
    # ---- booleans ----------------------------------------------------------------------------------
    *[
        staged(
            f"boolean-{slug}",
            "shop_customers",
            {"customer_id": f"shop-bool-{slug}", "accepts_marketing": raw},
            {"accepts_marketing": value},
        )
        for slug, raw, value in [
            ("co", "Có", True),
            ("khong", "không", False),
            ("y-upper", "Y", True),
            ("zero", "0", False),
            ("unknown-is-null", "maybe", None),
        ]
    ],
    # ---- duplicates: a key delivered again ---------------------------------------------------------
    staged(
        "dup-crm-later-updated-at-wins-out-of-order",
        "crm_contacts",
        {"contact_id": "crm-dup-1", "full_name": "Nguyễn Văn Mới", "updated_at": "2024-06-01T00:00:00Z"},
        {"full_name": "Nguyễn Văn Mới", "updated_at": utc(2024, 6, 1)},
        more_rows=(
            {"contact_id": "crm-dup-1", "full_name": "Nguyễn Văn Cũ", "updated_at": "2024-01-01T00:00:00Z"},
        ),
    ),
    staged(
        "dup-crm-updated-at-compared-after-parsing",
        "crm_contacts",
        {"contact_id": "crm-dup-2", "email": "x.old@gmail.com", "updated_at": "2024-06-01T01:30:00Z"},
        {"email": "y.new@gmail.com", "updated_at": utc(2024, 6, 1, 2, 0)},
        more_rows=(
            {"contact_id": "crm-dup-2", "email": "y.new@gmail.com", "updated_at": "01/06/2024 09:00"},
        ),
    ),
    staged(
        "dup-crm-missing-updated-at-loses",
        "crm_contacts",
        {"contact_id": "crm-dup-3", "email": "no.update@yahoo.com", "updated_at": ""},
        {"email": "dated@yahoo.com", "updated_at": utc(2023, 5, 1)},
        more_rows=(
            {"contact_id": "crm-dup-3", "email": "dated@yahoo.com", "updated_at": "2023-05-01T00:00:00Z"},
        ),
    ),
    staged(
        "dup-shop-customer-later-updated-at-wins",
        "shop_customers",
        {"customer_id": "shop-dup-1", "phone": "0901 000 001", "updated_at": "2024-01-01 07:00:00"},
        {"phone_e164": "+84901000002", "updated_at": utc(2024, 2, 1)},
        more_rows=({"customer_id": "shop-dup-1", "phone": "0901 000 002", "updated_at": "1706745600"},),
    ),
    # a reference to another table's numeric key, written back from a float column (pandas reads a
    # column with empty cells, the guest checkouts or the visitors not logged in, as floats): the '.0'
    # goes, so the order joins its account; a key that is not digits keeps its dot
    staged(
        "reference-key-float-order-customer",
        "shop_orders",
        {"order_id": "ord-ref-1", "customer_id": "10234.0"},
        {"customer_id": "10234"},
    ),
    staged(
        "reference-key-float-web-user-and-order",
        "web_events",
        {
            "event_id": "evt-ref-1",
            "user_id": "10234.0",
            "order_id": "5001.0",
            "event_name": "order_completed",
        },
        {"user_id": "10234", "order_id": "5001"},
    ),
    staged(
        "reference-key-float-pos-loyalty-card",
        "pos_transactions",
        {"transaction_id": "pos-ref-1", "loyalty_card_id": "880012345.0"},
        {"loyalty_card_id": "880012345"},
    ),
    staged(
        "reference-key-not-digits-kept",
        "shop_orders",
        {"order_id": "ord-ref-2", "customer_id": "C-10.0"},
        {"customer_id": "C-10.0"},
    ),
    # two versions of one order in one export, nothing dated to tell them apart: the status further on
    # in the order's life (pending -> paid -> cancelled / refunded) is the later version
    staged(
        "dup-order-paid-after-pending",
        "shop_orders",
        {"order_id": "ord-dup-1", "status": "pending"},
        {"status": "paid"},
        more_rows=({"order_id": "ord-dup-1", "status": "Paid"},),
    ),
    staged(
        "dup-order-refunded-after-paid",
        "shop_orders",
        {"order_id": "ord-dup-2", "status": "refunded"},
        {"status": "refunded"},
        more_rows=({"order_id": "ord-dup-2", "status": "paid"},),
    ),
    staged(
        "dup-order-cancelled-after-pending",
        "shop_orders",
        {"order_id": "ord-dup-3", "status": "pending"},
        {"status": "cancelled"},
        more_rows=({"order_id": "ord-dup-3", "status": "cancelled"},),
    ),
    staged(
        "dup-pos-same-row-delivered-twice",
        "pos_transactions",
        {"transaction_id": "pos-dup-1", "total_amount": "250.000"},
        {"total_amount": Decimal("250000")},
        more_rows=({"transaction_id": "pos-dup-1", "total_amount": "250.000"},),
    ),
    # keys of several columns: a line delivered twice is one line, another line of that order stays;
    # a campaign's day delivered twice, beside its next day, is one day (spend_date, platform, campaign_id)
    staged(
        "dup-order-line-delivered-twice",
        "shop_order_items",
        {"order_id": "ord-dup-lines", "line_number": "1", "quantity": "2"},
        {"quantity": 2},
        key={"order_id": "ord-dup-lines", "line_number": 1},
        more_rows=({"order_id": "ord-dup-lines", "line_number": "1", "quantity": "2"},),
    ),
    staged(
        "dup-order-other-line-of-a-repeated-order-kept",
        "shop_order_items",
        {"order_id": "ord-dup-lines-2", "line_number": "2", "quantity": "5"},
        {"quantity": 5},
        key={"order_id": "ord-dup-lines-2", "line_number": 2},
        more_rows=(
            {"order_id": "ord-dup-lines-2", "line_number": "1", "quantity": "2"},
            {"order_id": "ord-dup-lines-2", "line_number": "1", "quantity": "2"},
        ),
    ),
    staged(
        "dup-ad-spend-day-delivered-twice",
        "ad_spend",
        {"campaign_id": "camp-dup-days", "spend": "300000"},
        {"spend_vnd": Decimal("300000")},
        key={"campaign_id": "camp-dup-days", "spend_date": date(2024, 3, 15)},
        more_rows=(
            {"campaign_id": "camp-dup-days", "spend": "300000"},
            {"campaign_id": "camp-dup-days", "spend": "200000", "spend_date": "2024-03-16"},
        ),
    ),
    staged(
        "dup-key-kept-when-other-delivery-quarantined",
        "crm_contacts",
        {"contact_id": "crm-dup-4", "created_at": "garbage", "email": "bad.row@gmail.com"},
        {"email": "good.row@gmail.com"},
        more_rows=({"contact_id": "crm-dup-4", "email": "good.row@gmail.com"},),
    ),
    # a decomposed (NFD) address reads as the composed one: shown composed, the same keys
    crm(
        "address-decomposed",
        {"address_line": "So\u0302\u0301 5 Le\u0302 Lo\u031b\u0323i", "district": "Qua\u0323\u0302n 3"},
        {"address_line": "Số 5 Lê Lợi", "district": "Quận 3", "address_key": "5 le loi", "district_key": "3"},
    ),
    # ---- empty strings stand for nulls --------------------------------------------------------------
    crm(
        "empty-strings-are-null",
        {"district": "   ", "address_line": "", "lead_source": ""},
        {"district": None, "address_line": None, "lead_source": None},
    ),
    quarantined(
        "missing-key-crm-empty-id",
        "crm_contacts",
        {"contact_id": "", "full_name": "Khóa Trống"},
        "missing_key",
        find="full_name=Khóa Trống |",
    ),
    quarantined(
        "missing-key-order-spaces-only",
        "shop_orders",
        {"order_id": "   ", "utm_campaign": "mk-ord"},
        "missing_key",
        find="utm_campaign=mk-ord",
    ),
    # ---- money and currencies (POS) -------------------------------------------------------------------
    pos_money("money-vnd-dot-thousands", "1.250.000", "VND", "1250000", "VND", "1250000"),
    pos_money("money-vnd-comma-thousands", "1,250,000", "VND", "1250000", "VND", "1250000"),
    pos_money("money-vnd-symbol-no-currency", "1.250.000 ₫", "", "1250000", "VND", "1250000"),
    pos_money("money-vnd-suffix", "1250000 VND", "VND", "1250000", "VND", "1250000"),
    pos_money("money-vnd-lone-thousands-group", "1.250", "VND", "1250", "VND", "1250"),
    pos_money("money-currency-vnd-local-spelling", "500000", "vnđ", "500000", "VND", "500000"),
    pos_money("money-usd-decimal", "47.50", "USD", "47.50", "USD", "1249250"),
    pos_money("money-usd-lower-case-code", "10", "usd", "10", "USD", "263000"),
    pos_money("money-eur-european-decimal", "1.250,50", "EUR", "1250.50", "EUR", "38140250"),
    pos_money("money-usd-thousands-and-decimal", "1,250.50", "USD", "1250.50", "USD", "32888150"),
    # As spreadsheets and typed exports write amounts: Excel's scientific notation (read as 2,507 before),
    # a decimal column written as text with four or three decimals (read as nothing, or thousands).
    # thousands and millions as Facebook and Zalo sellers write them: '250k' read 250 đồng before
    pos_money("money-shorthand-k", "250k", "VND", "250000", "VND", "250000"),
    pos_money("money-shorthand-nghin", "500 nghìn", "", "500000", "VND", "500000"),
    pos_money("money-shorthand-trieu-no-currency", "2 triệu", "", "2000000", "VND", "2000000"),
    pos_money("money-shorthand-tr-decimal-comma", "1,5tr", "VND", "1500000", "VND", "1500000"),
    pos_money("money-shorthand-trieu-dong", "2 Triệu đồng", "", "2000000", "VND", "2000000"),
    pos_money("money-shorthand-tr-and-tenths", "1tr2", "VND", "1200000", "VND", "1200000"),
    pos_money("money-shorthand-tr-and-hundreds", "2tr500", "VND", "2500000", "VND", "2500000"),
    quarantined(
        "money-shorthand-ambiguous",
        "pos_transactions",
        {"transaction_id": "pos-q-1250k", "total_amount": "1.250k", "currency": "VND"},
        "invalid_amount",
    ),
    pos_money("money-excel-scientific", "2.5E+07", "VND", "25000000", "VND", "25000000"),
    pos_money("money-excel-scientific-lower-case", "1e6", "VND", "1000000", "VND", "1000000"),
    pos_money("money-decimal-text-four-places", "322000.0000", "VND", "322000", "VND", "322000"),
    pos_money("money-decimal-text-three-places", "322000.000", "VND", "322000", "VND", "322000"),
    # The accounting negative, in brackets: -250000, refused as every negative amount (it was +250000).
    quarantined(
        "money-accounting-negative",
        "pos_transactions",
        {"transaction_id": "pos-q-brackets", "total_amount": "(250.000)"},
        "invalid_amount",
    ),
    quarantined(
        "money-negative",
        "pos_transactions",
        {"transaction_id": "pos-q-neg", "total_amount": "-50.000"},
        "invalid_amount",
    ),
    quarantined(
        "money-letters",
        "pos_transactions",
        {"transaction_id": "pos-q-abc", "total_amount": "abc"},
        "invalid_amount",
    ),
    quarantined(
        "money-empty",
        "pos_transactions",
        {"transaction_id": "pos-q-empty", "total_amount": ""},
        "invalid_amount",
    ),
    # An amount naming another currency, the currency column empty: it was read as đồng (47.50 -> 48 VND).
    quarantined(
        "money-dollar-sign-no-currency",
        "pos_transactions",
        {"transaction_id": "pos-q-dollar", "total_amount": "$47.50", "currency": ""},
        "unknown_currency",
    ),
    quarantined(
        "money-code-in-amount-no-currency",
        "pos_transactions",
        {"transaction_id": "pos-q-usd-text", "total_amount": "47.50 USD", "currency": ""},
        "unknown_currency",
    ),
    # Letters or signs inside the number were dropped and the rest read as the amount: a letter O typed
    # for a zero ('12O.000' read 12,000), a quantity before the price ('2 x 120.000' read 2,120), a note.
    # A currency written before or after the number stays readable ('VND 1.250.000', '1.250.000đ').
    pos_money("money-code-before-number", "VND 1.250.000", "VND", "1250000", "VND", "1250000"),
    pos_money("money-dong-sign-no-space", "1.250.000đ", "", "1250000", "VND", "1250000"),
    pos_money("money-symbol-before-number", "₫1,250,000", "VND", "1250000", "VND", "1250000"),
    # the word before the number: PostgreSQL read it, DuckDB and Spark removed only its 'đ' (null)
    pos_money("money-dong-word-before-number", "đồng 100.000", "", "100000", "VND", "100000"),
    quarantined(
        "money-letter-o-for-zero",
        "pos_transactions",
        {"transaction_id": "pos-q-12o", "total_amount": "12O.000", "currency": "VND"},
        "invalid_amount",
    ),
    quarantined(
        "money-quantity-times-price",
        "pos_transactions",
        {"transaction_id": "pos-q-2x", "total_amount": "2 x 120.000", "currency": "VND"},
        "invalid_amount",
    ),
    quarantined(
        "money-letters-before-digits",
        "pos_transactions",
        {"transaction_id": "pos-q-abc123", "total_amount": "abc123", "currency": "VND"},
        "invalid_amount",
    ),
    # Spaces that are not ASCII spaces, as copy-paste from web pages and Excel write them: the no-break
    # space (U+00A0, Excel's thousands separator in many locales; web pages between words) and the narrow
    # one (U+202F); the zero-width space (U+200B) and byte-order mark (U+FEFF) are nothing.
    pos_money(
        "money-no-break-space-thousands", "1\u00a0250\u00a0000\u00a0₫", "", "1250000", "VND", "1250000"
    ),
    pos_money(
        "money-narrow-no-break-space-thousands", "1\u202f250\u202f000", "VND", "1250000", "VND", "1250000"
    ),
    quarantined(
        "money-unknown-currency",
        "pos_transactions",
        {"transaction_id": "pos-q-xyz", "currency": "XYZ"},
        "unknown_currency",
    ),
    # ---- shop orders ---------------------------------------------------------------------------------
    staged(
        "order-guest-checkout-normalised",
        "shop_orders",
        {
            "order_id": "ord-guest-1",
            "customer_id": "",
            "email": "Guest.Buyer+sale@Gmail.com",
            "phone": "+84 168 318 4168",
            "ordered_at": "15/03/2024 15:30",
            "status": " PAID ",
            "currency": "",
            "total_amount": "1.250.000 ₫",
            "discount_amount": "50.000",
            "shipping_province": "Sài Gòn",
            "utm_source": "Facebook",
        },
        {
            "customer_id": None,
            "email": "guest.buyer+sale@gmail.com",
            "email_match_key": "guestbuyer@gmail.com",
            "phone_e164": VIETTEL,
            "ordered_at": utc(2024, 3, 15, 8, 30),
            "status": "paid",
            "currency": "VND",
            "total_amount": Decimal("1250000"),
            "discount_amount": Decimal("50000"),
            "total_amount_vnd": Decimal("1250000"),
            "discount_amount_vnd": Decimal("50000"),
            "shipping_province_code": "ho_chi_minh",
            "shipping_region_key": None,
            "utm_source": "facebook",
        },
    ),
    staged(
        "order-shipping-region-abroad",
        "shop_orders",
        {"order_id": "ord-abroad", "shipping_province": "Bavaria"},
        {"shipping_province_code": None, "shipping_region_key": "bavaria"},
    ),
    staged(
        "order-usd",
        "shop_orders",
        {"order_id": "ord-usd", "currency": "USD", "total_amount": "47.50", "discount_amount": ""},
        {
            "total_amount": Decimal("47.50"),
            "discount_amount": Decimal("0"),
            "total_amount_vnd": Decimal("1249250"),
        },
    ),
    quarantined(
        "order-unknown-status",
        "shop_orders",
        {"order_id": "ord-q-status", "status": "shipped"},
        "invalid_value",
    ),
    quarantined(
        "order-negative-discount",
        "shop_orders",
        {"order_id": "ord-q-disc", "discount_amount": "-10"},
        "invalid_amount",
    ),
    # A discount delivered but unreadable became 0, and a percentage 10 đồng.
    quarantined(
        "order-discount-unreadable",
        "shop_orders",
        {"order_id": "ord-q-disc-abc", "discount_amount": "abc"},
        "invalid_amount",
    ),
    quarantined(
        "order-discount-percentage",
        "shop_orders",
        {"order_id": "ord-q-disc-pct", "discount_amount": "10%"},
        "invalid_amount",
    ),
    quarantined(
        "order-unknown-currency",
        "shop_orders",
        {"order_id": "ord-q-cur", "currency": "BTC"},
        "unknown_currency",
    ),
    quarantined(
        "order-impossible-date",
        "shop_orders",
        {"order_id": "ord-q-date", "ordered_at": "32/13/2024"},
        "unparseable_timestamp",
    ),
    # ---- order items ---------------------------------------------------------------------------------
    staged(
        "item-quantity-with-spaces-price-vnd",
        "shop_order_items",
        {"order_id": "ord-item-ok", "line_number": "2", "quantity": " 2 ", "unit_price": "1.250.000"},
        {"order_item_id": "ord-item-ok#2", "line_number": 2, "quantity": 2, "unit_price": Decimal("1250000")},
    ),
    # Whole numbers as float exports write them: '1.0' was quarantined (missing_key, invalid_quantity).
    staged(
        "item-whole-numbers-written-as-floats",
        "shop_order_items",
        {"order_id": "ord-item-float", "line_number": "3.0", "quantity": "2.00", "unit_price": "100000"},
        {"order_item_id": "ord-item-float#3", "line_number": 3, "quantity": 2},
    ),
    quarantined(
        "item-quantity-fraction",
        "shop_order_items",
        {"order_id": "ord-item-qhalf", "quantity": "1.5"},
        "invalid_quantity",
    ),
    quarantined(
        "item-quantity-zero",
        "shop_order_items",
        {"order_id": "ord-item-q0", "quantity": "0"},
        "invalid_quantity",
    ),
    quarantined(
        "item-quantity-negative",
        "shop_order_items",
        {"order_id": "ord-item-qneg", "quantity": "-1"},
        "invalid_quantity",
    ),
    quarantined(
        "item-quantity-words",
        "shop_order_items",
        {"order_id": "ord-item-qtwo", "quantity": "two"},
        "invalid_quantity",
    ),
    quarantined(
        "item-price-letters",
        "shop_order_items",
        {"order_id": "ord-item-pabc", "unit_price": "abc"},
        "invalid_amount",
    ),
    quarantined(
        "item-missing-line-number",
        "shop_order_items",
        {"order_id": "ord-item-noline", "line_number": ""},
        "missing_key",
    ),
    # ---- POS: names and phones at the till ------------------------------------------------------------
    staged(
        "pos-customer-contact",
        "pos_transactions",
        {
            "transaction_id": "pos-contact",
            "customer_name": "TRẦN thị   b",
            "customer_phone": "0123 318 4168",
            "store_province": "TP. HCM",
            "loyalty_card_id": " lc-77 ",
            "transacted_at": "1710491400000",
        },
        {
            "full_name": "Trần Thị B",
            "given_name_key": "b",
            "family_name_key": "tran",
            "phone_e164": "+84833184168",
            "store_province_code": "ho_chi_minh",
            "loyalty_card_id": "LC-77",
            "transacted_at": utc(2024, 3, 15, 8, 30),
        },
    ),
    # ---- loyalty -------------------------------------------------------------------------------------
    staged(
        "loyalty-card-id-phone-province",
        "loyalty_members",
        {
            "loyalty_card_id": " lc-0001 ",
            "phone": "+84 188 318 4168",
            "province": "Hà Giang",
            "tier": "GOLD",
            "enrolled_at": "15/03/2024",
        },
        {
            "phone_e164": "+84583184168",
            "province_code": "tuyen_quang",
            "tier": "gold",
            "enrolled_at": utc(2024, 3, 14, 17, 0),
            "loyalty_card_id_as_delivered": "lc-0001",
        },
        key={"loyalty_card_id": "LC-0001"},
    ),
    quarantined(
        "loyalty-no-enrolment-time",
        "loyalty_members",
        {"loyalty_card_id": "lc-q-noenrol", "enrolled_at": ""},
        "unparseable_timestamp",
    ),
    # ---- web and app events --------------------------------------------------------------------------
    staged(
        "web-identify-traits",
        "web_events",
        {
            "event_id": "web-identify",
            "event_name": "Identify",
            "platform": "iOS",
            "occurred_at": "1710491400000",
            "traits_email": "An.Nguyen+app@Gmail.com",
            "traits_phone": "(+84) 93-318-4168",
            "utm_source": "Zalo",
        },
        {
            "event_name": "identify",
            "platform": "ios",
            "occurred_at": utc(2024, 3, 15, 8, 30),
            "email_match_key": "annguyen@gmail.com",
            "phone_e164": MOBILE,
            "utm_source": "zalo",
        },
    ),
    staged(
        "web-logged-in-without-anonymous-id",
        "web_events",
        {"event_id": "web-user-only", "anonymous_id": "", "user_id": "shop-42"},
        {"anonymous_id": None, "user_id": "shop-42"},
    ),
    quarantined(
        "web-no-anonymous-or-user-id",
        "web_events",
        {"event_id": "web-q-noid", "anonymous_id": ""},
        "invalid_value",
    ),
    quarantined(
        "web-unknown-platform",
        "web_events",
        {"event_id": "web-q-platform", "platform": "Desktop"},
        "invalid_value",
    ),
    # A tracker that sent no platform: it was staged and counted as an app event.
    quarantined(
        "web-empty-platform",
        "web_events",
        {"event_id": "web-q-no-platform", "platform": ""},
        "invalid_value",
    ),
    # An event without a name was staged and failed the timeline's not_null test, stopping the build.
    quarantined(
        "web-empty-event-name",
        "web_events",
        {"event_id": "web-q-no-name", "event_name": ""},
        "invalid_value",
    ),
    quarantined(
        "web-event-name-outside-the-contract",
        "web_events",
        {"event_id": "web-q-purchase", "event_name": "purchase"},
        "invalid_value",
    ),
    # The contract's name as some trackers write it (title case, spaces or hyphens).
    staged(
        "web-event-name-title-case",
        "web_events",
        {"event_id": "web-title-case", "event_name": " Order Completed "},
        {"event_name": "order_completed"},
    ),
    # ---- email platform ------------------------------------------------------------------------------
    staged(
        "subscriber-names-status",
        "email_subscribers",
        {
            "subscriber_id": "sub-ok",
            "email": " AN@GMAIL.COM",
            "first_name": "an",
            "last_name": "NGUYỄN",
            "status": "Subscribed",
            "opted_in_at": "2024-03-15 15:30",
        },
        {
            "email": "an@gmail.com",
            "first_name": "An",
            "last_name": "Nguyễn",
            "full_name": "Nguyễn An",
            "family_name_key": "nguyen",
            "given_name_key": "an",
            "status": "subscribed",
            "opted_in_at": utc(2024, 3, 15, 8, 30),
        },
    ),
    quarantined(
        "subscriber-unknown-status",
        "email_subscribers",
        {"subscriber_id": "sub-q-status", "status": "pending"},
        "invalid_value",
    ),
    staged(
        "email-event-upper-case-type",
        "email_events",
        {"event_id": "ee-ok", "event_type": "OPEN", "occurred_at": "15/03/2024 15:30"},
        {"event_type": "open", "occurred_at": utc(2024, 3, 15, 8, 30)},
    ),
    quarantined(
        "email-event-unknown-type",
        "email_events",
        {"event_id": "ee-q-type", "event_type": "opened"},
        "invalid_value",
    ),
    quarantined(
        "email-event-no-subscriber",
        "email_events",
        {"event_id": "ee-q-nosub", "subscriber_id": ""},
        "invalid_value",
    ),
    # ---- social leads --------------------------------------------------------------------------------
    staged(
        "social-zalo-lead",
        "social_leads",
        {"lead_id": "lead-ok", "platform": "Zalo", "full_name": "vu thi mai", "phone": "+84 199 318 4168"},
        {
            "platform": "zalo",
            "full_name": "Vu Thi Mai",
            "family_name_key": "vu",
            "given_name_key": "mai",
            "phone_e164": "+84593184168",
        },
    ),
    quarantined(
        "social-unknown-platform",
        "social_leads",
        {"lead_id": "lead-q-platform", "platform": "myspace"},
        "invalid_value",
    ),
    # ---- support -------------------------------------------------------------------------------------
    staged(
        "support-csat-with-spaces",
        "support_tickets",
        {
            "ticket_id": "tk-ok",
            "channel": "Zalo",
            "csat_score": " 5 ",
            "created_at": "2024-03-15T15:30:00+07:00",
            "resolved_at": "1710495000",
            "requester_phone": "0044 20 7946 0958",
        },
        {
            "channel": "zalo",
            "csat_score": 5,
            "created_at": utc(2024, 3, 15, 8, 30),
            "resolved_at": utc(2024, 3, 15, 9, 30),
            "phone_e164": "+442079460958",
        },
    ),
    staged(
        "support-requester-addressed-as-chi",
        "support_tickets",
        {"ticket_id": "tk-chi", "requester_name": "chị  HƯƠNG", "requester_phone": "0903 123 456"},
        {
            "full_name": "Hương",
            "full_name_ascii": "huong",
            "given_name_key": "huong",
            "phone_e164": "+84903123456",
        },
    ),
    staged(
        "support-csat-empty-is-null",
        "support_tickets",
        {"ticket_id": "tk-nocsat", "csat_score": ""},
        {"csat_score": None},
    ),
    quarantined(
        "support-csat-out-of-range",
        "support_tickets",
        {"ticket_id": "tk-q-csat9", "csat_score": "9"},
        "invalid_value",
    ),
    quarantined(
        "support-csat-zero",
        "support_tickets",
        {"ticket_id": "tk-q-csat0", "csat_score": "0"},
        "invalid_value",
    ),
    quarantined(
        "support-csat-words",
        "support_tickets",
        {"ticket_id": "tk-q-csatw", "csat_score": "good"},
        "invalid_value",
    ),
    quarantined(
        "support-unknown-channel",
        "support_tickets",
        {"ticket_id": "tk-q-fax", "channel": "fax"},
        "invalid_value",
    ),
    # ---- line breaks inside a value (parquet: a CSV cell with one is refused by the loader) ------------
    # One value per line in a cell, a line separator (U+2028, JSON and JavaScript text) after it, a note
    # on the name's next line: the engines' regular expressions read line breaks differently
    # (PostgreSQL's '.' takes one, DuckDB's and Spark's do not; Spark's '$' matches before a last one),
    # so these gave other values on each engine; a line break is a space now, on all three.
    loyalty(
        "line-break-emails-one-per-line",
        {"email": "an@fpt.vn,\nan.work@fpt.vn"},
        {"email": "an@fpt.vn", "email_match_key": "an@fpt.vn", "email_issue": None},
    ),
    loyalty(
        "line-break-email-line-separator-after",
        {"email": "an@fpt.vn\u2028"},
        {"email": "an@fpt.vn", "email_match_key": "an@fpt.vn", "email_issue": None},
    ),
    loyalty(
        "line-break-phones-one-per-line",
        {"phone": "0933 184 168,\r\n0912 345 679"},
        {"phone_e164": MOBILE, "phone_issue": None},
    ),
    loyalty(
        "line-break-name-note-on-the-next-line",
        {"full_name": "Nguyễn Văn An, Hà Nội\nKhách VIP"},
        {"full_name": "Nguyễn Văn An", "family_name_key": "nguyen", "given_name_key": "an"},
    ),
    # a number cell ending in a line break (Alt+Enter in a spreadsheet): Spark read it, DuckDB and
    # PostgreSQL did not
    staged(
        "line-break-after-spend",
        "ad_spend",
        {"campaign_id": "camp-lb", "spend": "250000\n"},
        {"spend": Decimal("250000"), "spend_vnd": Decimal("250000")},
        key={"campaign_id": "camp-lb"},
    ),
    # ---- ad spend (daily; the key is date|platform|campaign) -----------------------------------------
    staged(
        "ads-dd-mm-yyyy-date-is-that-day",
        "ad_spend",
        {"spend_date": "15/03/2024", "platform": "Facebook", "campaign_id": "CAMP-A01", "spend": "2.500.000"},
        {
            "spend_date": date(2024, 3, 15),
            "platform": "facebook",
            "spend": Decimal("2500000"),
            "spend_vnd": Decimal("2500000"),
            "ad_spend_id": "2024-03-15|facebook|camp-a01",
        },
        key={"campaign_id": "camp-a01"},
    ),
    staged(
        "ads-iso-date-is-that-day",
        "ad_spend",
        {"spend_date": "2024-03-15", "campaign_id": "camp-a02"},
        {"spend_date": date(2024, 3, 15), "ad_spend_id": "2024-03-15|facebook|camp-a02"},
        key={"campaign_id": "camp-a02"},
    ),
    # a day as an ad platform's report may write it, with the month's name (null before)
    staged(
        "ads-date-with-month-name",
        "ad_spend",
        {"spend_date": "Mar 15, 2024", "campaign_id": "camp-words"},
        {"spend_date": date(2024, 3, 15), "ad_spend_id": "2024-03-15|facebook|camp-words"},
        key={"campaign_id": "camp-words"},
    ),
    # a two-digit year names no century: DuckDB read '15/03/24' as the year 24, staged as spend of that day
    quarantined(
        "ads-two-digit-year",
        "ad_spend",
        {"spend_date": "15/03/24", "campaign_id": "camp-q-yy"},
        "unparseable_timestamp",
        find="campaign_id=camp-q-yy |",
    ),
    staged(
        "ads-usd-spend",
        "ad_spend",
        {
            "campaign_id": "camp-a03",
            "spend": "120.50",
            "currency": "USD",
            "impressions": "1200",
            "clicks": "35",
        },
        {
            "spend": Decimal("120.50"),
            "currency": "USD",
            "spend_vnd": Decimal("3169150"),
            "impressions": 1200,
            "clicks": 35,
        },
        key={"campaign_id": "camp-a03"},
    ),
    # Counts as exports write them: thousands separators (read as nothing before), a negative count.
    staged(
        "ads-counts-with-thousands-separators",
        "ad_spend",
        {"campaign_id": "camp-a04", "impressions": "1.250.000", "clicks": "1.000"},
        {"impressions": 1250000, "clicks": 1000},
        key={"campaign_id": "camp-a04"},
    ),
    staged(
        "ads-counts-with-comma-separators",
        "ad_spend",
        {"campaign_id": "camp-a05", "impressions": "12,500", "clicks": "1,000"},
        {"impressions": 12500, "clicks": 1000},
        key={"campaign_id": "camp-a05"},
    ),
    quarantined(
        "ads-negative-clicks",
        "ad_spend",
        {"campaign_id": "camp-q-clicks", "clicks": "-5"},
        "invalid_value",
        find="campaign_id=camp-q-clicks |",
    ),
    quarantined(
        "ads-unreadable-impressions",
        "ad_spend",
        {"campaign_id": "camp-q-impr", "impressions": "many"},
        "invalid_value",
        find="campaign_id=camp-q-impr |",
    ),
    quarantined(
        "ads-negative-spend",
        "ad_spend",
        {"campaign_id": "camp-q-neg", "spend": "-1"},
        "invalid_amount",
        find="campaign_id=camp-q-neg |",
    ),
    quarantined(
        "ads-unknown-channel",
        "ad_spend",
        {"campaign_id": "camp-q-tv", "channel": "tv"},
        "invalid_value",
        find="campaign_id=camp-q-tv |",
    ),
    quarantined(
        "ads-unknown-currency",
        "ad_spend",
        {"campaign_id": "camp-q-xyz", "currency": "XYZ"},
        "unknown_currency",
        find="campaign_id=camp-q-xyz |",
    ),
    quarantined(
        "ads-missing-date",
        "ad_spend",
        {"campaign_id": "camp-q-nodate", "spend_date": ""},
        "missing_key",
        find="campaign_id=camp-q-nodate |",
    ),
    quarantined(
        "ads-impossible-date",
        "ad_spend",
        {"campaign_id": "camp-q-feb30", "spend_date": "2024-02-30"},
        "unparseable_timestamp",
        find="campaign_id=camp-q-feb30 |",
    ),
    # ---- consent and erasure -------------------------------------------------------------------------
    staged(
        "consent-email-subject-key",
        "consent_events",
        {
            "consent_id": "cs-email",
            "subject_type": "EMAIL",
            "subject_value": "An.Nguyen+x@Gmail.com",
            "purpose": "Email_Marketing",
            "status": "Granted",
        },
        {
            "subject_type": "email",
            "subject_key": "annguyen@gmail.com",
            "purpose": "email_marketing",
            "status": "granted",
        },
    ),
    staged(
        "consent-phone-subject-key-old-prefix",
        "consent_events",
        {
            "consent_id": "cs-phone",
            "subject_type": "phone",
            "subject_value": "0168 318 4168",
            "purpose": "sms_marketing",
            "status": "revoked",
        },
        {"subject_key": VIETTEL, "status": "revoked"},
    ),
    staged(
        "consent-customer-id-subject-key",
        "consent_events",
        {"consent_id": "cs-cust", "subject_type": "customer_id", "subject_value": " shop-42 "},
        {"subject_key": "shop-42"},
    ),
    quarantined(
        "consent-unknown-purpose",
        "consent_events",
        {"consent_id": "cs-q-purpose", "purpose": "spam"},
        "invalid_value",
    ),
    quarantined(
        "consent-unknown-status",
        "consent_events",
        {"consent_id": "cs-q-status", "status": "maybe"},
        "invalid_value",
    ),
    quarantined(
        "consent-empty-subject",
        "consent_events",
        {"consent_id": "cs-q-subject", "subject_value": ""},
        "invalid_value",
    ),
    quarantined(
        "consent-impossible-date",
        "consent_events",
        {"consent_id": "cs-q-date", "occurred_at": "32/13/2024"},
        "unparseable_timestamp",
    ),
    staged(
        "erasure-phone-subject-key",
        "erasure_requests",
        {
            "request_id": "er-phone",
            "subject_type": "phone",
            "subject_value": "+84 933 184 168",
            "requested_at": "2024-03-15 15:30",
        },
        {"subject_key": MOBILE, "requested_at": utc(2024, 3, 15, 8, 30)},
    ),
    quarantined(
        "erasure-missing-key",
        "erasure_requests",
        {"request_id": "", "subject_value": "erase.me@yahoo.com"},
        "missing_key",
        find="subject_value=erase.me@yahoo.com |",
    ),
    # A subject that does not normalise names nobody: quarantined, never matched to a customer.
    quarantined(
        "erasure-placeholder-email",
        "erasure_requests",
        {"request_id": "er-placeholder", "subject_type": "email", "subject_value": "noemail@gmail.com"},
        "invalid_value",
    ),
    quarantined(
        "erasure-phone-fragment",
        "erasure_requests",
        {"request_id": "er-short-phone", "subject_type": "phone", "subject_value": "0933 18"},
        "invalid_value",
    ),
    quarantined(
        "erasure-unknown-subject-type",
        "erasure_requests",
        {"request_id": "er-fax", "subject_type": "fax", "subject_value": "028 3822 1234"},
        "invalid_value",
    ),
]


# Values of a raw table written month first (var source_date_order), read by parse_timestamp and parse_date
# with month_first: (text, UTC timestamp as text or None, date as text or None). Every engine's answer is
# checked against these (tests/staging, tests/engines); worked out by hand (UTC = local - 7 h).
MONTH_FIRST_CASES: list[tuple[str, str | None, str | None]] = [
    ("3/15/2024 3:30:00 PM", "2024-03-15 08:30:00", "2024-03-15"),
    ("12/31/2023 23:00", "2023-12-31 16:00:00", "2023-12-31"),
    ("1/2/2024", "2024-01-01 17:00:00", "2024-01-02"),
    ("12-25-1990", "1990-12-24 17:00:00", "1990-12-25"),
    # dotted and worded dates: no timestamp format read them before timestamp_words_local (local midnight)
    ("12.25.1990", "1990-12-24 17:00:00", "1990-12-25"),
    ("2024-03-15T08:30:00Z", "2024-03-15 08:30:00", "2024-03-15"),
    ("20 May 1990", "1990-05-19 17:00:00", "1990-05-20"),
    ("15/03/2024 15:30", None, None),
]

MONTH_FIRST_EXPECTED = {text: (ts, d) for text, ts, d in MONTH_FIRST_CASES}


def month_first_read(rows) -> dict[str, tuple[str | None, str | None]]:
    """text -> (ts, d) of the rows of month_first_sql() as an engine returned them (dicts or Spark rows)."""
    return {row["a"]: (row["ts"], row["d"]) for row in rows}


def month_first_sql() -> str:
    """A select of every MONTH_FIRST_CASES text (column a) with what parse_timestamp (ts) and parse_date
    (d) read from it with month_first, as text: the same dbt SQL on every engine."""
    rows = " union all ".join(f"select '{text}' as a" for text, _, _ in MONTH_FIRST_CASES)
    return (
        "select a, cast({{ cdp.parse_timestamp('a', true) }} as {{ dbt.type_string() }}) as ts,"
        " cast({{ cdp.parse_date('a', true) }} as {{ dbt.type_string() }}) as d"
        f" from ({rows}) as cases"
    )

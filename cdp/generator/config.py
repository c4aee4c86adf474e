"""Mess rates, format mixes and fixed constants of the synthetic data generator.

Every rate that shapes the mess in the raw files lives in :class:`MessConfig`; the defaults follow
``docs/demo_data.md``. A rate is a probability per field value (formatting mess) or a share of the rows of a
table (quarantine defects and duplicates, drawn as exact counts).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from cdp.contract import RAW_TABLES

PHONE_FORMATS = ("national", "intl_spaced", "intl_digits", "dotted", "intl_dashed", "spaced", "padded")
# dmy_12h_vi: Excel on a Vietnamese Windows, 'd/m/yyyy h:mm:ss SA|CH' (sáng / chiều for AM / PM).
TS_FORMATS = ("iso_z", "iso_offset", "naive_local", "dmy_hm", "epoch_s", "epoch_ms", "dmy_12h_vi")
DATE_FORMATS = ("iso", "dmy")
MONEY_FORMATS = ("plain", "dot", "comma", "dot_dong", "plain_vnd")

DEFECT_CODES = (
    "missing_key",
    "unparseable_timestamp",
    "future_timestamp",
    "invalid_amount",
    "invalid_quantity",
    "unknown_currency",
    "invalid_value",
)

# The 14 raw tables and their columns, key first: the contract, defined once in cdp.contract.
TABLES: dict[str, tuple[str, ...]] = RAW_TABLES

# Primary key columns per table; the column blanked by the missing-key defect is the first one listed in
# MISSING_KEY_COLUMN.
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "crm_contacts": ("contact_id",),
    "shop_customers": ("customer_id",),
    "shop_orders": ("order_id",),
    "shop_order_items": ("order_id", "line_number"),
    "pos_transactions": ("transaction_id",),
    "loyalty_members": ("loyalty_card_id",),
    "web_events": ("event_id",),
    "email_subscribers": ("subscriber_id",),
    "email_events": ("event_id",),
    "social_leads": ("lead_id",),
    "support_tickets": ("ticket_id",),
    "ad_spend": ("spend_date", "platform", "campaign_id"),
    "consent_events": ("consent_id",),
    "erasure_requests": ("request_id",),
}
MISSING_KEY_COLUMN: dict[str, str] = {t: k[0] for t, k in PRIMARY_KEYS.items()} | {"ad_spend": "campaign_id"}

# Required timestamp per table: the target of the unparseable / future timestamp defects.
REQUIRED_TIMESTAMP: dict[str, str] = {
    "crm_contacts": "created_at",
    "shop_customers": "created_at",
    "shop_orders": "ordered_at",
    "pos_transactions": "transacted_at",
    "loyalty_members": "enrolled_at",
    "web_events": "occurred_at",
    "email_subscribers": "opted_in_at",
    "email_events": "occurred_at",
    "social_leads": "created_at",
    "support_tickets": "created_at",
    "ad_spend": "spend_date",
    "consent_events": "occurred_at",
    "erasure_requests": "requested_at",
}

# Identity-bearing tables and the column that names the record in identity_truth.
IDENTITY_TABLES: dict[str, str] = {
    "crm_contacts": "contact_id",
    "shop_customers": "customer_id",
    "shop_orders": "order_id",
    "pos_transactions": "transaction_id",
    "loyalty_members": "loyalty_card_id",
    "web_events": "anonymous_id",
    "email_subscribers": "subscriber_id",
    "social_leads": "lead_id",
    "support_tickets": "ticket_id",
}

START_DATE = "2023-01-01"
DEFAULT_AS_OF = "2026-11-01"
# People are generated globally; source records are generated in blocks of this many people so that memory
# stays bounded. Changing it changes the output for runs larger than one block.
CHUNK_PEOPLE = 50_000


# Person-attribute columns that the corruption mode may leave empty (corrupt_missing_field), per table.
CORRUPTIBLE_FIELDS: dict[str, tuple[str, ...]] = {
    "crm_contacts": ("email", "phone", "date_of_birth", "gender", "address_line", "district", "province"),
    "shop_customers": ("phone", "date_of_birth", "province"),
    "loyalty_members": ("email", "phone", "date_of_birth", "address_line", "province"),
    "social_leads": ("phone", "email"),
    "support_tickets": ("requester_email", "requester_phone"),
}
# Tables that receive corrupt_unlinked_duplicate records (they carry name, birth date and address).
UNLINKED_DUPLICATE_TABLES = ("crm_contacts", "loyalty_members")

CORRUPTION_FIELDS = (
    "corrupt_name_typo",
    "corrupt_middle_name_dropped",
    "corrupt_name_order",
    "corrupt_dob_day_month_swap",
    "corrupt_dob_digit_typo",
    "corrupt_dob_words",
    "corrupt_address_abbreviation",
    "corrupt_address_typo",
    "corrupt_missing_field",
    "corrupt_unlinked_duplicate",
    "corrupt_namesake",
    "corrupt_namesake_same_birth_year",
    "corrupt_name_honorific",
    "corrupt_name_copied_spaces",
    "corrupt_name_phone_written",
    "corrupt_name_decomposed",
    "corrupt_name_parent_of",
    "corrupt_name_nickname",
)
# MessConfig.corrupted(): the corruption rates, and diacritics dropped more often than by default (0.30).
CORRUPTED_RATES: dict[str, float] = {
    "name_no_diacritics": 0.5,
    "corrupt_name_typo": 0.08,
    "corrupt_middle_name_dropped": 0.15,
    "corrupt_name_order": 0.10,
    "corrupt_dob_day_month_swap": 0.15,
    "corrupt_dob_digit_typo": 0.05,
    "corrupt_dob_words": 0.2,
    "corrupt_address_abbreviation": 0.5,
    "corrupt_address_typo": 0.05,
    "corrupt_missing_field": 0.10,
    "corrupt_unlinked_duplicate": 0.2,
    "corrupt_namesake": 0.02,
    "corrupt_namesake_same_birth_year": 0.5,
    "corrupt_name_honorific": 0.3,
    "corrupt_name_copied_spaces": 0.1,
    "corrupt_name_phone_written": 0.05,
    "corrupt_name_decomposed": 0.1,
    "corrupt_name_parent_of": 0.05,
    "corrupt_name_nickname": 0.05,
}


def _w(**kw: float) -> dict[str, float]:
    return dict(kw)


def _default_ts_formats() -> dict[str, dict[str, float]]:
    return {
        "crm_contacts": _w(naive_local=0.4, dmy_hm=0.25, iso_offset=0.2, iso_z=0.15),
        "shop_customers": _w(iso_offset=0.5, iso_z=0.3, naive_local=0.1, epoch_s=0.1),
        "shop_orders": _w(iso_offset=0.5, iso_z=0.3, naive_local=0.1, epoch_s=0.1),
        "pos_transactions": _w(naive_local=0.5, dmy_hm=0.3, epoch_s=0.1, dmy_12h_vi=0.1),
        "loyalty_members": _w(dmy_hm=0.4, naive_local=0.3, iso_z=0.3),
        "web_events": _w(iso_z=0.5, epoch_ms=0.4, iso_offset=0.1),
        "email_subscribers": _w(iso_z=0.6, epoch_s=0.3, iso_offset=0.1),
        "email_events": _w(iso_z=0.6, epoch_s=0.3, iso_offset=0.1),
        "social_leads": _w(iso_offset=0.4, epoch_s=0.3, iso_z=0.3),
        "support_tickets": _w(naive_local=0.4, dmy_hm=0.2, iso_z=0.3, dmy_12h_vi=0.1),
        "consent_events": _w(iso_z=0.5, iso_offset=0.3, epoch_ms=0.2),
        "erasure_requests": _w(iso_z=0.5, dmy_hm=0.5),
    }


@dataclass
class MessConfig:
    """Rates of every kind of mess. Formatting mess keeps records usable; defects send rows to quarantine."""

    # --- phones (share of phone field values) ---
    phone_formats: dict[str, float] = field(
        default_factory=lambda: _w(
            national=0.45,
            intl_spaced=0.10,
            intl_digits=0.10,
            dotted=0.07,
            intl_dashed=0.06,
            spaced=0.14,
            padded=0.08,
        )
    )
    phone_old_prefix: float = 0.10  # of mobile numbers whose prefix existed before 2018 (038 -> 0168)
    phone_junk: float = 0.01  # 'abc', '123', '0000'
    placeholder_phone: float = 0.01  # '0000000000', '0123456789' (seeds/blocked_identifiers.csv)
    # --- names (share of Vietnamese person-name values) ---
    name_no_diacritics: float = 0.30
    name_upper: float = 0.10
    name_given_first: float = 0.10
    name_initials: float = 0.03
    name_extra_spaces: float = 0.05
    name_typo: float = 0.02
    # --- emails (share of email field values; Gmail dots of Gmail values) ---
    email_case_space: float = 0.10
    email_plus_tag: float = 0.03
    email_gmail_dots: float = 0.05
    email_domain_typo: float = 0.02  # of values whose domain has a typo in seeds/email_domain_typos.csv
    placeholder_email: float = 0.015
    # --- provinces ---
    province_no_diacritics: float = 0.20
    province_former_name: float = 0.45  # people living in a merged-away province who still write its name
    province_alias: float = 0.25  # 'TP. HCM', 'Sài Gòn', 'HN' where the province has aliases
    # --- dates, times and money ---
    ts_formats: dict[str, dict[str, float]] = field(default_factory=_default_ts_formats)
    date_formats: dict[str, float] = field(default_factory=lambda: _w(iso=0.6, dmy=0.4))
    money_formats: dict[str, float] = field(
        default_factory=lambda: _w(plain=0.35, dot=0.3, comma=0.15, dot_dong=0.1, plain_vnd=0.1)
    )
    usd_order_share: float = 0.03
    # --- nulls ---
    empty_string_share: float = 0.5  # share of missing values written as '' instead of null
    # --- quarantine defects (share of rows, exact counts, distinct rows) ---
    missing_key: float = 0.002
    unparseable_timestamp: float = 0.003
    future_timestamp: float = 0.001  # orders and POS only
    negative_amount: float = 0.001  # orders and POS total_amount
    unparseable_amount: float = 0.001  # orders and POS total_amount, ad_spend spend
    invalid_quantity: float = 0.002  # order items
    unknown_currency: float = 0.0005  # orders
    invalid_csat: float = 0.002  # of tickets with a score
    # --- duplicates and row order ---
    duplicate_rows: float = 0.01  # verbatim extra copies of clean rows
    late_updates: float = 0.01  # crm_contacts / shop_customers keys delivered again with a later updated_at
    shuffle_rows: bool = True
    # --- corruption mode (docs/demo_data.md): all 0 by default; MessConfig.corrupted() turns them on ---
    corrupt_name_typo: float = 0.0  # of person-name values: one keyboard slip (neighbour key, swap, drop)
    corrupt_middle_name_dropped: float = 0.0  # of Vietnamese name values: 'Nguyễn An' for 'Nguyễn Văn An'
    corrupt_name_order: float = 0.0  # of Vietnamese name values: 'Văn An Nguyễn'; split fields swapped
    corrupt_dob_day_month_swap: float = 0.0  # of birth dates whose day is 1-12 and not the month
    corrupt_dob_digit_typo: float = 0.0  # of birth dates: one digit of year, month or day wrong
    corrupt_dob_words: float = 0.0  # of birth dates: '15 Jan 1990' or '15 tháng 1, 1990'
    corrupt_address_abbreviation: float = 0.0  # of CRM/loyalty addresses, CRM districts: 'Đ.', 'Q.', 'TP.'
    corrupt_address_typo: float = 0.0  # of CRM/loyalty addresses: one keyboard slip in the street name
    corrupt_missing_field: float = 0.0  # of present person-attribute values (CORRUPTIBLE_FIELDS): dropped
    corrupt_unlinked_duplicate: float = 0.0  # of CRM/loyalty records: one more record, no shared email/phone
    corrupt_namesake: float = 0.0  # of people: given the full name and province of another person
    corrupt_namesake_same_birth_year: float = 0.0  # of those namesakes: also born in the same year
    corrupt_name_honorific: float = 0.0  # of support-ticket and social-lead names: 'Chị Lan', 'Mr John Smith'
    corrupt_name_copied_spaces: float = 0.0  # of the same names: no-break and zero-width spaces
    corrupt_name_phone_written: float = 0.0  # of the same names: 'Lan - SĐT: 0933 184 168'
    corrupt_name_decomposed: float = 0.0  # of Vietnamese full names with diacritics: decomposed (NFD)
    corrupt_name_parent_of: float = 0.0  # of support-ticket and social-lead names: 'Mẹ Bin', 'Bố Tít'
    corrupt_name_nickname: float = 0.0  # of the same names: a nickname in brackets, 'Lan (Bông)'

    @property
    def is_corrupted(self) -> bool:
        """True when any corruption-mode rate is set (the generator then uses its corruption streams)."""
        return any(getattr(self, name) > 0 for name in CORRUPTION_FIELDS)

    def to_dict(self) -> dict[str, Any]:
        """All fields; the corruption rates only when one is set (default manifests stay as they were)."""
        data = dataclasses.asdict(self)
        if not self.is_corrupted:
            for name in CORRUPTION_FIELDS:
                del data[name]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MessConfig:
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ValueError(f"unknown MessConfig fields: {sorted(unknown)}")
        return cls(**data)

    @classmethod
    def clean(cls) -> MessConfig:
        """No mess at all: canonical formats, no defects, no duplicates (rows still shuffled)."""
        zero = {
            f.name: 0.0
            for f in dataclasses.fields(cls)
            if f.type in ("float", float) and f.name not in ("empty_string_share",)
        }
        return cls(
            **zero,
            phone_formats=_w(national=1.0),
            ts_formats={t: _w(iso_z=1.0) for t in _default_ts_formats()},
            date_formats=_w(iso=1.0),
            money_formats=_w(plain=1.0),
        )

    @classmethod
    def corrupted(cls) -> MessConfig:
        """The corruption mode: the default mess plus what people type into CRMs, loyalty forms and
        call-centre tickets (typos, dropped middle names, name order, diacritics, date slips, address
        abbreviations, missing fields, duplicates without a shared email or phone, namesakes, forms of
        address before a name), so that exact identifiers are not enough."""
        return cls(**CORRUPTED_RATES)

    @classmethod
    def profile(cls, mode: str) -> MessConfig:
        """The named mess profile: 'default', 'clean' or 'corrupted'."""
        profiles = {"default": cls, "clean": cls.clean, "corrupted": cls.corrupted}
        if mode not in profiles:
            raise ValueError(f"unknown mode {mode!r}; use one of {sorted(profiles)}")
        return profiles[mode]()

    def validate(self) -> None:
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if isinstance(v, float) and not 0.0 <= v <= 1.0:
                raise ValueError(f"MessConfig.{f.name}={v} is not a rate in [0, 1]")
        _check_weights("phone_formats", self.phone_formats, PHONE_FORMATS)
        _check_weights("date_formats", self.date_formats, DATE_FORMATS)
        _check_weights("money_formats", self.money_formats, MONEY_FORMATS)
        for table, w in self.ts_formats.items():
            _check_weights(f"ts_formats[{table}]", w, TS_FORMATS)
        missing = set(_default_ts_formats()) - set(self.ts_formats)
        if missing:
            raise ValueError(f"ts_formats lacks tables {sorted(missing)}")
        if (
            self.phone_junk + self.placeholder_phone > 1
            or self.name_given_first + self.name_initials + (self.name_typo) > 1
            or self.corrupt_middle_name_dropped + self.corrupt_name_order > 1
            or self.corrupt_dob_day_month_swap + self.corrupt_dob_digit_typo > 1
        ):
            raise ValueError("exclusive rates add up to more than 1")


def _check_weights(name: str, weights: dict[str, float], allowed: tuple[str, ...]) -> None:
    bad = set(weights) - set(allowed)
    if bad:
        raise ValueError(f"{name}: unknown formats {sorted(bad)}; allowed {allowed}")
    if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise ValueError(f"{name}: weights must be >= 0 with a positive sum")

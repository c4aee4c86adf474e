"""The appended day of the incremental staging tests (docs/scaling.md "Incremental runs"), shared by
tests/staging/test_incremental.py (DuckDB) and tests/engines/test_postgres_incremental.py (PostgreSQL):
the raw folders, the two warehouses built from them, and the comparisons.

One generated data set (PEOPLE people) is "today's" raw folder. "Yesterday's" folder is the same without
the rows of the last local day (by each table's own time; order lines with their order) and without
the hand-made changes of today's folder:
- a web event arriving 30 days late;
- a second delivery of an event of 30 days before, its time written another way (flagged a duplicate);
- a web event whose time cannot be read (quarantined: unparseable_timestamp);
- two web events of yesterday delivered again with a time that cannot be read, each replacing its
  earlier row (withdrawn: quarantined, they leave the timeline): one of a visitor with other events,
  whose sessions are cut again without it, and a visitor's only event, whose session goes;
- an email event arriving 30 days late (the generated ones have none on the last day), and an email
  event of yesterday delivered again with a time that cannot be read (withdrawn);
- an order of 30 days before whose status changed from pending to paid, and which gained a line;
- an erasure request for a shop account with orders and web events (made on the last day): her orders
  and consent leave the timeline, her events move to the request's anonymous key;
- a CRM contact edited on the last day (its gender corrected): yesterday's folder has its earlier version;
- a marketing touch arriving late: a tagged page view of a shop account, a minute before an untagged
  order of that account from the 30 days before, which it now attributes (none of her orders changed);
- a web event and a CRM contact deleted at the source: yesterday's folder has them, today's not (the
  contact, chosen after yesterday's build, is its customer's only record, so no customer is split);
- an order line of an earlier order delivered again today, byte for byte (a second copy of a row already
  stored: flagged a duplicate), and another order's line whose second copy, in yesterday's folder, today's
  folder no longer holds (the copy withdrawn): the number of copies of a stored row changed, nothing else.

Yesterday is loaded and built in warehouse "incremental" as a daily run builds it (var
staging_incremental true: the first build of each model is a full one), which is then copied to warehouse
"full". Today is loaded into both: "full" is built again with every staging model rebuilt in full
(var staging_incremental false), "incremental" with the twelve base models, the timeline, the sessions,
the attribute lineage, the orders, their lines and the consent incremental (`dbt build`: the data tests
too, row conservation among them).
Both share yesterday's stable customer ids, so the only difference between them is how today's rows were
read: the identity layer, every contract output,
every mart the engine comparisons compare (the history marts whole) and every staged and quarantined row
must be the same, row for row. (A fresh build of today's folder would differ from both in the ids of
customers whose records were merged today: the oldest id survives a merge, docs/identity_resolution.md.)
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import pytest

from cdp.bench.incremental import ROW_TIME
from cdp.contract import RAW_TABLES
from cdp.generator import generate
from tests import support
from tests.engines.conftest import (
    BUILD_TIME_COLUMNS,
    COMPARED_MARTS,
    UNCOMPARED_COLUMNS,
    Warehouse,
    unmatched_rows,
)

PEOPLE = 2000
SEED = 31
LATE = timedelta(days=30)
LOCAL = timedelta(hours=7)  # Asia/Ho_Chi_Minh, var source_timezone
FULL_BUILD = ("build", "--exclude-resource-type", "unit_test", "--exclude-resource-type", "test")
INCREMENTAL_BUILD = ("build", "--exclude-resource-type", "unit_test")

# The incremental base models.
INCREMENTAL_MODELS = (
    "base_web__events",
    "base_email__events",
    "base_shop__orders",
    "base_shop__order_items",
    "base_pos__transactions",
    "base_privacy__consent_events",
    "base_crm__contacts",
    "base_shop__customers",
    "base_loyalty__members",
    "base_email__subscribers",
    "base_support__tickets",
    "base_social__leads",
)
# Contract outputs (CONTRACT.md §2) beside the marts the engine comparisons compare.
COMPARED = ("customer_identity_map", "identity_edges", *COMPARED_MARTS)


def utc_time(text: str | None) -> datetime | None:
    """A raw time as staging reads it (macro parse_timestamp), for the formats the generator writes; None
    for what it cannot read."""
    value = (text or "").strip()
    if re.fullmatch(r"[0-9]{12,13}", value):
        return datetime.fromtimestamp(int(value) / 1000, UTC).replace(tzinfo=None)
    if re.fullmatch(r"[0-9]{9,10}", value):
        return datetime.fromtimestamp(int(value), UTC).replace(tzinfo=None)
    for parse in (
        lambda v: datetime.fromisoformat(v.replace("Z", "+00:00")),
        lambda v: datetime.strptime(v, "%d/%m/%Y %H:%M"),
        lambda v: datetime.strptime(v, "%d/%m/%Y"),
    ):
        try:
            parsed = parse(value)
        except ValueError:
            continue
        if parsed.tzinfo is not None:
            return parsed.astimezone(UTC).replace(tzinfo=None)
        return parsed - LOCAL
    return None


def local_day(row: dict[str, str], table: str) -> date | None:
    for column in ROW_TIME[table]:
        parsed = utc_time(row.get(column))
        if parsed is not None:
            return (parsed + LOCAL).date()
    return None


@dataclass(frozen=True)
class Changes:
    last_day: date
    late_event_id: str
    redelivered_event_id: str
    changed_order_id: str
    added_line: tuple[str, str]
    erased_account: str
    withdrawn_event_ids: tuple[str, str]  # of a visitor with other events; a visitor's only event
    lone_visitor_key: str  # the visitor of the second, with no event left
    deleted_event_id: str  # deleted at the source: in yesterday's folder only
    new_email_event_id: str
    withdrawn_email_event_id: str
    edited_contact_id: str
    touched_order_id: str  # an untagged order whose last marketing touch arrives late, today
    copied_line: tuple[str, str]  # an order line stored yesterday, delivered a second time today
    uncopied_line: tuple[str, str]  # an order line delivered twice yesterday, once today
    dropped_rows: dict[str, int]
    # Chosen after yesterday's build (build_day): a CRM contact deleted at the source, its customer's only
    # record, so no customer is split by the deletion.
    deleted_contact_id: str = ""


def write_folders(work: Path) -> Changes:
    """Today's and yesterday's raw folders (work/today, work/yesterday)."""
    generate(PEOPLE, SEED, work / "generated", work / "truth", fmt="csv")
    today: dict[str, list[dict[str, str]]] = {}
    for table in RAW_TABLES:
        with (work / "generated" / f"{table}.csv").open(newline="", encoding="utf-8") as handle:
            today[table] = list(csv.DictReader(handle))
    now = datetime.now(UTC).date()
    last_day = max(day for row in today["web_events"] if (day := local_day(row, "web_events")) and day <= now)
    before = last_day - LATE

    # The changed order: one of 30 days before with two lines or more, pending yesterday, paid today,
    # its last line new today.
    lines: dict[str, list[dict[str, str]]] = {}
    for row in today["shop_order_items"]:
        lines.setdefault(row["order_id"], []).append(row)
    order_ids = [row["order_id"] for row in today["shop_orders"]]
    changed = next(
        row
        for row in today["shop_orders"]
        if local_day(row, "shop_orders") == before
        and row["status"] == "paid"
        and len(lines.get(row["order_id"], [])) >= 2
        and order_ids.count(row["order_id"]) == 1
    )
    added_line = max(lines[changed["order_id"]], key=lambda line: int(line["line_number"]))

    # Hand-made rows of today: a late event, a second delivery written another way, an unreadable time.
    template = next(row for row in today["web_events"] if local_day(row, "web_events") == before)
    late_time = datetime.combine(before, datetime.min.time()) + timedelta(hours=10)
    late = {**template, "event_id": "incr-late-1", "occurred_at": late_time.strftime("%d/%m/%Y %H:%M")}
    redelivered = {
        **template,
        "occurred_at": str(int(utc_time(template["occurred_at"]).replace(tzinfo=UTC).timestamp())),
    }
    unreadable = {**template, "event_id": "incr-bad-time", "occurred_at": "sometime yesterday"}
    today["web_events"] += [late, redelivered, unreadable]

    # An erasure request of the last day (so not in yesterday's folder) for a shop account that sent web
    # events and placed orders, other than the changed order's.
    browsing = {row["user_id"] for row in today["web_events"] if row["user_id"]}
    erased_account = min(
        row["customer_id"]
        for row in today["shop_orders"]
        if row["customer_id"] in browsing and row["customer_id"] != changed["customer_id"]
    )
    requested_at = datetime.combine(last_day, datetime.min.time()) + timedelta(hours=9)
    today["erasure_requests"].append(
        {
            "request_id": "incr-erasure-1",
            "subject_type": "customer_id",
            "subject_value": erased_account,
            "requested_at": requested_at.strftime("%d/%m/%Y %H:%M"),
        }
    )

    # Two events of yesterday delivered again today with a time that cannot be read: the new row replaces
    # the old one in the raw table. One of an anonymous visitor with other events, and one that is its
    # anonymous visitor's only event; neither the template's visitor nor the erased account's.
    per_visitor = Counter(row["anonymous_id"] for row in today["web_events"])
    deliveries = Counter(row["event_id"] for row in today["web_events"])
    candidates = [
        row
        for row in today["web_events"]
        if row["anonymous_id"]
        and deliveries[row["event_id"]] == 1
        and row["anonymous_id"] != template["anonymous_id"]
        and row["user_id"] != erased_account
        and (day := local_day(row, "web_events")) is not None
        and day < last_day
    ]
    withdrawn = next(row for row in candidates if per_visitor[row["anonymous_id"]] >= 3)
    lone = next(row for row in candidates if per_visitor[row["anonymous_id"]] == 1)
    unreadable_again = {row["event_id"]: {**row, "occurred_at": "not a time"} for row in (withdrawn, lone)}
    today["web_events"] = [
        unreadable_again[row["event_id"]] if row is withdrawn or row is lone else row
        for row in today["web_events"]
    ]

    # A web event of yesterday deleted at the source: today's folder lacks it. An anonymous page event
    # (no account, no traits: identity resolution reads nothing of it) of a visitor with other events,
    # whose sessions are cut again without it.
    deleted_event = next(
        row
        for row in candidates
        if per_visitor[row["anonymous_id"]] >= 3
        and row is not withdrawn
        and row["anonymous_id"] not in (withdrawn["anonymous_id"], lone["anonymous_id"])
        and not (row["user_id"] or row["traits_email"] or row["traits_phone"] or row["order_id"])
    )
    today["web_events"] = [row for row in today["web_events"] if row is not deleted_event]

    # An email event arriving 30 days late, and an earlier one delivered again unreadable.
    email_deliveries = Counter(row["event_id"] for row in today["email_events"])
    email_template, withdrawn_email = [
        row
        for row in today["email_events"]
        if email_deliveries[row["event_id"]] == 1 and local_day(row, "email_events") is not None
    ][:2]
    new_email = {
        **email_template,
        "event_id": "incr-email-1",
        "occurred_at": (late_time + timedelta(hours=1)).strftime("%d/%m/%Y %H:%M"),
    }
    unreadable_email = {**withdrawn_email, "occurred_at": "not a time"}
    today["email_events"] = [
        unreadable_email if row is withdrawn_email else row for row in today["email_events"]
    ]
    today["email_events"].append(new_email)

    # A CRM contact edited today: the gender corrected to male, with today's updated_at. Yesterday's folder
    # holds the version before the edit, which today's row replaces in the raw table (a record of a
    # person, not an event: an incremental run must read it again under its contact id). The gender, as
    # no attribute identity resolution compares: a new phone could split the contact off its customer,
    # and a part left by a split gets an id minted with the run's invocation id, which two warehouses
    # built by two runs cannot share (int_customer_ids_assigned).
    contact_deliveries = Counter(row["contact_id"] for row in today["crm_contacts"])
    edited_contact = next(
        row
        for row in today["crm_contacts"]
        if row["gender"].strip().lower() in ("f", "female", "nữ")
        and contact_deliveries[row["contact_id"]] == 1
        and (day := local_day(row, "crm_contacts")) is not None
        and day < last_day
    )
    edited = {
        **edited_contact,
        "gender": "Nam",
        "updated_at": (datetime.combine(last_day, datetime.min.time()) + timedelta(hours=8)).strftime(
            "%d/%m/%Y %H:%M"
        ),
    }
    today["crm_contacts"] = [edited if row is edited_contact else row for row in today["crm_contacts"]]

    # A marketing touch arriving late: a page view tagged with a paid campaign, of a shop account's own
    # visitor, a minute before an untagged paid order of that account of the 30 days before the last day
    # (not the changed order, not the erased account's), delivered today. Nothing of the customer's
    # orders changes, yet the order is now attributed to the touch: fct_orders must write the customer's
    # orders again.
    page_views = {}
    for row in today["web_events"]:
        if row["user_id"] and row["event_name"] == "page_view" and not row["order_id"]:
            page_views.setdefault(row["user_id"], row)
    touched_order = next(
        row
        for row in today["shop_orders"]
        if (day := local_day(row, "shop_orders")) is not None
        and before <= day < last_day
        and row["status"] == "paid"
        and not (row["utm_source"] or row["utm_medium"] or row["utm_campaign"])
        and row["customer_id"] in page_views
        and row["customer_id"] not in (erased_account, changed["customer_id"])
        and order_ids.count(row["order_id"]) == 1
    )
    touch_time = utc_time(touched_order["ordered_at"]).replace(tzinfo=UTC) - timedelta(minutes=1)
    late_touch = {
        **page_views[touched_order["customer_id"]],
        "event_id": "incr-late-touch",
        "occurred_at": str(int(touch_time.timestamp())),
        "traits_email": "",
        "traits_phone": "",
        "utm_source": "facebook",
        "utm_medium": "cpc",
        "utm_campaign": "incr-late-campaign",
    }
    today["web_events"].append(late_touch)

    # Identical copies of order lines: one stored yesterday is delivered again today, byte for byte; one
    # yesterday's folder held twice is delivered once today. Lines of orders of the days before the last,
    # neither the changed order's nor the erased account's, each its order's only line.
    earlier_orders = {
        row["order_id"]
        for row in today["shop_orders"]
        if (day := local_day(row, "shop_orders")) is not None
        and day < last_day
        and order_ids.count(row["order_id"]) == 1
        and row["customer_id"] not in (erased_account, changed["customer_id"])
    }
    copied_line, uncopied_line = [
        row
        for row in today["shop_order_items"]
        if row["order_id"] in earlier_orders and len(lines[row["order_id"]]) == 1
    ][:2]
    second_copy = dict(copied_line)
    today["shop_order_items"].append(second_copy)

    # Yesterday: today without the last day and without the hand-made changes.
    dropped_orders = {
        row["order_id"] for row in today["shop_orders"] if local_day(row, "shop_orders") == last_day
    }
    yesterday: dict[str, list[dict[str, str]]] = {}
    dropped_rows: dict[str, int] = {}
    for table, rows in today.items():
        if table == "shop_order_items":
            kept = [r for r in rows if r["order_id"] not in dropped_orders and r is not added_line]
            kept = [r for r in kept if r is not second_copy] + [dict(uncopied_line)]
        else:
            kept = [r for r in rows if local_day(r, table) != last_day]
        if table == "web_events":
            new_rows = [late, redelivered, unreadable, late_touch, *unreadable_again.values()]
            kept = [r for r in kept if all(r is not new for new in new_rows)]
            kept += [withdrawn, lone, deleted_event]
        if table == "email_events":
            kept = [r for r in kept if r is not unreadable_email and r is not new_email] + [withdrawn_email]
        if table == "shop_orders":
            kept = [{**r, "status": "pending"} if r is changed else r for r in kept]
        if table == "crm_contacts":
            kept = [r for r in kept if r is not edited] + [edited_contact]
        yesterday[table] = kept
        dropped_rows[table] = len(rows) - len(kept)
    support.write_raw_dir(work / "today", today)
    support.write_raw_dir(work / "yesterday", yesterday)
    return Changes(
        last_day,
        late["event_id"],
        template["event_id"],
        changed["order_id"],
        (added_line["order_id"], added_line["line_number"]),
        erased_account,
        (withdrawn["event_id"], lone["event_id"]),
        lone["anonymous_id"],
        deleted_event["event_id"],
        new_email["event_id"],
        withdrawn_email["event_id"],
        edited_contact["contact_id"],
        touched_order["order_id"],
        (copied_line["order_id"], copied_line["line_number"]),
        (uncopied_line["order_id"], uncopied_line["line_number"]),
        dropped_rows,
    )


# --- the two warehouses -------------------------------------------------------------------------------------

FULL = "full"
INCREMENTAL = "incremental"


class Engine(Protocol):
    """Named warehouses on one engine (a DuckDB file, a PostgreSQL database)."""

    def load(self, raw_dir: Path, name: str) -> None:
        """Load raw_dir into warehouse `name`, created if new (the raw tables replaced whole)."""

    def dbt(self, name: str, work: Path, *args: str) -> support.DbtRun:
        """`dbt <args>` on warehouse `name`, target and logs under `work`."""

    def copy(self, source: str, target: str) -> None:
        """Warehouse `target`: a copy of warehouse `source` as it is now."""

    def warehouse(self, name: str) -> Warehouse: ...


@dataclass(frozen=True)
class Yesterday:
    """The warehouses after yesterday's build, per incremental base model: the stored rows' merge keys
    and fingerprints and the keys of the rows quarantined as future_timestamp; the _staged_at of that
    build; and the timeline's web events, event_id -> (visitor_key, customer_id), and email events,
    event_id -> customer_id; the identity records that carry a stable id."""

    stored_rows: dict[str, Counter[tuple[str, object]]]  # (merge_key, raw_hash) -> rows stored
    future_keys: dict[str, set[str]]
    first_run_at: datetime
    web_events: dict[str, tuple[str, str | None]]
    email_events: dict[str, str | None]
    identity_record_keys: set[str]
    lineage_fingerprints: dict[str, int | None]  # customer_id -> candidates_fingerprint

    @classmethod
    def read(cls, warehouse: Warehouse) -> Yesterday:
        stored = {
            model: warehouse.query(f"select merge_key, raw_hash, quarantine_reason from staging.{model}")
            for model in INCREMENTAL_MODELS
        }
        stored_rows = {
            model: Counter((key, raw_hash) for key, raw_hash, _ in rows) for model, rows in stored.items()
        }
        future_keys = {
            model: {key for key, _, reason in rows if reason == "future_timestamp"}
            for model, rows in stored.items()
        }
        ((first_run_at,),) = warehouse.query("select max(_staged_at) from staging.base_web__events")
        web_events = {
            event_id: (visitor_key, customer_id)
            for event_id, visitor_key, customer_id in warehouse.query(
                "select source_record_id, visitor_key, customer_id from marts.fct_customer_events "
                "where source_table = 'web_events'"
            )
        }
        email_events = dict(
            warehouse.query(
                "select source_record_id, customer_id from marts.fct_customer_events "
                "where source_table = 'email_events'"
            )
        )
        identity_record_keys = {
            key for (key,) in warehouse.query("select record_key from intermediate.int_customer_ids_assigned")
        }
        return cls(
            stored_rows,
            future_keys,
            first_run_at,
            web_events,
            email_events,
            identity_record_keys,
            dict(
                warehouse.query(
                    "select customer_id, candidates_fingerprint from marts.customer_attribute_lineage "
                    "where attribute_order = 1"
                )
            ),
        )


@dataclass(frozen=True)
class Runs:
    changes: Changes
    incremental: Warehouse  # yesterday in full, today with the base models incremental
    full: Warehouse  # yesterday in full, today with staging in full
    yesterday: Yesterday


def delete_a_contact(today: Path, warehouse: Warehouse, changes: Changes) -> Changes:
    """Today's folder without the CRM contact that is the only record of its customer in yesterday's
    build (the first such contact id; not the edited one): deleted at the source."""
    ((contact_id,),) = warehouse.query(
        "select min(source_record_id) from marts.customer_identity_map where source_table = 'crm_contacts' "
        f"and source_record_id != '{changes.edited_contact_id}' and customer_id in "
        "(select customer_id from marts.customer_identity_map group by customer_id having count(*) = 1)"
    )
    path = today / "crm_contacts.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns, rows = reader.fieldnames, list(reader)
    kept = [row for row in rows if row["contact_id"].strip() != contact_id]
    assert len(kept) < len(rows), contact_id
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(kept)
    return replace(changes, deleted_contact_id=contact_id)


def _build(engine: Engine, name: str, work: Path, args: tuple[str, ...]) -> None:
    run = engine.dbt(name, work, *args)
    assert run.returncode == 0, run.failure_summary()


def build_day(engine: Engine, work: Path, dbt_vars: dict[str, Any] | None = None) -> Runs:
    """The raw folders written under `work` and the two warehouses built from them (module docstring);
    `dbt_vars` are passed to every dbt command besides staging_incremental.

    Yesterday is built as a daily run builds it, var staging_incremental true (the first build of each
    model is a full one), so that today's incremental run finds what such a run stores (the lineage's
    fingerprints). It is built in warehouse "incremental" and copied to "full": yesterday's build and
    today's incremental one run on the same warehouse with the same vars, so the second starts from the
    first's parse (dbt parses the whole project again when the vars or the connection change)."""
    changes = write_folders(work)
    in_full = ("--vars", json.dumps({**(dbt_vars or {}), "staging_incremental": False}))
    incremental = ("--vars", json.dumps({**(dbt_vars or {}), "staging_incremental": True}))

    engine.load(work / "yesterday", INCREMENTAL)
    _build(engine, INCREMENTAL, work / INCREMENTAL, (*FULL_BUILD, *incremental))
    yesterday = Yesterday.read(engine.warehouse(INCREMENTAL))
    changes = delete_a_contact(work / "today", engine.warehouse(INCREMENTAL), changes)
    engine.copy(INCREMENTAL, FULL)

    engine.load(work / "today", FULL)
    _build(engine, FULL, work / FULL, (*FULL_BUILD, *in_full))
    engine.load(work / "today", INCREMENTAL)
    _build(engine, INCREMENTAL, work / INCREMENTAL, (*INCREMENTAL_BUILD, *incremental))
    return Runs(changes, engine.warehouse(INCREMENTAL), engine.warehouse(FULL), yesterday)


# --- the comparisons ----------------------------------------------------------------------------------------


def relations(warehouse: Warehouse, schema: str, tables_only: bool = False) -> list[str]:
    """The tables (and views unless tables_only) of a schema, by name."""
    kind = " and table_type = 'BASE TABLE'" if tables_only else ""
    return [
        name
        for (name,) in warehouse.query(
            f"select table_name from information_schema.tables where table_schema = '{schema}'{kind} "
            "order by table_name"
        )
    ]


def identity_tables(warehouse: Warehouse) -> list[str]:
    """The identity layer's intermediate models stored as tables (the views read staging, compared
    whole): int_identity_* and the stable customer ids."""
    return [
        name
        for name in relations(warehouse, "intermediate", tables_only=True)
        if name.startswith("int_identity_") or name == "int_customer_ids_assigned"
    ]


# Stored by an incremental build only (null in a build with staging_incremental false, as warehouse "full"
# is built today): the lineage's fingerprint of each customer's candidates, and the fingerprints of the
# inputs of fct_orders (per customer), fct_order_items (per order) and customer_consent (per customer).
INCREMENTAL_STATE_COLUMNS = ("candidates_fingerprint", "inputs_fingerprint")


def _columns(warehouse: Warehouse, schema: str, relation: str) -> list[str]:
    left_out = (
        *UNCOMPARED_COLUMNS["*"],
        *UNCOMPARED_COLUMNS.get(relation, ()),
        *BUILD_TIME_COLUMNS,
        *INCREMENTAL_STATE_COLUMNS,
    )
    columns = [
        name
        for (name,) in warehouse.query(
            "select column_name from information_schema.columns "
            f"where table_schema = '{schema}' and table_name = '{relation}' order by column_name"
        )
        if name not in left_out
    ]
    assert columns, f"{schema}.{relation} is not built"
    return columns


def differences(runs: Runs, schema: str, relation: str) -> str:
    """The rows of schema.relation found in one warehouse only (every column but build times; numbers
    within a relative 1e-6: the rows of an incremental table sit in another order, so a sum of doubles
    may differ in its last bits; tests/engines/conftest.py unmatched_rows), as text."""
    columns = ", ".join(f'"{column}"' for column in _columns(runs.full, schema, relation))
    sql = f"select {columns} from {schema}.{relation}"
    only_incremental, only_full = unmatched_rows(runs.incremental.query(sql), runs.full.query(sql))
    return "\n".join(
        [
            *(f"only in incremental: {r}" for r in only_incremental[:5]),
            *(f"only in full: {r}" for r in only_full[:5]),
        ]
    )


def assert_the_appended_day_is_new(runs: Runs) -> None:
    # Yesterday's folder really lacks a day of the append-heavy tables (email campaigns skip days).
    for table in ("web_events", "shop_orders", "shop_order_items", "pos_transactions", "consent_events"):
        assert runs.changes.dropped_rows[table] > 0, table


def assert_same_relations(runs: Runs, schema: str, names: list[str]) -> None:
    differing = {name: diff for name in names if (diff := differences(runs, schema, name))}
    assert not differing, "\n".join(f"{schema}.{name}:\n{diff}" for name, diff in differing.items())


def assert_same_identity_layer(runs: Runs) -> None:
    tables = identity_tables(runs.full)
    assert "int_identity_clusters" in tables and "int_customer_ids_assigned" in tables, tables
    assert tables == identity_tables(runs.incremental)
    assert_same_relations(runs, "intermediate", tables)


def assert_same_staging(runs: Runs) -> None:
    """Every staging relation, the quarantine included."""
    names = relations(runs.full, "staging")
    assert "stg_quarantine__rows" in names and "base_web__events" in names, names
    assert names == relations(runs.incremental, "staging")
    assert_same_relations(runs, "staging", names)


def assert_the_changes_arrived(runs: Runs) -> None:
    changes, warehouse = runs.changes, runs.incremental
    # The deleted contact and web event are gone from staging, the contact's record from identity
    # resolution, the event from the timeline.
    assert warehouse.query(
        f"select count(*) from staging.base_crm__contacts where contact_id = '{changes.deleted_contact_id}'"
    ) == [(0,)]
    assert warehouse.query(
        "select count(*) from marts.customer_identity_map "
        f"where record_key = 'crm_contacts:{changes.deleted_contact_id}'"
    ) == [(0,)]
    assert warehouse.query(
        f"select count(*) from staging.base_web__events where event_id = '{changes.deleted_event_id}'"
    ) == [(0,)]
    assert warehouse.query(
        "select count(*) from marts.fct_customer_events "
        f"where source_table = 'web_events' and source_record_id = '{changes.deleted_event_id}'"
    ) == [(0,)]
    # The edited contact carries its corrected gender, and only once.
    assert warehouse.query(
        f"select gender from staging.stg_crm__contacts where contact_id = '{changes.edited_contact_id}'"
    ) == [("male",)]
    assert warehouse.query(
        f"select status from staging.stg_shop__orders where order_id = '{changes.changed_order_id}'"
    ) == [("paid",)]
    # The untagged order is attributed to the touch that arrived late (its customer's orders are the same).
    assert warehouse.query(
        "select attribution_source, attributed_channel, attributed_campaign_id, attributed_touch_key "
        f"from marts.fct_orders where order_key = 'shop_orders:{changes.touched_order_id}'"
    ) == [("last_touch", "paid_social", "incr-late-campaign", "web_events:incr-late-touch")]
    # The order lines delivered in another number of identical copies: the line delivered again is two
    # rows, one of them a duplicate; the line delivered once now is one row (as a full build stores them).
    for (order_id, line_number), copies in ((changes.copied_line, 2), (changes.uncopied_line, 1)):
        assert warehouse.query(
            "select count(*), count(case when is_duplicate then 1 end) from staging.base_shop__order_items "
            f"where order_id = '{order_id}' and line_number = {int(line_number)}"
        ) == [(copies, copies - 1)]
    order_id, line_number = changes.added_line
    assert warehouse.query(
        "select count(*) from staging.stg_shop__order_items "
        f"where order_id = '{order_id}' and line_number = {int(line_number)}"
    ) == [(1,)]
    assert warehouse.query(
        f"select count(*) from staging.stg_web__events where event_id = '{changes.late_event_id}'"
    ) == [(1,)]
    assert warehouse.query(
        "select count(*) from staging.base_web__events "
        f"where is_duplicate and event_id = '{changes.redelivered_event_id}'"
    ) == [(1,)]
    assert warehouse.query(
        "select quarantine_reason from staging.stg_quarantine__rows "
        "where source_table = 'web_events' and source_record_id = 'incr-bad-time'"
    ) == [("unparseable_timestamp",)]
    # The erased account's orders left the timeline, and no session keeps her visitor key.
    assert warehouse.query(
        "select count(*) from intermediate.int_erasure_records_resolved "
        f"where record_key = 'shop_customers:{changes.erased_account}'"
    ) == [(1,)]
    assert warehouse.query(
        "select count(*) from marts.fct_customer_events where source_table = 'shop_orders' "
        f"and source_record_id in (select order_id from staging.stg_shop__orders "
        f"where customer_id = '{changes.erased_account}')"
    ) == [(0,)]
    assert warehouse.query(
        f"select count(*) from marts.fct_web_sessions where visitor_key = 'user:{changes.erased_account}'"
    ) == [(0,)]
    # The withdrawn events are quarantined and left the timeline; the lone visitor has no session left.
    withdrawn = "', '".join(changes.withdrawn_event_ids)
    assert warehouse.query(
        "select source_record_id, quarantine_reason from staging.stg_quarantine__rows "
        f"where source_table = 'web_events' and source_record_id in ('{withdrawn}') order by 1"
    ) == [(event_id, "unparseable_timestamp") for event_id in sorted(changes.withdrawn_event_ids)]
    assert warehouse.query(
        "select count(*) from marts.fct_customer_events "
        f"where source_table = 'web_events' and source_record_id in ('{withdrawn}')"
    ) == [(0,)]
    assert warehouse.query(
        f"select count(*) from marts.fct_web_sessions where visitor_key = '{changes.lone_visitor_key}'"
    ) == [(0,)]
    # Its identity record, which yesterday's build gave a stable id, is gone from the stable ids and their
    # history: the key is the source's identifier (docs/privacy.md "Deleted at the source").
    lone_record = f"web_events:{changes.lone_visitor_key}"
    assert lone_record in runs.yesterday.identity_record_keys
    for table in ("int_customer_ids_assigned", "int_customer_id_history"):
        assert warehouse.query(
            f"select count(*) from intermediate.{table} where record_key = '{lone_record}'"
        ) == [(0,)], table
    # The late email event is a touchpoint; the withdrawn one is quarantined and left the timeline.
    assert warehouse.query(
        "select source_record_id from marts.fct_customer_events where source_table = 'email_events' "
        f"and source_record_id in ('{changes.new_email_event_id}', '{changes.withdrawn_email_event_id}')"
    ) == [(changes.new_email_event_id,)]
    assert warehouse.query(
        "select quarantine_reason from staging.stg_quarantine__rows where source_table = 'email_events' "
        f"and source_record_id = '{changes.withdrawn_email_event_id}'"
    ) == [("unparseable_timestamp",)]


def assert_the_run_parsed_only_new_or_changed_keys(runs: Runs, model: str) -> None:
    """The rows today's incremental run wrote (_staged_at later than yesterday's build) are exactly the
    rows of the keys with a row quarantined as future_timestamp yesterday, or whose rows today's raw
    table delivers in other numbers than yesterday's build stored them, fingerprint by fingerprint: a
    raw row whose fingerprint was not stored (new or changed), a stored row whose fingerprint is no
    longer delivered (a changed row's earlier version, a row deleted at the source), a row delivered in
    more or fewer identical copies. Every other row was left as yesterday's build wrote it."""
    rows = runs.incremental.query(f"select merge_key, raw_hash, _staged_at from staging.{model}")
    # Today's raw rows as today's full build stored them (one base row per raw row).
    delivered = Counter(runs.full.query(f"select merge_key, raw_hash from staging.{model}"))
    stored = runs.yesterday.stored_rows[model]
    changed = {
        key
        for key, raw_hash in delivered.keys() | stored.keys()
        if delivered[(key, raw_hash)] != stored[(key, raw_hash)]
    }
    present = {key for key, _, _ in rows}
    expected = (changed | runs.yesterday.future_keys[model]) & present
    rewritten = [key for key, _, staged_at in rows if staged_at > runs.yesterday.first_run_at]
    assert set(rewritten) == expected
    assert len(rewritten) == sum(1 for key, _, _ in rows if key in expected)
    assert len(rewritten) > 0
    assert len(rewritten) < len(rows) * 0.25, (len(rewritten), len(rows))


def assert_the_timeline_rewrote_only_changed_visitors(runs: Runs) -> None:
    """fct_customer_events and fct_web_sessions, run incrementally (docs/scaling.md "Incremental runs"):
    today's run (_built_at later than yesterday's build) rewrote every touchpoint that is not a web or
    email event; of the email events exactly those staged today, new, or under another customer than
    yesterday's timeline holds; and of the web events exactly those of the visitors with an event that
    is new, staged again today, or under another visitor or customer than yesterday's timeline holds
    (under its visitor of today and of yesterday), and of the visitors of yesterday's events that are
    gone (withdrawn).
    fct_web_sessions rewrote exactly the sessions of those visitors."""
    warehouse = runs.incremental
    since = runs.yesterday.first_run_at
    staged_today = {
        event_id
        for (event_id,) in warehouse.query(
            f"select event_id from staging.base_web__events where _staged_at > '{since}'"
        )
    }
    events = warehouse.query(
        "select source_record_id, visitor_key, customer_id, _built_at from marts.fct_customer_events "
        "where source_table = 'web_events'"
    )
    changed_visitors: set[str] = set()
    for event_id, visitor_key, customer_id, _ in events:
        before = runs.yesterday.web_events.get(event_id)
        if before is None or event_id in staged_today or before != (visitor_key, customer_id):
            changed_visitors.add(visitor_key)
            if before is not None:
                changed_visitors.add(before[0])
    present = {event_id for event_id, _, _, _ in events}
    gone = {event_id for event_id in runs.yesterday.web_events if event_id not in present}
    assert gone == {*runs.changes.withdrawn_event_ids, runs.changes.deleted_event_id}
    changed_visitors |= {runs.yesterday.web_events[event_id][0] for event_id in gone}
    rewritten = {event_id for event_id, _, _, built_at in events if built_at > since}
    expected = {event_id for event_id, visitor_key, _, _ in events if visitor_key in changed_visitors}
    assert rewritten == expected
    assert 0 < len(rewritten) < len(events) * 0.25, (len(rewritten), len(events))
    assert warehouse.query(
        "select count(*) from marts.fct_customer_events "
        f"where source_table not in ('web_events', 'email_events') and _built_at <= '{since}'"
    ) == [(0,)]
    # Of the email events, exactly those staged today, new, or under another customer than yesterday's.
    staged_emails = {
        event_id
        for (event_id,) in warehouse.query(
            f"select event_id from staging.base_email__events where _staged_at > '{since}'"
        )
    }
    emails = warehouse.query(
        "select source_record_id, customer_id, _built_at from marts.fct_customer_events "
        "where source_table = 'email_events'"
    )
    before = runs.yesterday.email_events
    expected_emails = {
        event_id
        for event_id, customer_id, _ in emails
        if event_id not in before or event_id in staged_emails or before[event_id] != customer_id
    }
    assert {event_id for event_id, _, built_at in emails if built_at > since} == expected_emails
    assert 0 < len(expected_emails) < len(emails) * 0.25, (len(expected_emails), len(emails))
    sessions = warehouse.query("select visitor_key, _built_at from marts.fct_web_sessions")
    rewritten_sessions = {visitor_key for visitor_key, built_at in sessions if built_at > since}
    assert rewritten_sessions == changed_visitors & {visitor_key for visitor_key, _ in sessions}
    assert len(rewritten_sessions) < len(sessions) * 0.25


def assert_the_lineage_decided_only_changed_customers(runs: Runs) -> None:
    """customer_attribute_lineage, run incrementally: today's run (_built_at later than yesterday's build)
    decided again exactly the customers that are new or whose candidates' fingerprint is not yesterday's,
    all six attributes of each, and left every other customer's rows as yesterday's build wrote them;
    the customers gone since yesterday (the deleted contact's) have no row."""
    since = runs.yesterday.first_run_at
    rows = runs.incremental.query(
        "select customer_id, candidates_fingerprint, _built_at from marts.customer_attribute_lineage"
    )
    before = runs.yesterday.lineage_fingerprints
    expected = {
        customer_id
        for customer_id, fingerprint, _ in rows
        if customer_id not in before or before[customer_id] != fingerprint
    }
    rewritten = [customer_id for customer_id, _, built_at in rows if built_at > since]
    assert set(rewritten) == expected
    assert len(rewritten) == 6 * len(expected)
    customers = {customer_id for customer_id, _, _ in rows}
    assert 0 < len(expected) < len(customers) * 0.25, (len(expected), len(customers))
    gone = set(before) - customers
    assert gone, "no customer left since yesterday"


class IncrementalDayTests:
    """The assertions of the day, the same on every engine: a test module subclasses this as `Test...` and
    defines the module fixture `runs` that builds the day on its engine."""

    def test_the_appended_day_is_new(self, runs: Runs) -> None:
        assert_the_appended_day_is_new(runs)

    @pytest.mark.parametrize("mart", COMPARED)
    def test_contract_outputs_equal_a_full_build(self, runs: Runs, mart: str) -> None:
        assert_same_relations(runs, "marts", [mart])

    def test_identity_layer_equals_a_full_build(self, runs: Runs) -> None:
        assert_same_identity_layer(runs)

    def test_staged_rows_and_quarantine_equal_a_full_build(self, runs: Runs) -> None:
        assert_same_staging(runs)

    def test_the_changes_arrived(self, runs: Runs) -> None:
        assert_the_changes_arrived(runs)

    def test_the_timeline_rewrote_only_changed_visitors(self, runs: Runs) -> None:
        assert_the_timeline_rewrote_only_changed_visitors(runs)

    def test_the_lineage_decided_only_changed_customers(self, runs: Runs) -> None:
        assert_the_lineage_decided_only_changed_customers(runs)

    @pytest.mark.parametrize("model", INCREMENTAL_MODELS)
    def test_the_run_parsed_only_new_or_changed_keys(self, runs: Runs, model: str) -> None:
        assert_the_run_parsed_only_new_or_changed_keys(runs, model)

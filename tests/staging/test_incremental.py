"""Incremental staging (docs/scaling.md "Incremental runs"): a day appended and run incrementally gives the
same contract outputs as a full build of the same raw data, and the run parsed only the new or changed keys.

One generated data set (PEOPLE people) is "today's" raw folder. "Yesterday's" folder is the same without
the rows of the last local day (by each table's own time; order lines with their order) and without
four hand-made changes that only today's folder has:
- a web event arriving 30 days late;
- a second delivery of an event of 30 days before, its time written another way (flagged a duplicate);
- a web event whose time cannot be read (quarantined: unparseable_timestamp);
- an order of 30 days before whose status changed from pending to paid, and which gained a line.

Warehouse A: yesterday loaded and built in full, then today loaded and built again with the six base
models incremental (`dbt build`: the data tests too, row conservation among them). Warehouse B: a copy of A
as yesterday's build left it, today loaded and built with every staging model rebuilt in full (var
staging_incremental false). Both share yesterday's stable customer ids, so the only difference between them
is how staging read today's rows: every contract output, every mart the engine comparisons compare (the
history marts whole) and every staged and quarantined row must be the same, row for row. (A fresh build of
today's folder would differ from both in the ids of customers whose records were merged today: the oldest
id survives a merge, docs/identity_resolution.md.)
"""

from __future__ import annotations

import csv
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from cdp.bench.incremental import ROW_TIME
from cdp.contract import RAW_TABLES
from cdp.generator import generate
from cdp.raw_loader import load_raw_dir
from tests import support
from tests.engines.conftest import COMPARED_MARTS, UNCOMPARED_COLUMNS, within_rounding

PEOPLE = 2000
SEED = 31
LATE = timedelta(days=30)
LOCAL = timedelta(hours=7)  # Asia/Ho_Chi_Minh, var source_timezone
FULL_BUILD = ("build", "--exclude-resource-type", "unit_test", "--exclude-resource-type", "test")
INCREMENTAL_BUILD = ("build", "--exclude-resource-type", "unit_test")
STAGING_IN_FULL = ("--vars", '{"staging_incremental": false}')
STAGING_INCREMENTAL = ("--vars", '{"staging_incremental": true}')

# The incremental base models.
INCREMENTAL_MODELS = (
    "base_web__events",
    "base_email__events",
    "base_shop__orders",
    "base_shop__order_items",
    "base_pos__transactions",
    "base_privacy__consent_events",
)
# Contract outputs (CONTRACT.md §2) beside the marts the engine comparisons compare.
COMPARED = ("customer_identity_map", "identity_edges", *COMPARED_MARTS)
# Columns stamped with the time of the build that wrote the row.
BUILD_TIME_COLUMNS = ("customer_id_assigned_at", "_staged_at")


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
    dropped_rows: dict[str, int]


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

    # Yesterday: today without the last day and without the hand-made changes.
    dropped_orders = {
        row["order_id"] for row in today["shop_orders"] if local_day(row, "shop_orders") == last_day
    }
    yesterday: dict[str, list[dict[str, str]]] = {}
    dropped_rows: dict[str, int] = {}
    for table, rows in today.items():
        if table == "shop_order_items":
            kept = [r for r in rows if r["order_id"] not in dropped_orders and r is not added_line]
        else:
            kept = [r for r in rows if local_day(r, table) != last_day]
        if table == "web_events":
            kept = [r for r in kept if r is not late and r is not redelivered and r is not unreadable]
        if table == "shop_orders":
            kept = [{**r, "status": "pending"} if r is changed else r for r in kept]
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
        dropped_rows,
    )


@dataclass(frozen=True)
class Runs:
    changes: Changes
    incremental: Path  # warehouse A
    full: Path  # warehouse B: yesterday as in A, today with staging in full
    # per incremental base model, from A before today's run: the fingerprints stored, the keys of the rows
    # quarantined as future_timestamp
    stored_hashes: dict[str, set[int]]
    future_keys: dict[str, set[str]]
    first_run_at: datetime  # _staged_at of yesterday's build in A


def _build(database: Path, work: Path, args: tuple[str, ...]) -> None:
    run = support.run_dbt(database, work, *args)
    assert run.returncode == 0, run.failure_summary()


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    work = tmp_path_factory.mktemp("incremental")
    changes = write_folders(work)
    incremental, full = work / "incremental.duckdb", work / "full.duckdb"

    load_raw_dir(work / "yesterday", incremental)
    _build(incremental, work / "a", FULL_BUILD)
    shutil.copyfile(incremental, full)
    con = duckdb.connect(str(incremental), read_only=True)
    try:
        stored_hashes = {
            model: {h for (h,) in con.execute(f"select raw_hash from staging.{model}").fetchall()}
            for model in INCREMENTAL_MODELS
        }
        future_keys = {
            model: {
                k
                for (k,) in con.execute(
                    f"select merge_key from staging.{model} where quarantine_reason = 'future_timestamp'"
                ).fetchall()
            }
            for model in INCREMENTAL_MODELS
        }
        (first_run_at,) = con.execute("select max(_staged_at) from staging.base_web__events").fetchone()
    finally:
        con.close()
    load_raw_dir(work / "today", incremental)
    _build(incremental, work / "a", (*INCREMENTAL_BUILD, *STAGING_INCREMENTAL))

    load_raw_dir(work / "today", full)
    _build(full, work / "b", (*FULL_BUILD, *STAGING_IN_FULL))
    return Runs(changes, incremental, full, stored_hashes, future_keys, first_run_at)


@pytest.fixture(scope="module")
def both(runs: Runs) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect()
    con.execute(f"attach '{runs.incremental}' as a (read_only)")
    con.execute(f"attach '{runs.full}' as b (read_only)")
    try:
        yield con
    finally:
        con.close()


def _columns(con: duckdb.DuckDBPyConnection, schema: str, relation: str) -> list[str]:
    left_out = (*UNCOMPARED_COLUMNS["*"], *UNCOMPARED_COLUMNS.get(relation, ()), *BUILD_TIME_COLUMNS)
    columns = [
        name
        for (name,) in con.execute(
            "select column_name from information_schema.columns where table_catalog = 'b' "
            "and table_schema = ? and table_name = ? order by column_name",
            [schema, relation],
        ).fetchall()
        if name not in left_out
    ]
    assert columns, f"{schema}.{relation} is not built"
    return columns


def _differences(con: duckdb.DuckDBPyConnection, schema: str, relation: str) -> str:
    """The rows of schema.relation found in one warehouse only (every column but build times; numbers to
    6 significant digits: the rows of an incremental table sit in another order, so a sum of doubles may
    differ in its last bits), as text."""
    columns = ", ".join(f'"{c}"' for c in _columns(con, schema, relation))
    counted = {}
    for side in ("a", "b"):
        rows = con.execute(f"select {columns} from {side}.{schema}.{relation}").fetchall()
        counted[side] = Counter(tuple(within_rounding(value) for value in row) for row in rows)
    only_a = list((counted["a"] - counted["b"]).elements())[:5]
    only_b = list((counted["b"] - counted["a"]).elements())[:5]
    return "\n".join(
        [*(f"only in incremental: {r}" for r in only_a), *(f"only in full: {r}" for r in only_b)]
    )


def test_the_appended_day_is_new(runs: Runs) -> None:
    # Yesterday's folder really lacks a day of the append-heavy tables (email campaigns skip days).
    for table in ("web_events", "shop_orders", "shop_order_items", "pos_transactions", "consent_events"):
        assert runs.changes.dropped_rows[table] > 0, table


@pytest.mark.parametrize("mart", COMPARED)
def test_contract_outputs_equal_a_full_build(both: duckdb.DuckDBPyConnection, mart: str) -> None:
    differences = _differences(both, "marts", mart)
    assert not differences, f"marts.{mart} differs:\n{differences}"


def test_staged_rows_and_quarantine_equal_a_full_build(both: duckdb.DuckDBPyConnection) -> None:
    views = [
        name
        for (name,) in both.execute(
            "select table_name from information_schema.tables where table_catalog = 'b' "
            "and table_schema = 'staging' order by 1"
        ).fetchall()
    ]
    assert "stg_quarantine__rows" in views and "base_web__events" in views
    differing = {name: diff for name in views if (diff := _differences(both, "staging", name))}
    assert not differing, "\n".join(f"staging.{name}:\n{diff}" for name, diff in differing.items())


def test_the_changes_arrived(both: duckdb.DuckDBPyConnection, runs: Runs) -> None:
    changes = runs.changes
    (status,) = both.execute(
        "select status from a.staging.stg_shop__orders where order_id = ?", [changes.changed_order_id]
    ).fetchone()
    assert status == "paid"
    (lines,) = both.execute(
        "select count(*) from a.staging.stg_shop__order_items where order_id = ? and line_number = ?",
        [changes.added_line[0], int(changes.added_line[1])],
    ).fetchone()
    assert lines == 1
    (late,) = both.execute(
        "select count(*) from a.staging.stg_web__events where event_id = ?", [changes.late_event_id]
    ).fetchone()
    assert late == 1
    (duplicates,) = both.execute(
        "select count(*) filter (where is_duplicate) from a.staging.base_web__events where event_id = ?",
        [changes.redelivered_event_id],
    ).fetchone()
    assert duplicates == 1
    (quarantined,) = both.execute(
        "select quarantine_reason from a.staging.stg_quarantine__rows "
        "where source_table = 'web_events' and source_record_id = 'incr-bad-time'"
    ).fetchone()
    assert quarantined == "unparseable_timestamp"


@pytest.mark.parametrize("model", INCREMENTAL_MODELS)
def test_the_run_parsed_only_new_or_changed_keys(
    both: duckdb.DuckDBPyConnection, runs: Runs, model: str
) -> None:
    """The rows today's run wrote (_staged_at later than yesterday's build) are exactly the rows of the keys
    with a raw row whose fingerprint yesterday's build had not stored, or with a row quarantined as
    future_timestamp yesterday. Every other row was left as yesterday's build wrote it."""
    rows = both.execute(f"select merge_key, raw_hash, _staged_at from a.staging.{model}").fetchall()
    changed = {key for key, raw_hash, _ in rows if raw_hash not in runs.stored_hashes[model]}
    expected = changed | runs.future_keys[model]
    rewritten = [key for key, _, staged_at in rows if staged_at > runs.first_run_at]
    assert set(rewritten) == expected
    assert len(rewritten) == sum(1 for key, _, _ in rows if key in expected)
    # email_events has no row on the last day: nothing to parse
    assert (len(rewritten) > 0) == (model != "base_email__events")
    assert len(rewritten) < len(rows) * 0.25, (len(rewritten), len(rows))

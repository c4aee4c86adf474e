"""Macro fingerprint_xor (macros/utils): the order-free fingerprint of a group's rows by which the
incremental models compare their inputs with the stored ones (docs/scaling.md "Incremental runs"). The
macro is compiled by dbt (`dbt compile --inline`) and its SQL run on a real DuckDB file;
tests/engines/test_postgres_incremental.py runs the same cases on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

from tests.support import DbtRun, run_dbt

# (group, key, value, amount). amount is the same on every row of a group, as an order's net amount on each
# of its lines (fct_order_items) or a customer's touches fingerprint on each of its orders (fct_orders).
ROWS: list[tuple[str, str, str | None, int]] = [
    ("same", "k1", "x", 10),
    ("same", "k2", "y", 10),
    # the same rows, delivered in another order
    ("reordered", "k2", "y", 10),
    ("reordered", "k1", "x", 10),
    # the amount changed on both rows of the group (an even number of rows)
    ("amount_changed", "k1", "x", 11),
    ("amount_changed", "k2", "y", 11),
    # one value changed
    ("value_changed", "k1", "x", 10),
    ("value_changed", "k2", "z", 10),
    # a value gone
    ("value_null", "k1", "x", 10),
    ("value_null", "k2", None, 10),
    # a row removed
    ("row_removed", "k1", "x", 10),
    # a row added
    ("row_added", "k1", "x", 10),
    ("row_added", "k2", "y", 10),
    ("row_added", "k3", "w", 10),
]

INLINE = (
    "select grp, {{{{ cdp.fingerprint_xor(['k', 'v', 'amount']) }}}} as fp from ({rows}) as t group by grp"
)


def inline_sql() -> str:
    """The test's dbt SQL on one line: the rows as a union of selects (no VALUES list: portable)."""
    selects = []
    for group, key, value, amount in ROWS:
        text = "cast(null as varchar(10))" if value is None else f"'{value}'"
        selects.append(f"select '{group}' as grp, '{key}' as k, {text} as v, {amount} as amount")
    return INLINE.format(rows=" union all ".join(selects))


def compiled_sql(run: DbtRun) -> str:
    """The SQL `dbt compile -q --inline` printed: its line that starts the select."""
    assert run.returncode == 0, run.failure_summary()
    return next(line for line in run.output.splitlines() if line.strip().startswith("select grp,"))


def assert_fingerprints_tell_the_changes(execute: Callable[[str], list[tuple]], sql: str) -> None:
    fingerprints = dict(execute(sql))
    assert set(fingerprints) == {group for group, *_ in ROWS}
    # A bigint on every engine.
    assert all(isinstance(value, int) and -(2**63) <= value < 2**63 for value in fingerprints.values())
    # The order of the rows does not matter; every change does.
    assert fingerprints["reordered"] == fingerprints["same"]
    changed = [group for group in fingerprints if group not in ("same", "reordered")]
    distinct = {fingerprints[group] for group in changed} | {fingerprints["same"]}
    assert len(distinct) == len(changed) + 1, fingerprints


def test_fingerprints_tell_every_change_and_ignore_the_order_on_duckdb(tmp_path: Path) -> None:
    database = tmp_path / "fingerprint.duckdb"
    sql = compiled_sql(run_dbt(database, tmp_path, "compile", "-q", "--inline", inline_sql()))
    assert "hash(hash(" in sql  # DuckDB's own hash, mixed twice

    def execute(query: str) -> list[tuple]:
        with duckdb.connect(str(database)) as connection:
            return connection.execute(query).fetchall()

    assert_fingerprints_tell_the_changes(execute, sql)

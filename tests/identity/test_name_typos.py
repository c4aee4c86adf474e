"""The typo macros of the name comparison on DuckDB, on the hand-made cases of typo_cases.py (the same
cases run on PostgreSQL and Spark in tests/engines): within_one_edit, within_edits (the given-name
guard's typos), and tokens_contained_with_typo,
which makes a dropped middle name with a typo name level 2 (docs/identity_resolution.md)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tests import support

from .typo_cases import (
    CONTAINED_WITH_TYPO_CASES,
    MIN_LENGTH,
    ONE_EDIT_CASES,
    TWO_EDIT_CASES,
    TWO_EDITS,
    cases_sql,
)


def _shown(tmp_path: Path, sql: str) -> dict[tuple, object]:
    """(a, b) -> result of `dbt show --inline` on a DuckDB file."""
    shown = support.shown_rows(support.run_dbt(tmp_path / "cdp.duckdb", tmp_path, *support.show_args(sql)))
    return {(row["a"], row["b"]): row["result"] for row in shown}


def test_within_one_edit_on_hand_made_pairs(tmp_path: Path) -> None:
    found = _shown(tmp_path, cases_sql("{{ cdp.within_one_edit('a', 'b') }}", ONE_EDIT_CASES))
    assert found == {(a, b): expected for a, b, expected in ONE_EDIT_CASES}


def test_within_one_edit_is_damerau_levenshtein_at_most_one() -> None:
    """The hand-made answers agree with DuckDB's damerau_levenshtein, the reference the other engines'
    versions are held to."""
    con = duckdb.connect()
    for a, b, expected in ONE_EDIT_CASES:
        (distance,) = con.execute("select damerau_levenshtein(?, ?)", [a, b]).fetchone()
        assert (None if distance is None else distance <= 1) == expected, (a, b, distance)


def test_within_two_edits_on_hand_made_pairs(tmp_path: Path) -> None:
    found = _shown(tmp_path, cases_sql(f"{{{{ cdp.within_edits('a', 'b', {TWO_EDITS}) }}}}", TWO_EDIT_CASES))
    assert found == {(a, b): expected for a, b, expected in TWO_EDIT_CASES}


def test_within_edits_at_one_edit_is_within_one_edit(tmp_path: Path) -> None:
    found = _shown(tmp_path, cases_sql("{{ cdp.within_edits('a', 'b', 1) }}", ONE_EDIT_CASES))
    assert found == {(a, b): expected for a, b, expected in ONE_EDIT_CASES}


def test_tokens_contained_with_typo_on_hand_made_names(tmp_path: Path) -> None:
    call = f"{{{{ cdp.tokens_contained_with_typo('a', 'b', {MIN_LENGTH}) }}}}"
    found = _shown(tmp_path, cases_sql(call, CONTAINED_WITH_TYPO_CASES))
    assert found == {(a, b): expected for a, b, expected in CONTAINED_WITH_TYPO_CASES}

"""How the engine and incremental comparisons match rows (conftest.unmatched_rows), on hand-made rows."""

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

from .conftest import unmatched_rows


def test_numbers_on_either_side_of_a_rounding_boundary_match() -> None:
    # 702915.4999999 and 702915.5000001 round to different 6-digit values; they differ by 3e-13 relative.
    left = [("cus_a", 702915.4999999, 12)]
    right = [("cus_a", 702915.5000001, 12)]
    assert unmatched_rows(left, right) == ([], [])


def test_a_number_off_by_more_than_the_tolerance_is_reported() -> None:
    left = [("cus_a", 100.0), ("cus_b", 5.0)]
    right = [("cus_a", 100.001), ("cus_b", 5.0)]
    assert unmatched_rows(left, right) == ([("cus_a", 100.0)], [("cus_a", 100.001)])


def test_integers_must_be_equal_and_other_values_too() -> None:
    assert unmatched_rows([("x", 1_000_000)], [("x", 1_000_001)]) == ([("x", 1_000_000)], [("x", 1_000_001)])
    assert unmatched_rows([("x", 1.0)], [("y", 1.0)]) == ([("x", 1.0)], [("y", 1.0)])
    assert unmatched_rows([(True, None)], [(True, None)]) == ([], [])


def test_engine_types_compare_as_values() -> None:
    # A Spark decimal against a DuckDB double; an aware PostgreSQL time against DuckDB's naive UTC.
    aware = datetime(2026, 1, 2, 10, 0, tzinfo=timezone(timedelta(hours=7)))
    naive_utc = datetime(2026, 1, 2, 3, 0)
    assert unmatched_rows([(Decimal("0.1234567"), aware)], [(0.1234567, naive_utc)]) == ([], [])
    assert aware.astimezone(UTC).replace(tzinfo=None) == naive_utc


def test_each_row_matches_one_row_at_most() -> None:
    left = [("k", 1.0), ("k", 1.0)]
    right = [("k", 1.0)]
    assert unmatched_rows(left, right) == ([("k", 1.0)], [])
    # Near numbers within a key pair up however they are ordered.
    assert unmatched_rows([("k", 2.0), ("k", 1.0)], [("k", 1.0000000001), ("k", 1.9999999999)]) == ([], [])


def test_null_and_a_number_differ() -> None:
    assert unmatched_rows([("k", None)], [("k", 0.0)]) == ([("k", None)], [("k", 0.0)])

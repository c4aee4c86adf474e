"""Hand-made cases of the typo macros of the name comparison (macros/identity/within_one_edit.sql,
macros/identity/within_edits.sql, macros/identity/tokens_contained.sql), each answer worked out by hand;
the same cases run on DuckDB (tests/identity/test_name_typos.py), PostgreSQL and Spark (tests/engines)."""

from __future__ import annotations

# (a, b, within one edit?): one letter inserted, deleted or replaced, or two adjacent letters swapped.
ONE_EDIT_CASES: list[tuple[str | None, str | None, bool | None]] = [
    ("dang", "dang", True),  # equal
    ("dnag", "dang", True),  # n and a swapped
    ("hanh", "hnah", True),  # a and n swapped
    ("khanh", "khahn", True),  # the last two letters swapped
    ("ab", "ba", True),  # the only two letters swapped
    ("dung", "dunj", True),  # g replaced
    ("dung", "duong", True),  # o inserted
    ("duong", "dung", True),  # o deleted
    ("a", "", True),  # one letter deleted
    ("", "", True),
    ("abcd", "badc", False),  # two swaps
    ("minh", "nimh", False),  # m and n swapped across a letter: two replacements
    ("khanh", "knahh", False),  # h and n swapped across a letter
    ("dunj", "duong", False),  # a replacement and an insertion
    ("tran", "tuan", True),  # r replaced
    (None, "a", None),
    ("a", None, None),
]

# (a, b, within two edits?), two adjacent letters swapped counting as one edit (macro within_edits, 2).
TWO_EDITS = 2
TWO_EDIT_CASES: list[tuple[str | None, str | None, bool | None]] = [
    ("benjamin", "benjamin", True),  # equal
    ("benjamin", "benajmif", True),  # j and a swapped, n replaced: three edits for Levenshtein
    ("michelle", "micehllie", True),  # h and e swapped, i inserted
    ("charlotte", "chralojtte", True),  # a and r swapped, j inserted
    ("laura", "lauajr", True),  # r and a swapped, j inserted
    ("harrison", "hvrirson", True),  # r and i swapped, a replaced
    ("nam", "nma", True),  # one swap
    ("hung", "huong", True),  # Levenshtein 1
    ("ruby", "rykb", False),  # three replacements, no swap helps
    ("melissa", "meglis", False),  # an insertion and two deletions
    ("abcd", "badc", False),  # two swaps: Damerau-Levenshtein 2, here three
    ("thanh", "tuyen", False),  # three replacements or more, no swap helps
    ("benjamin", None, None),
    (None, "nam", None),
]

# (a, b, contained but for one typo?) with min_length 3: the shorter name has fewer tokens (two or more),
# all in the longer one but one, which is one edit from a token the shorter lacks, both 3+ letters.
MIN_LENGTH = 3
CONTAINED_WITH_TYPO_CASES: list[tuple[str, str, bool]] = [
    ("dunj le", "cong dung le", True),  # Lê Dũnj / Lê Công Dũng: middle name dropped, g -> j
    ("cong dung le", "dunj le", True),  # either side may be the shorter
    ("hnah tran", "hanh thi tran", True),  # a swap counts as one edit
    ("khanh nguyen", "khahn nguyen van", True),
    ("cong dunj le", "cong dung le", False),  # nothing dropped: a typo alone is Jaro-Winkler's to judge
    ("n dunj", "dung le nguyen", False),  # an initial is a token: two missing
    ("dung le", "cong dung le", False),  # contained as it is: level 3, not this
    ("hox le", "hoa le van", True),  # Lê Hox / Lê Văn Hoa: a given name of three letters, a replacement
    ("le tawi", "anh le tai", True),  # Lê Tàwi / Lê Anh Tài: w inserted into a three-letter name
    ("hi nguyen", "hai huu nguyen", False),  # a token of two letters is not read with a typo
    ("ln ly", "lan ly thu", False),  # nor is one that a deletion left with two
    ("dunj le", "cong duong le", False),  # dunj is two edits from duong
    ("dnug lee", "cong dung le", False),  # two tokens off
    ("dunj", "cong dung le", False),  # a one-token name
    ("minh tran", "hoa le van", False),  # nothing in common
]


def _literal(value: str | None) -> str:
    return "cast(null as {{ dbt.type_string() }})" if value is None else "'" + value.replace("'", "''") + "'"


def cases_sql(macro_call: str, cases: list[tuple]) -> str:
    """A query of (a, b, result) over the cases' first two values, result = macro_call (a Jinja call on
    columns a and b), as `dbt show --inline` or `dbt compile --inline` takes it on every engine."""
    rows = ", ".join(f"({_literal(a)}, {_literal(b)})" for a, b, *_ in cases)
    return f"select a, b, {macro_call} as result from (values {rows}) as cases (a, b)"

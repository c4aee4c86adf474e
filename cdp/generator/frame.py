"""A table under construction: string columns with null masks, per-column mess flags and the true person.

``finish()`` turns a clean frame into what lands in the raw folder: nulls split between null and '', then
quarantine defects on distinct rows, late re-deliveries, verbatim duplicates and a shuffle, all counted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from . import vocab as V
from .config import DEFECT_CODES, MISSING_KEY_COLUMN, PRIMARY_KEYS, REQUIRED_TIMESTAMP, TABLES, TS_FORMATS
from .text import S, as_s, choice_idx

Flags = dict[str, np.ndarray]


@dataclass
class Frame:
    table: str
    n: int
    vals: dict[str, np.ndarray] = field(default_factory=dict)
    null: dict[str, np.ndarray] = field(default_factory=dict)  # True = missing (before the null/'' split)
    flags: dict[str, Flags] = field(default_factory=dict)
    aux: dict[str, np.ndarray] = field(default_factory=dict)  # numeric helpers (true times, person index)

    def set(self, col: str, vals: np.ndarray, present: np.ndarray | None = None, flags: Flags | None = None):
        if col not in TABLES[self.table]:
            raise KeyError(f"{self.table} has no column {col}")
        vals = as_s(vals)
        if len(vals) != self.n:
            raise ValueError(f"{self.table}.{col}: {len(vals)} values for {self.n} rows")
        if present is None:
            present = np.ones(self.n, bool)
        blank = ~present & (vals != "")
        if blank.any():
            vals = vals.copy()
            vals[blank] = ""
        self.vals[col] = vals
        self.null[col] = ~present
        self.flags[col] = {k: v & present for k, v in (flags or {}).items()}

    def take(self, idx: np.ndarray) -> Frame:
        out = Frame(self.table, len(idx))
        for c in self.vals:
            out.vals[c] = self.vals[c][idx]
            out.null[c] = self.null[c][idx]
            out.flags[c] = {k: v[idx] for k, v in self.flags[c].items()}
        out.aux = {k: v[idx] for k, v in self.aux.items()}
        return out

    @staticmethod
    def concat(frames: list[Frame]) -> Frame:
        base = frames[0]
        out = Frame(base.table, sum(f.n for f in frames))
        for c in base.vals:
            out.vals[c] = np.concatenate([f.vals[c] for f in frames])
            out.null[c] = np.concatenate([f.null[c] for f in frames])
            out.flags[c] = {k: np.concatenate([f.flags[c][k] for f in frames]) for k in base.flags[c]}
        out.aux = {k: np.concatenate([f.aux[k] for f in frames]) for k in base.aux}
        return out

    def check_complete(self) -> None:
        missing = [c for c in TABLES[self.table] if c not in self.vals]
        if missing:
            raise ValueError(f"{self.table}: columns not set: {missing}")

    def to_arrow(self) -> pa.Table:
        return pa.table(
            {c: pa.array(self.vals[c], type=pa.string(), mask=self.null[c]) for c in TABLES[self.table]}
        )

    def overwrite(self, col: str, rows: np.ndarray, values: np.ndarray | str, null: bool = False) -> None:
        """Replace values on some rows; the mess flags of that column on those rows are cleared."""
        self.vals[col][rows] = values
        self.null[col][rows] = null
        for v in self.flags[col].values():
            v[rows] = False


@dataclass
class TableStats:
    rows_written: int = 0
    distinct_keys: int = 0
    duplicate_rows: int = 0
    updated_versions: int = 0
    defects: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DEFECT_CODES, 0))
    mess: dict[str, int] = field(default_factory=dict)
    columns: dict[str, dict[str, int]] = field(default_factory=dict)
    null_values: int = 0
    empty_strings: int = 0

    def add(self, other: TableStats) -> None:
        self.rows_written += other.rows_written
        self.distinct_keys += other.distinct_keys
        self.duplicate_rows += other.duplicate_rows
        self.updated_versions += other.updated_versions
        self.null_values += other.null_values
        self.empty_strings += other.empty_strings
        for k, v in other.defects.items():
            self.defects[k] = self.defects.get(k, 0) + v
        for k, v in other.mess.items():
            self.mess[k] = self.mess.get(k, 0) + v
        for c, d in other.columns.items():
            tgt = self.columns.setdefault(c, {})
            for k, v in d.items():
                tgt[k] = tgt.get(k, 0) + v

    def to_dict(self) -> dict:
        return {
            "rows_written": self.rows_written,
            "distinct_keys": self.distinct_keys,
            "duplicate_rows": self.duplicate_rows,
            "updated_versions": self.updated_versions,
            "defects": dict(self.defects),
            "mess": dict(sorted(self.mess.items())),
            "mess_by_column": {c: dict(sorted(d.items())) for c, d in sorted(self.columns.items())},
            "null_values": self.null_values,
            "empty_strings": self.empty_strings,
        }


# Per-table defect targets beyond the key and the required timestamp.
FUTURE_TABLES = ("shop_orders", "pos_transactions")
AMOUNT_COLUMN = {"shop_orders": "total_amount", "pos_transactions": "total_amount", "ad_spend": "spend"}
NEGATIVE_AMOUNT_TABLES = ("shop_orders", "pos_transactions")


def _count(rate: float, n: int) -> int:
    return int(np.floor(rate * n + 0.5))


def finish(
    frame: Frame,
    ctx,
    rng: np.random.Generator,
    old_versions: Callable[[Frame, np.ndarray, np.random.Generator], Frame] | None = None,
) -> tuple[Assembly, TableStats, np.ndarray]:
    """Nulls, defects, late versions, duplicates and shuffle. Returns the rows as they will be written, their
    stats and, for the logical rows of ``frame`` (changed in place), a mask of rows whose key was blanked."""
    cfg = ctx.cfg
    frame.check_complete()
    t = frame.table
    n = frame.n
    stats = TableStats()
    # ---- split missing values between null and ''
    for c in TABLES[t]:
        nul = frame.null[c]
        if nul.any():
            as_empty = nul & (rng.random(n) < cfg.empty_string_share)
            frame.null[c] = nul & ~as_empty  # '' already in vals
    # ---- quarantine defects, each on distinct otherwise-clean rows
    used = np.zeros(n, bool)
    order = rng.permutation(n)

    def pick(rate: float, eligible: np.ndarray, k: int | None = None) -> np.ndarray:
        if k is None:
            k = _count(rate, int(eligible.sum()))
        cand = order[(eligible & ~used)[order]]
        chosen = cand[:k]
        used[chosen] = True
        return chosen

    defects = stats.defects
    key_col = MISSING_KEY_COLUMN[t]
    rows = pick(cfg.missing_key, np.ones(n, bool))
    blank_null = rng.random(len(rows)) >= cfg.empty_string_share
    frame.overwrite(key_col, rows, "")
    frame.null[key_col][rows] = blank_null
    defects["missing_key"] += len(rows)
    missing_key_rows = np.zeros(n, bool)
    missing_key_rows[rows] = True
    ts_col = REQUIRED_TIMESTAMP.get(t)
    if ts_col:
        rows = pick(cfg.unparseable_timestamp, ~frame.null[ts_col])
        if t == "ad_spend":
            bad = _bad_dates(frame.aux["day"][rows], rng)  # still unique per (date, platform, campaign)
        else:
            bad = np.asarray(V.BAD_TIMESTAMPS, dtype=S)[rng.integers(0, len(V.BAD_TIMESTAMPS), len(rows))]
        frame.overwrite(ts_col, rows, bad)
        defects["unparseable_timestamp"] += len(rows)
    if t in FUTURE_TABLES:
        from .render import format_ts  # local import: render imports frame-free modules only

        rows = pick(cfg.future_timestamp, ~frame.null[ts_col])
        future = np.datetime64("2031-01-01", "s").astype(np.int64) + rng.integers(
            0, 5 * 365 * 86400, len(rows)
        )
        w = [cfg.ts_formats[t].get(k, 0.0) for k in TS_FORMATS]
        fmt = choice_idx(rng, len(rows), w)
        frame.overwrite(ts_col, rows, format_ts(rng, future, fmt))
        for k, name in enumerate(TS_FORMATS):
            frame.flags[ts_col][f"ts_{name}"][rows] = fmt == k
        defects["future_timestamp"] += len(rows)
    amount_col = AMOUNT_COLUMN.get(t)
    if amount_col:
        present = ~frame.null[amount_col] & (frame.vals[amount_col] != "")
        if t in NEGATIVE_AMOUNT_TABLES:
            rows = pick(cfg.negative_amount, present)
            frame.overwrite(amount_col, rows, np.strings.add("-", frame.vals[amount_col][rows]))
            defects["invalid_amount"] += len(rows)
        rows = pick(cfg.unparseable_amount, present)
        frame.overwrite(amount_col, rows, np.asarray(V.BAD_AMOUNTS, dtype=S)[rng.integers(0, 5, len(rows))])
        defects["invalid_amount"] += len(rows)
    if t == "shop_order_items":
        rows = pick(cfg.invalid_quantity, np.ones(n, bool))
        frame.overwrite(
            "quantity", rows, np.asarray(V.BAD_QUANTITIES, dtype=S)[rng.integers(0, 4, len(rows))]
        )
        defects["invalid_quantity"] += len(rows)
    if t == "shop_orders":
        rows = pick(cfg.unknown_currency, np.ones(n, bool))
        frame.overwrite(
            "currency", rows, np.asarray(V.BAD_CURRENCIES, dtype=S)[rng.integers(0, 3, len(rows))]
        )
        defects["unknown_currency"] += len(rows)
    if t == "support_tickets":
        present = ~frame.null["csat_score"] & (frame.vals["csat_score"] != "")
        rows = pick(cfg.invalid_csat, present)
        frame.overwrite("csat_score", rows, np.asarray(V.BAD_CSAT, dtype=S)[rng.integers(0, 5, len(rows))])
        defects["invalid_value"] += len(rows)
    # ---- the same key delivered again: an older version with one field different
    late = np.zeros(0, dtype=np.int64)
    old = None
    if old_versions is not None:
        ok = ~used & (frame.aux["updated_t"] - frame.aux["created_t"] >= 2 * 3600) & frame.aux["has_updated"]
        late = pick(cfg.late_updates, ok, k=_count(cfg.late_updates, n))  # rate per row, not per eligible row
        if len(late):
            old = old_versions(frame, late, rng)
    # ---- verbatim duplicates of clean rows
    k = _count(cfg.duplicate_rows, n)
    cand = order[(~used)[order]]
    dups = np.sort(cand[:k])
    # ---- counts over the rows as written (duplicates counted twice)
    weight = np.ones(n, dtype=np.int64)
    weight[dups] += 1
    stats.distinct_keys = n - int(missing_key_rows.sum())
    if len(PRIMARY_KEYS[t]) > 1:  # a defect in one key column (e.g. a bad spend_date) can make keys collide
        keyed = ~missing_key_rows
        joined = frame.vals[PRIMARY_KEYS[t][0]][keyed]
        for c in PRIMARY_KEYS[t][1:]:
            joined = np.strings.add(np.strings.add(joined, "\x1f"), frame.vals[c][keyed])
        stats.distinct_keys = len(np.unique(joined))
    stats.duplicate_rows = len(dups)
    stats.updated_versions = len(late)
    stats.rows_written = n + len(dups) + len(late)
    for src, w in ((frame, weight), (old, None)):
        if src is None:
            continue
        for c in TABLES[t]:
            nul = src.null[c]
            emp = (src.vals[c] == "") & ~nul
            stats.null_values += int(nul.sum() if w is None else w[nul].sum())
            stats.empty_strings += int(emp.sum() if w is None else w[emp].sum())
            for kind, v in src.flags[c].items():
                cnt = int(v.sum() if w is None else w[v].sum())
                col = stats.columns.setdefault(c, {})
                col[kind] = col.get(kind, 0) + cnt
                stats.mess[kind] = stats.mess.get(kind, 0) + cnt
    # ---- row order of the file: logical rows, older versions, duplicates, shuffled
    index = [np.arange(n), dups]
    if old is not None:
        index.insert(1, n + np.arange(old.n))
    index = np.concatenate(index)
    if cfg.shuffle_rows:
        index = index[rng.permutation(len(index))]
    frame.flags = {}  # counted; free them before the table is assembled
    return Assembly(frame, old, index), stats, missing_key_rows


@dataclass
class Assembly:
    """The rows of a finished table, assembled into Arrow on demand (GIL-free, so it can run in a thread)."""

    frame: Frame
    old: Frame | None
    index: np.ndarray

    def table(self) -> pa.Table:
        table = self.frame.to_arrow()
        if self.old is not None:
            table = pa.concat_tables([table, self.old.to_arrow()])
        if len(self.index) != self.frame.n or np.any(self.index != np.arange(len(self.index))):
            table = table.take(pa.array(self.index))  # Arrow's take on contiguous buffers beats NumPy strings
        return table


def _bad_dates(day: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Impossible dates derived one-to-one from the real ones: 2024-03-36, 36/03/2024, 2024-15-05."""
    from .text import cat, iso_date, num, sl

    iso = iso_date(day)
    y, m, d = sl(iso, 0, 4), sl(iso, 5, 7), sl(iso, 8, 10)
    d31 = num(d.astype(np.int64) + 31)
    m12 = num(m.astype(np.int64) + 12)
    style = rng.integers(0, 3, len(day))
    out = np.where(style == 0, cat(y, "-", m, "-", d31), cat(d31, "/", m, "/", y))
    return as_s(np.where(style == 2, cat(y, "-", m12, "-", d), out))

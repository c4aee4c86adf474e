"""Vectorised string helpers on NumPy ``StringDType`` arrays."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

S = np.dtypes.StringDType()
_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
DAY = 86_400
LOCAL_OFFSET = 7 * 3600  # Asia/Ho_Chi_Minh, no DST


def as_s(a) -> np.ndarray:
    """As a StringDType array, without copying when it already is one (any StringDType instance)."""
    if isinstance(a, np.ndarray) and isinstance(a.dtype, np.dtypes.StringDType):
        return a
    return np.asarray(a, dtype=S)


def sarr(values: Sequence[str] | np.ndarray) -> np.ndarray:
    return np.asarray(values, dtype=S)


def empty(n: int) -> np.ndarray:
    return np.full(n, "", dtype=S)


def cat(*parts: np.ndarray | str) -> np.ndarray:
    out = parts[0]
    for p in parts[1:]:
        out = np.strings.add(out, p)
    return as_s(out)


def num(x: np.ndarray, width: int = 0) -> np.ndarray:
    s = np.asarray(x, dtype=np.int64).astype(S)
    return np.strings.zfill(s, width) if width else s


def sl(a: np.ndarray, start, stop=None) -> np.ndarray:
    return np.strings.slice(a, start, stop)


def hex_strings(rng: np.random.Generator, n: int, nbytes: int) -> np.ndarray:
    b = rng.integers(0, 256, size=(n, nbytes), dtype=np.uint8)
    out = np.empty((n, 2 * nbytes), dtype=np.uint8)
    out[:, 0::2] = _HEX[b >> 4]
    out[:, 1::2] = _HEX[b & 15]
    return out.view(f"S{2 * nbytes}").ravel().astype(S)


def choice_idx(rng: np.random.Generator, n: int, weights: Sequence[float]) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    cum = np.cumsum(w / w.sum())
    cum[-1] = 1.0
    return np.searchsorted(cum, rng.random(n), side="right").astype(np.int64)


def group_thousands(v: np.ndarray, sep: str) -> np.ndarray:
    """Non-negative integers with a thousands separator: 1250000 -> '1.250.000'."""
    v = np.asarray(v, dtype=np.int64)
    groups = []
    q = v.copy()
    for _ in range(6):
        groups.append(q % 1000)
        q //= 1000
    ngroups = np.ones(len(v), dtype=np.int64)
    for i in range(1, 6):
        ngroups = np.where(v >= 1000**i, i + 1, ngroups)
    out = empty(len(v))
    for level in range(5, -1, -1):
        top = ngroups == level + 1
        below = ngroups > level + 1
        if top.any():
            out[top] = num(groups[level][top])
        if below.any():
            out[below] = cat(out[below], sep, num(groups[level][below], 3))
    return out


def cents_str(cents: np.ndarray) -> np.ndarray:
    c = np.asarray(cents, dtype=np.int64)
    return cat(num(c // 100), ".", num(c % 100, 2))


def iso_seconds(t: np.ndarray) -> np.ndarray:
    """Epoch seconds -> 'YYYY-MM-DDTHH:MM:SS' (no zone)."""
    return np.datetime_as_string(np.asarray(t, dtype=np.int64).astype("datetime64[s]"), unit="s").astype(S)


def iso_date(days: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(np.asarray(days, dtype=np.int64).astype("datetime64[D]"), unit="D").astype(S)


def epoch(date_str: str) -> int:
    return int(np.datetime64(date_str, "s").astype(np.int64))


def uniform_between(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.asarray(hi, dtype=np.int64)
    span = np.maximum(hi - lo, 1)
    return lo + (rng.random(len(lo)) * span).astype(np.int64)


def group_rank(group_sizes: np.ndarray) -> np.ndarray:
    """For counts [2, 3] -> [0, 1, 0, 1, 2]: position of each expanded row within its group."""
    sizes = np.asarray(group_sizes, dtype=np.int64)
    starts = np.cumsum(sizes) - sizes
    return np.arange(sizes.sum(), dtype=np.int64) - np.repeat(starts, sizes)


def ascii_len_equal(a: np.ndarray) -> np.ndarray:
    """True where the string is pure ASCII."""
    return np.strings.str_len(np.strings.encode(a, "utf-8")) == np.strings.str_len(a)

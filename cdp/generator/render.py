"""Messy renderers: turn true values into the strings real exports contain, and flag the mess applied.

Every renderer takes a ``present`` mask (False = the field is missing on that record) and returns the rendered
values (``''`` where not present; the frame turns those into null or empty string later) and a dict of boolean
flag arrays, one per mess kind, true only on present rows.
"""

from __future__ import annotations

import numpy as np

from . import vocab as V
from .config import DATE_FORMATS, MONEY_FORMATS, PHONE_FORMATS, TS_FORMATS
from .context import Context
from .corrupt import name_decomposed, name_structure, name_typos
from .people import VN_CC, People, canonical_name
from .text import (
    LOCAL_OFFSET,
    S,
    as_s,
    cat,
    cents_str,
    choice_idx,
    empty,
    group_thousands,
    iso_date,
    iso_seconds,
    num,
    sl,
)

Flags = dict[str, np.ndarray]


def _weights(names: tuple[str, ...], w: dict[str, float]) -> list[float]:
    return [float(w.get(k, 0.0)) for k in names]


# ------------------------------------------------------------------------------------------------ phones
def render_phone(
    ctx: Context,
    rng: np.random.Generator,
    cc: np.ndarray,
    nsn: np.ndarray,
    land: np.ndarray,
    present: np.ndarray,
    junk: bool = True,
) -> tuple[np.ndarray, Flags]:
    cfg = ctx.cfg
    n = len(cc)
    vals = empty(n)
    flags: Flags = {}
    u = rng.random(n)
    p_junk = cfg.phone_junk if junk else 0.0
    p_ph = cfg.placeholder_phone if junk else 0.0
    is_junk = present & (u < p_junk)
    is_ph = present & ~is_junk & (u < p_junk + p_ph)
    normal = present & ~is_junk & ~is_ph
    vn = cc == VN_CC
    mob = normal & vn & ~land
    s9 = num(nsn)  # national significant number without the trunk 0
    old_pref = ctx.old_prefix[np.where(mob, nsn // 10_000_000, 0) % 100]
    old = mob & (old_pref != "") & (rng.random(n) < cfg.phone_old_prefix)
    fmt = choice_idx(rng, n, _weights(PHONE_FORMATS, cfg.phone_formats))
    builders = {
        "national": lambda s: cat("0", s),
        "intl_spaced": lambda s: cat("+84 ", sl(s, 0, 3), " ", sl(s, 3, 6), " ", sl(s, 6, 9)),
        "intl_digits": lambda s: cat("84", s),
        "dotted": lambda s: cat("0", sl(s, 0, 3), ".", sl(s, 3, 6), ".", sl(s, 6, 9)),
        "intl_dashed": lambda s: cat("(+84) ", sl(s, 0, 2), "-", sl(s, 2, 5), "-", sl(s, 5, 9)),
        "spaced": lambda s: cat("0", sl(s, 0, 3), " ", sl(s, 3, 6), " ", sl(s, 6, 9)),
        "padded": lambda s: cat(" 0", s, " "),
    }
    for k, name in enumerate(PHONE_FORMATS):
        sel = mob & ~old & (fmt == k)
        if sel.any():
            vals[sel] = builders[name](s9[sel])
        flags[f"phone_{name}"] = sel
    if old.any():
        vals[old] = cat(old_pref[old], sl(s9[old], 2, None))
    flags["phone_old_prefix"] = old
    # landlines: 10-digit national significant number 2x xxxx xxxx or 2xx xxx xxxx
    ll = normal & vn & land
    if ll.any():
        s = s9[ll]
        two = np.isin(nsn[ll] // 100_000_000, [24, 28])
        area = np.where(two, sl(s, 0, 2), sl(s, 0, 3))
        a4, b4 = np.where(two, sl(s, 2, 6), sl(s, 3, 6)), sl(s, -4, None)
        style = rng.integers(0, 3, len(s))
        vals[ll] = np.where(
            style == 0,
            cat("0", s),
            np.where(style == 1, cat("0", area, " ", a4, " ", b4), cat("+84 ", area, " ", a4, " ", b4)),
        )
    flags["phone_landline"] = ll
    fo = normal & ~vn
    if fo.any():
        out = empty(int(fo.sum()))
        ccs, nsns = cc[fo], nsn[fo]
        compact = rng.random(len(ccs)) < 0.3
        for c, (_lead, _length, groups) in V.FOREIGN_PHONE.items():
            sel = ccs == c
            if not sel.any():
                continue
            s = num(nsns[sel])
            parts, pos = [], 0
            for g in groups:
                parts.append(sl(s, pos, pos + g))
                pos += g
            spaced = cat(f"+{c} ", *[x for part in parts for x in (part, " ")][:-1])
            out[sel] = np.where(compact[sel], cat(f"+{c}", s), spaced)
        vals[fo] = out
    flags["phone_foreign"] = fo
    if is_junk.any():
        vals[is_junk] = ctx.phone_junk[rng.integers(0, len(ctx.phone_junk), int(is_junk.sum()))]
    if is_ph.any():
        vals[is_ph] = ctx.placeholder_phones[choice_idx(rng, int(is_ph.sum()), ctx.placeholder_phone_w)]
    flags["phone_junk"] = is_junk
    flags["placeholder_phone"] = is_ph
    return vals, flags


# ------------------------------------------------------------------------------------------------ emails
def render_email(
    ctx: Context, rng: np.random.Generator, email: np.ndarray, present: np.ndarray, placeholders: bool = True
) -> tuple[np.ndarray, Flags]:
    cfg = ctx.cfg
    n = len(email)
    present = present & (email != "")
    vals = empty(n)
    ph = present & (rng.random(n) < (cfg.placeholder_email if placeholders else 0.0))
    real = present & ~ph
    at = np.strings.find(email, "@")
    local = sl(email, 0, at)
    domain = sl(email, at + 1, None)
    typo = np.zeros(n, bool)
    u = rng.random(n)
    for dom, typos in ctx.email_typos.items():
        sel = real & (domain == dom) & (u < cfg.email_domain_typo)
        if sel.any():
            domain[sel] = typos[rng.integers(0, len(typos), int(sel.sum()))]
            typo |= sel
    dots = real & ~typo & (domain == "gmail.com") & (rng.random(n) < cfg.email_gmail_dots)
    if dots.any():
        lv = local[dots]
        ln = np.strings.str_len(lv)
        k = 1 + (rng.random(len(lv)) * np.maximum(ln - 1, 1)).astype(np.int64)
        local[dots] = cat(sl(lv, 0, k), ".", sl(lv, k, None))
    plus = real & (rng.random(n) < cfg.email_plus_tag)
    if plus.any():
        tags = np.asarray(V.PLUS_TAGS, dtype=S)[rng.integers(0, len(V.PLUS_TAGS), int(plus.sum()))]
        local[plus] = cat(local[plus], "+", tags)
    addr = cat(local, "@", domain)
    case = real & (rng.random(n) < cfg.email_case_space)
    if case.any():
        a = addr[case]
        style = rng.integers(0, 5, len(a))
        a = np.where(style == 0, np.strings.upper(a), a)
        a = np.where(style == 1, np.strings.capitalize(a), a)
        a = np.where(style == 2, cat(" ", a, " "), a)
        a = np.where(style == 3, cat(a, " "), a)
        a = np.where(style == 4, cat(" ", np.strings.capitalize(a)), a)
        addr[case] = a
    vals[real] = addr[real]
    if ph.any():
        vals[ph] = ctx.placeholder_emails[choice_idx(rng, int(ph.sum()), ctx.placeholder_email_w)]
    flags = {
        "placeholder_email": ph,
        "email_domain_typo": typo,
        "email_gmail_dots": dots,
        "email_plus_tag": plus,
        "email_case_space": case,
    }
    return vals, flags


# ------------------------------------------------------------------------------------------------- names
def _name_parts(ctx: Context, P: People, p: np.ndarray, strip: np.ndarray):
    nt = len(ctx.tok)
    tok2 = np.concatenate([ctx.tok, ctx.tok_ascii])
    ini2 = np.concatenate([ctx.tok_initial, ctx.tok_initial_ascii])
    off = np.where(strip, nt, 0)
    fam, mid, mid2, giv = P.fam[p], P.mid[p], P.mid2[p], P.giv[p]
    F, G = tok2[fam + off], tok2[giv + off]
    M = tok2[np.maximum(mid, 0) + off]
    has2 = mid2 >= 0
    M = as_s(np.where(has2, cat(M, " ", tok2[np.maximum(mid2, 0) + off]), M))
    Mi = ini2[np.maximum(mid, 0) + off]
    Mi = as_s(np.where(has2, cat(Mi, " ", ini2[np.maximum(mid2, 0) + off]), Mi))
    a = ctx.tok_is_ascii
    ini_a = np.array([str(t)[0] == str(x)[0] for t, x in zip(ctx.tok, ctx.tok_ascii, strict=True)])
    aF, aG = a[fam], a[giv]
    aM = a[np.maximum(mid, 0)] & (~has2 | a[np.maximum(mid2, 0)])
    aMi = ini_a[np.maximum(mid, 0)] & (~has2 | ini_a[np.maximum(mid2, 0)])
    return F, M, Mi, G, aF, aM, aMi, aG


NAME_CORRUPTIONS = (
    "corrupt_name_typo",
    "corrupt_middle_name_dropped",
    "corrupt_name_order",
    "corrupt_name_decomposed",
)


def render_name(
    ctx: Context,
    rng: np.random.Generator,
    P: People,
    p: np.ndarray,
    present: np.ndarray,
    crng: np.random.Generator | None = None,
) -> tuple[np.ndarray, Flags]:
    """Full name in one field: 'Nguyễn Văn An', 'NGUYEN VAN AN', 'An Nguyen', 'Nguyen V. An', ...

    With ``crng`` (the corruption mode's stream), Vietnamese names may also lose their middle names
    ('Nguyễn An'), put the family name last ('Văn An Nguyễn'), carry a keyboard slip or come decomposed
    (NFD); every draw of the default mode is made as without it."""
    cfg = ctx.cfg
    n = len(p)
    vals = empty(n)
    kinds = (
        "name_no_diacritics",
        "name_upper",
        "name_given_first",
        "name_initials",
        "name_extra_spaces",
        "name_typo",
    )
    if crng is not None:
        kinds += NAME_CORRUPTIONS
    flags = {k: np.zeros(n, bool) for k in kinds}
    it = present & P.intl[p]
    if it.any():
        vals[it] = canonical_name(ctx, P, p[it])
    vn = np.flatnonzero(present & ~P.intl[p])
    m = len(vn)
    if not m:
        return vals, flags
    q = p[vn]
    u = rng.random(m)
    gf, ini, ty = cfg.name_given_first, cfg.name_initials, cfg.name_typo
    struct = np.select([u < gf / 2, u < gf, u < gf + ini, u < gf + ini + ty], [1, 2, 3, 4], 0)
    strip = rng.random(m) < cfg.name_no_diacritics
    upper = rng.random(m) < cfg.name_upper
    spaces = rng.random(m) < cfg.name_extra_spaces
    F, M, Mi, G, aF, aM, aMi, aG = _name_parts(ctx, P, q, strip)
    final, slipped = struct, np.zeros(m, bool)
    if crng is not None:
        final = name_structure(cfg, crng, struct)
        F, M, G, slipped = name_typos(cfg, crng, F, M, G, np.isin(final, (0, 2, 4, 5)))
    out = cat(F, " ", M, " ", G)
    t = struct == 4  # drawn for the default mode's structure, so the draws stay those of the default mode
    if t.any():
        g = G[t]
        k = (rng.random(len(g)) * np.strings.str_len(g)).astype(np.int64)
        doubled = cat(F[t], " ", M[t], " ", sl(g, 0, k + 1), sl(g, k, None))
        keep = final[t] == 4
        out[np.flatnonzero(t)[keep]] = doubled[keep]
    for code, build in (
        (1, lambda s: cat(G[s], " ", F[s])),
        (2, lambda s: cat(G[s], " ", F[s], " ", M[s])),
        (3, lambda s: cat(F[s], " ", Mi[s], " ", G[s])),
        (5, lambda s: cat(M[s], " ", G[s], " ", F[s])),
        (6, lambda s: cat(F[s], " ", G[s])),
    ):
        s = final == code
        if s.any():
            out[s] = build(s)
    if spaces.any():
        style = rng.integers(0, 3, int(spaces.sum()))
        o = out[spaces]
        out[spaces] = np.where(
            style == 0, np.strings.replace(o, " ", "  ", 1), np.where(style == 1, cat(" ", o), cat(o, " "))
        )
    if upper.any():
        out[upper] = np.strings.upper(out[upper])
    vals[vn] = out
    rendered_ascii = strip | np.select(
        [(final == 1) | (final == 6), final == 3], [aG & aF, aF & aMi & aG], aF & aM & aG
    )
    canonical_ascii = aF & aM & aG
    flags["name_no_diacritics"][vn] = rendered_ascii & ~canonical_ascii
    flags["name_upper"][vn] = upper
    flags["name_given_first"][vn] = (final == 1) | (final == 2)
    flags["name_initials"][vn] = final == 3
    flags["name_extra_spaces"][vn] = spaces
    flags["name_typo"][vn] = final == 4
    if crng is not None:
        flags["corrupt_name_typo"][vn] = slipped
        flags["corrupt_middle_name_dropped"][vn] = final == 6
        flags["corrupt_name_order"][vn] = final == 5
        (vals,), flags["corrupt_name_decomposed"] = name_decomposed(cfg, crng, vals)
    return vals, flags


def render_split_name(
    ctx: Context,
    rng: np.random.Generator,
    P: People,
    p: np.ndarray,
    present: np.ndarray,
    crng: np.random.Generator | None = None,
) -> tuple[np.ndarray, np.ndarray, Flags]:
    """first_name / last_name fields: 'Văn An' / 'Nguyễn' (sometimes swapped, stripped or upper-cased).

    With ``crng`` (the corruption mode), Vietnamese first names may lose their middle names ('An'), the two
    fields may be swapped (corrupt_name_order, on top of the default swaps), a token may carry a
    keyboard slip and both fields may come decomposed (NFD)."""
    cfg = ctx.cfg
    n = len(p)
    first, last = empty(n), empty(n)
    kinds = ("name_no_diacritics", "name_upper", "name_swapped")
    if crng is not None:
        kinds += NAME_CORRUPTIONS
    flags = {k: np.zeros(n, bool) for k in kinds}
    it = present & P.intl[p]
    first[it] = ctx.tok[P.giv[p[it]]]
    last[it] = ctx.tok[P.fam[p[it]]]
    vn = np.flatnonzero(present & ~P.intl[p])
    m = len(vn)
    if not m:
        return first, last, flags
    q = p[vn]
    strip = rng.random(m) < cfg.name_no_diacritics
    upper = rng.random(m) < cfg.name_upper
    swap = rng.random(m) < cfg.name_given_first
    F, M, _Mi, G, aF, aM, _aMi, aG = _name_parts(ctx, P, q, strip)
    dropped = np.zeros(m, bool)
    if crng is not None:
        final = name_structure(cfg, crng, np.zeros(m, dtype=np.int64))
        dropped = final == 6
        reordered = (final == 5) & ~swap
        swap = swap | reordered
        F, M, G, slipped = name_typos(cfg, crng, F, M, G, ~dropped)
        flags["corrupt_name_typo"][vn] = slipped
        flags["corrupt_middle_name_dropped"][vn] = dropped
        flags["corrupt_name_order"][vn] = reordered
    given = as_s(np.where(dropped, G, cat(M, " ", G)))
    f = as_s(np.where(swap, F, given))
    la = as_s(np.where(swap, given, F))
    f = as_s(np.where(upper, np.strings.upper(f), f))
    la = as_s(np.where(upper, np.strings.upper(la), la))
    first[vn], last[vn] = f, la
    flags["name_no_diacritics"][vn] = strip & ~(aF & np.where(dropped, True, aM) & aG)
    flags["name_upper"][vn] = upper
    flags["name_swapped"][vn] = swap
    if crng is not None:
        (first, last), flags["corrupt_name_decomposed"] = name_decomposed(cfg, crng, first, last)
    return first, last, flags


# ------------------------------------------------------------------------------------------- provinces
def render_province(
    ctx: Context, rng: np.random.Generator, area: np.ndarray, present: np.ndarray
) -> tuple[np.ndarray, Flags]:
    n = len(area)
    opt = np.searchsorted(ctx.prov_opt_key, area + rng.random(n), side="right")
    opt = np.minimum(opt, len(ctx.prov_opt_key) - 1)
    strip = present & ctx.prov_opt_strippable[opt] & (rng.random(n) < ctx.cfg.province_no_diacritics)
    vals = as_s(np.where(strip, ctx.prov_opt_ascii[opt], ctx.prov_opt_str[opt]))
    vals[~present] = ""
    kind = ctx.prov_opt_kind[opt]
    keep = present & ~strip
    flags = {
        "province_current": keep & (kind == 0),
        "province_former": keep & (kind == 1),
        "province_alias": keep & (kind == 2),
        "province_no_diacritics": strip,
    }
    return vals, flags


# -------------------------------------------------------------------------------------- dates and times
def format_ts(rng: np.random.Generator, t: np.ndarray, fmt: np.ndarray) -> np.ndarray:
    n = len(t)
    out = empty(n)
    for k, name in enumerate(TS_FORMATS):
        sel = fmt == k
        if not sel.any():
            continue
        ts = t[sel]
        if name == "iso_z":
            out[sel] = cat(iso_seconds(ts), "Z")
        elif name == "iso_offset":
            out[sel] = cat(iso_seconds(ts + LOCAL_OFFSET), "+07:00")
        elif name == "naive_local":
            out[sel] = np.strings.replace(iso_seconds(ts + LOCAL_OFFSET), "T", " ")
        elif name == "dmy_hm":
            s = iso_seconds(ts + LOCAL_OFFSET)
            out[sel] = cat(sl(s, 8, 10), "/", sl(s, 5, 7), "/", sl(s, 0, 4), " ", sl(s, 11, 16))
        elif name == "epoch_s":
            out[sel] = num(ts)
        elif name == "dmy_12h_vi":
            local = ts + LOCAL_OFFSET
            s = iso_seconds(local)
            hour = (local // 3600) % 24
            meridiem = np.where(hour < 12, " SA", " CH")
            clock = cat(num((hour + 11) % 12 + 1), sl(s, 13, 19))
            out[sel] = cat(sl(s, 8, 10), "/", sl(s, 5, 7), "/", sl(s, 0, 4), " ", clock, as_s(meridiem))
        else:
            out[sel] = num(ts * 1000 + rng.integers(0, 1000, len(ts)))
    return out


def render_ts(
    ctx: Context, rng: np.random.Generator, t: np.ndarray, present: np.ndarray, table: str
) -> tuple[np.ndarray, Flags]:
    fmt = choice_idx(rng, len(t), _weights(TS_FORMATS, ctx.cfg.ts_formats[table]))
    fmt = np.where(present, fmt, -1)
    vals = format_ts(rng, np.asarray(t, dtype=np.int64), fmt)
    return vals, {f"ts_{name}": fmt == k for k, name in enumerate(TS_FORMATS)}


def render_date(
    ctx: Context, rng: np.random.Generator, days: np.ndarray, present: np.ndarray
) -> tuple[np.ndarray, Flags]:
    n = len(days)
    fmt = np.where(present, choice_idx(rng, n, _weights(DATE_FORMATS, ctx.cfg.date_formats)), -1)
    iso = iso_date(days)
    dmy = cat(sl(iso, 8, 10), "/", sl(iso, 5, 7), "/", sl(iso, 0, 4))
    vals = as_s(np.where(fmt == 0, iso, np.where(fmt == 1, dmy, "")))
    return vals, {"date_iso": fmt == 0, "date_dmy": fmt == 1}


# ------------------------------------------------------------------------------------------------- money
def render_vnd(
    ctx: Context,
    rng: np.random.Generator,
    amount: np.ndarray,
    present: np.ndarray,
    fmt: np.ndarray | None = None,
) -> tuple[np.ndarray, Flags, np.ndarray]:
    n = len(amount)
    if fmt is None:
        fmt = choice_idx(rng, n, _weights(MONEY_FORMATS, ctx.cfg.money_formats))
    a = np.asarray(amount, dtype=np.int64)
    # below 1000 there is no thousands separator: such values are plain whatever the intended format
    fmt = np.where(np.isin(fmt, (1, 2)) & (a < 1000), 0, fmt)
    fmt = np.where(present, fmt, -1)
    out = empty(n)
    for k, name in enumerate(MONEY_FORMATS):
        sel = fmt == k
        if not sel.any():
            continue
        v = a[sel]
        if name == "plain":
            out[sel] = num(v)
        elif name == "dot":
            out[sel] = group_thousands(v, ".")
        elif name == "comma":
            out[sel] = group_thousands(v, ",")
        elif name == "dot_dong":
            out[sel] = cat(group_thousands(v, "."), " ₫")
        else:
            out[sel] = cat(num(v), " VND")
    return out, {f"money_{name}": fmt == k for k, name in enumerate(MONEY_FORMATS)}, fmt


def render_cents(amount_cents: np.ndarray, present: np.ndarray) -> np.ndarray:
    out = cents_str(amount_cents)
    out[~present] = ""
    return out


# ------------------------------------------------------------------------------------------------ others
GENDER_FORMS = (("M", "F"), ("Nam", "Nữ"), ("male", "female"), ("", ""))


def render_gender(rng: np.random.Generator, gender: np.ndarray, present: np.ndarray) -> np.ndarray:
    n = len(gender)
    style = choice_idx(rng, n, [0.35, 0.3, 0.2, 0.15])
    table = np.asarray([x for pair in GENDER_FORMS for x in pair], dtype=S)
    out = table[style * 2 + gender]
    out[~present] = ""
    return out


BOOL_FORMS = (("true", "false"), ("1", "0"), ("yes", "no"))


def render_bool(rng: np.random.Generator, value: np.ndarray, present: np.ndarray) -> np.ndarray:
    style = choice_idx(rng, len(value), [0.5, 0.3, 0.2])
    table = np.asarray([x for pair in BOOL_FORMS for x in pair], dtype=S)
    out = table[style * 2 + (~value).astype(np.int64)]
    out[~present] = ""
    return out

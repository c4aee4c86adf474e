"""The true people behind the records, drawn vectorised."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import vocab as V
from .context import Context
from .text import DAY, as_s, cat, choice_idx, empty, num, sarr, uniform_between

VN_CC = 84


@dataclass
class People:
    n: int
    intl: np.ndarray
    origin: np.ndarray  # -1 Vietnamese, else index into vocab.INTL_ORIGINS
    fam: np.ndarray  # token indices (Context.tok)
    mid: np.ndarray  # -1 when none
    mid2: np.ndarray
    giv: np.ndarray
    family_first: np.ndarray  # canonical name order
    gender: np.ndarray  # 0 male, 1 female
    birth_day: np.ndarray  # days since 1970-01-01
    dob_known: np.ndarray
    area: np.ndarray
    code: np.ndarray
    address: np.ndarray
    address_ascii: np.ndarray
    district: np.ndarray
    ph1_cc: np.ndarray
    ph1_nsn: np.ndarray
    ph1_land: np.ndarray
    has_ph2: np.ndarray
    ph2_cc: np.ndarray
    ph2_nsn: np.ndarray
    ph2_land: np.ndarray
    has_old_ph: np.ndarray
    old_cc: np.ndarray
    old_nsn: np.ndarray
    ph_change_t: np.ndarray
    email1: np.ndarray  # '' when none
    email2: np.ndarray
    email_old: np.ndarray
    email_change_t: np.ndarray
    household: np.ndarray  # -1 when none
    first_seen: np.ndarray
    acq_source: np.ndarray
    acq_medium: np.ndarray
    acq_campaign: np.ndarray  # campaign index, -1 when not paid
    marketing_ok: np.ndarray

    @property
    def has_email(self) -> np.ndarray:
        return self.email1 != ""


def draw_people(ctx: Context, n: int, rng: np.random.Generator) -> People:
    intl = rng.random(n) < 0.05
    origin = np.where(intl, choice_idx(rng, n, V.INTL_ORIGIN_WEIGHTS), -1)
    gender = (rng.random(n) < 0.52).astype(np.int8)

    # ---- names
    fam = ctx.tok_family[choice_idx(rng, n, ctx.family_weights)]
    mid = np.empty(n, dtype=np.int32)
    giv = np.empty(n, dtype=np.int32)
    for g in (0, 1):
        sel = gender == g
        k = int(sel.sum())
        mid[sel] = ctx.tok_mid[g][rng.integers(0, len(ctx.tok_mid[g]), k)]
        giv[sel] = ctx.tok_given[g][rng.integers(0, len(ctx.tok_given[g]), k)]
    for _ in range(30):
        clash = np.flatnonzero((mid == giv) | (mid == fam))
        if not len(clash):
            break
        for g in (0, 1):
            c = clash[gender[clash] == g]
            mid[c] = ctx.tok_mid[g][rng.integers(0, len(ctx.tok_mid[g]), len(c))]
    mid2 = np.where(rng.random(n) < 0.12, ctx.tok_mid2[rng.integers(0, len(ctx.tok_mid2), n)], -1).astype(
        np.int32
    )
    mid2[(mid2 == mid) | (mid2 == giv) | (mid2 == fam)] = -1
    family_first = ~intl
    for o, (_name, fams, _givs, fam_first, _dom, _cc) in enumerate(V.INTL_ORIGINS):
        sel = origin == o
        k = int(sel.sum())
        fam[sel] = ctx.intl_family[o][rng.integers(0, len(fams), k)]
        giv[sel] = ctx.intl_given[o][rng.integers(0, len(ctx.intl_given[o]), k)]
        family_first[sel] = fam_first
    mid[intl] = -1
    mid2[intl] = -1

    # ---- date of birth (age 18..75 at as_of, most 22-45)
    # Out-of-range draws are redrawn uniformly, not clipped: clipping piled ~4% of people onto one
    # date of birth (exactly 18 years before as_of), which no real population shows.
    age = rng.normal(33, 10, n)
    outside = (age < 18) | (age > 75)
    age[outside] = rng.uniform(18, 75, int(outside.sum()))
    end_day = ctx.t_end // DAY
    birth_day = (end_day - age * 365.25).astype(np.int64)
    dob_known = rng.random(n) < 0.7

    # ---- province area and address
    area = choice_idx(rng, n, ctx.area_weight).astype(np.int32)
    code = ctx.area_code[area]
    address, address_ascii = _addresses(ctx, rng, n)
    district = empty(n)
    codes = [str(c) for c in ctx.province_codes]
    for ci, cname in enumerate(codes):
        sel = code == ci
        opts = sarr(V.DISTRICTS.get(cname, V.DISTRICTS_GENERIC))
        district[sel] = opts[rng.integers(0, len(opts), int(sel.sum()))]

    # ---- acquisition and first-seen time
    c = ctx.campaigns
    kind = choice_idx(rng, n, [0.45, 0.25, 0.30])  # paid, organic, direct
    paid = kind == 0
    cw = c.weight * (c.end_day - c.start_day)
    camp = np.where(paid, choice_idx(rng, n, cw), -1)
    d0 = np.where(paid, c.start_day[np.maximum(camp, 0)], 0)
    d1 = np.where(paid, c.end_day[np.maximum(camp, 0)], 0)
    t_paid = ctx.t_start + uniform_between(rng, d0 * DAY, d1 * DAY)
    t_free = ctx.t_start + (rng.random(n) ** 0.7 * (ctx.t_end - ctx.t_start)).astype(np.int64)
    first_seen = np.minimum(np.where(paid, t_paid, t_free), ctx.t_end - 3600)
    acq_source = empty(n)
    acq_medium = empty(n)
    acq_source[paid] = c.utm_source[camp[paid]]
    acq_medium[paid] = c.utm_medium[camp[paid]]
    fb = paid & (c.platform[np.maximum(camp, 0)] == "facebook")
    v = rng.random(n)
    acq_source[fb & (v < 0.1)] = "fb"
    acq_source[fb & (v >= 0.1) & (v < 0.18)] = "instagram"
    org = kind == 1
    oi = choice_idx(rng, n, [w for _, w in V.ORGANIC_UTMS])
    acq_source[org] = sarr([s for (s, _), _ in V.ORGANIC_UTMS])[oi[org]]
    acq_medium[org] = sarr([m for (_, m), _ in V.ORGANIC_UTMS])[oi[org]]

    # ---- phones
    ph1_cc = np.full(n, VN_CC, dtype=np.int64)
    ph1_land = (~intl) & (rng.random(n) < 0.04)
    ph1_nsn = _mobile(ctx, rng, n)
    ph1_nsn[ph1_land] = _landline(ctx, rng, code[ph1_land])
    for o, (*_rest, ccs) in enumerate(V.INTL_ORIGINS):
        sel = np.flatnonzero(origin == o)
        cc = np.array(ccs, dtype=np.int64)[rng.integers(0, len(ccs), len(sel))]
        ph1_cc[sel] = cc
        ph1_nsn[sel] = _foreign(rng, cc)
    has_ph2 = np.where(intl, rng.random(n) < 0.3, rng.random(n) < 0.08)
    ph2_cc = np.full(n, VN_CC, dtype=np.int64)
    ph2_land = (~intl) & (rng.random(n) < 0.2)
    ph2_nsn = _mobile(ctx, rng, n)
    ph2_nsn[ph2_land] = _landline(ctx, rng, code[ph2_land])
    ph2_land &= has_ph2
    has_old_ph = (~intl) & (~ph1_land) & (rng.random(n) < 0.03)
    old_cc = np.full(n, VN_CC, dtype=np.int64)
    old_nsn = _mobile(ctx, rng, n)
    ph_change_t = uniform_between(rng, first_seen, np.full(n, ctx.t_end))

    # ---- households: 2-4 people sharing an address and a phone
    household = np.full(n, -1, dtype=np.int32)
    cand = np.flatnonzero(~intl)
    m = int(round(0.06 * n))
    if m >= 2 and len(cand) >= m:
        members = rng.permutation(cand)[:m]
        sizes = rng.choice([2, 3, 4], size=m, p=[0.5, 0.3, 0.2])
        ends = np.cumsum(sizes)
        sizes = sizes[: np.searchsorted(ends, m) + 1]
        sizes[-1] -= int(sizes.sum() - m)
        if sizes[-1] < 2:
            m -= int(sizes[-1])
            sizes = sizes[:-1]
            members = members[:m]
        hh = np.repeat(np.arange(len(sizes)), sizes)
        rank = np.arange(m) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        head = members[np.repeat(np.cumsum(sizes) - sizes, sizes)]
        household[members] = hh
        mem = members[rank > 0]
        hd = head[rank > 0]
        # shared home numbers are often landlines
        heads = members[rank == 0]
        to_land = heads[rng.random(len(heads)) < 0.3]
        ph1_land[to_land] = True
        ph1_nsn[to_land] = _landline(ctx, rng, code[to_land])
        for arr in (area, code, district):
            arr[mem] = arr[hd]
        address[mem] = address[hd]
        address_ascii[mem] = address_ascii[hd]
        same_fam = rng.random(len(mem)) < 0.75
        fam[mem[same_fam]] = fam[hd[same_fam]]
        share_primary = rng.random(len(mem)) < 0.5
        a, h = mem[share_primary], hd[share_primary]
        ph1_cc[a], ph1_nsn[a], ph1_land[a] = ph1_cc[h], ph1_nsn[h], ph1_land[h]
        b, h = mem[~share_primary], hd[~share_primary]
        has_ph2[b] = True
        ph2_cc[b], ph2_nsn[b], ph2_land[b] = ph1_cc[h], ph1_nsn[h], ph1_land[h]
        has_old_ph[members] = False
    _unique_phones(
        ctx,
        rng,
        household,
        ph1_cc,
        ph1_nsn,
        ph1_land,
        has_ph2,
        ph2_cc,
        ph2_nsn,
        ph2_land,
        has_old_ph,
        old_cc,
        old_nsn,
        code,
    )

    # ---- emails
    n_em = choice_idx(rng, n, [0.15, 0.75, 0.10])
    birth_year = (1970 + birth_day / 365.25).astype(np.int64)
    changes = (n_em >= 1) & (rng.random(n) < 0.03)
    email1, email2, email_old = empty(n), empty(n), empty(n)
    for arr, who in ((email1, n_em >= 1), (email2, n_em >= 2), (email_old, changes)):
        w = np.flatnonzero(who)
        arr[w] = _emails(ctx, rng, fam[w], mid[w], giv[w], origin[w], birth_year[w], dob_known[w])
    email_change_t = uniform_between(rng, first_seen, np.full(n, ctx.t_end))
    _unique_emails(rng, [email1, email2, email_old])

    return People(
        n=n,
        intl=intl,
        origin=origin,
        fam=fam,
        mid=mid,
        mid2=mid2,
        giv=giv,
        family_first=family_first,
        gender=gender,
        birth_day=birth_day,
        dob_known=dob_known,
        area=area,
        code=code,
        address=address,
        address_ascii=address_ascii,
        district=district,
        ph1_cc=ph1_cc,
        ph1_nsn=ph1_nsn,
        ph1_land=ph1_land,
        has_ph2=has_ph2,
        ph2_cc=ph2_cc,
        ph2_nsn=ph2_nsn,
        ph2_land=ph2_land,
        has_old_ph=has_old_ph,
        old_cc=old_cc,
        old_nsn=old_nsn,
        ph_change_t=ph_change_t,
        email1=email1,
        email2=email2,
        email_old=email_old,
        email_change_t=email_change_t,
        household=household,
        first_seen=first_seen,
        acq_source=acq_source,
        acq_medium=acq_medium,
        acq_campaign=camp,
        marketing_ok=rng.random(n) < 0.55,
    )


def _addresses(ctx: Context, rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """House number and street in a few local styles, with and without diacritics."""
    house = num(rng.integers(1, 450, n))
    sub = num(rng.integers(2, 60, n))
    si = rng.integers(0, len(V.STREETS), n)
    style = choice_idx(rng, n, [0.45, 0.25, 0.2, 0.1])
    out = []
    for streets, so, ngo in ((V.STREETS, "Số ", ", ngõ "), ([V.fold(x) for x in V.STREETS], "So ", ", ngo ")):
        street = sarr(streets)[si]
        a = np.where(style == 0, cat(house, " ", street), cat(house, "/", sub, " ", street))
        a = np.where(style == 2, cat(so, house, " ", street), a)
        out.append(as_s(np.where(style == 3, cat(so, house, ngo, sub, ", ", street), a)))
    return out[0], out[1]


def _mobile(ctx: Context, rng: np.random.Generator, n: int) -> np.ndarray:
    pref = ctx.mobile_prefix[choice_idx(rng, n, ctx.mobile_prefix_w)]
    return pref * 10_000_000 + rng.integers(0, 10_000_000, n)


def _landline(ctx: Context, rng: np.random.Generator, code: np.ndarray) -> np.ndarray:
    codes = [str(c) for c in ctx.province_codes]
    area = np.array([V.LANDLINE_AREA.get(c, "") for c in codes], dtype=object)[code]
    generic = np.array(V.LANDLINE_GENERIC)[rng.integers(0, len(V.LANDLINE_GENERIC), len(code))]
    area = np.where(area == "", generic, area).astype(str)
    two = np.char.str_len(area) == 2
    local = np.where(
        two, rng.integers(30_000_000, 80_000_000, len(code)), rng.integers(3_000_000, 8_000_000, len(code))
    )
    scale = np.where(two, 100_000_000, 10_000_000)
    return area.astype(np.int64) * scale + local


def _foreign(rng: np.random.Generator, cc: np.ndarray) -> np.ndarray:
    out = np.zeros(len(cc), dtype=np.int64)
    for c, (leads, length, _groups) in V.FOREIGN_PHONE.items():
        sel = np.flatnonzero(cc == c)
        lead = np.array(leads)[rng.integers(0, len(leads), len(sel))]
        rest_len = length - np.char.str_len(lead)
        out[sel] = lead.astype(np.int64) * 10**rest_len + (rng.random(len(sel)) * 10.0**rest_len).astype(
            np.int64
        )
    return out


def _unique_phones(
    ctx,
    rng,
    household,
    ph1_cc,
    ph1_nsn,
    ph1_land,
    has_ph2,
    ph2_cc,
    ph2_nsn,
    ph2_land,
    has_old,
    old_cc,
    old_nsn,
    code,
) -> None:
    """Make every number belong to one person (or one household) and avoid placeholder numbers."""
    n = len(ph1_cc)
    placeholder_keys = VN_CC * 10**12 + ctx.placeholder_nsn
    slots = ((ph1_cc, ph1_nsn, ph1_land), (ph2_cc, ph2_nsn, ph2_land), (old_cc, old_nsn, None))
    for _ in range(50):
        pos = [np.arange(n), np.flatnonzero(has_ph2), np.flatnonzero(has_old)]
        key = np.concatenate([cc[p] * 10**12 + nsn[p] for (cc, nsn, _l), p in zip(slots, pos, strict=True)])
        own = np.concatenate(pos)
        slot = np.concatenate([np.full(len(p), s, np.int8) for s, p in enumerate(pos)])
        grp = np.where(household[own] >= 0, -2 - household[own], own)  # a household counts as one owner
        order = np.lexsort((grp, key))
        k, g = key[order], grp[order]
        dup = np.zeros(len(k), bool)
        same_key = k[1:] == k[:-1]
        # another owner has it, or the same (single) person holds the number twice
        dup[1:] = same_key & ((g[1:] != g[:-1]) | (g[1:] >= 0))
        dup |= np.isin(k, placeholder_keys)
        bad = order[dup]
        if len(bad) == 0:
            return
        for s, (cc_arr, nsn_arr, land_arr) in enumerate(slots):
            p = own[bad[slot[bad] == s]]
            if len(p) == 0:
                continue
            vn = cc_arr[p] == VN_CC
            land = land_arr[p] if land_arr is not None else np.zeros(len(p), bool)
            new = _mobile(ctx, rng, len(p))
            new[land] = _landline(ctx, rng, code[p[land]])
            new[~vn] = _foreign(rng, cc_arr[p[~vn]])
            nsn_arr[p] = new
    raise RuntimeError("could not make phone numbers unique")


def _emails(
    ctx: Context, rng: np.random.Generator, fam, mid, giv, origin, birth_year, dob_known
) -> np.ndarray:
    n = len(fam)
    f, g = ctx.tok_email[fam], ctx.tok_email[giv]
    m = as_s(np.where(mid >= 0, ctx.tok_email[np.maximum(mid, 0)], ""))
    y4 = num(np.where(dob_known & (rng.random(n) < 0.7), birth_year, rng.integers(1975, 2006, n)))
    y2 = np.strings.slice(y4, 2, 4)
    n3 = num(rng.integers(1, 1000, n))
    dom_i = choice_idx(rng, n, ctx.vn_domain_w)
    domain = ctx.vn_domains[dom_i]
    company = ctx.vn_domain_company[dom_i]
    pat = choice_idx(rng, n, [0.3, 0.15, 0.0, 0.25, 0.2, 0.1])
    pat = np.where(company, np.where(rng.random(n) < 0.6, 2, 1), pat)
    gmail = domain == "gmail.com"
    f0, m0 = np.strings.slice(f, 0, 1), np.strings.slice(m, 0, 1)
    local = empty(n)
    forms = {
        0: lambda s: cat(f[s], m[s], g[s], y4[s]),
        1: lambda s: np.where(gmail[s], cat(g[s], f[s], y2[s]), cat(g[s], ".", f[s])),
        2: lambda s: cat(g[s], f0[s], m0[s]),
        3: lambda s: cat(f[s], g[s], y2[s]),
        4: lambda s: cat(g[s], f[s], n3[s]),
        5: lambda s: np.where(gmail[s], cat(g[s], y4[s]), cat(g[s], ".", f[s], y2[s])),
    }
    for k, fn in forms.items():
        s = pat == k
        if s.any():
            local[s] = fn(s)
    # international customers: their own domains and habits
    for o, (*_x, domains, _cc) in enumerate(V.INTL_ORIGINS):
        s = origin == o
        k = int(s.sum())
        if not k:
            continue
        d = sarr(domains)[rng.integers(0, len(domains), k)]
        domain[s] = d
        ip = rng.integers(0, 3, k)
        gg, ff = g[s], f[s]
        dotted = np.where(ip == 0, cat(gg, ".", ff), cat(ff, ".", gg))
        plain = cat(gg, ff, np.strings.slice(y4[s], 2, 4))
        local[s] = np.where((ip < 2) & (d != "gmail.com"), dotted, np.where(ip == 2, cat(gg, n3[s]), plain))
    return cat(local, "@", domain)


def _dictionary_codes(values: np.ndarray) -> np.ndarray:
    """Integer codes of equal strings (hash-based, via Arrow; one dictionary across all chunks)."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    arr = pa.array(values)
    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    enc = pc.dictionary_encode(pa.chunked_array(chunks, type=pa.string()))
    return np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in enc.chunks]).astype(np.int64)


def _unique_emails(rng: np.random.Generator, arrays: list[np.ndarray]) -> None:
    """Append digits to the local part until no two people (or slots) share an address."""
    n = len(arrays[0])
    for _ in range(20):
        allv = np.concatenate(arrays)
        pos = np.flatnonzero(allv != "")
        # hash-based grouping (Arrow dictionary encoding) instead of sorting strings
        codes = _dictionary_codes(allv[pos])
        order = np.argsort(codes, kind="stable")
        sc = codes[order]
        first = np.ones(len(sc), bool)
        first[1:] = sc[1:] != sc[:-1]
        if first.all():
            return
        # rank within each group of equal addresses: the first keeps it, the others get rank + 2 random digits
        start = np.maximum.accumulate(np.where(first, np.arange(len(sc)), 0))
        rank = np.arange(len(sc)) - start
        bad, bad_rank = pos[order[~first]], rank[~first]
        for s, arr in enumerate(arrays):
            sel = (bad >= s * n) & (bad < (s + 1) * n)
            p = bad[sel] - s * n
            if len(p) == 0:
                continue
            v = arr[p]
            at = np.strings.find(v, "@")
            suffix = cat(num(bad_rank[sel]), num(rng.integers(0, 100, len(p)), 2))
            arr[p] = cat(np.strings.slice(v, 0, at), suffix, np.strings.slice(v, at, None))
    raise RuntimeError("could not make emails unique")


# ---------------------------------------------------------------------------- canonical rendering
def canonical_name(ctx: Context, P: People, p: np.ndarray) -> np.ndarray:
    fam, giv, mid, mid2 = P.fam[p], P.giv[p], P.mid[p], P.mid2[p]
    F, G = ctx.tok[fam], ctx.tok[giv]
    M = as_s(np.where(mid >= 0, cat(ctx.tok[np.maximum(mid, 0)], " "), ""))
    M2 = as_s(np.where(mid2 >= 0, cat(ctx.tok[np.maximum(mid2, 0)], " "), ""))
    return as_s(np.where(P.family_first[p], cat(F, " ", M, M2, G), cat(G, " ", F)))


def e164(cc: np.ndarray, nsn: np.ndarray) -> np.ndarray:
    return cat("+", num(cc), num(nsn))


def people_table(ctx: Context, P: People) -> pa.Table:
    p = np.arange(P.n)
    pid = person_ids(p)
    phones = [e164(P.ph1_cc, P.ph1_nsn), e164(P.ph2_cc, P.ph2_nsn), e164(P.old_cc, P.old_nsn)]
    ph_mask = [np.ones(P.n, bool), P.has_ph2, P.has_old_ph]
    em_mask = [P.email1 != "", P.email2 != "", P.email_old != ""]
    tok = ctx.tok

    def lists(values: list[np.ndarray], masks: list[np.ndarray]) -> pa.Array:
        counts = np.sum(masks, axis=0)
        stacked = np.stack(values, axis=1)
        flat = stacked[np.stack(masks, axis=1)]
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
        return pa.ListArray.from_arrays(pa.array(offsets), _single(pa.array(flat, type=pa.string())))

    dob = pa.array(P.birth_day.astype("datetime64[D]"), mask=~P.dob_known).cast(pa.date32())
    mid = as_s(np.where(P.mid >= 0, tok[np.maximum(P.mid, 0)], ""))
    mid = as_s(np.where(P.mid2 >= 0, cat(mid, " ", tok[np.maximum(P.mid2, 0)]), mid))
    return pa.table(
        {
            "person_id": pa.array(pid),
            "full_name": pa.array(canonical_name(ctx, P, p)),
            "family_name": pa.array(tok[P.fam]),
            "middle_name": pa.array(mid, mask=P.mid < 0),
            "given_name": pa.array(tok[P.giv]),
            "date_of_birth": dob,
            "gender": pa.array(np.where(P.gender == 1, "F", "M")),
            "province_code": pa.array(ctx.province_codes[P.code]),
            "address_line": pa.array(P.address),
            "phones": lists(phones, ph_mask),
            "emails": lists([P.email1, P.email2, P.email_old], em_mask),
            "household_id": pa.array(cat("H", num(np.maximum(P.household, 0) + 1, 7)), mask=P.household < 0),
            "is_international": pa.array(P.intl),
            "first_seen_at": pa.array(P.first_seen.astype("datetime64[s]")).cast(pa.timestamp("s", tz="UTC")),
            "acquisition_source": pa.array(P.acq_source),
            "acquisition_medium": pa.array(P.acq_medium),
            "acquisition_campaign": pa.array(
                as_s(np.where(P.acq_campaign >= 0, ctx.campaigns.ids[np.maximum(P.acq_campaign, 0)], "")),
                mask=P.acq_campaign < 0,
            ),
        }
    )


def _single(arr: pa.Array | pa.ChunkedArray) -> pa.Array:
    """pa.array() of a large StringDType array comes back chunked; some Arrow APIs need one array."""
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def person_ids(p: np.ndarray) -> np.ndarray:
    return cat("P", num(np.asarray(p) + 1, 7))

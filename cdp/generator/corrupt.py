"""Corruption mode: the slips people make when they type a person's details into a CRM, a loyalty form or a
call-centre ticket, layered on top of the default mess (``MessConfig.corrupted()``, docs/demo_data.md).

Everything here draws from the corruption streams only (one per block of people, one for the people), never
from the streams of the default mode: with every ``corrupt_*`` rate at 0 nothing here runs and the default
output is unchanged byte for byte; with them on, the records are those of the default mode with the
corruption applied, plus the unlinked duplicates.
"""

from __future__ import annotations

import unicodedata

import numpy as np

from . import vocab as V
from .config import MessConfig
from .context import Context
from .people import VN_CC, People, _mobile
from .text import as_s, cat, choice_idx, empty, num, sarr, sl

Flags = dict[str, np.ndarray]

# ------------------------------------------------------------------------------------------- keyboard slips
KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _keyboard_neighbours() -> dict[str, str]:
    """Letters next to each letter on a QWERTY keyboard (same row, and the touching keys above and below)."""
    out: dict[str, str] = {}
    for r, row in enumerate(KEY_ROWS):
        for c, ch in enumerate(row):
            near = []
            for rr, cc in ((r, c - 1), (r, c + 1), (r - 1, c), (r - 1, c + 1), (r + 1, c - 1), (r + 1, c)):
                if 0 <= rr < len(KEY_ROWS) and 0 <= cc < len(KEY_ROWS[rr]):
                    near.append(KEY_ROWS[rr][cc])
            out[ch] = "".join(near)
    return out


NEIGHBOURS = _keyboard_neighbours()
SLIP_KINDS = ("neighbour", "transposition", "dropped")


def _base_letters(chars: np.ndarray) -> np.ndarray:
    """Each one-character string folded to its lower-case base letter ('Ễ' -> 'e', 'Đ' -> 'd')."""
    if len(chars) == 0:
        return chars
    uniq, inv = np.unique(chars, return_inverse=True)
    return sarr([V.fold(str(u)).lower() for u in uniq])[inv]


def keyboard_slip(
    rng: np.random.Generator, values: np.ndarray, mask: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """One typing slip in each masked value: a letter replaced by a keyboard neighbour of its base letter
    (case kept), two adjacent letters swapped, or a letter dropped; each kind equally likely.

    Only letters are touched (never spaces, digits or dots); swaps and drops leave the first letter alone
    and need three letters or more (else the slip is a neighbour key). Returns the new values and where a
    slip was made (a value where no valid position was found in 8 draws is left unchanged)."""
    out = as_s(values).copy()
    applied = np.zeros(len(out), bool)
    idx = np.flatnonzero(mask)
    if len(idx) == 0:
        return out, applied
    v = out[idx]
    n = len(v)
    length = np.strings.str_len(v)
    kind = rng.integers(0, 3, n)
    kind = np.where(length < 3, 0, kind)
    lo = np.where(kind == 0, 0, 1)
    hi = np.where(kind == 1, length - 1, length)
    k = np.zeros(n, dtype=np.int64)
    ok = np.zeros(n, bool)
    for _ in range(8):
        todo = np.flatnonzero(~ok & (hi > lo))
        if len(todo) == 0:
            break
        kk = lo[todo] + (rng.random(len(todo)) * (hi[todo] - lo[todo])).astype(np.int64)
        a = sl(v[todo], kk, kk + 1)
        good = np.strings.isalpha(a)
        swap = kind[todo] == 1
        if swap.any():
            b = sl(v[todo], kk + 1, kk + 2)
            good &= ~swap | (np.strings.isalpha(b) & (_base_letters(a) != _base_letters(b)))
        k[todo] = kk
        ok[todo] = good
    a = sl(v, k, k + 1)
    base = _base_letters(a)
    neighbour = empty(n)
    r = rng.random(n)
    for letter, near in NEIGHBOURS.items():
        sel = ok & (kind == 0) & (base == letter)
        if sel.any():
            neighbour[sel] = sarr(list(near))[(r[sel] * len(near)).astype(np.int64)]
    ok &= (kind != 0) | (neighbour != "")
    neighbour = as_s(np.where(a != np.strings.lower(a), np.strings.upper(neighbour), neighbour))
    head, tail1, tail2 = sl(v, 0, k), sl(v, k + 1, None), sl(v, k + 2, None)
    slipped = np.where(
        kind == 0,
        cat(head, neighbour, tail1),
        np.where(kind == 1, cat(head, sl(v, k + 1, k + 2), a, tail2), cat(head, tail1)),
    )
    new = as_s(np.where(ok, slipped, v))
    out[idx] = new
    applied[idx] = ok
    return out, applied


# ------------------------------------------------------------------------------------------------- names
def name_structure(cfg: MessConfig, rng: np.random.Generator, struct: np.ndarray) -> np.ndarray:
    """Override a rendered name's structure: 6 = middle names dropped ('Nguyễn An'), 5 = given names
    before the family name ('Văn An Nguyễn'), exclusive; other values are kept."""
    u = rng.random(len(struct))
    drop = u < cfg.corrupt_middle_name_dropped
    west = ~drop & (u < cfg.corrupt_middle_name_dropped + cfg.corrupt_name_order)
    return np.where(drop, 6, np.where(west, 5, struct))


def name_typos(
    cfg: MessConfig,
    rng: np.random.Generator,
    family: np.ndarray,
    middle: np.ndarray,
    given: np.ndarray,
    middle_shown: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A keyboard slip in one name token of corrupt_name_typo of the values: the given name (45 %), the
    family name (30 %) or a middle name (25 %, when one is shown; else the given name)."""
    n = len(family)
    slip = rng.random(n) < cfg.corrupt_name_typo
    target = choice_idx(rng, n, [0.3, 0.45, 0.25])
    target = np.where((target == 2) & ~middle_shown, 1, target)
    family, a0 = keyboard_slip(rng, family, slip & (target == 0))
    given, a1 = keyboard_slip(rng, given, slip & (target == 1))
    middle, a2 = keyboard_slip(rng, middle, slip & (target == 2))
    return family, middle, given, a0 | a1 | a2


# ------------------------------------------------------------------------------------------------- dates
def _days_from_ymd(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    months = np.datetime64("1970-01", "M") + ((y - 1970) * 12 + (m - 1)).astype("timedelta64[M]")
    return (months.astype("datetime64[D]") + (d - 1).astype("timedelta64[D]")).astype(np.int64)


def _days_in_month(y: np.ndarray, m: np.ndarray) -> np.ndarray:
    months = np.datetime64("1970-01", "M") + ((y - 1970) * 12 + (m - 1)).astype("timedelta64[M]")
    return ((months + 1).astype("datetime64[D]") - months.astype("datetime64[D]")).astype(np.int64)


def _ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    y = d.astype("datetime64[Y]").astype(np.int64) + 1970
    m = d.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (d - d.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
    return y, m, day


MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def dates_in_words(
    cfg: MessConfig, rng: np.random.Generator, days: np.ndarray, vals: np.ndarray, present: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """corrupt_dob_words of the birth dates written with words instead of digits, as forms and CRMs in
    other locales write them: half with the month's English abbreviation ('15 Jan 1990'), half as ICU,
    Java and JavaScript write a date for locale vi ('15 tháng 1, 1990'). Returns the values and the mask."""
    u = rng.random(len(days))
    words = present & (u < cfg.corrupt_dob_words)
    idx = np.flatnonzero(words)
    if not len(idx):
        return vals, words
    y, m, d = (part[idx] for part in _ymd(days))
    english = u[idx] < cfg.corrupt_dob_words / 2
    written = [
        f"{day} {MONTHS_EN[month - 1]} {year}" if en else f"{day} tháng {month}, {year}"
        for day, month, year, en in zip(d.tolist(), m.tolist(), y.tolist(), english.tolist(), strict=True)
    ]
    out = as_s(vals).copy()
    out[idx] = written
    return out, words


def one_digit_off(
    rng: np.random.Generator, days: np.ndarray, min_day: int, max_day: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each date with one digit of YYYYMMDD changed (never the century), still a real date within
    [min_day, max_day]; returns the dates and where a change was found (20 draws)."""
    y, m, d = _ymd(days)
    ymd = y * 10_000 + m * 100 + d
    out = np.asarray(days, dtype=np.int64).copy()
    done = np.zeros(len(out), bool)
    for _ in range(20):
        todo = np.flatnonzero(~done)
        if len(todo) == 0:
            break
        place = 10 ** rng.integers(0, 6, len(todo))  # digits 3-8 of YYYYMMDD
        old = (ymd[todo] // place) % 10
        new = (old + rng.integers(1, 10, len(todo))) % 10
        cand = ymd[todo] + (new - old) * place
        cy, cm, cd = cand // 10_000, cand // 100 % 100, cand % 100
        valid = (cm >= 1) & (cm <= 12) & (cd >= 1)
        valid &= cd <= _days_in_month(cy, np.clip(cm, 1, 12))
        nd = _days_from_ymd(cy, np.clip(cm, 1, 12), np.maximum(cd, 1))
        valid &= (nd >= min_day) & (nd <= max_day)
        out[todo[valid]] = nd[valid]
        done[todo[valid]] = True
    return out, done


def corrupt_dates(
    cfg: MessConfig,
    rng: np.random.Generator,
    days: np.ndarray,
    present: np.ndarray,
    min_day: int,
    max_day: int,
) -> tuple[np.ndarray, Flags]:
    """Birth dates with day and month swapped (corrupt_dob_day_month_swap of the dates whose day is 1-12
    and differs from the month) or one digit wrong (corrupt_dob_digit_typo of all dates), exclusive."""
    n = len(days)
    u = rng.random(n)
    y, m, d = _ymd(days)
    swap = present & (d <= 12) & (d != m) & (u < cfg.corrupt_dob_day_month_swap)
    typo = present & (u >= cfg.corrupt_dob_day_month_swap)
    typo &= u < cfg.corrupt_dob_day_month_swap + cfg.corrupt_dob_digit_typo
    out = np.asarray(days, dtype=np.int64).copy()
    out[swap] = _days_from_ymd(y[swap], d[swap], m[swap])
    idx = np.flatnonzero(typo)
    changed, ok = one_digit_off(rng, out[idx], min_day, max_day)
    out[idx] = changed
    typo[idx] = ok
    return out, {"corrupt_dob_day_month_swap": swap, "corrupt_dob_digit_typo": typo}


# ---------------------------------------------------------------------------------------------- addresses
ADMIN_PREFIXES = (("Quận ", "Q."), ("Phường ", "P."), ("Xã ", "X."), ("Thị trấn ", "TT."))


def district_forms(name: str) -> tuple[str, str]:
    """('Quận 1', 'Q.1'), ('Quận Bình Thạnh', 'Q. Bình Thạnh'), ('Phường Bến Thành', 'P. Bến Thành'). The
    districts of the big cities are listed by name alone ('Bình Thạnh'): they are urban districts (Quận)."""
    for prefix, abbreviation in ADMIN_PREFIXES:
        if name.startswith(prefix):
            rest, short = name[len(prefix) :], abbreviation
            break
    else:
        prefix, short, rest = "Quận ", "Q.", name
    return prefix + rest, (short + rest if rest.isdigit() else f"{short} {rest}")


class Corruptor:
    """What the corruption mode needs for a whole run: address parts of every person, the spelled-out and
    abbreviated administrative names, and the phones and emails already in use (so that the contact details
    of an unlinked duplicate never belong to anybody)."""

    def __init__(self, ctx: Context, P: People):
        self.ctx, self.cfg, self.P = ctx, ctx.cfg, P
        self.min_day = int(np.datetime64("1920-01-01", "D").astype(np.int64))
        self.max_day = int(ctx.t_end // 86_400) - 16 * 365
        streets = list(V.STREETS)
        self.streets = sarr(streets)
        self.streets_ascii = sarr([V.fold(s) for s in streets])
        # the street of every person: every address line ends with one of vocab.STREETS
        self.street = np.full(P.n, -1, dtype=np.int32)
        for i, s in enumerate(streets):
            self.street[np.strings.endswith(P.address, s)] = i
        if (self.street < 0).any():
            raise ValueError("an address does not end with a known street")
        districts = sorted({d for ds in V.DISTRICTS.values() for d in ds} | set(V.DISTRICTS_GENERIC))
        self.district_long = {d: district_forms(d)[0] for d in districts}
        self.district_short = {d: district_forms(d)[1] for d in districts}
        rows = {r["province_code"]: r for r in V.read_seed("vn_provinces", ctx.seeds_dir)}
        codes = [str(c) for c in ctx.province_codes]
        long, short = [], []
        for c in codes:
            name, city = rows[c]["province_name"], rows[c]["province_type"] == "city"
            long.append(f"Thành phố {name}" if city else f"Tỉnh {name}")
            short.append(f"TP. {name}" if city else name)
        self.province_long, self.province_short = sarr(long), sarr(short)
        self.known_phones = np.unique(
            np.concatenate(
                [
                    P.ph1_cc * 10**12 + P.ph1_nsn,
                    (P.ph2_cc * 10**12 + P.ph2_nsn)[P.has_ph2],
                    (P.old_cc * 10**12 + P.old_nsn)[P.has_old_ph],
                    VN_CC * 10**12 + ctx.placeholder_nsn,
                ]
            )
        )
        emails = np.concatenate([P.email1, P.email2, P.email_old])
        self.known_emails: set[str] = set(emails[emails != ""].tolist())  # a set: np.isin sorts strings
        self.issued_phones = np.zeros(0, dtype=np.int64)

    # ------------------------------------------------------------------ addresses
    def _lookup(self, table: dict[str, str], values: np.ndarray) -> np.ndarray:
        uniq, inv = np.unique(values, return_inverse=True)
        return sarr([table[str(u)] for u in uniq])[inv] if len(values) else empty(0)

    def address(self, rng: np.random.Generator, p: np.ndarray, strip: np.ndarray) -> tuple[np.ndarray, Flags]:
        """The person's address line with a keyboard slip in the street name (corrupt_address_typo) and,
        for corrupt_address_abbreviation of the values, in the administrative style: street word, ward or
        district and province appended, each spelled out or abbreviated with even odds ('123 Đ. Lê Lợi,
        Q.1, TP. Hồ Chí Minh', '123 Đường Lê Lợi, Quận 1, Thành phố Hồ Chí Minh'). `strip`: the rows
        written without diacritics (drawn by the default mode)."""
        P, cfg, n = self.P, self.cfg, len(p)
        si = self.street[p]
        street = as_s(np.where(strip, self.streets_ascii[si], self.streets[si]))
        line = as_s(np.where(strip, P.address_ascii[p], P.address[p]))
        house = sl(line, 0, np.strings.str_len(line) - np.strings.str_len(street))
        admin = rng.random(n) < cfg.corrupt_address_abbreviation
        slip = rng.random(n) < cfg.corrupt_address_typo
        street, slipped = keyboard_slip(rng, street, slip)
        short = rng.random((n, 3)) < 0.5
        word = as_s(np.where(short[:, 0], "Đ. ", "Đường "))
        district = as_s(
            np.where(
                short[:, 1],
                self._lookup(self.district_short, P.district[p]),
                self._lookup(self.district_long, P.district[p]),
            )
        )
        province = as_s(np.where(short[:, 2], self.province_short[P.code[p]], self.province_long[P.code[p]]))
        suffix = cat(", ", district, ", ", province)
        if strip.any():
            word[strip] = np.where(short[strip, 0], "D. ", "Duong ")
            suffix[strip] = _fold_all(suffix[strip])
        vals = as_s(np.where(admin, cat(house, word, street, suffix), cat(house, street)))
        return vals, {"corrupt_address_abbreviation": admin, "corrupt_address_typo": slipped}

    def district(self, rng: np.random.Generator, values: np.ndarray) -> tuple[np.ndarray, Flags]:
        """District values abbreviated ('Q.1', 'Q. Bình Thạnh') at corrupt_address_abbreviation."""
        short = rng.random(len(values)) < self.cfg.corrupt_address_abbreviation
        vals = as_s(np.where(short, self._lookup(self.district_short, values), values))
        return vals, {"corrupt_address_abbreviation": short}

    # ------------------------------------------------------------- contact details of unlinked duplicates
    def unlinked_phones(
        self, rng: np.random.Generator, p: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """A phone no other record of anybody carries: none (45 %), the person's main number with one of
        its last 7 digits wrong (30 %), or a new mobile number (25 %). Returns cc, nsn, landline, present."""
        P, n = self.P, len(p)
        kind = choice_idx(rng, n, [0.45, 0.30, 0.25])
        cc = P.ph1_cc[p].copy()
        nsn = P.ph1_nsn[p].copy()
        land = P.ph1_land[p].copy()
        fresh = kind == 2
        cc[fresh], land[fresh] = VN_CC, False
        todo = np.flatnonzero(kind > 0)
        base = nsn.copy()
        present = np.zeros(n, bool)
        for _ in range(30):
            if len(todo) == 0:
                break
            new = _mobile(self.ctx, rng, len(todo))
            place = 10 ** rng.integers(0, 7, len(todo))
            old = (base[todo] // place) % 10
            typo = base[todo] + ((old + rng.integers(1, 10, len(todo))) % 10 - old) * place
            nsn[todo] = np.where(fresh[todo], new, typo)
            key = cc[todo] * 10**12 + nsn[todo]
            _, first = np.unique(key, return_index=True)
            unique_here = np.zeros(len(todo), bool)
            unique_here[first] = True
            ok = unique_here & ~np.isin(key, self.known_phones) & ~np.isin(key, self.issued_phones)
            present[todo[ok]] = True
            self.issued_phones = np.union1d(self.issued_phones, key[ok])
            todo = todo[~ok]
        return cc, nsn, land, present

    def unlinked_emails(self, rng: np.random.Generator, p: np.ndarray) -> np.ndarray:
        """An email no other record of anybody carries ('' for none): for people with an address, none
        (60 %), their address with a keyboard slip in the local part (25 %) or a new address (15 %); for the
        others none (85 %) or a new address."""
        P, ctx, n = self.P, self.ctx, len(p)
        has = P.email1[p] != ""
        kind = np.where(has, choice_idx(rng, n, [0.60, 0.25, 0.15]), np.where(rng.random(n) < 0.15, 2, 0))
        out = empty(n)
        todo = np.flatnonzero(kind > 0)
        for _ in range(30):
            if len(todo) == 0:
                break
            q = p[todo]
            email = P.email1[q]
            at = np.strings.find(email, "@")
            local, domain = sl(email, 0, at), sl(email, at, None)
            slipped, _ok = keyboard_slip(rng, local, np.ones(len(todo), bool))
            digits = num(rng.integers(0, 10_000, len(todo)), 4)
            new_domain = cat("@", ctx.vn_domains[choice_idx(rng, len(todo), ctx.vn_domain_w)])
            fresh = cat(ctx.tok_email[P.giv[q]], ".", ctx.tok_email[P.fam[q]], digits, new_domain)
            cand = as_s(np.where(kind[todo] == 1, cat(slipped, domain), fresh))
            _, first = np.unique(cand, return_index=True)
            unique_here = np.zeros(len(todo), bool)
            unique_here[first] = True
            taken = np.fromiter((c in self.known_emails for c in cand.tolist()), bool, len(cand))
            ok = unique_here & ~taken & ((kind[todo] == 2) | (slipped != local))
            out[todo[ok]] = cand[ok]
            self.known_emails.update(cand[ok].tolist())
            todo = todo[~ok]
        return out


def _fold_all(values: np.ndarray) -> np.ndarray:
    uniq, inv = np.unique(values, return_inverse=True)
    return sarr([V.fold(str(u)) for u in uniq])[inv]


# ------------------------------------------------------------------------------------- forms of address
# What a call centre agent or a Facebook / Zalo seller writes before a customer's name, by People.gender
# (0 male, 1 female): Vietnamese, or English for international customers. 'Anh' is among them although
# staging keeps it (seed name_honorifics: it is also a given and middle name).
HONORIFICS = {
    False: (("Anh", "Chú", "Ông", "anh"), ("Chị", "Cô", "Bà", "chị")),
    True: (("Mr", "Mr."), ("Ms", "Mrs", "Ms.")),
}


def name_honorifics(
    cfg: MessConfig, rng: np.random.Generator, P: People, p: np.ndarray, names: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """corrupt_name_honorific of the names given (empty ones aside) get a form of address and a space
    before them ('Chị Nguyễn Thị Lan', 'anh Tuấn', 'Mr. John Smith'), by the person's gender and
    origin. Returns the names and the rows changed."""
    if cfg.corrupt_name_honorific == 0:  # no draw: other corruption rates keep their output
        return names, np.zeros(len(p), bool)
    hit = (names != "") & (rng.random(len(p)) < cfg.corrupt_name_honorific)
    rows = np.flatnonzero(hit)
    if not len(rows):
        return names, hit
    draws = rng.integers(0, 12, len(rows))  # 12: a multiple of every list's length
    titles = []
    for q, k in zip(p[rows], draws, strict=True):
        options = HONORIFICS[bool(P.intl[q])][int(P.gender[q])]
        titles.append(options[k % len(options)])
    out = as_s(names).copy()
    out[rows] = cat(sarr(titles), " ", out[rows])
    return out, hit


# A Facebook or Zalo profile that names a parent after a child, by People.gender (0 father, 1 mother), and
# the children's nicknames it reads.
PARENT_OF = (("Bố", "bố", "BỐ"), ("Mẹ", "mẹ", "MẸ", "Má"))
CHILD_NICKNAMES = ("Bin", "Su", "Bống", "Gạo", "Bắp", "Sóc", "Tít", "Na", "Mít", "Cún", "Bi", "Ken")


def name_parent_of(
    cfg: MessConfig, rng: np.random.Generator, P: People, p: np.ndarray, names: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """corrupt_name_parent_of of the names given (empty ones aside; Vietnamese people) replaced by the
    profile name of a parent named after a child, as Facebook and Zalo show it: 'Mẹ Bin', 'Bố Tít',
    'Má Gạo'. The value no longer names the person. Returns the names and the rows changed."""
    if cfg.corrupt_name_parent_of == 0:  # no draw: other corruption rates keep their output
        return names, np.zeros(len(p), bool)
    hit = (names != "") & ~P.intl[p] & (rng.random(len(p)) < cfg.corrupt_name_parent_of)
    rows = np.flatnonzero(hit)
    if not len(rows):
        return names, hit
    words = rng.integers(0, 12, len(rows))  # 12: a multiple of both lists' lengths
    children = rng.integers(0, len(CHILD_NICKNAMES), len(rows))
    parents = [PARENT_OF[int(P.gender[q])] for q in p[rows]]
    out = as_s(names).copy()
    out[rows] = [
        f"{options[k % len(options)]} {CHILD_NICKNAMES[c]}"
        for options, k, c in zip(parents, words, children, strict=True)
    ]
    return out, hit


# How a nickname follows the name in a profile or a seller's note (CHILD_NICKNAMES: the same pet names).
NICKNAME_FORMS = ("{} ({})", "{} [{}]")


def name_nickname(
    cfg: MessConfig, rng: np.random.Generator, names: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """corrupt_name_nickname of the names given (empty ones aside) with a nickname in brackets after them,
    as Facebook and Zalo profiles and sellers' notes write it: 'Nguyễn Thị Lan (Bông)', 'Lan [Su]'.
    Returns the names and the rows changed."""
    if cfg.corrupt_name_nickname == 0:  # no draw: other corruption rates keep their output
        return names, np.zeros(len(names), bool)
    draw = rng.random(len(names))
    forms = rng.integers(0, len(CHILD_NICKNAMES) * len(NICKNAME_FORMS), len(names))
    hit = (names != "") & (draw < cfg.corrupt_name_nickname)
    out = as_s(names).copy()
    for row in np.flatnonzero(hit):
        nickname, form = divmod(int(forms[row]), len(NICKNAME_FORMS))
        out[row] = NICKNAME_FORMS[form].format(out[row], CHILD_NICKNAMES[nickname])
    return out, hit


def name_copied_spaces(
    cfg: MessConfig, rng: np.random.Generator, names: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """corrupt_name_copied_spaces of the names given (empty ones aside) as copied from a Facebook or
    Zalo profile or a web page: every space a no-break space (U+00A0), and for a third of them a
    zero-width space (U+200B) after the name too. Returns the names and the rows changed."""
    if cfg.corrupt_name_copied_spaces == 0:  # no draw: other corruption rates keep their output
        return names, np.zeros(len(names), bool)
    draw = rng.random(len(names))
    hit = (names != "") & (draw < cfg.corrupt_name_copied_spaces)
    out = as_s(names).copy()
    out[hit] = np.strings.replace(out[hit], " ", "\u00a0")
    trailing = hit & (draw < cfg.corrupt_name_copied_spaces / 3)
    out[trailing] = cat(out[trailing], "\u200b")
    return out, hit


def name_decomposed(
    cfg: MessConfig, rng: np.random.Generator, *fields: np.ndarray
) -> tuple[list[np.ndarray], np.ndarray]:
    """corrupt_name_decomposed of the names given (one field, or first and last name side by side) that
    carry a letter beyond ASCII, decomposed (Unicode NFD) as macOS, some iOS keyboards and Unikey's
    'Unicode tổ hợp' output write Vietnamese: 'ễ' as 'e' + U+0302 + U+0303, looking the same as the
    precomposed name. Returns the fields and the rows changed."""
    if cfg.corrupt_name_decomposed == 0:  # no draw: other corruption rates keep their output
        return list(fields), np.zeros(len(fields[0]), bool)
    draw = rng.random(len(fields[0]))
    rows = zip(*fields, strict=True)
    beyond_ascii = np.array([not "".join(map(str, values)).isascii() for values in rows], bool)
    hit = (draw < cfg.corrupt_name_decomposed) & beyond_ascii
    out = []
    for values in fields:
        changed = as_s(values).copy()
        changed[hit] = [unicodedata.normalize("NFD", str(v)) for v in changed[hit]]
        out.append(changed)
    return out, hit


# How a Facebook or Zalo seller or a call centre writes a buyer's number after the name.
PHONE_IN_NAME = ("{} {}", "{} ({})", "{} - SĐT: {}", "{} zalo {}", "{} sđt {}")


def name_phone_written(
    cfg: MessConfig, rng: np.random.Generator, P: People, p: np.ndarray, names: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """corrupt_name_phone_written of the names given (empty ones aside; people with a Vietnamese first
    phone) with that number after them, as sellers note a buyer: 'Lan 0933184168', 'Lan (0933 184 168)',
    'Lan - SĐT: 0933.184.168', 'Lan zalo 0933184168', 'Lan sđt 0933184168'. Returns the names and the
    rows changed."""
    if cfg.corrupt_name_phone_written == 0:  # no draw: other corruption rates keep their output
        return names, np.zeros(len(p), bool)
    draw = rng.random(len(p))
    forms = rng.integers(0, len(PHONE_IN_NAME) * 3, len(p))  # a form, and how the digits are grouped
    hit = (names != "") & (P.ph1_cc[p] == VN_CC) & (draw < cfg.corrupt_name_phone_written)
    out = as_s(names).copy()
    for row in np.flatnonzero(hit):
        digits = f"0{int(P.ph1_nsn[p[row]])}"
        sep = ("", " ", ".")[int(forms[row]) % 3]
        number = sep.join((digits[:4], digits[4:7], digits[7:])) if sep else digits
        out[row] = PHONE_IN_NAME[int(forms[row]) // 3].format(out[row], number)
    return out, hit


# ------------------------------------------------------------------------------------------------ people
def make_namesakes(ctx: Context, P: People, rng: np.random.Generator) -> dict[str, int]:
    """Give corrupt_namesake of the eligible people (Vietnamese, not in a household) the full name, gender
    and province of another eligible person (a new district of that province is drawn; the street address
    stays their own), and corrupt_namesake_same_birth_year of them a birth date in that person's birth year
    (another day). Counts are exact: round(rate x eligible). Changes ``P`` in place; returns the counts."""
    cfg = ctx.cfg
    eligible = np.flatnonzero(~P.intl & (P.household < 0))
    k = int(np.floor(cfg.corrupt_namesake * len(eligible) + 0.5))
    if k == 0:
        return {"namesakes": 0, "namesakes_same_birth_year": 0}
    shuffled = rng.permutation(eligible)
    copies, pool = shuffled[:k], shuffled[k:]
    source = np.empty(k, dtype=np.int64)
    for g in (0, 1):
        sel = np.flatnonzero(P.gender[copies] == g)
        cand = pool[P.gender[pool] == g]
        source[sel] = cand[rng.integers(0, len(cand), len(sel))]
    for arr in (P.fam, P.mid, P.mid2, P.giv, P.family_first, P.area, P.code):
        arr[copies] = arr[source]
    codes = [str(c) for c in ctx.province_codes]
    for c in np.unique(P.code[copies]):
        sel = copies[P.code[copies] == c]
        opts = sarr(V.DISTRICTS.get(codes[c], V.DISTRICTS_GENERIC))
        P.district[sel] = opts[rng.integers(0, len(opts), len(sel))]
    same_year = rng.random(k) < cfg.corrupt_namesake_same_birth_year
    y, _m, _d = _ymd(P.birth_day[source[same_year]])
    jan1 = _days_from_ymd(y, np.ones_like(y), np.ones_like(y))
    length = _days_from_ymd(y + 1, np.ones_like(y), np.ones_like(y)) - jan1
    offset = (rng.random(len(y)) * length).astype(np.int64)
    day = jan1 + offset
    day = np.where(day == P.birth_day[source[same_year]], jan1 + (offset + 1) % length, day)
    P.birth_day[copies[same_year]] = day
    return {"namesakes": k, "namesakes_same_birth_year": int(same_year.sum())}

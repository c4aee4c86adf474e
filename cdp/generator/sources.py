"""The source systems: for one block of people, the clean logical records of every raw table, rendered messy.

Each builder draws who appears in the source, when, and which of the person's identifiers the record carries
(old phone/email before a change, a second number, a household phone), then renders every column through
``render``. The returned frames still need ``frame.finish`` (nulls, defects, duplicates, shuffle).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from . import vocab as V
from .config import CORRUPTIBLE_FIELDS, PRIMARY_KEYS
from .context import Context
from .corrupt import (
    Corruptor,
    corrupt_dates,
    dates_in_words,
    name_copied_spaces,
    name_honorifics,
    name_nickname,
    name_parent_of,
    name_phone_written,
)
from .frame import Frame
from .people import People
from .render import (
    render_bool,
    render_cents,
    render_date,
    render_email,
    render_gender,
    render_name,
    render_phone,
    render_province,
    render_split_name,
    render_ts,
    render_vnd,
)
from .text import (
    DAY,
    LOCAL_OFFSET,
    S,
    as_s,
    cat,
    choice_idx,
    empty,
    group_rank,
    hex_strings,
    num,
    sarr,
    uniform_between,
)

USD_VND = 26_300  # seeds/currency_rates.csv
SHOP_URL = "https://shop.example.vn"


@dataclass
class Counters:
    """Next sequence number per id series, carried from one block of people to the next."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, series: str, k: int) -> int:
        start = self.next.get(series, 1)
        self.next[series] = start + k
        return start


def seq_ids(counters: Counters, series: str, prefix: str, width: int, t: np.ndarray) -> np.ndarray:
    """Sequential ids in time order: 'CRM-0000001' for the earliest record of the block, and so on."""
    n = len(t)
    start = counters.take(series, n)
    rank = np.empty(n, dtype=np.int64)
    rank[np.argsort(t, kind="stable")] = np.arange(n)
    return cat(prefix, num(start + rank, width))


class Chunk:
    """Builds all person-driven tables for the people ``lo..hi-1``."""

    def __init__(
        self,
        ctx: Context,
        P: People,
        lo: int,
        hi: int,
        rng: np.random.Generator,
        counters: Counters,
        corrupt: Corruptor | None = None,
        crng: np.random.Generator | None = None,
    ):
        """``corrupt`` and ``crng`` (the corruption mode's run state and this block's stream) are given
        together or not at all."""
        self.ctx, self.P, self.rng, self.counters = ctx, P, rng, counters
        self.corrupt, self.crng = corrupt, crng
        self.pp = np.arange(lo, hi)
        self.lo = lo
        self.m = hi - lo
        self.A = ctx.t_end
        self.frames: dict[str, Frame] = {}
        self.truth_extra: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    # ------------------------------------------------------------------------------------- helpers
    def rand(self, n: int) -> np.ndarray:
        return self.rng.random(n)

    def select(self, prob) -> np.ndarray:
        return self.pp[self.rand(self.m) < prob]

    def after(self, p: np.ndarray, start: np.ndarray | None = None, skew: float = 1.0) -> np.ndarray:
        lo = self.P.first_seen[p] if start is None else np.asarray(start, dtype=np.int64)
        span = np.maximum(self.A - lo, 1)
        return lo + (self.rand(len(p)) ** skew * span).astype(np.int64)

    def phone_at(self, p: np.ndarray, t: np.ndarray, p2: float = 0.3):
        P = self.P
        use2 = P.has_ph2[p] & (self.rand(len(p)) < p2)
        cc = np.where(use2, P.ph2_cc[p], P.ph1_cc[p])
        nsn = np.where(use2, P.ph2_nsn[p], P.ph1_nsn[p])
        land = np.where(use2, P.ph2_land[p], P.ph1_land[p])
        old = P.has_old_ph[p] & (t < P.ph_change_t[p]) & ~use2
        cc = np.where(old, P.old_cc[p], cc)
        nsn = np.where(old, P.old_nsn[p], nsn)
        land = land & ~old
        return cc, nsn, land

    def email_at(self, p: np.ndarray, t: np.ndarray, p2: float = 0.25) -> np.ndarray:
        P = self.P
        use2 = (P.email2[p] != "") & (self.rand(len(p)) < p2)
        e = np.where(use2, P.email2[p], P.email1[p])
        old = (P.email_old[p] != "") & (t < P.email_change_t[p]) & ~use2
        return as_s(np.where(old, P.email_old[p], e))

    def phone(self, p, t, present, p2: float = 0.3, junk: bool = True):
        cc, nsn, land = self.phone_at(p, t, p2)
        return render_phone(self.ctx, self.rng, cc, nsn, land, present, junk=junk)

    def email(self, e, present, placeholders: bool = True):
        return render_email(self.ctx, self.rng, e, present, placeholders=placeholders)

    def ts(self, table: str, t, present=None):
        t = np.asarray(t, dtype=np.int64)
        return render_ts(self.ctx, self.rng, t, np.ones(len(t), bool) if present is None else present, table)

    def province(self, p_or_area, present, is_area: bool = False):
        area = p_or_area if is_area else self.P.area[p_or_area]
        return render_province(self.ctx, self.rng, area, present)

    def dob(self, p, prob: float):
        present = self.P.dob_known[p] & (self.rand(len(p)) < prob)
        days, slips = self.P.birth_day[p], {}
        if self.corrupt is not None:
            c = self.corrupt
            days, slips = corrupt_dates(self.ctx.cfg, self.crng, days, present, c.min_day, c.max_day)
        vals, flags = render_date(self.ctx, self.rng, days, present)
        if self.corrupt is not None:
            vals, words = dates_in_words(self.ctx.cfg, self.crng, days, vals, present)
            flags = {name: mask & ~words for name, mask in flags.items()} | {"corrupt_dob_words": words}
        return vals, flags | slips, present

    def address(self, p: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        strip = self.rand(len(p)) < self.ctx.cfg.name_no_diacritics
        if self.corrupt is not None:
            return self.corrupt.address(self.crng, p, strip)
        return as_s(np.where(strip, self.P.address_ascii[p], self.P.address[p])), {}

    def name(self, p: np.ndarray, present: np.ndarray):
        return render_name(self.ctx, self.rng, self.P, p, present, self.crng)

    def addressed_name(self, p: np.ndarray, present: np.ndarray):
        """A name as a call centre agent or a seller writes it: in the corruption mode
        corrupt_name_honorific of them carry a form of address before it ('Chị Lan', 'Mr John Smith'),
        corrupt_name_phone_written of them the person's number after it ('Lan - SĐT: 0933 184 168'),
        corrupt_name_copied_spaces of them no-break and zero-width spaces (copied from a profile); before
        all that, corrupt_name_parent_of of them are a parent's profile name ('Mẹ Bin'), and
        corrupt_name_nickname of them carry a nickname in brackets after the name ('Lan (Bông)')."""
        nm, nf = self.name(p, present)
        if self.corrupt is not None:
            nm, nf["corrupt_name_parent_of"] = name_parent_of(self.ctx.cfg, self.crng, self.P, p, nm)
            nm, nf["corrupt_name_nickname"] = name_nickname(self.ctx.cfg, self.crng, nm)
            nm, nf["corrupt_name_honorific"] = name_honorifics(self.ctx.cfg, self.crng, self.P, p, nm)
            nm, nf["corrupt_name_phone_written"] = name_phone_written(self.ctx.cfg, self.crng, self.P, p, nm)
            nm, nf["corrupt_name_copied_spaces"] = name_copied_spaces(self.ctx.cfg, self.crng, nm)
        return nm, nf

    def split_name(self, p: np.ndarray, present: np.ndarray):
        return render_split_name(self.ctx, self.rng, self.P, p, present, self.crng)

    @contextmanager
    def drawing_from(self, rng: np.random.Generator) -> Iterator[None]:
        """Every draw of the block inside comes from ``rng`` (the corruption stream for the unlinked
        duplicates, so the draws of the records of the default mode stay the same)."""
        saved, self.rng = self.rng, rng
        try:
            yield
        finally:
            self.rng = saved

    def with_unlinked_duplicates(self, f: Frame, build: Callable[[np.ndarray, bool], Frame]) -> Frame:
        """Corruption mode: corrupt_unlinked_duplicate of the records get one more record of the same
        person in the same table, built from the corruption stream, sharing no email or phone with any
        other record (see Corruptor.unlinked_phones / unlinked_emails). Flagged on the key column."""
        p = f.aux["person"]
        dup = p[self.crng.random(len(p)) < self.ctx.cfg.corrupt_unlinked_duplicate]
        with self.drawing_from(self.crng):
            g = build(dup, True)
        # never re-delivered as an older version: that version would carry the person's own phone
        g.aux["has_updated"] = np.zeros(g.n, bool)
        out = Frame.concat([f, g])
        out.flags[PRIMARY_KEYS[f.table][0]]["corrupt_unlinked_duplicate"] = np.arange(out.n) >= f.n
        return out

    def drop_fields(self, f: Frame) -> None:
        """Corruption mode: corrupt_missing_field of the present values of CORRUPTIBLE_FIELDS left empty
        (flagged on the emptied rows)."""
        for col in CORRUPTIBLE_FIELDS.get(f.table, ()):
            present = ~f.null[col] & (f.vals[col] != "")
            rows = np.flatnonzero(present & (self.crng.random(f.n) < self.ctx.cfg.corrupt_missing_field))
            f.overwrite(col, rows, "", null=True)
            f.flags[col]["corrupt_missing_field"] = np.zeros(f.n, bool)
            f.flags[col]["corrupt_missing_field"][rows] = True

    def random_address(self, n: int) -> np.ndarray:
        street = sarr(V.STREETS)[self.rng.integers(0, len(V.STREETS), n)]
        return cat(num(self.rng.integers(1, 450, n)), " ", street)

    def frame(self, table: str, p: np.ndarray) -> Frame:
        f = Frame(table, len(p))
        f.aux["person"] = np.asarray(p, dtype=np.int64)
        return f

    def utm_for(self, t: np.ndarray, p_paid: float, p_email: float):
        """utm triple of a later touchpoint: a running paid campaign, a newsletter, or none."""
        ctx, n = self.ctx, len(t)
        src, med, camp = empty(n), empty(n), empty(n)
        r = self.rand(n)
        paid = r < p_paid
        ci = ctx.campaign_at(self.rng, t)
        paid &= ci >= 0
        c = ctx.campaigns
        src[paid] = c.utm_source[ci[paid]]
        med[paid] = c.utm_medium[ci[paid]]
        camp[paid] = c.ids[ci[paid]]
        fb = paid & (c.platform[np.maximum(ci, 0)] == "facebook") & (self.rand(n) < 0.15)
        src[fb] = "fb"
        ec = ctx.email_campaigns
        ei = np.searchsorted(ec.send_t, t, side="right") - 1
        mail = (~paid) & (r < p_paid + p_email) & (ei >= 0)
        src[mail] = np.where(self.rand(int(mail.sum())) < 0.8, "newsletter", "email")
        med[mail] = "email"
        camp[mail] = ec.ids[ei[mail]]
        return src, med, camp

    def acquisition_utm(self, p: np.ndarray):
        P, c = self.P, self.ctx.campaigns
        camp = as_s(np.where(P.acq_campaign[p] >= 0, c.ids[np.maximum(P.acq_campaign[p], 0)], ""))
        return P.acq_source[p].copy(), P.acq_medium[p].copy(), camp

    # ------------------------------------------------------------------------------------- tables
    def build(self) -> dict[str, Frame]:
        self.crm_contacts()
        self.shop_customers()
        self.loyalty_members()
        self.shop_orders()
        self.pos_transactions()
        self.web_events()
        self.email_subscribers()
        self.social_leads()
        self.support_tickets()
        self.consent_events()
        self.erasure_requests()
        if self.corrupt is not None:
            for f in self.frames.values():
                self.drop_fields(f)
        return self.frames

    def crm_contacts(self) -> None:
        who = self.select(0.29)
        p = np.repeat(who, 1 + (self.rand(len(who)) < 0.06))
        f = self.crm_frame(p)
        if self.corrupt is not None:
            f = self.with_unlinked_duplicates(f, self.crm_frame)
        self.frames["crm_contacts"] = f

    def crm_frame(self, p: np.ndarray, unlinked: bool = False) -> Frame:
        """CRM contacts of the people ``p``; ``unlinked``: with an email and a phone nobody else has."""
        rng, P, t_name = self.rng, self.P, "crm_contacts"
        n = len(p)
        created = self.after(p)
        has_upd = self.rand(n) < 0.7
        upd = created + 3600 + rng.exponential(45 * DAY, n).astype(np.int64)
        has_upd &= upd < self.A
        f = self.frame(t_name, p)
        f.aux.update(created_t=created, updated_t=np.where(has_upd, upd, created), has_updated=has_upd)
        f.set("contact_id", seq_ids(self.counters, t_name, "CRM-", 7, created))
        name, nf = self.name(p, self.rand(n) < 0.98)
        f.set("full_name", name, name != "", nf)
        e = self.corrupt.unlinked_emails(rng, p) if unlinked else self.email_at(p, created)
        ev, ef = self.email(e, (e != "") & (self.rand(n) < 0.7), placeholders=not unlinked)
        f.set("email", ev, ev != "", ef)
        if unlinked:
            cc, nsn, land, has = self.corrupt.unlinked_phones(rng, p)
            pv, pf = render_phone(self.ctx, rng, cc, nsn, land, has & (self.rand(n) < 0.92), junk=False)
        else:
            cc, nsn, land = self.phone_at(p, created)
            pv, pf = render_phone(self.ctx, rng, cc, nsn, land, self.rand(n) < 0.92)
        f.set("phone", pv, pv != "", pf)
        f.aux["phone_nsn"] = nsn
        dv, df, dp = self.dob(p, 0.5)
        f.set("date_of_birth", dv, dp, df)
        gp = self.rand(n) < 0.7
        gv = render_gender(rng, P.gender[p], gp)
        f.set("gender", gv, gv != "")
        ap = self.rand(n) < 0.5
        av, af = self.address(p)
        f.set("address_line", av, ap, af)
        dv, dflags = P.district[p], {}
        if self.corrupt is not None:
            dv, dflags = self.corrupt.district(self.crng, dv)
        f.set("district", dv, self.rand(n) < 0.45, dflags)
        pr, pf2 = self.province(p, self.rand(n) < 0.75)
        f.set("province", pr, pr != "", pf2)
        src = sarr(V.CRM_LEAD_SOURCES)[choice_idx(rng, n, [0.25, 0.15, 0.15, 0.15, 0.1, 0.1, 0.05, 0.05])]
        f.set("lead_source", src, self.rand(n) < 0.85)
        cv, cf = self.ts(t_name, created)
        f.set("created_at", cv, None, cf)
        uv, uf = self.ts(t_name, upd, has_upd)
        f.set("updated_at", uv, has_upd, uf)
        return f

    def crm_old_versions(self, f: Frame, idx: np.ndarray, rng: np.random.Generator) -> Frame:
        """An earlier state of some contacts: another address (moved) or another phone number."""
        old = f.take(idx)
        n = len(idx)
        created, upd = old.aux["created_t"], old.aux["updated_t"]
        t_old = created + ((upd - created) * rng.uniform(0.05, 0.5, n)).astype(np.int64)
        tv, tf = self.ts("crm_contacts", t_old)
        old.overwrite("updated_at", np.arange(n), tv)
        old.flags["updated_at"] = {k: v.copy() for k, v in tf.items()}
        p = old.aux["person"]
        P = self.P
        cur = old.aux["phone_nsn"]
        # another number of the same person: the old one, the second one, or the main one
        cands = [
            (P.has_old_ph[p], P.old_cc[p], P.old_nsn[p], np.zeros(n, bool)),
            (P.has_ph2[p], P.ph2_cc[p], P.ph2_nsn[p], P.ph2_land[p]),
            (np.ones(n, bool), P.ph1_cc[p], P.ph1_nsn[p], P.ph1_land[p]),
        ]
        found = np.zeros(n, bool)
        cc, nsn, land = P.ph1_cc[p].copy(), P.ph1_nsn[p].copy(), P.ph1_land[p].copy()
        for has, c_cc, c_nsn, c_land in cands:
            take = ~found & has & (c_nsn != cur)
            cc[take], nsn[take], land[take] = c_cc[take], c_nsn[take], c_land[take]
            found |= take
        use_phone = found & (rng.random(n) < 0.5)
        rows = np.flatnonzero(~use_phone)
        old.overwrite("address_line", rows, self.random_address(len(rows)))
        rows = np.flatnonzero(use_phone)
        if len(rows):
            q = p[rows]
            cc, nsn, land = cc[rows], nsn[rows], land[rows]
            pv, pf = render_phone(self.ctx, rng, cc, nsn, land, np.ones(len(q), bool), junk=False)
            old.overwrite("phone", rows, pv)
            for k, v in pf.items():
                old.flags["phone"][k][rows] = v
        old.aux["updated_t"] = t_old
        return old

    def shop_customers(self) -> None:
        rng, P, t_name = self.rng, self.P, "shop_customers"
        who = self.select(0.48)
        two = self.rand(len(who)) < 0.04
        p = np.repeat(who, 1 + two)
        rank = group_rank(1 + two)
        n = len(p)
        created = self.after(p, skew=2.0)
        first_created = np.repeat(created[rank == 0], 1 + two)
        created = np.where(rank == 1, self.after(p, first_created), created)
        has_upd = self.rand(n) < 0.8
        upd = created + 3600 + rng.exponential(60 * DAY, n).astype(np.int64)
        has_upd &= upd < self.A
        cid = seq_ids(self.counters, t_name, "SC-", 7, created)
        e = as_s(np.where(rank == 0, self.email_at(p, created, p2=0.0), P.email2[p]))
        f = self.frame(t_name, p)
        f.aux.update(
            created_t=created, updated_t=np.where(has_upd, upd, created), has_updated=has_upd, email=e
        )
        f.set("customer_id", cid)
        fn, ln, nf = self.split_name(p, self.rand(n) < 0.9)
        f.set("first_name", fn, fn != "", nf)
        f.set("last_name", ln, ln != "")
        ev, ef = self.email(e, (e != "") & (self.rand(n) < 0.97))
        f.set("email", ev, ev != "", ef)
        pv, pf = self.phone(p, created, (e == "") | (self.rand(n) < 0.55))
        f.set("phone", pv, pv != "", pf)
        dv, df, dp = self.dob(p, 0.3)
        f.set("date_of_birth", dv, dp, df)
        pr, prf = self.province(p, self.rand(n) < 0.5)
        f.set("province", pr, pr != "", prf)
        mk = P.marketing_ok[p]
        mp = self.rand(n) < 0.92
        f.set("accepts_marketing", render_bool(rng, mk, mp), mp)
        cv, cf = self.ts(t_name, created)
        f.set("created_at", cv, None, cf)
        uv, uf = self.ts(t_name, upd, has_upd)
        f.set("updated_at", uv, has_upd, uf)
        self.frames[t_name] = f
        # accounts for the other tables (the first account of a person is the one the shop logs in with)
        self.acct_p, self.acct_id, self.acct_created, self.acct_rank = p, cid, created, rank
        self.acct_email = e
        self.main_acct = np.full(self.m, -1, dtype=np.int64)
        self.main_acct[p[rank == 0] - self.lo] = np.flatnonzero(rank == 0)

    def shop_old_versions(self, f: Frame, idx: np.ndarray, rng: np.random.Generator) -> Frame:
        """An earlier state of some accounts: the marketing opt-in flipped, or the previous email address."""
        old = f.take(idx)
        n = len(idx)
        created, upd = old.aux["created_t"], old.aux["updated_t"]
        t_old = created + ((upd - created) * rng.uniform(0.05, 0.5, n)).astype(np.int64)
        tv, tf = self.ts("shop_customers", t_old)
        old.overwrite("updated_at", np.arange(n), tv)
        old.flags["updated_at"] = {k: v.copy() for k, v in tf.items()}
        p = old.aux["person"]
        P = self.P
        cur = old.aux["email"]
        alt = np.full(n, "", dtype=S)
        for cand in (P.email_old[p], P.email2[p], P.email1[p]):
            take = (alt == "") & (cand != "") & (cand != cur)
            alt[take] = cand[take]
        use_email = (alt != "") & (rng.random(n) < 0.6)
        rows = np.flatnonzero(~use_email)
        flipped = ~P.marketing_ok[p[rows]]
        old.overwrite("accepts_marketing", rows, render_bool(rng, flipped, np.ones(len(rows), bool)))
        rows = np.flatnonzero(use_email)
        if len(rows):
            q = p[rows]
            e = alt[rows]
            ev, ef = render_email(self.ctx, rng, e, np.ones(len(q), bool), placeholders=False)
            old.overwrite("email", rows, ev)
            for k, v in ef.items():
                old.flags["email"][k][rows] = v
        old.aux["updated_t"] = t_old
        return old

    def loyalty_members(self) -> None:
        self.instore = self.rand(self.m) < 0.35
        loyal = self.instore & (self.rand(self.m) < 0.7)
        p = self.pp[loyal]
        f = self.loyalty_frame(p)
        # the cards used at the tills: the first card of each member (never an unlinked duplicate's)
        self.card_of = np.full(self.m, "", dtype=S)
        self.card_of[p - self.lo] = f.vals["loyalty_card_id"]
        self.enrolled_of = np.full(self.m, np.iinfo(np.int64).max, dtype=np.int64)
        self.enrolled_of[p - self.lo] = f.aux["enrolled_t"]
        if self.corrupt is not None:
            f = self.with_unlinked_duplicates(f, self.loyalty_frame)
        self.frames["loyalty_members"] = f

    def loyalty_frame(self, p: np.ndarray, unlinked: bool = False) -> Frame:
        """Loyalty members ``p``; ``unlinked``: with an email and a phone nobody else has."""
        rng, t_name = self.rng, "loyalty_members"
        n = len(p)
        enrolled = self.after(p, skew=3.0)
        start = self.counters.take("loyalty_card", n)
        rank = np.empty(n, dtype=np.int64)
        rank[np.argsort(enrolled, kind="stable")] = np.arange(n)
        card = cat("LC", num(((start + rank) * 7919 + 1_234_567) % 10**10, 10))
        f = self.frame(t_name, p)
        f.aux["enrolled_t"] = enrolled
        f.aux["has_updated"] = np.zeros(n, bool)
        f.set("loyalty_card_id", card)
        nm, nf = self.name(p, self.rand(n) < 0.95)
        f.set("full_name", nm, nm != "", nf)
        if unlinked:
            cc, nsn, land, has = self.corrupt.unlinked_phones(rng, p)
            pv, pf = render_phone(self.ctx, rng, cc, nsn, land, has & (self.rand(n) < 0.92), junk=False)
            e = self.corrupt.unlinked_emails(rng, p)
        else:
            pv, pf = self.phone(p, enrolled, self.rand(n) < 0.92)
            e = self.email_at(p, enrolled)
        f.set("phone", pv, pv != "", pf)
        ev, ef = self.email(e, (e != "") & (self.rand(n) < 0.45), placeholders=not unlinked)
        f.set("email", ev, ev != "", ef)
        dv, df, dp = self.dob(p, 0.55)
        f.set("date_of_birth", dv, dp, df)
        av, af = self.address(p)
        f.set("address_line", av, self.rand(n) < 0.35, af)
        pr, prf = self.province(p, self.rand(n) < 0.7)
        f.set("province", pr, pr != "", prf)
        f.set(
            "tier",
            sarr(["member", "silver", "gold", "platinum"])[choice_idx(rng, n, [0.6, 0.25, 0.12, 0.03])],
        )
        ev2, ef2 = self.ts(t_name, enrolled)
        f.set("enrolled_at", ev2, None, ef2)
        return f

    def shop_orders(self) -> None:
        rng, P, ctx, cfg = self.rng, self.P, self.ctx, self.ctx.cfg
        # account orders (some checked out as guest anyway) and pure guest shoppers
        na = rng.poisson(2.3, len(self.acct_p))
        a_idx = np.repeat(np.arange(len(self.acct_p)), na)
        p_a = self.acct_p[a_idx]
        t_a = self.after(p_a, self.acct_created[a_idx])
        guest_a = self.rand(len(a_idx)) < 0.12
        no_acct = self.pp[self.main_acct < 0]
        shoppers = no_acct[self.rand(len(no_acct)) < 0.35]
        p_g = np.repeat(shoppers, 1 + rng.poisson(0.5, len(shoppers)))
        t_g = self.after(p_g)
        p = np.concatenate([p_a, p_g])
        t = np.concatenate([t_a, t_g])
        acct = np.concatenate([np.where(guest_a, -1, a_idx), np.full(len(p_g), -1)])
        n = len(p)
        guest = acct < 0
        oid = seq_ids(self.counters, "shop_orders", "SO-", 8, t)
        # items
        n_items = 1 + np.minimum(rng.poisson(1.1, n), 7)
        it_o = np.repeat(np.arange(n), n_items)
        line = group_rank(n_items) + 1
        prod = rng.integers(0, len(ctx.sku), len(it_o))
        qty = 1 + np.minimum(rng.poisson(0.3, len(it_o)), 4)
        price = ctx.product_price[prod]
        promo = self.rand(len(it_o)) < 0.2
        price = np.where(promo, (price * 0.9 // 1000) * 1000, price).astype(np.int64)
        p_usd = np.where(P.intl[p], 0.4, max(cfg.usd_order_share - 0.05 * 0.4, 0.0) / 0.95)
        usd = self.rand(n) < np.minimum(p_usd, 1.0) if cfg.usd_order_share > 0 else np.zeros(n, bool)
        price_c = np.where(usd[it_o], np.round(price * 100 / USD_VND).astype(np.int64), price)
        line_total = price_c * qty
        subtotal = np.bincount(it_o, weights=line_total, minlength=n).astype(np.int64)
        has_disc = self.rand(n) < 0.3
        pct = rng.uniform(0.05, 0.2, n)
        disc = np.where(usd, np.round(subtotal * pct), (subtotal * pct // 1000) * 1000).astype(np.int64)
        disc = np.where(has_disc, disc, 0)
        total = subtotal - disc
        # orders frame
        f = self.frame("shop_orders", p)
        f.set("order_id", oid)
        cid = as_s(np.where(guest, "", self.acct_id[np.maximum(acct, 0)]))
        f.set("customer_id", cid, ~guest)
        acct_e = as_s(np.where(guest, "", self.acct_email[np.maximum(acct, 0)]))
        e = as_s(np.where(guest, self.email_at(p, t), acct_e))
        e_present = (e != "") & (self.rand(n) < np.where(guest, 0.85, 0.6))
        ev, ef = self.email(e, e_present)
        f.set("email", ev, ev != "", ef)
        ph_present = np.where(guest & ~e_present, True, self.rand(n) < np.where(guest, 0.6, 0.5))
        pv, pf = self.phone(p, t, ph_present)
        f.set("phone", pv, pv != "", pf)
        tv, tf = self.ts("shop_orders", t)
        f.set("ordered_at", tv, None, tf)
        status = sarr(["paid", "refunded", "cancelled", "pending"])[
            choice_idx(rng, n, [0.8, 0.05, 0.08, 0.07])
        ]
        f.set("status", status)
        f.set("currency", as_s(np.where(usd, "USD", "VND")))
        tot, mf, fmt = render_vnd(ctx, rng, total, ~usd)
        tot[usd] = render_cents(total[usd], np.ones(int(usd.sum()), bool))
        mf["money_usd"] = usd
        f.set("total_amount", tot, None, mf)
        d_present = (disc > 0) | (self.rand(n) < 0.6)
        dv, _df, _ = render_vnd(ctx, rng, disc, d_present & ~usd, fmt)
        dv[usd & d_present] = render_cents(disc[usd & d_present], np.ones(int((usd & d_present).sum()), bool))
        f.set("discount_amount", dv, d_present)
        sp, spf = self.province(p, self.rand(n) < 0.9)
        f.set("shipping_province", sp, sp != "", spf)
        # utm: a person's first order carries the acquisition source; later ones a campaign, newsletter, none
        order_rank = np.zeros(n, dtype=np.int64)
        o = np.lexsort((t, p))
        first = np.ones(n, bool)
        first[1:] = p[o][1:] != p[o][:-1]
        order_rank[o] = ~first
        src, med, camp = self.utm_for(t, 0.25, 0.15)
        a_src, a_med, a_camp = self.acquisition_utm(p)
        use_acq = (order_rank == 0) & (a_src != "") & (self.rand(n) < 0.7)
        src[use_acq], med[use_acq], camp[use_acq] = a_src[use_acq], a_med[use_acq], a_camp[use_acq]
        f.set("utm_source", src, src != "")
        f.set("utm_medium", med, med != "")
        f.set("utm_campaign", camp, camp != "")
        self.frames["shop_orders"] = f
        self.orders = dict(p=p, t=t, id=oid, cid=cid, guest=guest, email=e)
        # order items frame
        g = self.frame("shop_order_items", p[it_o])
        g.set("order_id", oid[it_o])
        g.set("line_number", num(line))
        g.set("sku", ctx.sku[prod])
        g.set("product_name", ctx.product_name[prod])
        g.set("category", ctx.product_category[prod])
        g.set("quantity", num(qty))
        iu = usd[it_o]
        up = np.where(self.rand(len(it_o)) < 0.7, 0, 1)
        uv, _uf, _ = render_vnd(ctx, rng, price_c, ~iu, up)
        uv[iu] = render_cents(price_c[iu], np.ones(int(iu.sum()), bool))
        g.set("unit_price", uv)
        self.frames["shop_order_items"] = g

    def pos_transactions(self) -> None:
        rng, P, ctx, t_name = self.rng, self.P, self.ctx, "pos_transactions"
        shoppers = self.pp[self.instore]
        p = np.repeat(shoppers, 1 + rng.poisson(2.4, len(shoppers)))
        n = len(p)
        day = (self.after(p) + LOCAL_OFFSET) // DAY
        t = day * DAY - LOCAL_OFFSET + rng.integers(8 * 3600, 22 * 3600, n)
        t = np.minimum(t, self.A - 1)
        loc = p - self.lo
        card = self.card_of[loc]
        enrolled = self.enrolled_of[loc]
        r = self.rand(n)
        can_card = (card != "") & (t >= enrolled)
        mode = np.where(can_card, np.select([r < 0.76, r < 0.88], [0, 1], 2), np.where(r < 0.45, 1, 2))
        # home store in the customer's province when there is one
        store = rng.integers(0, len(ctx.store_ids), n)
        code = P.code[p]
        for c, stores in ctx.stores_by_code.items():
            sel = (code == c) & (self.rand(n) < 0.85)
            store[sel] = stores[p[sel] % len(stores)]
        f = self.frame(t_name, p)
        f.set("transaction_id", seq_ids(self.counters, t_name, "POS-", 8, t))
        f.set("store_id", ctx.store_ids[store])
        sp, spf = self.province(ctx.store_area[store], np.ones(n, bool), is_area=True)
        f.set("store_province", sp, None, spf)
        f.set("loyalty_card_id", as_s(np.where(mode == 0, card, "")), mode == 0)
        ph_present = (mode == 1) | ((mode == 0) & (self.rand(n) < 0.2))
        pv, pf = self.phone(p, t, ph_present)
        f.set("customer_phone", pv, pv != "", pf)
        nm, nf = self.name(p, (mode < 2) & (self.rand(n) < 0.4))
        f.set("customer_name", nm, nm != "", nf)
        tv, tf = self.ts(t_name, t)
        f.set("transacted_at", tv, None, tf)
        amount = np.maximum((rng.lognormal(np.log(350_000), 0.8, n) // 1000) * 1000, 20_000).astype(np.int64)
        av, af, _ = render_vnd(ctx, rng, amount, np.ones(n, bool))
        f.set("total_amount", av, None, af)
        f.set("currency", np.full(n, "VND", dtype=S))
        pm = sarr(["cash", "card", "momo", "zalopay", "vnpay", "bank_transfer"])
        f.set("payment_method", pm[choice_idx(rng, n, [0.35, 0.2, 0.2, 0.1, 0.1, 0.05])])
        self.frames[t_name] = f

    def web_events(self) -> None:
        rng, P, ctx, t_name = self.rng, self.P, self.ctx, "web_events"
        A = self.A
        # anonymous ids (one per browser / app install)
        who = self.select(0.75)
        n_anon = 1 + choice_idx(rng, len(who), [0.55, 0.3, 0.15])
        a_p = np.repeat(who, n_anon)
        a_rank = group_rank(n_anon)
        na = len(a_p)
        a_start = np.where(a_rank == 0, P.first_seen[a_p], self.after(a_p))
        a_plat = choice_idx(rng, na, [0.6, 0.2, 0.2])
        a_id = hex_strings(rng, na, 16)
        a_dev = cat("dev-", hex_strings(rng, na, 8))
        # per person: index range of their anonymous ids
        a_first = np.full(self.m, -1, dtype=np.int64)
        a_first[who - self.lo] = np.cumsum(n_anon) - n_anon
        a_count = np.zeros(self.m, dtype=np.int64)
        a_count[who - self.lo] = n_anon
        # logged-in anonymous ids of account holders
        main = self.main_acct[a_p - self.lo]
        has_acct = main >= 0
        acct_created = np.where(has_acct, self.acct_created[np.maximum(main, 0)], A)
        login = has_acct & (self.rand(na) < 0.6)
        t_login = np.where(
            login, uniform_between(rng, np.maximum(a_start, acct_created), np.full(na, A)), A + 1
        )
        cid_a = as_s(np.where(has_acct, self.acct_id[np.maximum(main, 0)], ""))

        ev_anon, ev_t, ev_name, ev_order, ev_user, ev_email, ev_phone_p = [], [], [], [], [], [], []
        ev_landing = []
        # --- browsing sessions
        n_sess = 1 + rng.poisson(1.4, na)
        s_anon = np.repeat(np.arange(na), n_sess)
        s_rank = group_rank(n_sess)
        s_t = np.where(s_rank == 0, a_start[s_anon], self.after(a_p[s_anon], a_start[s_anon]))
        n_ev = 1 + rng.poisson(2.0, len(s_anon))
        e_sess = np.repeat(np.arange(len(s_anon)), n_ev)
        e_rank = group_rank(n_ev)
        gaps = rng.exponential(45.0, len(e_sess)).astype(np.int64) + 1
        gaps[e_rank == 0] = 0
        csum = np.cumsum(gaps)
        start_of = np.repeat(csum[np.cumsum(n_ev) - n_ev], n_ev)
        e_t = np.minimum(s_t[e_sess] + (csum - start_of), A - 1)
        e_anon = s_anon[e_sess]
        names = sarr(["page_view", "product_view", "add_to_cart", "checkout_started"])
        e_name = names[choice_idx(rng, len(e_sess), [0.25, 0.55, 0.15, 0.05])]
        e_name[e_rank == 0] = "page_view"
        ev_anon.append(e_anon)
        ev_t.append(e_t)
        ev_name.append(e_name)
        ev_order.append(empty(len(e_anon)))
        ev_user.append(as_s(np.where(e_t >= t_login[e_anon], cid_a[e_anon], "")))
        ev_email.append(empty(len(e_anon)))
        ev_phone_p.append(np.zeros(len(e_anon), bool))
        landing = np.full(len(e_anon), -1, dtype=np.int64)
        landing[e_rank == 0] = e_sess[e_rank == 0]  # session index of landing page views
        ev_landing.append(landing)
        # --- sign-up and identify (login) events
        acc_main = np.flatnonzero(self.acct_rank == 0)
        acc_p = self.acct_p[acc_main]
        has_a = a_count[acc_p - self.lo] > 0
        su_anon = a_first[acc_p[has_a] - self.lo]
        su_t = np.maximum(self.acct_created[acc_main[has_a]], a_start[su_anon])
        k = len(su_anon)
        ev_anon += [su_anon]
        ev_t += [np.minimum(su_t, A - 1)]
        ev_name += [np.full(k, "sign_up", dtype=S)]
        ev_order += [empty(k)]
        ev_user += [cid_a[su_anon]]
        ev_email += [as_s(np.where(self.rand(k) < 0.5, self.acct_email[acc_main[has_a]], ""))]
        ev_phone_p += [np.zeros(k, bool)]
        ev_landing += [np.full(k, -1)]
        li = np.flatnonzero(login & (t_login < A))
        k = len(li)
        ev_anon += [li]
        ev_t += [t_login[li]]
        ev_name += [np.full(k, "identify", dtype=S)]
        ev_order += [empty(k)]
        ev_user += [cid_a[li]]
        ev_email += [as_s(np.where(self.rand(k) < 0.7, self.acct_email[main[li]], ""))]
        ev_phone_p += [self.rand(k) < 0.3]
        ev_landing += [np.full(k, -1)]
        # --- online orders: add_to_cart, checkout_started, (identify for guests), order_completed
        o = self.orders
        oc = a_count[o["p"] - self.lo]
        tracked = (oc > 0) & (self.rand(len(oc)) < 0.85)
        oi = np.flatnonzero(tracked)
        oa = a_first[o["p"][oi] - self.lo] + (self.rand(len(oi)) * oc[oi]).astype(np.int64)
        ot = o["t"][oi]
        ouser = o["cid"][oi]
        for name, delta in (
            ("add_to_cart", rng.integers(600, 1800, len(oi))),
            ("checkout_started", rng.integers(60, 600, len(oi))),
            ("order_completed", -5),
        ):
            k = len(oi)
            ev_anon.append(oa)
            ev_t.append(np.clip(ot - delta, self.ctx.t_start, A - 1))
            ev_name.append(np.full(k, name, dtype=S))
            ev_order.append(o["id"][oi] if name == "order_completed" else empty(k))
            ev_user.append(ouser)
            ev_email.append(empty(k))
            ev_phone_p.append(np.zeros(k, bool))
            ev_landing.append(np.full(k, -1))
        gi = o["guest"][oi] & (self.rand(len(oi)) < 0.5)
        k = int(gi.sum())
        ev_anon.append(oa[gi])
        ev_t.append(np.clip(ot[gi] - 30, self.ctx.t_start, A - 1))
        ev_name.append(np.full(k, "identify", dtype=S))
        ev_order.append(empty(k))
        ev_user.append(empty(k))
        ev_email.append(
            as_s(np.where(o["email"][oi][gi] != "", o["email"][oi][gi], P.email1[o["p"][oi][gi]]))
        )
        ev_phone_p.append(self.rand(k) < 0.5)
        ev_landing.append(np.full(k, -1))

        anon = np.concatenate(ev_anon)
        t = np.concatenate(ev_t)
        n = len(anon)
        p = a_p[anon]
        f = self.frame(t_name, p)
        f.aux["anon"] = anon
        f.set("event_id", seq_ids(self.counters, t_name, "WE-", 9, t))
        f.set("anonymous_id", a_id[anon])
        user = np.concatenate(ev_user)
        f.set("user_id", user, user != "")
        name = np.concatenate(ev_name)
        f.set("event_name", name)
        tv, tf = self.ts(t_name, t)
        f.set("occurred_at", tv, None, tf)
        plat = a_plat[anon]
        f.set("platform", sarr(["web", "ios", "android"])[plat])
        f.set("device_id", a_dev[anon])
        # pages and utm on landing page views
        landing = np.concatenate(ev_landing)
        land_rows = np.flatnonzero(landing >= 0)
        sess = landing[land_rows]
        first_sess = (s_rank[sess] == 0) & (a_rank[s_anon[sess]] == 0)
        src, med, camp = self.utm_for(t[land_rows], 0.12, 0.08)
        a_src, a_med, a_camp = self.acquisition_utm(p[land_rows])
        src = as_s(np.where(first_sess, a_src, src))
        med = as_s(np.where(first_sess, a_med, med))
        camp = as_s(np.where(first_sess, a_camp, camp))
        u_src, u_med, u_camp = empty(n), empty(n), empty(n)
        u_src[land_rows], u_med[land_rows], u_camp[land_rows] = src, med, camp
        prod = ctx.product_slug[rng.integers(0, len(ctx.product_slug), n)]
        web_page = sarr(V.WEB_PAGES)[rng.integers(0, len(V.WEB_PAGES), n)]
        path = as_s(
            np.select(
                [
                    name == "product_view",
                    name == "add_to_cart",
                    name == "checkout_started",
                    name == "order_completed",
                    name == "identify",
                    name == "sign_up",
                ],
                [
                    cat("/products/", prod),
                    "/cart",
                    "/checkout",
                    "/checkout/thank-you",
                    "/account/login",
                    "/account/register",
                ],
                web_page,
            )
        )
        is_web = plat == 0
        url = as_s(np.where(is_web, cat(SHOP_URL, path), ""))
        app = ~is_web
        screen = sarr(V.APP_SCREENS)[rng.integers(0, len(V.APP_SCREENS), n)]
        url[app] = np.where(name[app] == "page_view", screen[app], cat("app:/", path[app]))
        q = (u_src != "") & is_web
        url[q] = cat(url[q], "?utm_source=", u_src[q], "&utm_medium=", u_med[q], "&utm_campaign=", u_camp[q])
        f.set("page_url", url)
        order = np.concatenate(ev_order)
        f.set("order_id", order, order != "")
        email = np.concatenate(ev_email)
        ev_, ef_ = self.email(email, email != "")
        f.set("traits_email", ev_, ev_ != "", ef_)
        phone_p = np.concatenate(ev_phone_p)
        pv, pf = self.phone(p, t, phone_p)
        f.set("traits_phone", pv, pv != "", pf)
        f.set("utm_source", u_src, u_src != "")
        f.set("utm_medium", u_med, u_med != "")
        f.set("utm_campaign", u_camp, u_camp != "")
        self.frames[t_name] = f
        self.truth_extra[t_name] = (a_id, a_p)
        self.web = dict(has=a_count > 0)

    def email_subscribers(self) -> None:
        rng, P, ctx = self.rng, self.P, self.ctx
        has = P.has_email[self.pp] & (self.rand(self.m) < 0.45)
        who = self.pp[has]
        two = (P.email2[who] != "") & (self.rand(len(who)) < 0.1)
        p = np.repeat(who, 1 + two)
        rank = group_rank(1 + two)
        n = len(p)
        t = self.after(p, skew=1.3)
        e = as_s(np.where(rank == 0, self.email_at(p, t, p2=0.0), P.email2[p]))
        sid = seq_ids(self.counters, "email_subscribers", "SUB-", 7, t)
        status_i = choice_idx(rng, n, [0.8, 0.15, 0.05])
        f = self.frame("email_subscribers", p)
        f.set("subscriber_id", sid)
        ev, ef = self.email(e, np.ones(n, bool))
        f.set("email", ev, None, ef)
        fn, ln, nf = self.split_name(p, self.rand(n) < 0.6)
        f.set("first_name", fn, fn != "", nf)
        f.set("last_name", ln, ln != "")
        f.set("status", sarr(["subscribed", "unsubscribed", "cleaned"])[status_i])
        tv, tf = self.ts("email_subscribers", t)
        f.set("opted_in_at", tv, None, tf)
        self.frames["email_subscribers"] = f
        self.subs = dict(p=p, t=t, id=sid, email=e, status=status_i)
        # campaign events
        ec = ctx.email_campaigns
        c0 = np.searchsorted(ec.send_t, t, side="right")
        avail = len(ec.ids) - c0
        k = np.minimum(avail, 1 + rng.poisson(4.5, n))
        s_idx = np.repeat(np.arange(n), k)
        camp = c0[s_idx] + (self.rand(len(s_idx)) * avail[s_idx]).astype(np.int64)
        key = np.unique(s_idx * (len(ec.ids) + 1) + camp)
        s_idx, camp = key // (len(ec.ids) + 1), key % (len(ec.ids) + 1)
        m = len(s_idx)
        sent = ec.send_t[camp] + rng.integers(0, 3600, m)
        r = self.rand(m)
        delivered = r < 0.96
        bounce = (r >= 0.96) & (r < 0.99)
        t_del = sent + rng.integers(5, 300, m)
        opened = delivered & (self.rand(m) < 0.35)
        t_open = t_del + rng.exponential(6 * 3600, m).astype(np.int64)
        clicked = opened & (self.rand(m) < 0.25)
        t_click = t_open + rng.integers(10, 600, m)
        unsub = opened & (self.rand(m) < 0.015)
        t_unsub = t_open + rng.integers(30, 900, m)
        compl = delivered & (self.rand(m) < 0.003)
        t_compl = t_del + rng.integers(600, 86400, m)
        parts = [
            ("sent", np.ones(m, bool), sent),
            ("delivered", delivered, t_del),
            ("bounce", bounce, t_del),
            ("open", opened, t_open),
            ("click", clicked, t_click),
            ("unsubscribe", unsub, t_unsub),
            ("complaint", compl, t_compl),
        ]
        e_sub = np.concatenate([s_idx[mask] for _, mask, _ in parts])
        e_camp = np.concatenate([camp[mask] for _, mask, _ in parts])
        e_t = np.concatenate([tt[mask] for _, mask, tt in parts])
        e_type = np.concatenate([np.full(int(mask.sum()), name, dtype=S) for name, mask, _ in parts])
        keep = e_t < self.A
        e_sub, e_camp, e_t, e_type = e_sub[keep], e_camp[keep], e_t[keep], e_type[keep]
        g = self.frame("email_events", p[e_sub])
        g.set("event_id", seq_ids(self.counters, "email_events", "EE-", 9, e_t))
        g.set("subscriber_id", sid[e_sub])
        g.set("campaign_id", ec.ids[e_camp])
        g.set("event_type", e_type)
        tv, tf = self.ts("email_events", e_t)
        g.set("occurred_at", tv, None, tf)
        self.frames["email_events"] = g

    def social_leads(self) -> None:
        rng, P, ctx, t_name = self.rng, self.P, self.ctx, "social_leads"
        who = self.select(0.18)
        two = self.rand(len(who)) < 0.12
        p = np.repeat(who, 1 + two)
        rank = group_rank(1 + two)
        n = len(p)
        platforms = sarr(["facebook", "zalo", "tiktok"])
        plat = choice_idx(rng, n, [0.55, 0.3, 0.15])
        t = self.after(p)
        camp = np.full(n, -1, dtype=np.int64)
        for i, name in enumerate(("facebook", "zalo", "tiktok")):
            sel = plat == i
            camp[sel] = ctx.campaign_at(rng, t[sel], name)
        camp[self.rand(n) < 0.2] = -1
        # people acquired by a lead ad: their first lead is that ad, at first sight
        acq = P.acq_campaign[p]
        acq_plat = as_s(np.where(acq >= 0, ctx.campaigns.platform[np.maximum(acq, 0)], ""))
        from_ad = (rank == 0) & np.isin(acq_plat, platforms)
        plat = np.where(from_ad, np.select([acq_plat == "facebook", acq_plat == "zalo"], [0, 1], 2), plat)
        camp[from_ad] = acq[from_ad]
        t[from_ad] = P.first_seen[p[from_ad]]
        f = self.frame(t_name, p)
        f.set("lead_id", seq_ids(self.counters, t_name, "LEAD-", 7, t))
        f.set("platform", platforms[plat])
        base = np.array(
            [100_000_000_000_000, 1_000_000_000_000_000_000, 7_000_000_000_000_000_000], dtype=np.int64
        )
        mod = np.array([10**14, 10**18, 10**18], dtype=np.int64)
        mult = np.array([7919, 104_729, 15_485_863], dtype=np.int64)
        uid = base[plat] + (p * mult[plat] + 12_345) % mod[plat]
        f.set("platform_user_id", num(uid))
        nm, nf = self.addressed_name(p, self.rand(n) < 0.9)
        f.set("full_name", nm, nm != "", nf)
        pv, pf = self.phone(p, t, self.rand(n) < 0.75)
        f.set("phone", pv, pv != "", pf)
        e = self.email_at(p, t)
        ev, ef = self.email(e, (e != "") & (self.rand(n) < 0.35))
        f.set("email", ev, ev != "", ef)
        cids = as_s(np.where(camp >= 0, ctx.campaigns.ids[np.maximum(camp, 0)], ""))
        f.set("campaign_id", cids, camp >= 0)
        tv, tf = self.ts(t_name, t)
        f.set("created_at", tv, None, tf)
        self.frames[t_name] = f

    def support_tickets(self) -> None:
        rng, t_name = self.rng, "support_tickets"
        who = self.select(0.16)
        p = np.repeat(who, 1 + rng.poisson(0.25, len(who)))
        n = len(p)
        ch = choice_idx(rng, n, [0.35, 0.25, 0.25, 0.15])  # phone, email, chat, zalo
        t = self.after(p)
        f = self.frame(t_name, p)
        f.set("ticket_id", seq_ids(self.counters, t_name, "TK-", 7, t))
        f.set("channel", sarr(["phone", "email", "chat", "zalo"])[ch])
        nm, nf = self.addressed_name(p, self.rand(n) < 0.8)
        f.set("requester_name", nm, nm != "", nf)
        e = self.email_at(p, t)
        by_mail = (ch == 1) | (ch == 2)
        ev, ef = self.email(e, (e != "") & (self.rand(n) < np.where(by_mail, 0.9, 0.2)))
        f.set("requester_email", ev, ev != "", ef)
        by_phone = (ch == 0) | (ch == 3)
        pv, pf = self.phone(p, t, self.rand(n) < np.where(by_phone, 0.95, 0.2))
        f.set("requester_phone", pv, pv != "", pf)
        tv, tf = self.ts(t_name, t)
        f.set("created_at", tv, None, tf)
        res = t + 600 + rng.exponential(20 * 3600, n).astype(np.int64)
        has_res = (self.rand(n) < 0.85) & (res < self.A)
        rv, rf = self.ts(t_name, res, has_res)
        f.set("resolved_at", rv, has_res, rf)
        f.set(
            "category", sarr(V.TICKET_CATEGORIES)[choice_idx(rng, n, [0.25, 0.2, 0.12, 0.18, 0.1, 0.1, 0.05])]
        )
        score = 1 + choice_idx(rng, n, [0.08, 0.07, 0.15, 0.3, 0.4])
        f.set("csat_score", num(score), self.rand(n) < 0.6)
        self.frames[t_name] = f

    def consent_events(self) -> None:
        P, t_name = self.P, "consent_events"
        cols: dict[str, list] = {
            k: [] for k in ("p", "type", "value_kind", "value", "purpose", "status", "src", "t")
        }

        def add(p, subj, value_kind, value, purpose, status, src, t):
            k = len(p)
            cols["p"].append(p)
            cols["type"].append(np.full(k, subj, dtype=S))
            cols["value_kind"].append(np.full(k, value_kind, dtype=np.int8))
            cols["value"].append(np.asarray(value, dtype=S))
            cols["purpose"].append(np.full(k, purpose, dtype=S))
            cols["status"].append(np.asarray(status, dtype=S))
            cols["src"].append(np.full(k, src, dtype=S))
            cols["t"].append(np.asarray(t, dtype=np.int64))

        s = self.subs
        add(
            s["p"],
            "email",
            0,
            s["email"],
            "email_marketing",
            np.full(len(s["p"]), "granted", dtype=S),
            "email_platform",
            s["t"],
        )
        uns = s["status"] == 1
        add(
            s["p"][uns],
            "email",
            0,
            s["email"][uns],
            "email_marketing",
            np.full(int(uns.sum()), "revoked", dtype=S),
            "email_platform",
            self.after(s["p"][uns], s["t"][uns]),
        )
        main = np.flatnonzero(self.acct_rank == 0)
        ok = main[P.marketing_ok[self.acct_p[main]]]
        ap, at = self.acct_p[ok], self.acct_created[ok]
        add(
            ap,
            "customer_id",
            0,
            self.acct_id[ok],
            "email_marketing",
            np.full(len(ok), "granted", dtype=S),
            "shop",
            at,
        )
        sms = self.rand(len(ok)) < 0.3
        add(
            ap[sms],
            "phone",
            1,
            empty(int(sms.sum())),
            "sms_marketing",
            np.full(int(sms.sum()), "granted", dtype=S),
            "shop",
            at[sms],
        )
        lp = self.pp[self.card_of != ""]
        lsel = self.rand(len(lp)) < 0.5
        lp = lp[lsel]
        add(
            lp,
            "phone",
            1,
            empty(len(lp)),
            "sms_marketing",
            np.full(len(lp), "granted", dtype=S),
            "pos",
            self.enrolled_of[lp - self.lo],
        )
        web_acct = main[self.web["has"][self.acct_p[main] - self.lo]]
        for purpose in ("ads_personalization", "analytics"):
            sel = web_acct[self.rand(len(web_acct)) < 0.15]
            st = as_s(np.where(self.rand(len(sel)) < 0.85, "granted", "revoked"))
            add(
                self.acct_p[sel],
                "customer_id",
                0,
                self.acct_id[sel],
                purpose,
                st,
                "web",
                self.after(self.acct_p[sel], self.acct_created[sel]),
            )
        p = np.concatenate(cols["p"])
        t = np.concatenate(cols["t"])
        status = np.concatenate(cols["status"])
        purpose = np.concatenate(cols["purpose"])
        subj = np.concatenate(cols["type"])
        vkind = np.concatenate(cols["value_kind"])
        value = np.concatenate(cols["value"])
        src = np.concatenate(cols["src"])
        # some grants are revoked later (same subject and purpose, a later event)
        n0 = len(p)
        rev = np.flatnonzero((status == "granted") & (src != "email_platform") & (self.rand(n0) < 0.1))
        t_rev = self.after(p[rev], t[rev])
        keep = t_rev < self.A
        rev, t_rev = rev[keep], t_rev[keep]
        idx = np.concatenate([np.arange(n0), rev])
        p, subj, vkind, value, purpose, src = (
            p[idx],
            subj[idx],
            vkind[idx],
            value[idx],
            purpose[idx],
            src[idx],
        )
        status = np.concatenate([status, np.full(len(rev), "revoked", dtype=S)])
        t = np.concatenate([t, t_rev])
        f = self.frame(t_name, p)
        f.set("consent_id", seq_ids(self.counters, t_name, "CS-", 8, t))
        f.set("subject_type", subj)
        vals = value.copy()
        flags: dict[str, np.ndarray] = {}
        is_mail = (vkind == 0) & (subj == "email")
        ev, ef = self.email(value, is_mail, placeholders=False)
        vals[is_mail] = ev[is_mail]
        flags.update(ef)
        is_ph = vkind == 1
        pv, pf = self.phone(p, t, is_ph, p2=0.0, junk=False)
        vals[is_ph] = pv[is_ph]
        flags.update(pf)
        f.set("subject_value", vals, None, flags)
        f.set("purpose", purpose)
        f.set("status", status)
        f.set("source_system", src)
        tv, tf = self.ts(t_name, t)
        f.set("occurred_at", tv, None, tf)
        self.frames[t_name] = f

    def erasure_requests(self) -> None:
        rng, P, t_name = self.rng, self.P, "erasure_requests"
        p = self.select(0.002)
        n = len(p)
        main = self.main_acct[p - self.lo]
        has_mail = P.email1[p] != ""
        r = self.rand(n)
        kind = np.where(has_mail & (r < 0.5), 0, np.where((main >= 0) & (r > 0.8), 2, 1))
        value = as_s(np.where(kind == 0, P.email1[p], ""))
        value = as_s(np.where(kind == 2, self.acct_id[np.maximum(main, 0)], value))
        ph = cat("0", num(P.ph1_nsn[p]))
        ph = as_s(np.where(P.ph1_cc[p] == 84, ph, cat("+", num(P.ph1_cc[p]), num(P.ph1_nsn[p]))))
        value = as_s(np.where(kind == 1, ph, value))
        t = uniform_between(rng, np.maximum(P.first_seen[p], self.A - 365 * DAY), np.full(n, self.A))
        f = self.frame(t_name, p)
        f.set("request_id", seq_ids(self.counters, t_name, "ER-", 6, t))
        f.set("subject_type", sarr(["email", "phone", "customer_id"])[kind])
        f.set("subject_value", value)
        tv, tf = self.ts(t_name, t)
        f.set("requested_at", tv, None, tf)
        self.frames[t_name] = f


# ------------------------------------------------------------------------------------------------ ad spend
def build_ad_spend(ctx: Context, rng: np.random.Generator, counters: Counters) -> Frame:
    c = ctx.campaigns
    lengths = c.end_day - c.start_day
    ci = np.repeat(np.arange(len(c.ids)), lengths)
    day = np.repeat(c.start_day, lengths) + group_rank(lengths)
    n = len(ci)
    # budget: about 300k VND of spend per paid-acquired customer, shared by campaign intensity
    scale = ctx.n_people * 0.45 * 300_000
    w = c.weight[ci]
    spend_vnd = scale * w / w.sum() * rng.lognormal(0.0, 0.35, n)
    usd = c.currency[ci] == "USD"
    spend_cents = np.round(spend_vnd * 100 / USD_VND).astype(np.int64)
    spend_cents = np.maximum(spend_cents, 50)
    spend_vnd = np.maximum(np.round(spend_vnd / 1000) * 1000, 10_000).astype(np.int64)
    cpm = np.where(c.channel[ci] == "display", 15_000, np.where(c.channel[ci] == "affiliate", 60_000, 35_000))
    impressions = np.maximum((spend_vnd / cpm * 1000 * rng.lognormal(0, 0.2, n)).astype(np.int64), 1)
    ctr = np.where(c.channel[ci] == "paid_search", 0.05, 0.012)
    clicks = rng.binomial(impressions, ctr)
    f = Frame("ad_spend", n)
    f.aux["person"] = np.full(n, -1, dtype=np.int64)
    f.aux["day"] = np.datetime64("2023-01-01", "D").astype(np.int64) + day
    dv, df = render_date(ctx, rng, np.datetime64("2023-01-01", "D").astype(np.int64) + day, np.ones(n, bool))
    f.set("spend_date", dv, None, df)
    f.set("platform", c.platform[ci])
    f.set("campaign_id", c.ids[ci])
    f.set("campaign_name", c.names[ci])
    f.set("channel", c.channel[ci])
    sv, sf, _ = render_vnd(ctx, rng, spend_vnd, ~usd, np.where(rng.random(n) < 0.7, 0, 2))
    sv[usd] = render_cents(spend_cents[usd], np.ones(int(usd.sum()), bool))
    sf["money_usd"] = usd
    f.set("spend", sv, None, sf)
    f.set("currency", c.currency[ci])
    f.set("impressions", num(impressions))
    f.set("clicks", num(clicks))
    return f

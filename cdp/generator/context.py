"""Run context: seeds turned into lookup arrays, the campaign calendar and the time range."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import vocab as V
from .config import START_DATE, MessConfig
from .text import DAY, LOCAL_OFFSET, S, epoch, sarr


@dataclass
class Campaigns:
    ids: np.ndarray
    names: np.ndarray
    platform: np.ndarray  # platform name per campaign
    channel: np.ndarray
    currency: np.ndarray
    utm_source: np.ndarray
    utm_medium: np.ndarray
    start_day: np.ndarray  # day index from START (inclusive)
    end_day: np.ndarray  # exclusive
    weight: np.ndarray  # daily intensity
    # per-platform index of the campaigns active on each day (CSR): key -> (offsets, campaign indices)
    active: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)


@dataclass
class EmailCampaigns:
    ids: np.ndarray
    send_t: np.ndarray  # epoch seconds, sorted


class Context:
    """Everything that is the same for every chunk of people."""

    def __init__(self, cfg: MessConfig, as_of: str, n_people: int, seeds_dir: Path | None = None):
        self.cfg = cfg
        self.seeds_dir = seeds_dir
        self.as_of = as_of
        self.n_people = n_people
        self.t_start = epoch(START_DATE)
        # exclusive end: local midnight of as_of, so every timestamp is before as_of in UTC and in local time
        self.t_end = epoch(as_of) - LOCAL_OFFSET
        if self.t_end - self.t_start < 30 * DAY:
            raise ValueError("as_of must be at least a month after 2023-01-01")
        self.n_days = (epoch(as_of) - self.t_start) // DAY
        self._load_names(seeds_dir)
        self._load_provinces(seeds_dir)
        self._load_phones(seeds_dir)
        self._load_emails(seeds_dir)
        self._load_products()
        self._load_stores()
        self.campaigns = self._build_campaigns()
        self.email_campaigns = self._build_email_campaigns()
        utm = read_pairs(seeds_dir)
        for src, med in zip(self.campaigns.utm_source, self.campaigns.utm_medium, strict=True):
            if (str(src), str(med)) not in utm:
                raise ValueError(f"utm pair {(src, med)} missing from seeds/utm_channel_mapping.csv")

    # ------------------------------------------------------------------ names
    def _load_names(self, seeds_dir: Path | None) -> None:
        fam_rows = V.read_seed("vn_family_names", seeds_dir)
        family = [r["family_name"] for r in fam_rows]
        self.family_weights = np.array([float(r["share_pct"]) for r in fam_rows])
        tokens: list[str] = []

        def idx(words: list[str]) -> np.ndarray:
            out = []
            for w in words:
                if w not in tokens:
                    tokens.append(w)
                out.append(tokens.index(w))
            return np.array(out, dtype=np.int32)

        self.tok_family = idx(family)
        self.tok_mid = [idx(V.MIDDLE_MALE), idx(V.MIDDLE_FEMALE)]
        self.tok_mid2 = idx(V.MIDDLE_SECOND)
        self.tok_given = [idx(V.GIVEN_MALE), idx(V.GIVEN_FEMALE)]
        self.intl_family: list[np.ndarray] = []
        self.intl_given: list[np.ndarray] = []
        for _origin, fams, givs, *_ in V.INTL_ORIGINS:
            self.intl_family.append(idx(fams))
            self.intl_given.append(idx(givs))
        self.tok = sarr(tokens)
        self.tok_ascii = sarr([V.fold(t) for t in tokens])
        self.tok_is_ascii = np.array([V.fold(t) == t for t in tokens])
        self.tok_initial = sarr([t[0] + "." for t in tokens])
        self.tok_initial_ascii = sarr([V.fold(t[0]) + "." for t in tokens])
        # lower-case ascii token without hyphens, for email local parts
        self.tok_email = sarr([V.fold(t).lower().replace("-", "") for t in tokens])

    # ------------------------------------------------------------ provinces
    def _load_provinces(self, seeds_dir: Path | None) -> None:
        cfg = self.cfg
        provinces = V.read_seed("vn_provinces", seeds_dir)
        aliases = V.read_seed("vn_province_aliases", seeds_dir)
        self.province_codes = sarr([p["province_code"] for p in provinces])
        codes = [p["province_code"] for p in provinces]
        # areas: the core of each province plus each former province merged into it
        area_code: list[int] = []
        area_former: list[str] = []
        area_weight: list[float] = []
        for ci, code in enumerate(codes):
            formers = sorted(
                {a["former_province_name"] for a in aliases if a["province_code"] == code} - {""}
            )
            w = V.PROVINCE_WEIGHTS.get(code, V.PROVINCE_DEFAULT_WEIGHT)
            core_share = 1.0 - V.FORMER_SHARE if formers else 1.0
            area_code.append(ci)
            area_former.append("")
            area_weight.append(w * core_share)
            for f in formers:
                area_code.append(ci)
                area_former.append(f)
                area_weight.append(w * V.FORMER_SHARE / len(formers))
        self.area_code = np.array(area_code, dtype=np.int32)
        self.area_weight = np.array(area_weight)
        self.core_area = {codes[c]: i for i, c in enumerate(area_code) if area_former[i] == ""}
        opt_area, opt_str, opt_kind, opt_w = [], [], [], []
        for ai, (ci, former) in enumerate(zip(area_code, area_former, strict=True)):
            code = codes[ci]
            current = [
                a["province_alias"]
                for a in aliases
                if a["province_code"] == code
                and not a["former_province_name"]
                and a["alias_kind"] == "current_name"
            ]
            opts: list[tuple[str, int, float]] = []
            cur_w = [0.7, 0.3] if len(current) == 2 else [1.0 / len(current)] * len(current)
            if former:
                fr = [a for a in aliases if a["former_province_name"] == former]
                main = [a["province_alias"] for a in fr if a["alias_kind"] == "former_province"]
                extra = [a["province_alias"] for a in fr if a["alias_kind"] == "former_province_alias"]
                share_main = 0.8 if extra else 1.0
                mw = [0.7, 0.3] if len(main) == 2 else [1.0 / len(main)] * len(main)
                opts += [
                    (s, 1, cfg.province_former_name * share_main * w) for s, w in zip(main, mw, strict=True)
                ]
                opts += [(s, 1, cfg.province_former_name * (1 - share_main) / len(extra)) for s in extra]
                opts += [
                    (s, 0, (1 - cfg.province_former_name) * w) for s, w in zip(current, cur_w, strict=True)
                ]
            else:
                al = [
                    a["province_alias"]
                    for a in aliases
                    if a["province_code"] == code and a["alias_kind"] == "alias"
                ]
                a_share = cfg.province_alias if al else 0.0
                opts += [(s, 2, a_share / len(al)) for s in al]
                opts += [(s, 0, (1 - a_share) * w) for s, w in zip(current, cur_w, strict=True)]
            opts = [o for o in opts if o[2] > 0] or [(current[0], 0, 1.0)]
            tot = sum(o[2] for o in opts)
            cum = 0.0
            for s, k, w in opts:
                cum += w / tot
                opt_area.append(ai)
                opt_str.append(s)
                opt_kind.append(k)
                opt_w.append(ai + min(cum, 1.0))
            opt_w[-1] = ai + 1.0
        self.prov_opt_key = np.array(opt_w)
        self.prov_opt_str = sarr(opt_str)
        self.prov_opt_ascii = sarr([V.fold(s) for s in opt_str])
        self.prov_opt_kind = np.array(opt_kind, dtype=np.int8)
        self.prov_opt_strippable = np.array([V.fold(s) != s for s in opt_str])
        self.province_alias_kind = {a["province_alias"]: a["alias_kind"] for a in aliases}

    # --------------------------------------------------------------- phones
    def _load_phones(self, seeds_dir: Path | None) -> None:
        prefixes = list(V.VN_MOBILE_PREFIXES)
        self.mobile_prefix = np.array([int(p) for p in prefixes], dtype=np.int64)
        w = np.array(list(V.VN_MOBILE_PREFIXES.values()), dtype=float)
        self.mobile_prefix_w = w / w.sum()
        changes = V.read_seed("vn_mobile_prefix_changes", seeds_dir)
        # national significant number prefix (2 digits, e.g. 38) -> old written prefix ('0168')
        self.old_prefix = np.full(100, "", dtype=S)
        for r in changes:
            self.old_prefix[int(r["new_prefix"][1:])] = r["old_prefix"]
        blocked = V.read_seed("blocked_identifiers", seeds_dir)
        ph = [
            r["blocked_value"]
            for r in blocked
            if r["identifier_type"] == "phone" and r["match_kind"] == "exact"
        ]
        # mobile-shaped placeholders, written as a customer would type them (national form)
        mob = [p for p in ph if p.startswith("+84") and len(p) == 12]
        self.placeholder_phones = sarr(["0" + p[3:] for p in mob])
        wts = [
            0.4 if p.endswith("000000000") else 0.3 if p.endswith("123456789") else 0.3 / (len(mob) - 2)
            for p in mob
        ]
        self.placeholder_phone_w = np.array(wts) / sum(wts)
        self.placeholder_nsn = np.array([int(p[3:]) for p in mob], dtype=np.int64)
        self.phone_junk = sarr(V.PHONE_JUNK)

    # --------------------------------------------------------------- emails
    def _load_emails(self, seeds_dir: Path | None) -> None:
        typos = V.read_seed("email_domain_typos", seeds_dir)
        by_domain: dict[str, list[str]] = {}
        for r in typos:
            by_domain.setdefault(r["corrected_domain"], []).append(r["typo_domain"])
        self.email_typos = {d: sarr(t) for d, t in sorted(by_domain.items())}
        blocked = V.read_seed("blocked_identifiers", seeds_dir)
        em = [r for r in blocked if r["identifier_type"] == "email"]
        exact = [r["blocked_value"] for r in em if r["match_kind"] == "exact"]
        local = [r["blocked_value"] for r in em if r["match_kind"] == "local_part"]
        dom = [r["blocked_value"] for r in em if r["match_kind"] == "domain"]
        placeholders = exact + [f"{lp}@gmail.com" for lp in local] + [f"khachhang@{d}" for d in dom]
        self.placeholder_emails = sarr(placeholders)
        w = np.array([3.0 if p in ("test@test.com", "noemail@gmail.com") else 1.0 for p in placeholders])
        self.placeholder_email_w = w / w.sum()
        self.blocked_email = {"exact": set(exact), "local_part": set(local), "domain": set(dom)}
        names = list(V.VN_EMAIL_DOMAINS)
        self.vn_domains = sarr(names)
        dw = np.array(list(V.VN_EMAIL_DOMAINS.values()))
        self.vn_domain_w = dw / dw.sum()
        self.vn_domain_company = np.array([d in V.COMPANY_DOMAINS for d in names])
        for d in names + [d for o in V.INTL_ORIGINS for d in o[4]]:
            if d in dom or any(d == t for ts in by_domain.values() for t in ts):
                raise ValueError(f"real email domain {d} is blocked or a typo domain")

    # ------------------------------------------------------------- products
    def _load_products(self) -> None:
        skus, names, cats, prices = [], [], [], []
        for cat, items in V.CATEGORIES.items():
            for i, (name, price) in enumerate(items, start=1):
                skus.append(f"SKU-{cat[:3].upper()}-{i:04d}")
                names.append(name)
                cats.append(cat)
                prices.append(price)
        self.sku = sarr(skus)
        self.product_name = sarr(names)
        self.product_category = sarr(cats)
        self.product_price = np.array(prices, dtype=np.int64)
        self.product_slug = sarr([s.lower() for s in skus])

    def _load_stores(self) -> None:
        codes = [str(c) for c in self.province_codes]
        store_code = []
        for code, count in V.STORES:
            store_code += [codes.index(code)] * count
        self.store_code = np.array(store_code, dtype=np.int32)
        self.store_ids = sarr([f"ST-{i:03d}" for i in range(1, len(store_code) + 1)])
        self.store_area = np.array([self.core_area[codes[c]] for c in store_code], dtype=np.int32)
        # stores per province code (for choosing a home store); -1 where none
        self.stores_by_code = {c: np.flatnonzero(self.store_code == c) for c in set(store_code)}

    # ------------------------------------------------------------ campaigns
    def _build_campaigns(self) -> Campaigns:
        start_year = 2023
        end_year = int(self.as_of[:4])
        rows = []
        for platform, themes in V.PLATFORM_THEMES.items():
            abbr, channel, currency, (src, med) = V.AD_PLATFORMS[platform]
            for year in range(start_year, end_year + 1):
                if platform == "tiktok" and year < V.TIKTOK_FROM_YEAR:
                    continue
                for theme in themes:
                    month, day, length, label, intensity = V.THEMES[theme]
                    d0 = int(
                        (np.datetime64(f"{year}-{month:02d}-{day:02d}") - np.datetime64("2023-01-01")).astype(
                            int
                        )
                    )
                    d1 = min(d0 + length, self.n_days)
                    d0 = max(d0, 0)
                    if d1 <= d0:
                        continue
                    ch, s, m = channel, src, med
                    if theme == "display_retargeting":
                        ch, s, m = "display", "google", "display"
                    rows.append(
                        (
                            f"{abbr}_{year}_{theme}",
                            f"{V.PLATFORM_NAMES[platform]} - {label} {year}",
                            platform,
                            ch,
                            currency,
                            s,
                            m,
                            d0,
                            d1,
                            intensity,
                        )
                    )
        cols = list(zip(*rows, strict=True))
        c = Campaigns(
            ids=sarr(cols[0]),
            names=sarr(cols[1]),
            platform=sarr(cols[2]),
            channel=sarr(cols[3]),
            currency=sarr(cols[4]),
            utm_source=sarr(cols[5]),
            utm_medium=sarr(cols[6]),
            start_day=np.array(cols[7], dtype=np.int64),
            end_day=np.array(cols[8], dtype=np.int64),
            weight=np.array(cols[9], dtype=float),
        )
        lengths = c.end_day - c.start_day
        pair_c = np.repeat(np.arange(len(c.ids)), lengths)
        pair_d = np.repeat(c.start_day, lengths) + np.concatenate([np.arange(n) for n in lengths])
        for key in ["all", *V.AD_PLATFORMS]:
            keep = np.ones(len(pair_c), bool) if key == "all" else c.platform[pair_c] == key
            d, cc = pair_d[keep], pair_c[keep]
            order = np.lexsort((cc, d))
            d, cc = d[order], cc[order]
            offsets = np.searchsorted(d, np.arange(self.n_days + 1))
            c.active[key] = (offsets, cc)
        return c

    def campaign_at(self, rng: np.random.Generator, t: np.ndarray, key: str = "all") -> np.ndarray:
        """A random paid campaign active at each time (weighted equally), or -1 when none is running."""
        offsets, lst = self.campaigns.active[key]
        d = np.clip((np.asarray(t) - self.t_start) // DAY, 0, self.n_days - 1)
        cnt = offsets[d + 1] - offsets[d]
        k = np.minimum((rng.random(len(d)) * cnt).astype(np.int64), np.maximum(cnt - 1, 0))
        pos = np.minimum(offsets[d] + k, max(len(lst) - 1, 0))
        return np.where(cnt > 0, lst[pos] if len(lst) else -1, -1)

    def _build_email_campaigns(self) -> EmailCampaigns:
        ids, ts = [], []
        month = np.datetime64("2023-01", "M")
        end_month = np.datetime64(self.as_of[:7], "M")
        while month <= end_month:
            y, m = str(month)[:4], str(month)[5:7]
            for day, theme in zip((5, 15, 25), V.EMAIL_CAMPAIGN_THEMES, strict=True):
                t = epoch(f"{month}-{day:02d}T09:00:00") - LOCAL_OFFSET
                if self.t_start <= t < self.t_end:
                    ids.append(f"em_{y}_{m}_{theme}")
                    ts.append(t)
            month += 1
        return EmailCampaigns(ids=sarr(ids), send_t=np.array(ts, dtype=np.int64))


def read_pairs(seeds_dir: Path | None) -> set[tuple[str, str]]:
    return {(r["utm_source"], r["utm_medium"]) for r in V.read_seed("utm_channel_mapping", seeds_dir)}

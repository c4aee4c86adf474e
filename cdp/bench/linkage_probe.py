"""An outside probe of identity resolution: person records written without cdp.generator.

    python -m cdp.bench.linkage_probe --set intl vn [--entities 3000] [--seed 11] [--run-dir DIR] [--splink]

The project's generator and its corruption mode were written by the people who wrote the resolver; a
matcher tuned on them can miss what other data sets do. This probe writes person records its own way
(its own name lists, typos, orders and formats), in the contract's raw tables, and scores the resolver's
`customer_identity_map` against the truth it kept:

- set `intl`: Western names, one to three modifications per duplicate (a keyboard typo in a name, the
  day and month swapped or a digit off in the date of birth, a street typo or another house number, a
  field left empty), no email and no phone anywhere: only names, dates of birth and addresses link.
- set `vn`: Vietnamese people; a duplicate may drop its middle name, put the given name first, lose its
  diacritics, be written in capitals, abbreviate its address (`Phường` -> `P.`, `Quận` -> `Q.`,
  `Thành phố` -> `TP.`), carry a typo, a near date of birth or none; half the duplicates share the
  phone or the email of the first record, the other half neither.

Each person has one to four records (40 % one, 45 % two, 10 % three, 5 % four), spread over crm_contacts
(50 %), loyalty_members (30 %) and shop_customers (20 %, first and last name in two columns, no address);
every other table is header-only. `--dob-format` writes the dates ISO, dd/MM/yyyy, ISO basic (yyyyMMdd)
or a mix. `--regions foreign` gives the `intl` people regions outside Vietnam (as a Western data set
mapped into the contract would: no Vietnamese province list knows them). Scores are pairwise over records
(precision, recall, F1) with the over-merged clusters, and the exact baseline (same name ignoring case
and diacritics, and the same date of birth). `--splink` also runs Splink on the same staged records in
the same run, as cdp.bench.identity runs it (its input export, fields, training by EM and thresholds),
and scores its clusters the same way: at the threshold 0.95 and at the threshold of its best F1 (picked
with the truth).
No person in it exists: names are drawn from lists of common given and family names.
Figures: docs/benchmarks.md ("An outside probe").
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import duckdb

from cdp.contract import RAW_TABLES

ROOT = Path(__file__).resolve().parents[2]


def words(text: str) -> list[str]:
    """The whitespace-separated words of a list written as text."""
    return text.split()


INTL_GIVEN = words("""james john robert michael william david richard joseph thomas charles christopher daniel
matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward
jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra
ashley kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca sharon laura
cynthia kathleen amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine
chloe olivia isabella sophie jack liam noah lachlan harrison oliver charlotte ruby mia lily zoe""")
INTL_SURNAME = words("""smith johnson williams brown jones garcia miller davis rodriguez martinez
hernandez lopez gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson
white harris sanchez clark
ramirez lewis robinson walker young allen king wright scott torres nguyen hill flores green adams nelson
baker hall rivera campbell mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards
collins reyes stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey
reed kelly howard ramos kim cox ward richardson watson brooks chavez wood james bennett gray mendoza
ruiz hughes price alvarez castillo sanders patel myers long ross foster jimenez ryan obrien oconnor
kowalski schmidt muller fischer weber wagner becker schulz hoffmann koch richter klein wolf""")
INTL_STREET = words("""main high church park victoria george king queen station albert william
elizabeth bridge mill north south east west hill river lake forest oak pine maple cedar elm""")
INTL_STREET_TYPE = ["street", "road", "avenue", "place", "crescent", "drive", "lane", "court"]
INTL_SUBURB = words("""riverside hillcrest lakeside greenwood oakdale fairview springfield kingston newport
ashford bayview westwood northgate southbank eastwood clifton belmont brighton""")

VN_FAMILY = (
    ["Nguyễn"] * 8
    + ["Trần"] * 3
    + ["Lê"] * 3
    + ["Phạm"] * 2
    + words("""Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ
Hồ Ngô Dương Lý Đinh Trương Lâm Mai Đoàn Cao Khổng Tô Hà""")
)
VN_MIDDLE_M = ["Văn"] * 5 + words("Hữu Đức Minh Quốc Thanh Công Đình Xuân Hoàng Gia Anh")
VN_MIDDLE_F = ["Thị"] * 5 + words("Ngọc Thu Thanh Minh Kim Bảo Hồng Phương Mai Thùy Khánh")
VN_GIVEN_M = words("""An Bình Cường Dũng Đông Giang Hải Hiếu Hòa Hùng Huy Khang Khánh Khoa Kiên Lâm
Long Minh Nam Nghĩa Phong Phúc Quân Quang Sơn Tài Tâm Thắng Thành Thiện Tiến Toàn Trí
Trung Tuấn Tùng Việt Vinh Vũ Triết""")
VN_GIVEN_F = words("""Anh Châu Chi Dung Giang Hà Hạnh Hằng Hiền Hoa Hồng Hương Huyền Lan Liên Linh
Loan Ly Mai My Nga Ngân Ngọc Nhi Nhung Oanh Phương Quyên Thảo Thoa Thủy Trang Trâm Uyên Vân Vy Xuân Yến""")
VN_STREET = (
    (
        """Lê Lợi|Nguyễn Huệ|Trần Hưng Đạo|Hai Bà Trưng|Lý Thường Kiệt|Điện Biên Phủ|Cách Mạng Tháng Tám|
Nguyễn Trãi|Phạm Văn Đồng|Võ Văn Tần|Nguyễn Thị Minh Khai|Lê Văn Sỹ|Hoàng Văn Thụ|Pasteur|Nam Kỳ Khởi Nghĩa|
Bạch Đằng|Quang Trung|Lạc Long Quân|Âu Cơ|Tôn Đức Thắng"""
    )
    .replace("\n", "")
    .split("|")
)
# `--regions foreign`: the intl set's people live outside Vietnam, as in a Western data set mapped into
# the contract: a region no Vietnamese province list knows (made-up names and common English ones).
FOREIGN_REGIONS = words("""Northshire Eastmoor Westvale Southridge Lakeland Highfield Riverside Kingsport
Oakshire Greenhollow Ashcombe Brookdale Stonebury Millford Clearwater Fairhaven""")
VN_PLACES = [  # (province, districts)
    (
        "Hồ Chí Minh",
        [
            "Quận 1",
            "Quận 3",
            "Quận 5",
            "Quận 10",
            "Quận Bình Thạnh",
            "Quận Gò Vấp",
            "Quận Tân Bình",
            "Thành phố Thủ Đức",
        ],
    ),
    (
        "Hà Nội",
        [
            "Quận Hoàn Kiếm",
            "Quận Đống Đa",
            "Quận Cầu Giấy",
            "Quận Hai Bà Trưng",
            "Quận Ba Đình",
            "Quận Thanh Xuân",
        ],
    ),
    ("Đà Nẵng", ["Quận Hải Châu", "Quận Thanh Khê", "Quận Sơn Trà"]),
    ("Hải Phòng", ["Quận Lê Chân", "Quận Ngô Quyền"]),
    ("Cần Thơ", ["Quận Ninh Kiều", "Quận Cái Răng"]),
    ("Bình Dương", ["Thành phố Thủ Dầu Một", "Thành phố Dĩ An"]),
    ("Đồng Nai", ["Thành phố Biên Hòa"]),
    ("Khánh Hòa", ["Thành phố Nha Trang"]),
]
VN_WARDS = [
    "Bến Nghé",
    "Bến Thành",
    "Phường 1",
    "Phường 2",
    "Phường 7",
    "Phường 12",
    "Tân Định",
    "Đa Kao",
    "Láng Hạ",
    "Dịch Vọng",
    "Hàng Bạc",
    "Mỹ An",
    "An Hải Bắc",
    "Thạch Thang",
]
MOBILE_PREFIXES = [
    "90",
    "93",
    "94",
    "96",
    "97",
    "98",
    "91",
    "88",
    "86",
    "70",
    "76",
    "77",
    "79",
    "81",
    "83",
    "84",
    "85",
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "38",
    "39",
    "56",
    "58",
    "59",
]
EMAIL_DOMAINS = ["gmail.com"] * 6 + ["yahoo.com", "hotmail.com", "outlook.com", "icloud.com"]
KEYBOARD = "qwertyuiopasdfghjklzxcvbnm"


def strip(s):
    s = s.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def typo(rng, s):
    if len(s) < 3:
        return s
    i = rng.randrange(1, len(s))
    kind = rng.choice(["sub", "ins", "del", "swap"])
    c = rng.choice(KEYBOARD)
    if kind == "sub" and s[i] != " ":
        return s[:i] + c + s[i + 1 :]
    if kind == "ins":
        return s[:i] + c + s[i:]
    if kind == "del" and s[i] != " ":
        return s[:i] + s[i + 1 :]
    if kind == "swap" and i < len(s) - 1 and " " not in s[i : i + 2]:
        return s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    return s


def fmt_dob(rng, y, m, d, style):
    if style == "mixed":
        style = rng.choice(["iso", "dmy", "compact"])
    return {
        "iso": f"{y:04d}-{m:02d}-{d:02d}",
        "dmy": f"{d:02d}/{m:02d}/{y:04d}",
        "compact": f"{y:04d}{m:02d}{d:02d}",
    }[style]


def corrupt_dob(rng, dob, p):
    if dob is None:
        return None
    y, m, d = dob
    r = rng.random()
    if r < p["dob_swap"] and d <= 12 and d != m:
        return (y, d, m)
    r -= p["dob_swap"]
    if r < p["dob_digit"]:
        which = rng.choice(["y", "m", "d"])
        if which == "y":
            return (y + rng.choice([-1, 1, -10, 10]), m, d)
        if which == "m":
            return (y, max(1, min(12, m + rng.choice([-1, 1]))), d)
        return (y, m, max(1, min(28, d + rng.choice([-1, 1, -10, 10]))))
    return dob


def make_person_intl(rng, regions="vn"):
    dob = (rng.randint(1940, 2004), rng.randint(1, 12), rng.randint(1, 28))
    return {
        "given": rng.choice(INTL_GIVEN),
        "surname": rng.choice(INTL_SURNAME),
        "dob": dob,
        "num": str(rng.randint(1, 300)),
        "street": f"{rng.choice(INTL_STREET)} {rng.choice(INTL_STREET_TYPE)}",
        "suburb": rng.choice(INTL_SUBURB),
        "province": rng.choice(VN_PLACES)[0] if regions == "vn" else rng.choice(FOREIGN_REGIONS),
        "gender": rng.choice(["male", "female"]),
    }


def render_intl(rng, person, dup, p, dob_style):
    given, surname = person["given"], person["surname"]
    dob = person["dob"]
    num, street, suburb = person["num"], person["street"], person["suburb"]
    if dup:
        for _ in range(rng.choice([1, 1, 2, 3])):  # FEBRL: up to a few modifications per duplicate
            field = rng.choice(["given", "surname", "dob", "address", "suburb", "missing"])
            if field == "given":
                given = typo(rng, given)
            elif field == "surname":
                surname = typo(rng, surname)
            elif field == "dob":
                dob = corrupt_dob(rng, dob, {"dob_swap": 0.4, "dob_digit": 0.6})
            elif field == "address":
                street = typo(rng, street) if rng.random() < 0.7 else street
                num = num if rng.random() < 0.7 else str(rng.randint(1, 300))
            elif field == "suburb":
                suburb = typo(rng, suburb)
            else:
                which = rng.choice(["given", "dob", "address", "suburb"])
                if which == "given":
                    given = ""
                elif which == "dob":
                    dob = None
                elif which == "address":
                    num, street = "", ""
                else:
                    suburb = ""
    full = f"{given} {surname}".strip()
    return {
        "full_name": full,
        "first_name": given,
        "last_name": surname,
        "date_of_birth": fmt_dob(rng, *dob, dob_style) if dob else "",
        "address_line": f"{num} {street}".strip(),
        "district": suburb,
        "province": person["province"],
        "gender": person["gender"],
        "email": "",
        "phone": "",
    }


def make_person_vn(rng, i):
    female = rng.random() < 0.5
    family = rng.choice(VN_FAMILY)
    middle = rng.choice(VN_MIDDLE_F if female else VN_MIDDLE_M)
    given = rng.choice(VN_GIVEN_F if female else VN_GIVEN_M)
    province, districts = rng.choice(VN_PLACES)
    local = strip(f"{given}{family}").lower() + str(rng.randint(70, 2004))
    return {
        "family": family,
        "middle": middle,
        "given": given,
        "female": female,
        "dob": (rng.randint(1955, 2004), rng.randint(1, 12), rng.randint(1, 28)),
        "num": str(rng.randint(1, 400)),
        "street": rng.choice(VN_STREET),
        "ward": rng.choice(VN_WARDS),
        "district": rng.choice(districts),
        "province": province,
        "phone": "0" + rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 9999999):07d}",
        "email": f"{local}.{i}@{rng.choice(EMAIL_DOMAINS)}",
    }


def abbreviate(s):
    for long, short in [("Thành phố ", "TP. "), ("Phường ", "P."), ("Quận ", "Q."), ("Đường ", "Đ. ")]:
        s = s.replace(long, short)
    return s


def render_vn(rng, person, dup, p, dob_style):
    family, middle, given = person["family"], person["middle"], person["given"]
    dob = person["dob"]
    street = f"Đường {person['street']}" if rng.random() < 0.3 else person["street"]
    ward = person["ward"] if person["ward"].startswith("Phường") else f"Phường {person['ward']}"
    address = f"{person['num']} {street}, {ward}"
    district, province = person["district"], person["province"]
    phone, email = person["phone"], person["email"]
    drop_accents = False
    parts = [family, middle, given]
    if dup:
        if rng.random() < 0.35:
            parts = [family, given]  # middle dropped
        if rng.random() < 0.25:
            parts = [parts[-1]] + parts[:-1]  # given name first
        if rng.random() < 0.15:
            parts = [typo(rng, x) if j == len(parts) - 1 else x for j, x in enumerate(parts)]
        drop_accents = rng.random() < 0.5
        if rng.random() < 0.6:
            address = abbreviate(address)
            district = abbreviate(district)
        if rng.random() < 0.1:
            address = typo(rng, address)
        if rng.random() < 0.2:
            address = ""
        dob = corrupt_dob(rng, dob, {"dob_swap": 0.08, "dob_digit": 0.07})
        if rng.random() < 0.12:
            dob = None
        if p["shares"]:
            keep = rng.choice(["phone", "email", "both"])
            phone = phone if keep in ("phone", "both") else ""
            email = email if keep in ("email", "both") else ""
        else:
            phone = (
                ""
                if rng.random() < 0.6
                else "0" + rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 9999999):07d}"
            )
            email = ""
    full = " ".join(parts)
    if drop_accents:
        full, address, district, province = strip(full), strip(address), strip(district), strip(province)
    if rng.random() < 0.1:
        full = full.upper()
    return {
        "full_name": full,
        "first_name": parts[-1] if parts[0] == family else parts[0],
        "last_name": " ".join(x for x in parts if x != (parts[-1] if parts[0] == family else parts[0])),
        "date_of_birth": fmt_dob(rng, *dob, dob_style) if dob else "",
        "address_line": address,
        "district": district,
        "province": province,
        "gender": "female" if person["female"] else "male",
        "email": email,
        "phone": phone,
    }


TABLE_WEIGHTS = {"crm_contacts": 50, "loyalty_members": 30, "shop_customers": 20}


def write_probe(
    out: Path, probe_set: str, entities: int, seed: int, dob_format: str, regions: str = "vn"
) -> dict[str, int]:
    """Write <out>/raw/<table>.csv for every contract table and <out>/truth.csv; return rows per table."""
    rng = random.Random(seed)
    (out / "raw").mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[dict]] = {t: [] for t in RAW_TABLES}
    truth = []
    counters = dict.fromkeys(TABLE_WEIGHTS, 0)
    for e in range(entities):
        person = make_person_intl(rng, regions) if probe_set == "intl" else make_person_vn(rng, e)
        n_dups = rng.choices([0, 1, 2, 3], weights=[40, 45, 10, 5])[0]
        for k in range(1 + n_dups):
            shares = rng.random() < 0.5
            rec = (
                render_intl(rng, person, k > 0, {}, dob_format)
                if probe_set == "intl"
                else render_vn(rng, person, k > 0, {"shares": shares}, dob_format)
            )
            table = rng.choices(list(TABLE_WEIGHTS), weights=list(TABLE_WEIGHTS.values()))[0]
            counters[table] += 1
            rid = f"{table[:3]}-{counters[table]:06d}"
            created = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} 10:00:00"
            if table == "crm_contacts":
                row = {
                    "contact_id": rid,
                    "full_name": rec["full_name"],
                    "email": rec["email"],
                    "phone": rec["phone"],
                    "date_of_birth": rec["date_of_birth"],
                    "gender": rec["gender"],
                    "address_line": rec["address_line"],
                    "district": rec["district"],
                    "province": rec["province"],
                    "lead_source": "import",
                    "created_at": created,
                    "updated_at": created,
                }
            elif table == "loyalty_members":
                row = {
                    "loyalty_card_id": rid,
                    "full_name": rec["full_name"],
                    "phone": rec["phone"],
                    "email": rec["email"],
                    "date_of_birth": rec["date_of_birth"],
                    "address_line": ", ".join(x for x in [rec["address_line"], rec["district"]] if x),
                    "province": rec["province"],
                    "tier": "silver",
                    "enrolled_at": created,
                }
            else:
                row = {
                    "customer_id": rid,
                    "first_name": rec["first_name"],
                    "last_name": rec["last_name"],
                    "email": rec["email"],
                    "phone": rec["phone"],
                    "date_of_birth": rec["date_of_birth"],
                    "province": rec["province"],
                    "accepts_marketing": "false",
                    "created_at": created,
                    "updated_at": created,
                }
            rows[table].append(row)
            truth.append((table, rid, e))
    for table, cols in RAW_TABLES.items():
        with open(out / "raw" / f"{table}.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(cols))
            writer.writeheader()
            for row in rows[table]:
                writer.writerow({c: row.get(c, "") for c in cols})
    with open(out / "truth.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["source_table", "record_id", "entity"])
        writer.writerows(truth)
    return {t: len(v) for t, v in rows.items() if v}


def build_identity(out: Path) -> float:
    """Load the probe's raw folder into <out>/cdp.duckdb and build seeds and the identity map; seconds."""
    from cdp.raw_loader import load_raw_dir

    db = out / "cdp.duckdb"
    for path in (db, db.with_suffix(".duckdb.wal")):
        path.unlink(missing_ok=True)
    load_raw_dir(out / "raw", db)
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(ROOT),
        "CDP_TARGET": "duckdb",
        "CDP_DUCKDB_PATH": str(db),
        "DBT_TARGET_PATH": str(out / "target"),
        "DBT_LOG_PATH": str(out / "logs"),
    }
    dbt = str(Path(sys.executable).with_name("dbt"))
    started = time.perf_counter()
    for args in (["seed"], ["run", "--select", "+customer_identity_map"]):
        done = subprocess.run([dbt, "--quiet", *args], cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"dbt {' '.join(args)} failed:\n{done.stdout[-4000:]}{done.stderr[-2000:]}")
    return time.perf_counter() - started


def splink_clusters_path(out: Path, threshold: float) -> Path:
    """Where run_splink (cdp.bench.identity) writes Splink's clusters at one threshold."""
    return out / "splink" / f"clusters_{threshold}.parquet"


def run_splink(out: Path) -> dict:
    """Splink on the probe's staged identity records, exactly as cdp.bench.identity runs it (its defaults):
    the input exported from int_identity_records_unioned, trained and predicted in a child process, its
    clusters written at every threshold of SPLINK_THRESHOLDS under <out>/splink; its run summary."""
    from cdp.bench import identity

    con = duckdb.connect(str(out / "cdp.duckdb"), read_only=True)
    try:
        con.execute(identity.IDENTIFIERS_SQL)  # export_splink_input reads the identifiers from it
        return identity.run_splink(out, con, identity.build_parser().parse_args([]))
    finally:
        con.close()


def score(out: Path, splink_thresholds: Iterable[float] = ()) -> dict:
    """Pairwise precision, recall and F1 of customer_identity_map, of the exact baseline and, per threshold
    given, of Splink's clusters (splink_clusters_path; keyed by int_identity_records_unioned.record_key,
    mapped back to the truth's source table and record id)."""
    con = duckdb.connect(str(out / "cdp.duckdb"), read_only=True)
    try:
        truth = str(out / "truth.csv").replace("'", "''")
        con.execute(f"create temp table truth as select * from read_csv('{truth}', all_varchar = true)")
        con.execute(
            """
            create temp table scored as
            select truth.entity, map.customer_id, records.full_name_ascii, records.date_of_birth,
                truth.source_table, truth.record_id,
                truth.source_table || ':' || truth.record_id as record_key
            from truth
            left join marts.customer_identity_map as map
                on map.source_table = truth.source_table and map.source_record_id = truth.record_id
            left join intermediate.int_identity_records_unioned as records
                on records.source_table = truth.source_table and records.source_record_id = truth.record_id
            """
        )

        def pairs(group_by: str) -> int:
            return con.execute(
                "select coalesce(sum(n * (n - 1) // 2), 0) "
                f"from (select count(*) as n from scored group by {group_by})"
            ).fetchone()[0]

        def prf(cluster: str) -> dict:
            true_pairs, predicted, both = pairs("entity"), pairs(cluster), pairs(f"entity, {cluster}")
            p = both / predicted if predicted else 1.0
            r = both / true_pairs if true_pairs else 1.0
            over = con.execute(
                f"select count(*) from (select {cluster} from scored group by 1 "
                "having count(distinct entity) > 1)"
            ).fetchone()[0]
            return {
                "precision": p,
                "recall": r,
                "f1": 2 * p * r / (p + r) if p + r else 0.0,
                "over_merged": over,
            }

        con.execute(
            """
            alter table scored add column exact_key varchar;
            update scored set exact_key = case when full_name_ascii is not null and date_of_birth is not null
                then full_name_ascii || '|' || date_of_birth else record_key end
            """
        )
        records, unmapped = con.execute(
            "select count(*), count(*) filter (where customer_id is null) from scored"
        ).fetchone()
        res = {
            "records": records,
            "unmapped": unmapped,
            "true_pairs": pairs("entity"),
            "ours": prf("coalesce(customer_id, record_key)"),
            "exact_name_and_birth_date": prf("exact_key"),
        }
        splink: dict[float, dict] = {}
        for threshold in splink_thresholds:
            # Splink's unique_id is the identity record's record_key: back to (source table, record id)
            # through the unioned records; a record Splink did not see is a cluster of its own.
            con.execute(
                """
                create or replace temp table splink_cluster as
                select records.source_table, records.source_record_id,
                    cast(sp.cluster_id as varchar) as cluster
                from read_parquet($path) as sp
                inner join intermediate.int_identity_records_unioned as records
                    on records.record_key = sp.unique_id
                """,
                {"path": str(splink_clusters_path(out, threshold))},
            )
            con.execute("alter table scored drop column if exists splink_cluster")
            con.execute("alter table scored add column splink_cluster varchar")
            con.execute(
                "update scored set splink_cluster = sp.cluster from splink_cluster as sp "
                "where sp.source_table = scored.source_table and sp.source_record_id = scored.record_id"
            )
            splink[threshold] = {
                **prf("coalesce(splink_cluster, record_key)"),
                "unmapped": con.execute(
                    "select count(*) from scored where splink_cluster is null"
                ).fetchone()[0],
            }
        if splink:
            res["splink"] = splink
        return res
    finally:
        con.close()


def splink_cells(res: dict, splink: dict) -> str:
    """The Splink columns of a row: at the reported threshold and at its best F1 (threshold picked with the
    truth, as cdp.bench.identity reports it), then Splink's seconds (training, prediction, clustering)."""
    from cdp.bench.identity import SPLINK_REPORTED_THRESHOLD

    if not splink.get("ok"):
        return "failed | - | failed | - | - |"
    at = res["splink"]
    best = max(at, key=lambda thr: at[thr]["f1"])

    def prf(sc: dict) -> str:
        return f"{sc['precision']:.4f} / {sc['recall']:.4f} / {sc['f1']:.4f}"

    reported = at[SPLINK_REPORTED_THRESHOLD]
    return (
        f"{prf(reported)} | {reported['over_merged']} | {prf(at[best])} ({best}) | "
        f"{at[best]['over_merged']} | {splink['splink_s']:.1f} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", dest="sets", nargs="+", choices=["intl", "vn"], default=["intl", "vn"])
    parser.add_argument("--entities", type=int, default=3000, help="true people per set (3000)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--dob-format", default="iso", choices=["iso", "dmy", "compact", "mixed"])
    parser.add_argument(
        "--regions",
        default="vn",
        choices=["vn", "foreign"],
        help="intl set: its people's provinces Vietnamese (vn, default) or regions no list knows (foreign)",
    )
    parser.add_argument(
        "--run-dir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "cdp-linkage-probe"
    )
    parser.add_argument(
        "--splink",
        action="store_true",
        help="also run Splink on the same staged records after our build and score it the same way",
    )
    args = parser.parse_args(argv)
    header = (
        "| set | records | true pairs | ours P / R / F1 | over-merged "
        "| exact name + birth date P / R / F1 | seconds |"
    )
    rule = "| --- | ---: | ---: | --- | ---: | --- | ---: |"
    if args.splink:
        header += (
            " Splink@0.95 P / R / F1 | Splink@0.95 over-merged | Splink best P / R / F1 (threshold) "
            "| Splink best over-merged | Splink s |"
        )
        rule += " --- | ---: | --- | ---: | ---: |"
    print(header)
    print(rule)
    for probe_set in args.sets:
        foreign = args.regions == "foreign" and probe_set == "intl"
        out = (
            args.run_dir
            / f"{probe_set}_{args.dob_format}_{args.entities}_{args.seed}{'_foreign' if foreign else ''}"
        )
        write_probe(out, probe_set, args.entities, args.seed, args.dob_format, args.regions)
        seconds = build_identity(out)
        splink: dict = {}
        thresholds: tuple[float, ...] = ()
        if args.splink:
            from cdp.bench.identity import SPLINK_THRESHOLDS

            splink = run_splink(out)
            if splink["ok"]:
                thresholds = SPLINK_THRESHOLDS
            else:
                print("\n".join(["Splink failed:", *splink.get("error_tail", [])]), file=sys.stderr)
        res = score(out, thresholds)
        label = args.dob_format + (", foreign regions" if foreign else "")
        ours, exact = res["ours"], res["exact_name_and_birth_date"]
        print(
            f"| {probe_set} ({label}) | {res['records']:,} | {res['true_pairs']:,} | "
            f"{ours['precision']:.4f} / {ours['recall']:.4f} / **{ours['f1']:.4f}** | "
            f"{ours['over_merged']} | "
            f"{exact['precision']:.4f} / {exact['recall']:.4f} / {exact['f1']:.4f} | {seconds:.1f} |"
            + (f" {splink_cells(res, splink)}" if args.splink else ""),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The outside linkage probe (cdp.bench.linkage_probe): the raw folder it writes and its pairwise scores.
Expected values by hand; the resolver's accuracy on the probe is a benchmark figure (docs/benchmarks.md),
its behaviour on such records is tested in tests/identity (cases F-9 to F-11)."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from cdp.bench.linkage_probe import (
    FOREIGN_REGIONS,
    VN_PLACES,
    score,
    splink_cells,
    splink_clusters_path,
    write_probe,
)
from cdp.contract import RAW_TABLES

PERSON_TABLES = {"crm_contacts", "loyalty_members", "shop_customers"}


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("probe_set", ["intl", "vn"])
def test_every_contract_table_is_written_with_its_columns(tmp_path: Path, probe_set: str) -> None:
    counts = write_probe(tmp_path, probe_set, entities=200, seed=3, dob_format="mixed")
    for table, columns in RAW_TABLES.items():
        with open(tmp_path / "raw" / f"{table}.csv", encoding="utf-8") as f:
            assert next(csv.reader(f)) == list(columns), table
    assert set(counts) == PERSON_TABLES
    truth = _read(tmp_path / "truth.csv")
    assert len(truth) == sum(counts.values())
    # one to four records per person, every person present
    per_entity: dict[str, int] = {}
    for row in truth:
        per_entity[row["entity"]] = per_entity.get(row["entity"], 0) + 1
    assert len(per_entity) == 200 and set(per_entity.values()) <= {1, 2, 3, 4}
    assert len({(row["source_table"], row["record_id"]) for row in truth}) == len(truth)


def test_intl_records_carry_no_email_and_no_phone(tmp_path: Path) -> None:
    write_probe(tmp_path, "intl", entities=100, seed=5, dob_format="compact")
    for table in PERSON_TABLES:
        for row in _read(tmp_path / "raw" / f"{table}.csv"):
            assert row["email"] == "" and row["phone"] == "", table
            assert row["date_of_birth"] == "" or (
                len(row["date_of_birth"]) == 8 and row["date_of_birth"].isdigit()
            )


def test_the_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    write_probe(tmp_path / "a", "vn", entities=50, seed=9, dob_format="iso")
    write_probe(tmp_path / "b", "vn", entities=50, seed=9, dob_format="iso")
    for table in [*PERSON_TABLES, "truth"]:
        name = "truth.csv" if table == "truth" else f"raw/{table}.csv"
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), table


def test_foreign_regions_give_intl_people_provinces_no_list_knows(tmp_path: Path) -> None:
    write_probe(tmp_path / "foreign", "intl", entities=100, seed=5, dob_format="iso", regions="foreign")
    vietnamese = {province for province, _ in VN_PLACES}
    provinces = {
        row["province"]
        for table in PERSON_TABLES
        for row in _read(tmp_path / "foreign" / "raw" / f"{table}.csv")
    }
    assert provinces and provinces <= set(FOREIGN_REGIONS) and not provinces & vietnamese
    # the default writes what it wrote before the option existed: the same seed, the same files
    write_probe(tmp_path / "default", "intl", entities=100, seed=5, dob_format="iso")
    write_probe(tmp_path / "vn", "intl", entities=100, seed=5, dob_format="iso", regions="vn")
    for table in PERSON_TABLES:
        name = f"raw/{table}.csv"
        assert (tmp_path / "default" / name).read_bytes() == (tmp_path / "vn" / name).read_bytes(), table


def test_scores_of_a_hand_made_map(tmp_path: Path) -> None:
    """Five records of two people (1: a, b, c; 2: d, e). The map puts a with b, c alone, d with e: predicted
    pairs ab, de (2), true pairs ab, ac, bc, de (4), both 2: precision 1, recall 0.5, F1 2/3, nobody
    over-merged. The exact baseline: a and c share name and date of birth (one pair, true), b has no date,
    d and e differ in name: precision 1, recall 1/4, F1 0.4."""
    (tmp_path / "truth.csv").write_text(
        "source_table,record_id,entity\n"
        + "".join(
            f"crm_contacts,{key},{entity}\n"
            for key, entity in [("a", 1), ("b", 1), ("c", 1), ("d", 2), ("e", 2)]
        ),
        encoding="utf-8",
    )
    con = duckdb.connect(str(tmp_path / "cdp.duckdb"))
    con.execute("create schema marts; create schema intermediate")
    con.execute(
        "create table marts.customer_identity_map as select * from (values "
        "('crm_contacts', 'a', 'C1'), ('crm_contacts', 'b', 'C1'), ('crm_contacts', 'c', 'C2'), "
        "('crm_contacts', 'd', 'C3'), ('crm_contacts', 'e', 'C3')) "
        "as t(source_table, source_record_id, customer_id)"
    )
    con.execute(
        "create table intermediate.int_identity_records_unioned as select * from (values "
        "('crm_contacts', 'a', 'carol harris', date '1953-07-05'), "
        "('crm_contacts', 'b', 'hwarris crol', null), "
        "('crm_contacts', 'c', 'carol harris', date '1953-07-05'), "
        "('crm_contacts', 'd', 'anna kowalski', date '1966-10-30'), "
        "('crm_contacts', 'e', 'kowalski', date '1966-10-30')) "
        "as t(source_table, source_record_id, full_name_ascii, date_of_birth)"
    )
    con.close()
    res = score(tmp_path)
    assert (res["records"], res["unmapped"], res["true_pairs"]) == (5, 0, 4)
    assert res["ours"] == pytest.approx({"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "over_merged": 0})
    assert res["exact_name_and_birth_date"] == pytest.approx(
        {"precision": 1.0, "recall": 0.25, "f1": 0.4, "over_merged": 0}
    )


def test_splink_clusters_are_scored_on_the_truths_records(tmp_path: Path) -> None:
    """Splink's clusters are keyed by record_key; the truth by source table and record id (crm_contacts 1
    and loyalty_members 1 are two records). Person 1: crm 1, loyalty 1, shop 7; person 2: crm 2, loyalty 2
    (4 true pairs). At 0.95 Splink puts crm 1 with loyalty 1 and leaves loyalty 2 out of its clusters (a
    record of its own): 1 pair, true: precision 1, recall 1/4, F1 0.4. At 0.5 it puts crm 1, loyalty 1,
    shop 7 and crm 2 together: 6 pairs, 3 true: precision 1/2, recall 3/4, F1 0.6, one cluster of two
    people; the best threshold is 0.5. Our map is exact: 1 / 1 / 1."""
    records = [
        ("crm_contacts", "1", 1, "C1"),
        ("loyalty_members", "1", 1, "C1"),
        ("shop_customers", "7", 1, "C1"),
        ("crm_contacts", "2", 2, "C2"),
        ("loyalty_members", "2", 2, "C2"),
    ]
    (tmp_path / "truth.csv").write_text(
        "source_table,record_id,entity\n" + "".join(f"{t},{r},{e}\n" for t, r, e, _ in records),
        encoding="utf-8",
    )
    rows = ", ".join(f"('{t}', '{r}', '{t}:{r}', '{c}')" for t, r, _, c in records)
    con = duckdb.connect(str(tmp_path / "cdp.duckdb"))
    con.execute("create schema marts; create schema intermediate")
    con.execute(
        f"create table records as select * from (values {rows}) "
        "as t(source_table, source_record_id, record_key, customer_id)"
    )
    con.execute(
        "create table marts.customer_identity_map as "
        "select source_table, source_record_id, customer_id from records"
    )
    con.execute(
        "create table intermediate.int_identity_records_unioned as select source_table, source_record_id, "
        "record_key, null::varchar as full_name_ascii, null::date as date_of_birth from records"
    )
    (tmp_path / "splink").mkdir()
    clusters = {
        0.95: [
            ("crm_contacts:1", "crm_contacts:1"),
            ("crm_contacts:1", "loyalty_members:1"),
            ("shop_customers:7", "shop_customers:7"),
            ("crm_contacts:2", "crm_contacts:2"),
        ],
        0.5: [
            ("crm_contacts:1", "crm_contacts:1"),
            ("crm_contacts:1", "loyalty_members:1"),
            ("crm_contacts:1", "shop_customers:7"),
            ("crm_contacts:1", "crm_contacts:2"),
            ("loyalty_members:2", "loyalty_members:2"),
        ],
    }
    for threshold, pairs in clusters.items():
        values = ", ".join(f"('{c}', '{u}')" for c, u in pairs)
        path = splink_clusters_path(tmp_path, threshold)
        con.execute(
            f"copy (select * from (values {values}) as t(cluster_id, unique_id)) to '{path}' (format parquet)"
        )
    con.close()

    res = score(tmp_path, [0.95, 0.5])
    assert (res["records"], res["unmapped"], res["true_pairs"]) == (5, 0, 4)
    assert res["ours"] == pytest.approx({"precision": 1.0, "recall": 1.0, "f1": 1.0, "over_merged": 0})
    assert res["splink"][0.95] == pytest.approx(
        {"precision": 1.0, "recall": 0.25, "f1": 0.4, "over_merged": 0, "unmapped": 1}
    )
    assert res["splink"][0.5] == pytest.approx(
        {"precision": 0.5, "recall": 0.75, "f1": 0.6, "over_merged": 1, "unmapped": 0}
    )
    assert "splink" not in score(tmp_path)
    assert splink_cells(res, {"ok": True, "splink_s": 3.5}) == (
        "1.0000 / 0.2500 / 0.4000 | 0 | 0.5000 / 0.7500 / 0.6000 (0.5) | 1 | 3.5 |"
    )
    assert splink_cells(res, {"ok": False}) == "failed | - | failed | - | - |"

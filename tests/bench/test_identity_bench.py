"""The identity benchmark's helpers: blocking rules and their candidate pairs, recall beyond exact
identifiers, scores per subset of records, and data per generator mode. Expected values by hand."""

from __future__ import annotations

import json

import duckdb
import pytest

from cdp.bench.identity import (
    CURRENT_BLOCKING_RULES,
    BlockingRule,
    Scores,
    beyond_ids_recall,
    blocking_pair_counts,
    ensure_data,
    parse_blocking_rules,
    score,
    size_dir_for,
)

RECORDS = [
    # record_key, family, given, name_tokens_sorted, date_of_birth, province, phone
    ("a", "nguyen", "an", "an nguyen van", "1990-05-03", "ho_chi_minh", "+84901111111"),
    ("b", "nguyen", "an", "an nguyen van", "1990-07-01", "ho_chi_minh", "+84902222222"),
    ("c", "nguyen", "an", "an nguyen", "1990-01-01", "ha_noi", None),
    ("d", "tran", "binh", "binh tran", None, "ho_chi_minh", "+84903111111"),
    ("e", None, None, None, None, "ho_chi_minh", "+84901111111"),
]


@pytest.fixture
def con():
    con = duckdb.connect()
    con.execute("create schema intermediate")
    con.execute(
        "create table intermediate.int_identity_records_unioned (record_key varchar, "
        "family_name_key varchar, given_name_key varchar, name_tokens_sorted varchar, date_of_birth date, "
        "province_code varchar, phone_e164 varchar)"
    )
    con.executemany(
        "insert into intermediate.int_identity_records_unioned values (?, ?, ?, ?, ?, ?, ?)", RECORDS
    )
    return con


def test_current_rules_count_pairs_per_rule_and_together(con):
    source, rules = parse_blocking_rules({"identity_fuzzy_max_block_records": 200})
    assert source.startswith("the current fuzzy blocking keys")
    assert [r.name for r in rules] == ["name_dob", "name_province", "name_phone_tail"]
    out = blocking_pair_counts(con, rules)
    # name_dob: a, b, c share nguyen|an|1990 (3 pairs); e has no name
    assert out["rules"]["name_dob"] == {
        "keys": ["family_name_key", "given_name_key", "year(date_of_birth)"],
        "where": "name_tokens_sorted is not null",
        "max_block_records": 200,
        "records": 3,
        "blocks": 1,
        "largest_block": 3,
        "pairs": 3,
        "pairs_within_cap": 3,
        "blocks_over_cap": 0,
    }
    # name_province: a and b ('an nguyen van' in Hồ Chí Minh); c (Hà Nội) and d alone
    assert (out["rules"]["name_province"]["records"], out["rules"]["name_province"]["pairs"]) == (4, 1)
    # name_phone_tail: an|111111, an|222222, binh|111111 (e's same tail has no name): no pair
    assert (out["rules"]["name_phone_tail"]["records"], out["rules"]["name_phone_tail"]["pairs"]) == (3, 0)
    assert out["union_pairs"] == 3  # a-b, a-c, b-c


def test_block_cap_drops_large_blocks(con):
    rules = [dataclass_with_cap(r, 2) for r in CURRENT_BLOCKING_RULES]
    out = blocking_pair_counts(con, rules)
    assert out["rules"]["name_dob"]["pairs"] == 3
    assert out["rules"]["name_dob"]["pairs_within_cap"] == 0
    assert out["rules"]["name_dob"]["blocks_over_cap"] == 1
    assert out["union_pairs"] == 1  # only a-b, from name_province


def dataclass_with_cap(rule: BlockingRule, cap: int) -> BlockingRule:
    return BlockingRule(rule.name, rule.keys, rule.where, cap)


def test_declared_rules_in_several_shapes(con):
    listed = {
        "identity_blocking_rules": [
            {"name": "dob", "columns": ["date_of_birth"]},
            {"name": "phone", "keys": "phone_e164", "max_block_records": 5},
            {"name": "bad", "on": ["no_such_column"]},
        ],
        "identity_max_block_records": 100,
    }
    source, rules = parse_blocking_rules(listed)
    assert source == "dbt_project.yml vars: identity_blocking_rules"
    assert [(r.name, r.keys, r.max_block_records) for r in rules] == [
        ("dob", ["date_of_birth"], 100),
        ("phone", ["phone_e164"], 5),
        ("bad", ["no_such_column"], 100),
    ]
    out = blocking_pair_counts(con, rules)
    assert out["rules"]["dob"]["pairs"] == 0
    assert out["rules"]["phone"]["pairs"] == 1  # a and e share +84901111111
    assert "error" in out["rules"]["bad"]
    assert out["union_pairs"] == 1
    _, mapped = parse_blocking_rules({"identity_blocking_rules": {"province": ["province_code"]}})
    assert [(r.name, r.keys, r.max_block_records) for r in mapped] == [("province", ["province_code"], None)]
    assert blocking_pair_counts(con, mapped)["rules"]["province"]["pairs"] == 6  # a, b, d, e in one block
    with pytest.raises(ValueError):
        parse_blocking_rules({"identity_blocking_rules": [{"name": "x", "where": "true"}]})


def test_recall_beyond_exact_identifiers():
    con = duckdb.connect()
    # person A: a1, a2 share an identifier (ceiling c1), a3 shares none (c2); person B: b1, b2 share none
    con.execute(
        "create temp table bench_eval as select * from (values "
        "('a1', 'A', 'c1', 'k1'), ('a2', 'A', 'c1', 'k1'), ('a3', 'A', 'c2', 'k1'), "
        "('b1', 'B', 'd1', 'k2'), ('b2', 'B', 'd2', 'k3')) "
        "as t(record_key, person_id, ceiling_cluster, cluster)"
    )
    source = "select record_key, person_id, cluster from bench_eval"
    # pairs beyond identifiers: a1-a3, a2-a3, b1-b2; the clustering joins the first two
    assert beyond_ids_recall(con, source) == pytest.approx(2 / 3)


def test_data_per_generator_mode(tmp_path):
    assert size_dir_for(tmp_path, 10_000, "default") == tmp_path / "people_10000"
    assert size_dir_for(tmp_path, 10_000, "corrupted") == tmp_path / "people_10000_corrupted"
    size_dir = size_dir_for(tmp_path, 200, "corrupted")
    seconds, rows = ensure_data(size_dir, 200, 3, "corrupted")
    assert seconds is not None and rows["crm_contacts"] > 0
    manifest = json.loads((size_dir / "truth" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["mess_config"]["corrupt_unlinked_duplicate"] == 0.2
    assert json.loads((size_dir / "generated.json").read_text(encoding="utf-8"))["mode"] == "corrupted"
    assert ensure_data(size_dir, 200, 3, "corrupted")[0] is None  # reused
    assert ensure_data(size_dir, 200, 3, "default")[0] is not None  # another mode: generated again
    manifest = json.loads((size_dir / "truth" / "manifest.json").read_text(encoding="utf-8"))
    assert "corrupt_unlinked_duplicate" not in manifest["mess_config"]


def test_scores_over_all_linkable_and_named_records():
    con = duckdb.connect()
    # one cluster k1 holding a1, a2 (person A) and b1 (person B); a2 carries no name
    con.execute(
        "create temp table ev as select * from (values "
        "('a1', 'A', 'k1', true, true), ('a2', 'A', 'k1', true, false), ('b1', 'B', 'k1', false, true)) "
        "as t(record_key, person_id, cluster, linkable, named)"
    )
    source = "select * from ev"
    assert score(con, source) == Scores(3, 2, 1, 1, 3, 1, 1, 0)
    assert score(con, source, "linkable") == Scores(2, 1, 1, 1, 1, 1, 0, 0)
    named = score(con, source, "named")  # a1 and b1: no true pair, one predicted pair, over-merged
    assert named == Scores(2, 2, 1, 0, 1, 0, 1, 0) and named.precision == 0.0 and named.recall == 1.0
    with pytest.raises(ValueError):
        score(con, source, "everything")

"""Staging on generated data: every defect the generator injected is quarantined with its reason,
nothing else is, and every repeated delivery is dropped — counted per table against the generator's
manifest (which counts what it wrote, independently of the dbt models)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from cdp.generator import generate
from cdp.raw_loader import load_raw_dir
from tests.support import run_dbt


@pytest.fixture(scope="module")
def generated_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    work = tmp_path_factory.mktemp("generated")
    manifest = generate(people=2000, seed=11, out_dir=work / "raw", truth_dir=work / "truth", fmt="csv")
    database = work / "warehouse.duckdb"
    load_raw_dir(work / "raw", database)
    run = run_dbt(
        database,
        work,
        "build",
        "--select",
        "+staging",
        "--exclude",
        "test_type:unit",
    )
    assert run.returncode == 0, run.failure_summary()
    return database, manifest


def test_quarantine_matches_injected_defects(generated_build: tuple[Path, dict]) -> None:
    database, manifest = generated_build
    with duckdb.connect(str(database), read_only=True) as con:
        found = {
            (table, reason): count
            for table, reason, count in con.execute(
                "select source_table, quarantine_reason, count(*) "
                "from staging.stg_quarantine__rows group by all"
            ).fetchall()
        }
    injected = {
        (table, reason): count
        for table, facts in manifest["tables"].items()
        for reason, count in facts["defects"].items()
        if count
    }
    assert sum(injected.values()) > 50, "the generator should inject defects at its default rates"
    assert found == injected


def test_repeated_deliveries_are_dropped(generated_build: tuple[Path, dict]) -> None:
    database, manifest = generated_build
    with duckdb.connect(str(database), read_only=True) as con:
        kept = con.execute(
            "select count(*) from staging.stg_crm__contacts as s inner join staging.base_crm__contacts as b "
            "on s.contact_id = b.contact_id and b.is_duplicate and b.updated_at > s.updated_at"
        ).fetchone()[0]
    assert kept == 0, "a superseded CRM version was kept over a later one"
    staging_of = {
        "crm_contacts": "base_crm__contacts",
        "shop_customers": "base_shop__customers",
        "shop_orders": "base_shop__orders",
        "web_events": "base_web__events",
        "pos_transactions": "base_pos__transactions",
        "ad_spend": "base_ads__spend",
    }
    with duckdb.connect(str(database), read_only=True) as con:
        for table, base in staging_of.items():
            dropped = con.execute(f"select count(*) from staging.{base} where is_duplicate").fetchone()[0]
            # Verbatim repeats plus older versions superseded by a later updated_at.
            facts = manifest["tables"][table]
            assert dropped == facts["duplicate_rows"] + facts.get("updated_versions", 0), table

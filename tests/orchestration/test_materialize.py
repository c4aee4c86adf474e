"""One real run: the raw load and `dbt build`, materialised by Dagster on a small generated data set into a
DuckDB file of the test's own."""

from pathlib import Path
from types import ModuleType

import dagster as dg
import duckdb
import pytest

from cdp.generator import generate
from tests import support

PEOPLE = 300
SEED = 11


def test_materialize_raw_and_dbt_assets(
    definitions: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate(PEOPLE, SEED, tmp_path / "raw", tmp_path / "truth", fmt="parquet")
    database = tmp_path / "cdp.duckdb"
    monkeypatch.setenv("CDP_RAW_DIR", str(tmp_path / "raw"))
    monkeypatch.setenv("CDP_DUCKDB_PATH", str(database))
    monkeypatch.setenv("CDP_EXPORTS_DIR", str(tmp_path / "exports"))
    monkeypatch.setenv("CDP_PUBLISHED_PATH", str(tmp_path / "published" / "cdp_marts.duckdb"))
    monkeypatch.setenv("CDP_REPORT_PATH", str(tmp_path / "report.html"))
    monkeypatch.setenv("CDP_GX_DOCS_DIR", str(tmp_path / "gx"))
    # dbt's unit tests mock their inputs, whatever the data, and are no Dagster asset or check: they run
    # in `make run` and `make test`; here the data tests are the checks this run must report.
    monkeypatch.setenv("DBT_EXCLUDE_RESOURCE_TYPES", "unit_test")
    # As the tests' other dbt commands (support.DBT_TEST_ENV): no debug log file, no descriptions written as
    # comments (the activation tests check those). dagster-dbt keeps its JSON artifacts and its selection.
    for name in ("DBT_LOG_LEVEL_FILE", "CDP_PERSIST_DOCS"):
        monkeypatch.setenv(name, support.DBT_TEST_ENV[name])

    result = dg.materialize(
        [
            definitions.raw_tables,
            definitions.cdp_dbt_assets,
            definitions.audience_files,
            definitions.published_marts_file,
            definitions.cdp_report,
            definitions.raw_quality,
            definitions.gx_marts_suites,
        ],
        resources={"dbt": definitions.dbt_resource},
        raise_on_error=False,
    )

    assert result.success, [event.message for event in result.get_step_failure_events()]
    graph = definitions.defs.resolve_asset_graph()
    materialized = {event.asset_key for event in result.get_asset_materialization_events()}
    assert materialized == graph.get_all_asset_keys()
    evaluations = result.get_asset_check_evaluations()
    failed = [evaluation.check_name for evaluation in evaluations if not evaluation.passed]
    assert not failed
    assert {(e.asset_key, e.check_name) for e in evaluations} == {
        (key.asset_key, key.name) for key in graph.asset_check_keys
    }

    con = duckdb.connect(str(database), read_only=True)
    try:
        staged = con.execute(
            "select view_name from duckdb_views() where schema_name = 'staging' and view_name like 'stg_%'"
        ).fetchall()
        rows = {name: con.execute(f"select count(*) from staging.{name}").fetchone()[0] for (name,) in staged}
        identities = con.execute("select count(*) from marts.customer_identity_map").fetchone()[0]
    finally:
        con.close()
    assert len(rows) > 10
    # The audiences' export files, downstream of the marts: one run folder with its manifest.
    (run,) = (tmp_path / "exports").iterdir()
    assert (run / "manifest.json").exists()
    # The published marts file, downstream of the marts (docs/bi.md).
    published = duckdb.connect(str(tmp_path / "published" / "cdp_marts.duckdb"), read_only=True)
    try:
        count = published.execute("select count(*) from marts.customer_identity_map")
        assert count.fetchall() == [(identities,)]
    finally:
        published.close()
    assert rows["stg_crm__contacts"] > 0 and rows["stg_shop__customers"] > 0
    assert identities > PEOPLE / 2
    # Numeric figures on the materialisations, checked against the warehouse itself.
    metadata = {
        event.asset_key.to_user_string(): event.materialization.metadata
        for event in result.get_asset_materialization_events()
    }
    identity = metadata["marts/customer_identity_map"]
    assert identity["records"].value == identities
    assert identity["dagster/row_count"].value == identities
    assert 0 < identity["merge_rate"].value < 1
    quarantine = metadata["staging/stg_quarantine__rows"]
    reasons = {k: v.value for k, v in quarantine.items() if k.startswith("quarantine/")}
    assert sum(reasons.values()) == quarantine["quarantine_rows"].value == rows["stg_quarantine__rows"]
    assert metadata["marts/identity_edges"]["links_refused"].value >= 0
    assert any(key.startswith("audience/") for key in metadata["marts/audience_sizes"])
    assert metadata["reports/cdp_report"]["customers"].value > 0
    assert (tmp_path / "report.html").is_file()
    assert (tmp_path / "gx" / "marts" / "index.html").is_file()

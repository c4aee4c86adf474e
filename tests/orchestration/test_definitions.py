"""The Dagster definitions load, and they mirror the dbt project: every seed and model is an asset in its
layer's group, every data test an asset check, the raw tables feed the staging models, and one daily
schedule builds everything."""

from types import ModuleType

import dagster as dg

from cdp.contract import RAW_TABLES


def asset_graph(definitions: ModuleType):
    return definitions.defs.resolve_asset_graph()


def test_definitions_load(definitions: ModuleType) -> None:
    dg.Definitions.validate_loadable(definitions.defs)


def test_every_seed_and_model_is_an_asset_in_its_layer_group(definitions: ModuleType, manifest: dict) -> None:
    graph = asset_graph(definitions)
    nodes = [node for node in manifest["nodes"].values() if node["resource_type"] in ("model", "seed")]
    assert len(nodes) > 40
    for node in nodes:
        key = dg.AssetKey([node["config"]["schema"], node["name"]])
        assert graph.has(key), f"{node['unique_id']} is not an asset ({key.to_user_string()})"
        # models/<layer>/...: staging, intermediate or marts; seeds/: seeds.
        layer = "seeds" if node["resource_type"] == "seed" else node["original_file_path"].split("/")[1]
        assert graph.get(key).group_name == layer, node["unique_id"]
    not_dbt = ("raw", "exports", "published", "reports")
    dbt_keys = {key for key in graph.get_all_asset_keys() if key.path[0] not in not_dbt}
    assert len(dbt_keys) == len(nodes)


# Checks that are not dbt tests: the Great Expectations suites and the sources' freshness.
QUALITY_CHECKS = {"gx_raw_suite", "source_freshness"}


def is_quality_check(name: str) -> bool:
    return name in QUALITY_CHECKS or name.startswith("gx_")


def test_every_data_test_is_an_asset_check(definitions: ModuleType, manifest: dict) -> None:
    tests = {node["name"] for node in manifest["nodes"].values() if node["resource_type"] == "test"}
    checks = [
        check for check in asset_graph(definitions).asset_check_keys if not is_quality_check(check.name)
    ]
    assert len(tests) > 100
    assert {check.name for check in checks} == tests
    assert len(checks) == len(tests)


def test_quality_checks_guard_the_raw_tables_and_marts(definitions: ModuleType) -> None:
    graph = asset_graph(definitions)
    checks = {(check.asset_key.to_user_string(), check.name) for check in graph.asset_check_keys}
    for table in RAW_TABLES:
        assert (f"raw/{table}", "gx_raw_suite") in checks
        assert (f"raw/{table}", "source_freshness") in checks
    gx_marts = {(key, name) for key, name in checks if name.startswith("gx_") and name != "gx_raw_suite"}
    assert gx_marts == {
        ("marts/dim_customers", "gx_dim_customers"),
        ("marts/dim_customers", "gx_customer_id_stability"),
        ("marts/fct_orders", "gx_fct_orders"),
        ("marts/customer_clv", "gx_customer_clv"),
        ("marts/customer_consent", "gx_customer_consent"),
        ("marts/audience_members", "gx_audience_members"),
        ("marts/dim_customers", "gx_no_erased_subject"),
    }
    # The suites block what is downstream; freshness only warns.
    specs = {
        (spec.asset_key.to_user_string(), spec.name): spec
        for checks_def in (definitions.raw_quality, definitions.gx_marts_suites)
        for spec in checks_def.check_specs
    }
    assert all(spec.blocking for (_, name), spec in specs.items() if name.startswith("gx_"))
    assert not any(spec.blocking for (_, name), spec in specs.items() if name == "source_freshness")


def test_retries_and_report(definitions: ModuleType) -> None:
    assert definitions.raw_tables.op.retry_policy.max_retries == 2
    assert definitions.audience_files.op.retry_policy.max_retries == 2
    graph = asset_graph(definitions)
    report = graph.get(dg.AssetKey(["reports", "cdp_report"]))
    assert dg.AssetKey(["marts", "dim_customers"]) in report.parent_keys
    assert [s.name for s in definitions.defs.sensors] == ["raw_files_sensor", "record_run_failures"]


def test_raw_tables_feed_the_staging_models(definitions: ModuleType, manifest: dict) -> None:
    graph = asset_graph(definitions)
    raw_keys = {dg.AssetKey(["raw", table]) for table in RAW_TABLES}
    # The raw load materialises one asset per contract table, in group raw.
    assert set(definitions.raw_tables.keys) == raw_keys
    assert {graph.get(key).group_name for key in raw_keys} == {"raw"}
    # Every dbt source is a raw asset, and the models reading it are its children.
    for source in manifest["sources"].values():
        raw_key = dg.AssetKey(["raw", source["name"]])
        assert raw_key in raw_keys, source["unique_id"]
        readers = {
            dg.AssetKey([node["config"]["schema"], node["name"]])
            for node in manifest["nodes"].values()
            if node["resource_type"] == "model" and source["unique_id"] in node["depends_on"]["nodes"]
        }
        assert readers, f"no model reads {source['unique_id']}"
        assert readers <= graph.get(raw_key).child_keys
        assert {graph.get(key).group_name for key in readers} == {"staging"}
    # Every staging model is downstream of the raw load.
    downstream = dg.AssetSelection.assets(*raw_keys).downstream().resolve(graph)
    staging = {key for key in graph.get_all_asset_keys() if graph.get(key).group_name == "staging"}
    assert staging and staging <= downstream


def test_daily_schedule_builds_everything(definitions: ModuleType) -> None:
    schedule = definitions.daily_build
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.execution_timezone == "Asia/Ho_Chi_Minh"
    assert [s.name for s in definitions.defs.schedules] == ["daily_build"]
    graph = asset_graph(definitions)
    selection = definitions.build_everything.selection
    assert selection.resolve(graph) == graph.get_all_asset_keys()
    assert selection.resolve_checks(graph) == graph.asset_check_keys


def test_customer_traits_asset_lists_the_declared_traits(definitions: ModuleType) -> None:
    spec = asset_graph(definitions).get(dg.AssetKey(["marts", "customer_traits"]))
    traits = spec.metadata["customer_traits"].value
    assert traits["orders_90d"] == "Paid orders (online and in store) in the last 90 days."
    assert "product_views_7d" in traits

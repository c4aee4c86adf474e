"""The Dagster definitions: `dagster dev -m orchestration.definitions` (make dagster)."""

import dagster as dg

from orchestration.assets.activation import audience_files
from orchestration.assets.dbt import cdp_dbt_assets
from orchestration.assets.publish import published_marts_file
from orchestration.assets.quality import gx_marts_suites, raw_quality
from orchestration.assets.raw import RAW_SPECS, raw_tables
from orchestration.assets.report import cdp_report
from orchestration.project import cdp_project, dbt_resource
from orchestration.schedules import build_everything, daily_build
from orchestration.sensors import raw_files_sensor, record_run_failures

# On DuckDB, Dagster loads the raw tables; on a warehouse, your extract-load tool does, and they stay
# external assets that the dbt sources depend on.
raw_assets = [raw_tables] if cdp_project.target == "duckdb" else RAW_SPECS
# The audiences' export files are written from the DuckDB file (make activate); on a warehouse, a reverse-ETL
# tool reads marts.audience_exports.
activation_assets = [audience_files] if cdp_project.target == "duckdb" else []
# The published marts file for BI tools and the profile service (docs/bi.md); DuckDB only.
publish_assets = [published_marts_file] if cdp_project.target == "duckdb" else []
# The report and the Great Expectations checks read the DuckDB file (docs/quality.md).
report_assets = [cdp_report] if cdp_project.target == "duckdb" else []
quality_checks = [raw_quality, gx_marts_suites] if cdp_project.target == "duckdb" else []

defs = dg.Definitions(
    assets=[*raw_assets, cdp_dbt_assets, *activation_assets, *publish_assets, *report_assets],
    asset_checks=quality_checks,
    jobs=[build_everything],
    schedules=[daily_build],
    sensors=[raw_files_sensor, record_run_failures],
    resources={"dbt": dbt_resource},
)

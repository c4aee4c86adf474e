"""The raw schema, one asset per contract table: what `make run` does before dbt.

The raw folder is CDP_RAW_DIR, or else the demo data set (generated on first use with CDP_DEMO_PEOPLE /
CDP_DEMO_SEED); the selected tables (every one, unless a run selects some) are loaded into the DuckDB
file's raw schema in one transaction (cdp.raw_loader). Asset keys are `raw/<table>`, which the dbt
translator gives the dbt sources too.
"""

from collections.abc import Iterator

import dagster as dg

from cdp.contract import RAW_TABLES
from cdp.pipeline import database_path, raw_data_dir
from cdp.raw_loader import find_raw_file, load_raw_dir

RAW_SCHEMA = "raw"
GROUP = "raw"


def raw_asset_key(table: str) -> dg.AssetKey:
    return dg.AssetKey([RAW_SCHEMA, table])


RAW_SPECS = [
    dg.AssetSpec(
        raw_asset_key(table),
        group_name=GROUP,
        kinds={"duckdb"},
        description=f"Raw table `{table}` as delivered (every column text) plus `_loaded_at`.",
    )
    for table in RAW_TABLES
]


# A raw file still being written, or the DuckDB file held by a reader: worth another try or two.
RAW_RETRY = dg.RetryPolicy(max_retries=2, delay=30, backoff=dg.Backoff.EXPONENTIAL)


@dg.multi_asset(specs=RAW_SPECS, name="raw_tables", retry_policy=RAW_RETRY, can_subset=True)
def raw_tables(context: dg.AssetExecutionContext) -> Iterator[dg.MaterializeResult]:
    """Find or generate the raw files and replace the selected raw tables with them, in one transaction:
    every table in a full run, the changed ones in the raw-folder sensor's event lane."""
    raw_dir, _ = raw_data_dir()
    database = database_path()
    tables = {key.path[-1] for key in context.selected_asset_keys}
    counts = load_raw_dir(raw_dir, database, RAW_SCHEMA, tables)
    context.log.info(f"loaded {sum(counts.values()):,} raw rows from {raw_dir} into {database}")
    for table, rows in counts.items():
        yield dg.MaterializeResult(
            asset_key=raw_asset_key(table),
            metadata={
                "dagster/row_count": rows,
                "source_file": dg.MetadataValue.path(str(find_raw_file(raw_dir, table))),
                "database": dg.MetadataValue.path(str(database)),
            },
        )

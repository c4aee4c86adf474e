"""The published marts file, downstream of every mart: what `make publish` writes (cdp.publish).

One asset, `published/marts_file`, in group `published`: after the models of the published schemas (marts,
marts_masked) are built, it copies them into `warehouse/published/cdp_marts.duckdb` (CDP_PUBLISHED_PATH),
swapped in atomically, for BI tools and the profile service (docs/bi.md). DuckDB only: on a warehouse, BI
tools read the marts schemas directly.
"""

import dagster as dg

from cdp.pipeline import database_path
from cdp.publish import PUBLISHED_SCHEMAS, publish
from orchestration.assets.dbt import cdp_dbt_assets

GROUP = "published"
MARTS_FILE = dg.AssetKey(["published", "marts_file"])


@dg.asset(
    key=MARTS_FILE,
    group_name=GROUP,
    deps=sorted(
        (key for key in cdp_dbt_assets.keys if key.path[0] in PUBLISHED_SCHEMAS), key=lambda key: key.path
    ),
    kinds={"duckdb"},
    description="The marts copied to a read-only DuckDB file for BI tools and `make serve` (docs/bi.md).",
)
def published_marts_file(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    publication = publish(database_path())
    context.log.info(f"published {len(publication.relations)} relations to {publication.path}")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(publication.path)),
            "publication_id": publication.publication_id,
            "relations": len(publication.relations),
            "rows": sum(publication.relations.values()),
            "identifier_macros": len(publication.macros),
        }
    )

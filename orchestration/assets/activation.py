"""The audiences' export files, downstream of the dbt marts: what `make activate` writes (cdp.activation).

One asset, `exports/audience_files`, in group `activation`: after `marts/audience_exports` and
`marts/audience_membership_history` are built, it writes `<CDP_EXPORTS_DIR>/<run>/`: CSV and Parquet per
audience and destination with the manifest (rows, rows left out, additions, removals, sha256). DuckDB only:
on a warehouse, point your reverse-ETL tool at `marts.audience_exports`.
"""

import json

import dagster as dg

from cdp.activation import activate
from cdp.pipeline import database_path

GROUP = "activation"
AUDIENCE_FILES = dg.AssetKey(["exports", "audience_files"])


@dg.asset(
    key=AUDIENCE_FILES,
    group_name=GROUP,
    deps=[dg.AssetKey(["marts", "audience_exports"]), dg.AssetKey(["marts", "audience_membership_history"])],
    kinds={"csv", "parquet"},
    retry_policy=dg.RetryPolicy(max_retries=2, delay=30),
    description="Export files per audience and destination, with the run's manifest (docs/activation.md).",
)
def audience_files(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    out = activate(database_path())
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files = manifest["files"]
    context.log.info(f"wrote {len(files)} audience x destination files to {out}")
    return dg.MaterializeResult(
        metadata={
            "run": manifest["run"],
            "previous_run": manifest["previous_run"] or "",
            "folder": dg.MetadataValue.path(str(out)),
            "files": len(files),
            "rows": sum(entry["rows"] for entry in files),
            "rows_left_out": sum(entry["excluded_rows"] for entry in files),
            "additions": sum(entry["additions"] for entry in files),
            "removals": sum(entry["removals"] for entry in files),
        }
    )

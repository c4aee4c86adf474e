"""Every dbt seed and model as an asset, every dbt data test as an asset check, built by `dbt build`.

Keys follow the warehouse: `<schema>/<name>` (`staging/stg_crm__contacts`, `reference/vn_provinces`);
dbt sources get the keys of the raw assets (`raw/<table>`), so the lineage runs from the raw load to
the marts. Groups are the layers: seeds, staging, intermediate, marts. customer_traits also shows its
declared traits (name: description, from the model's dbt meta; docs/traits.md) in its metadata.

On DuckDB, each materialisation carries numeric figures read once `dbt build` ends (row counts,
quarantine by reason, identity figures, the latest month's KPIs, audience sizes; orchestration/figures.py),
which Dagster plots over time. A build that finds the DuckDB file locked by another process (a BI tool, a
notebook) is retried (RetryRequested, up to 3 times, 60 s apart); a failing model or test is not.
"""

from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from cdp.pipeline import database_path
from cdp.settings import dbt_vars_args
from orchestration.assets.raw import raw_asset_key
from orchestration.figures import materialization_metadata
from orchestration.project import cdp_project

# What DuckDB says when another process holds the file: worth waiting for, unlike a failed model or test.
TRANSIENT_ERRORS = ("Could not set lock on file", "Conflicting lock is held")


class CdpDbtTranslator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return raw_asset_key(dbt_resource_props["name"])
        return super().get_asset_key(dbt_resource_props)

    def get_metadata(self, dbt_resource_props: Mapping[str, Any]) -> Mapping[str, Any]:
        metadata = dict(super().get_metadata(dbt_resource_props))
        traits = (dbt_resource_props.get("config") or {}).get("meta", {}).get("customer_traits")
        if traits:
            metadata["customer_traits"] = dg.MetadataValue.json(traits)
        return metadata

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        # fqn: project, layer folder under models/, ..., model name.
        fqn = dbt_resource_props["fqn"]
        return fqn[1] if len(fqn) > 2 else "default"


@dbt_assets(
    manifest=cdp_project.manifest_path, project=cdp_project, dagster_dbt_translator=CdpDbtTranslator()
)
def cdp_dbt_assets(context: dg.AssetExecutionContext, dbt: DbtCliResource) -> Iterator[Any]:
    """`dbt build` of the selected seeds and models with their tests, with the vars of CDP_DBT_VARS. On
    DuckDB, the materialisations are held until dbt ends (the file has one writer), then given their
    figures; checks stream as they come. What dbt built is reported before a failure is raised."""
    invocation = dbt.cli(["build", *dbt_vars_args()], context=context, raise_on_error=False)
    if cdp_project.target != "duckdb":
        yield from invocation.stream()
        _raise_for_failure(invocation)
        return
    outputs = []
    for event in invocation.stream():
        if isinstance(event, dg.Output):
            outputs.append(event)
        else:
            yield event
    keys = {context.asset_key_for_output(output.output_name): output for output in outputs}
    figures = materialization_metadata(database_path(), keys) if keys else {}
    for key, output in keys.items():
        yield output.with_metadata({**output.metadata, **figures.get(key, {})})
    _raise_for_failure(invocation)


def _raise_for_failure(invocation: Any) -> None:
    error = invocation.get_error()
    if error is None:
        return
    if any(marker in str(error) for marker in TRANSIENT_ERRORS):
        raise dg.RetryRequested(max_retries=3, seconds_to_wait=60) from error
    raise error

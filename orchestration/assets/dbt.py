"""Every dbt seed and model as an asset, every dbt data test as an asset check, built by `dbt build`.

Keys follow the warehouse: `<schema>/<name>` (`staging/stg_crm__contacts`, `reference/vn_provinces`);
dbt sources get the keys of the raw assets (`raw/<table>`), so the lineage runs from the raw load to
the marts. Groups are the layers: seeds, staging, intermediate, marts. customer_traits also shows its
declared traits (name: description, from the model's dbt meta; docs/traits.md) in its metadata.
"""

from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.assets.raw import raw_asset_key
from orchestration.project import cdp_project


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
    """`dbt build` of the selected seeds and models with their tests, streaming each result to Dagster."""
    yield from dbt.cli(["build"], context=context).stream()

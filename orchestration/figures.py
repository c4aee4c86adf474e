"""Numeric metadata for the dbt assets' materialisations, read from the DuckDB file once `dbt build` ends:
Dagster plots numeric metadata over time (an asset's Plots tab), so each figure becomes a time series.

- every table or view built: `dagster/row_count`;
- `staging/stg_quarantine__rows`: `quarantine_rows` and `quarantine/<reason>` (rows per reason);
- `marts/customer_identity_map`: `records`, `customers`, `merge_rate` (1 - customers / records);
- `marts/identity_edges`: `links_accepted`, `links_refused` and `refused/<reason>`;
- `marts/dim_customers`: `customers`, `identified_customers`;
- `marts/metrics_monthly_kpis`: the latest month's `revenue_vnd`, `orders`, `active_customers`,
  `new_customers`, `aov_vnd` (`latest_month` as text);
- `marts/audience_sizes`: `audience/<name>` members per audience.
"""

from collections.abc import Iterable
from pathlib import Path

import dagster as dg
import duckdb


def _relations(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    rows = con.execute(
        "select schema_name, table_name from duckdb_tables() union all "
        "select schema_name, view_name from duckdb_views() where not internal"
    ).fetchall()
    return {(schema, name) for schema, name in rows}


def _number(value: object) -> int | float:
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    return float(value)


def _extra(con: duckdb.DuckDBPyConnection, key: tuple[str, str]) -> dict[str, object]:
    figures: dict[str, object] = {}
    if key == ("staging", "stg_quarantine__rows"):
        rows = con.execute(
            "select quarantine_reason, count(*) from staging.stg_quarantine__rows group by 1 order by 1"
        ).fetchall()
        figures["quarantine_rows"] = sum(count for _, count in rows)
        figures.update({f"quarantine/{reason}": count for reason, count in rows})
    elif key == ("marts", "customer_identity_map"):
        records, customers = con.execute(
            "select count(*), count(distinct customer_id) from marts.customer_identity_map"
        ).fetchone()
        figures.update(
            records=records,
            customers=customers,
            merge_rate=round(1 - customers / records, 4) if records else 0.0,
        )
    elif key == ("marts", "identity_edges"):
        accepted, refused = con.execute(
            "select count(*) filter (where accepted), count(*) filter (where not accepted) "
            "from marts.identity_edges"
        ).fetchone()
        figures.update(links_accepted=accepted, links_refused=refused)
        rows = con.execute(
            "select rejection_reason, count(*) from marts.identity_edges where not accepted "
            "group by 1 order by 1"
        ).fetchall()
        figures.update({f"refused/{reason}": count for reason, count in rows})
    elif key == ("marts", "dim_customers"):
        customers, identified = con.execute(
            "select count(*), count(*) filter (where is_identified) from marts.dim_customers"
        ).fetchone()
        figures.update(customers=customers, identified_customers=identified)
    elif key == ("marts", "metrics_monthly_kpis"):
        row = con.execute(
            "select cast(order_month as varchar), revenue_vnd, orders, active_customers, new_customers, "
            "aov_vnd from marts.metrics_monthly_kpis order by order_month desc limit 1"
        ).fetchone()
        if row:
            figures["latest_month"] = row[0]
            names = ("revenue_vnd", "orders", "active_customers", "new_customers", "aov_vnd")
            figures.update({name: _number(value) for name, value in zip(names, row[1:], strict=True)})
    elif key == ("marts", "audience_sizes"):
        rows = con.execute(
            "select audience, members from marts.audience_sizes where audience = other_audience order by 1"
        ).fetchall()
        figures.update({f"audience/{name}": _number(members) for name, members in rows})
    return figures


def materialization_metadata(database: Path, keys: Iterable[dg.AssetKey]) -> dict[dg.AssetKey, dict]:
    """The figures of each asset key `<schema>/<name>` found in the DuckDB file (read-only)."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        built = _relations(con)
        found: dict[dg.AssetKey, dict] = {}
        for key in keys:
            relation = tuple(key.path)
            if len(relation) != 2 or relation not in built:
                continue
            schema, name = relation
            metadata: dict[str, object] = {
                "dagster/row_count": con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[0]
            }
            try:
                metadata.update(_extra(con, relation))
            except duckdb.Error as error:  # a figure whose columns changed must not fail the build
                metadata["figures_error"] = str(error)[:500]
            found[key] = metadata
        return found
    finally:
        con.close()

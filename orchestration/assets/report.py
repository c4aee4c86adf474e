"""The marts' HTML report (`make report`, cdp.report) as an asset, downstream of the marts it draws.

The headline figures are numeric metadata, so Dagster plots them over time (Assets -> reports/cdp_report
-> Plots). DuckDB only, like the audiences' files.
"""

import os
from pathlib import Path

import dagster as dg

from cdp.pipeline import database_path
from cdp.report import write_report

GROUP = "reports"
REPORT = dg.AssetKey(["reports", "cdp_report"])
# The marts the report reads (cdp.report's queries).
READS = [
    "dim_customers",
    "fct_orders",
    "customer_clv",
    "metrics_cac",
    "metrics_retention",
    "customer_rfm",
    "metrics_csat",
    "customer_traits",
    "customer_identity_map",
    "identity_edges",
]


@dg.asset(
    key=REPORT,
    group_name=GROUP,
    deps=[dg.AssetKey(["marts", mart]) for mart in READS],
    kinds={"html", "plotly"},
    retry_policy=dg.RetryPolicy(max_retries=2, delay=30),
    description=(
        "The marts' self-contained HTML report (reports/cdp_report.html, beside another warehouse, or "
        "CDP_REPORT_PATH)."
    ),
)
def cdp_report(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    chosen = os.environ.get("CDP_REPORT_PATH")
    page, figures = write_report(database_path(), Path(chosen) if chosen else None)
    context.log.info(f"wrote {page}")
    metadata: dict[str, object] = {"page": dg.MetadataValue.path(str(page))}
    for name in (
        "customers",
        "orders",
        "net_revenue_vnd",
        "median_predicted_clv_vnd",
        "blended_cac_vnd",
        "month_1_retention",
    ):
        value = getattr(figures, name)
        if value is not None:
            metadata[name] = float(value) if isinstance(value, float) else int(value)
    return dg.MaterializeResult(metadata=metadata)

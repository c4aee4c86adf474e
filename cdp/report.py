"""`make report`: one self-contained HTML page drawn from the marts with Plotly.

Everything on the page is read from the built warehouse (marts schema); nothing is computed here that
a mart does not already define, so the page and a BI tool never disagree. Sections: the headline
figures (the same as `make run`'s closing summary), monthly revenue, the retention heatmap, the
predicted CLV distribution, CAC and CLV:CAC by channel, RFM segment sizes, CSAT, customers by top
category of affinity with the retargeting list's size (docs/traits.md), and the identity figures
(records, customers, merge rate, refused links by reason).

    python -m cdp.report [--database warehouse/cdp.duckdb] [--out reports/cdp_report.html]

The page of another warehouse (CDP_DUCKDB_PATH) goes beside it: /data/big.duckdb -> /data/big_report.html.
"""

from __future__ import annotations

import argparse
import html
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "reports" / "cdp_report.html"


def default_out(database: Path) -> Path:
    """Where the page of a warehouse goes: reports/cdp_report.html for the project's own warehouse, and
    beside any other (CDP_DUCKDB_PATH=/data/big.duckdb writes /data/big_report.html), so a build of
    another warehouse never overwrites the demo's page."""
    from cdp.pipeline import DEFAULT_DATABASE

    if database.resolve() == DEFAULT_DATABASE.resolve():
        return DEFAULT_OUT
    return database.with_name(f"{database.stem}_report.html")


# The headline figures, one query each over the marts. Each returns a single value.
HEADLINE_QUERIES: dict[str, str] = {
    "customers": "select count(*) from marts.dim_customers where is_identified",
    "orders": "select count(*) from marts.fct_orders",
    "net_revenue_vnd": "select coalesce(sum(net_amount_vnd), 0) from marts.fct_orders",
    "median_predicted_clv_vnd": "select median(predicted_clv_vnd) from marts.customer_clv",
    "blended_cac_vnd": ("select sum(spend_vnd) / nullif(sum(new_customers), 0) from marts.metrics_cac"),
    "month_1_retention": (
        # Cohorts old enough to have a month 1: retained customers over their cohort sizes.
        "select sum(active_customers) / nullif(sum(cohort_size), 0) from marts.metrics_retention "
        "where months_since_first_order = 1"
    ),
}


@dataclass(frozen=True)
class Headline:
    customers: int
    orders: int
    net_revenue_vnd: float
    median_predicted_clv_vnd: float | None
    blended_cac_vnd: float | None
    month_1_retention: float | None

    def items(self) -> list[tuple[str, str]]:
        """(label, formatted value) in display order: the summary's lines and the page's tiles."""

        def money(value: float | None) -> str:
            return "n/a" if value is None else f"{value:,.0f} VND"

        retention = "n/a" if self.month_1_retention is None else f"{self.month_1_retention:.1%}"
        return [
            ("customers (identified)", f"{self.customers:,}"),
            ("orders", f"{self.orders:,}"),
            ("net revenue", money(self.net_revenue_vnd)),
            ("median predicted CLV", money(self.median_predicted_clv_vnd)),
            ("blended CAC", money(self.blended_cac_vnd)),
            ("month-1 retention", retention),
        ]

    def lines(self) -> list[str]:
        return [f"{label:<26} {value:>20}" for label, value in self.items()]


def built_marts(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The marts the warehouse holds (a partial `dbt build --select` may leave some out)."""
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = 'marts'"
    ).fetchall()
    return {name for (name,) in rows}


def _needs(query: str) -> set[str]:
    return {word.split(".", 1)[1].split()[0] for word in query.split() if word.startswith("marts.")}


def headline(con: duckdb.DuckDBPyConnection) -> Headline:
    """The headline figures; a figure whose mart is not built is None (printed as n/a)."""
    built = built_marts(con)
    values = {
        name: con.execute(query).fetchone()[0] if _needs(query) <= built else None
        for name, query in HEADLINE_QUERIES.items()
    }
    return Headline(
        customers=int(values["customers"] or 0),
        orders=int(values["orders"] or 0),
        net_revenue_vnd=float(values["net_revenue_vnd"] or 0),
        median_predicted_clv_vnd=_float(values["median_predicted_clv_vnd"]),
        blended_cac_vnd=_float(values["blended_cac_vnd"]),
        month_1_retention=_float(values["month_1_retention"]),
    )


def _float(value: object) -> float | None:
    return None if value is None else float(value)


def _frame(con: duckdb.DuckDBPyConnection, query: str) -> pd.DataFrame:
    return con.execute(query).df()


# ---------------------------------------------------------------------------------------------- figures
def revenue_figure(con: duckdb.DuckDBPyConnection) -> go.Figure:
    frame = _frame(
        con,
        "select order_month, channel, sum(net_amount_vnd) as net_revenue_vnd, count(*) as orders "
        "from marts.fct_orders group by all order by 1, 2",
    )
    figure = px.bar(
        frame,
        x="order_month",
        y="net_revenue_vnd",
        color="channel",
        hover_data=["orders"],
        labels={"order_month": "month (Asia/Ho_Chi_Minh)", "net_revenue_vnd": "net revenue (VND)"},
        title="Monthly net revenue by channel",
    )
    return figure


def retention_figure(con: duckdb.DuckDBPyConnection) -> go.Figure:
    frame = _frame(
        con,
        "select cohort_month, months_since_first_order, customer_retention_rate "
        "from marts.metrics_retention order by 1, 2",
    )
    matrix = frame.pivot(
        index="cohort_month", columns="months_since_first_order", values="customer_retention_rate"
    )
    matrix.index = [str(month)[:7] for month in matrix.index]
    figure = px.imshow(
        matrix,
        color_continuous_scale="Blues",
        aspect="auto",
        labels={"x": "months since first order", "y": "cohort (first order month)", "color": "retained"},
        title="Customer retention by monthly acquisition cohort",
    )
    return figure


def clv_figure(con: duckdb.DuckDBPyConnection) -> go.Figure:
    frame = _frame(
        con, "select predicted_clv_vnd from marts.customer_clv where predicted_clv_vnd is not null"
    )
    figure = px.histogram(
        frame,
        x="predicted_clv_vnd",
        nbins=60,
        log_y=True,
        labels={"predicted_clv_vnd": "predicted CLV over the horizon (VND)"},
        title="Predicted CLV per customer (BG/NBD x Gamma-Gamma)",
    )
    return figure


def cac_figure(con: duckdb.DuckDBPyConnection) -> go.Figure:
    frame = _frame(
        con,
        "select channel, sum(spend_vnd) as spend_vnd, sum(new_customers) as new_customers, "
        "sum(spend_vnd) / nullif(sum(new_customers), 0) as cac_vnd, "
        "sum(clv_vnd) / nullif(sum(spend_vnd), 0) as clv_to_cac_ratio "
        "from marts.metrics_cac group by all order by cac_vnd desc nulls last",
    )
    figure = go.Figure()
    figure.add_bar(x=frame["channel"], y=frame["cac_vnd"], name="CAC (VND)", yaxis="y")
    figure.add_scatter(
        x=frame["channel"], y=frame["clv_to_cac_ratio"], name="CLV:CAC", mode="markers", yaxis="y2"
    )
    figure.update_layout(
        title="CAC and CLV:CAC by acquisition channel",
        yaxis={"title": "CAC (VND)"},
        yaxis2={"title": "CLV:CAC", "overlaying": "y", "side": "right"},
    )
    return figure


def rfm_figure(con: duckdb.DuckDBPyConnection) -> go.Figure:
    frame = _frame(
        con, "select rfm_segment, count(*) as customers from marts.customer_rfm group by all order by 2 desc"
    )
    return px.bar(frame, x="rfm_segment", y="customers", title="RFM segments (customers)")


def csat_figure(con: duckdb.DuckDBPyConnection) -> go.Figure:
    frame = _frame(
        con,
        "select ticket_month, channel, sum(csat_score_sum) / nullif(sum(rated_tickets), 0) as csat "
        "from marts.metrics_csat group by all order by 1, 2",
    )
    return px.line(
        frame, x="ticket_month", y="csat", color="channel", title="Average CSAT (1-5) by support channel"
    )


def traits_figure(con: duckdb.DuckDBPyConnection) -> go.Figure:
    """Customers by their most affine category, and the size of the retargeting list in the title."""
    frame = _frame(
        con,
        "select top_category, count(*) as customers from marts.customer_traits "
        "where top_category is not null group by all order by 2 desc, 1",
    )
    retargeted, products = con.execute(
        "select count(*), coalesce(sum(retargeting_product_count), 0) from marts.customer_traits "
        "where retargeting_product_count > 0"
    ).fetchone()
    return px.bar(
        frame,
        x="top_category",
        y="customers",
        title=(
            "Customers by top category of affinity; retargeting list: "
            f"{retargeted:,} customers, {int(products):,} products viewed and not bought"
        ),
    )


def identity_figures(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, object], go.Figure]:
    records, customers = con.execute(
        "select count(*), count(distinct customer_id) from marts.customer_identity_map"
    ).fetchone()
    merged = con.execute(
        "select count(*) from (select customer_id from marts.customer_identity_map group by 1 "
        "having count(*) > 1)"
    ).fetchone()[0]
    refused = _frame(
        con,
        "select rejection_reason, count(*) as links from marts.identity_edges where not accepted "
        "group by all order by 2 desc",
    )
    figures = {
        "identity records": f"{records:,}",
        "customers": f"{customers:,}",
        "merge rate (1 - customers / records)": f"{1 - customers / records:.1%}" if records else "n/a",
        "customers with more than one record": f"{merged:,}",
    }
    figure = px.bar(refused, x="rejection_reason", y="links", title="Refused identity links by reason")
    return figures, figure


# The charts in page order, each with the mart it reads.
FIGURES = [
    ("fct_orders", revenue_figure),
    ("metrics_retention", retention_figure),
    ("customer_clv", clv_figure),
    ("metrics_cac", cac_figure),
    ("customer_rfm", rfm_figure),
    ("metrics_csat", csat_figure),
    ("customer_traits", traits_figure),
]


# ------------------------------------------------------------------------------------------------ page
def render(con: duckdb.DuckDBPyConnection) -> tuple[str, Headline]:
    """The page, and the headline figures it shows."""
    top = headline(con)
    built = built_marts(con)
    identity_facts, identity_figure = identity_figures(con)
    figures: list[go.Figure | str] = [
        draw(con) if mart in built else f"<p><em>marts.{mart} is not built: its chart is left out.</em></p>"
        for mart, draw in FIGURES
    ]
    figures.append(identity_figure)
    parts = []
    script_included = False
    for figure in figures:
        if isinstance(figure, str):
            parts.append(figure)
            continue
        figure.update_layout(template="plotly_white", height=420, margin={"t": 60, "l": 60, "r": 40})
        # plotly.js once, inline, so the page opens without a network.
        parts.append(figure.to_html(full_html=False, include_plotlyjs=False if script_included else "inline"))
        script_included = True
    tiles = "".join(
        f"<div class='tile'><div class='value'>{html.escape(value)}</div>"
        f"<div class='label'>{html.escape(label)}</div></div>"
        for label, value in top.items()
    )
    identity_rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td>{html.escape(str(value))}</td></tr>"
        for name, value in identity_facts.items()
    )
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>vn-cdp report</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }}
.tiles {{ display: grid; grid-template-columns: repeat(3, 1fr); gap: 1rem; margin: 1rem 0 2rem; }}
.tile {{ border: 1px solid #ddd; border-radius: 8px; padding: 1rem; }}
.value {{ font-size: 1.5rem; font-weight: 600; }} .label {{ color: #666; }}
table {{ border-collapse: collapse; }} td {{ padding: .25rem 1rem .25rem 0; }}
</style></head><body>
<h1>vn-cdp: customers, revenue and identity</h1>
<p>Built from the marts schema of the warehouse on {stamp}. Months are Vietnamese business months
(Asia/Ho_Chi_Minh). Definitions: docs/metrics.md.</p>
<div class="tiles">{tiles}</div>
{"".join(parts[:-1])}
<h2>Identity resolution</h2>
<table>{identity_rows}</table>
{parts[-1]}
</body></html>
""",
        top,
    )


def write_report(database: Path, out: Path | None = None) -> tuple[Path, Headline]:
    """Write the page (to default_out(database) unless told); returns its path and the headline figures
    it shows."""
    out = out or default_out(database)
    con = duckdb.connect(str(database), read_only=True)
    try:
        page, top = render(con)
    finally:
        con.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out, top


def main(argv: list[str] | None = None) -> int:
    from cdp.pipeline import database_path

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", type=Path, default=database_path())
    parser.add_argument(
        "--out", type=Path, help="default: reports/cdp_report.html, or beside another warehouse"
    )
    args = parser.parse_args(argv)
    if not args.database.is_file():
        print(f"error: no warehouse at {args.database}: run `make run` first", file=sys.stderr)
        return 2
    path, _ = write_report(args.database, args.out)
    print(f"report: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

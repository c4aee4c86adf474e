"""make report: the headline figures and the HTML page, on a hand-made marts schema in a real DuckDB file."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from cdp.report import DEFAULT_OUT, headline, write_report

MARTS = """
create schema marts;
create table marts.dim_customers as
    select * from (values ('c1', true), ('c2', true), ('c3', false)) as t(customer_id, is_identified);
create table marts.fct_orders as
    select * from (values
        ('o1', 'c1', 'online', date '2024-01-01', 100000.0),
        ('o2', 'c1', 'in_store', date '2024-02-01', 50000.0),
        ('o3', 'c2', 'online', date '2024-01-01', 0.0)
    ) as t(order_key, customer_id, channel, order_month, net_amount_vnd);
create table marts.metrics_retention as
    select * from (values
        (date '2024-01-01', 0, 4, 4, 1.0),
        (date '2024-01-01', 1, 4, 1, 0.25),
        (date '2024-02-01', 0, 6, 6, 1.0),
        (date '2024-02-01', 1, 6, 2, 0.3333)
    ) as t(cohort_month, months_since_first_order, cohort_size, active_customers, customer_retention_rate);
create table marts.customer_identity_map as
    select * from (values ('a:1', 'c1'), ('b:1', 'c1'), ('a:2', 'c2')) as t(record_key, customer_id);
create table marts.customer_traits as
    select * from (values ('c1', 'fashion', 2), ('c2', 'fashion', 0), ('c3', 'beauty', 3), ('c4', null, 0))
        as t(customer_id, top_category, retargeting_product_count);
create table marts.identity_edges as
    select * from (values (false, 'conflicting_name'), (true, null)) as t(accepted, rejection_reason);
"""


@pytest.fixture()
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    con.execute(MARTS)
    con.close()
    return path


def test_headline_figures(warehouse: Path) -> None:
    con = duckdb.connect(str(warehouse), read_only=True)
    top = headline(con)
    con.close()
    assert top.customers == 2  # identified only
    assert top.orders == 3
    assert top.net_revenue_vnd == 150000.0
    # month 1: (1 + 2) retained of (4 + 6) customers
    assert top.month_1_retention == pytest.approx(0.3)
    # not built in this warehouse: shown as n/a, not invented
    assert top.median_predicted_clv_vnd is None
    assert top.blended_cac_vnd is None


def test_page_is_self_contained_and_names_what_is_missing(warehouse: Path, tmp_path: Path) -> None:
    path, top = write_report(warehouse, tmp_path / "report.html")
    page = path.read_text(encoding="utf-8")
    assert top.orders == 3
    assert "<script src=" not in page and len(page) > 1_000_000  # plotly.js inline, nothing fetched
    assert "marts.customer_clv is not built" in page
    assert "Refused identity links by reason" in page
    assert "33.3%" in page  # merge rate: 1 - 2 customers / 3 records
    # c1 (2 products) and c3 (3 products) are on the retargeting list.
    assert "retargeting list: 2 customers, 5 products viewed and not bought" in page


def test_page_of_another_warehouse_goes_beside_it(warehouse: Path) -> None:
    """make run with CDP_DUCKDB_PATH elsewhere: the page goes beside that warehouse, never over the
    project's reports/cdp_report.html."""
    before = DEFAULT_OUT.stat().st_mtime_ns if DEFAULT_OUT.exists() else None
    path, _ = write_report(warehouse)
    assert path == warehouse.with_name(f"{warehouse.stem}_report.html") and path.is_file()
    assert (DEFAULT_OUT.stat().st_mtime_ns if DEFAULT_OUT.exists() else None) == before

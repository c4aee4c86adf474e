"""The dbt Semantic Layer answers like the marts: `mf query` (MetricFlow's own CLI, run as a subprocess on
the DuckDB file of the metrics scenario) gives, month by month, the revenue, orders, AOV and new customers
of metrics_monthly_kpis and the sessions, conversions and conversion rate of metrics_conversion, and the
hand-worked values of the scenario (tests/marts/metrics_scenario.py); on
the CAC scenario (tests/marts/cac_scenario.py) the ad spend, acquired customers, CAC and paid CAC of
metrics_cac_blended.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests import support

from .cac_scenario import cac_warehouse  # noqa: F401 (the session fixture)
from .conftest import Warehouse
from .metrics_scenario import metrics_warehouse  # noqa: F401 (the session fixture)

METRICS = ["revenue", "orders", "aov", "new_customers"]
CAC_METRICS = ["ad_spend", "acquired_customers", "cac", "paid_cac"]


def mf_executable() -> str:
    sibling = Path(sys.executable).with_name("mf")
    return str(sibling) if sibling.is_file() else (shutil.which("mf") or "mf")


def mf_project(work: Path) -> Path:
    """A project folder for `mf`: the repository's files, with this build's semantic manifest in its
    target/ (mf reads <project>/target/semantic_manifest.json, while the test build wrote work/target)."""
    project = work / "mf_project"
    if not project.exists():
        project.mkdir()
        for entry in ("dbt_project.yml", "models", "macros", "seeds", "tests"):
            (project / entry).symlink_to(support.ROOT / entry)
        (project / "target").mkdir()
        shutil.copy(work / "target" / "semantic_manifest.json", project / "target" / "semantic_manifest.json")
    return project


def mf_query(warehouse: Warehouse, metrics: list[str], group_by: str) -> list[dict[str, str]]:
    work = warehouse.database.parent
    out = work / f"mf_{'_'.join(metrics)}.csv"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DBT_")},
        "DBT_PROFILES_DIR": str(support.ROOT),
        "DBT_PROJECT_DIR": str(mf_project(work)),
        "DBT_LOG_PATH": str(work / "mf_logs"),
        "CDP_DUCKDB_PATH": str(warehouse.database),
        "CDP_TARGET": "duckdb",
    }
    completed = subprocess.run(
        [mf_executable(), "query", "--metrics", ",".join(metrics), "--group-by", group_by, "--csv", str(out)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0 and out.is_file(), completed.stdout[-3000:] + completed.stderr[-3000:]
    with out.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def mf_by_month(warehouse: Warehouse, metrics: list[str]) -> dict[date, dict[str, str]]:
    """`mf query` of the metrics by metric_time__month: each month's row, by the month's first day."""
    found = mf_query(warehouse, metrics, "metric_time__month")
    return {date.fromisoformat(row["metric_time__month"][:10]): row for row in found}


@pytest.fixture(scope="module")
def by_month(metrics_warehouse: Warehouse) -> dict[date, dict[str, str]]:  # noqa: F811
    return mf_by_month(metrics_warehouse, METRICS)


def number(value: str) -> Decimal | None:
    return Decimal(value) if value not in ("", "None") else None


def test_metricflow_equals_the_monthly_kpis_mart(
    metrics_warehouse: Warehouse,  # noqa: F811
    by_month: dict[date, dict[str, str]],
) -> None:
    mart = {
        row["order_month"]: row
        for row in metrics_warehouse.dicts("select * from marts.metrics_monthly_kpis order by order_month")
    }
    assert by_month, "mf returned no rows"
    assert set(by_month) <= set(mart)
    for month, kpis in mart.items():
        if month not in by_month:
            # MetricFlow returns only months with orders; the mart has the empty ones as zeros.
            assert (kpis["orders"], kpis["revenue_vnd"]) == (0, 0), month
            continue
        answer = by_month[month]
        assert number(answer["revenue"]) == kpis["revenue_vnd"], month
        assert number(answer["orders"]) == kpis["orders"], month
        assert number(answer["new_customers"]) == kpis["new_customers"], month
        assert float(number(answer["aov"])) == pytest.approx(kpis["aov_vnd"]), month


def test_metricflow_months_are_vietnamese_business_months(by_month: dict[date, dict[str, str]]) -> None:
    # January 2024: SO-A1 at 23:30 local on 31 January (300,000) and SO-B1 (100,000).
    january = by_month[date(2024, 1, 1)]
    assert (number(january["revenue"]), number(january["orders"])) == (400_000, 2)
    assert float(number(january["aov"])) == pytest.approx(200_000.0)
    # February 2024: SO-C1 at 00:30 local on 1 February, 31 January in UTC; SO-C2 cancelled.
    february = by_month[date(2024, 2, 1)]
    assert (number(february["revenue"]), number(february["orders"]), number(february["new_customers"])) == (
        400_000,
        1,
        1,
    )
    # March 2024: SO-A2 200,000 and the anonymous till receipt 50,000; SO-A3 refunded.
    march = by_month[date(2024, 3, 1)]
    assert (number(march["revenue"]), number(march["orders"]), number(march["new_customers"])) == (
        250_000,
        2,
        0,
    )


SESSION_METRICS = ["sessions", "converted_sessions", "conversion_rate"]


def test_metricflow_sessions_equal_the_conversion_mart(metrics_warehouse: Warehouse) -> None:  # noqa: F811
    """The count measures (agg: count) give the mart's sessions and conversions, month by month."""
    answers = mf_by_month(metrics_warehouse, SESSION_METRICS)
    counted = {m: (number(a["sessions"]), number(a["converted_sessions"])) for m, a in answers.items()}
    mart_sql = (
        "select session_month, sum(sessions), sum(converted_sessions) "
        "from marts.metrics_conversion group by session_month"
    )
    mart = {month: (sessions, converted) for month, sessions, converted in metrics_warehouse.query(mart_sql)}
    assert counted == mart
    # anon-b's one page at 23:45 local on 29 February: a February session, not converted. anon-a on 10 March:
    # the Google ad landing and SO-A2's order_completed ten minutes later (converted), then a page two hours
    # later, a new session.
    assert mart == {date(2024, 2, 1): (1, 0), date(2024, 3, 1): (2, 1)}
    assert float(number(answers[date(2024, 2, 1)]["conversion_rate"])) == 0.0
    assert float(number(answers[date(2024, 3, 1)]["conversion_rate"])) == pytest.approx(0.5)


# ------------------------------------------------------------------------------------------------ CAC


@pytest.fixture(scope="module")
def cac_by_month(cac_warehouse: Warehouse) -> dict[date, dict[str, str]]:  # noqa: F811
    return mf_by_month(cac_warehouse, CAC_METRICS)


def test_metricflow_cac_equals_the_blended_cac_mart(
    cac_warehouse: Warehouse,  # noqa: F811
    cac_by_month: dict[date, dict[str, str]],
) -> None:
    mart = {
        row["acquisition_month"]: row
        for row in cac_warehouse.dicts("select * from marts.metrics_cac_blended order by acquisition_month")
    }
    assert set(cac_by_month) == set(mart)
    for month, row in mart.items():
        answer = cac_by_month[month]
        assert number(answer["ad_spend"]) == row["spend_vnd"], month
        assert number(answer["acquired_customers"]) == row["new_customers"], month
        assert float(number(answer["cac"])) == pytest.approx(row["blended_cac_vnd"]), month
        assert float(number(answer["paid_cac"])) == pytest.approx(row["paid_cac_vnd"]), month


def test_metricflow_cac_by_local_month(cac_by_month: dict[date, dict[str, str]]) -> None:
    # January 2024: 300,000 + 200,000 (31 January, 23:30 local) + 100,000 display; Lan, Minh (paid), Nam.
    january = cac_by_month[date(2024, 1, 1)]
    assert (number(january["ad_spend"]), number(january["acquired_customers"])) == (600_000, 3)
    assert float(number(january["cac"])) == pytest.approx(200_000.0)
    assert float(number(january["paid_cac"])) == pytest.approx(300_000.0)
    # February 2024: 250,000 + 20 USD (526,000); Phuong (00:30 local on 1 February) and Quang.
    february = cac_by_month[date(2024, 2, 1)]
    assert (number(february["ad_spend"]), number(february["acquired_customers"])) == (776_000, 2)
    assert float(number(february["cac"])) == pytest.approx(388_000.0)

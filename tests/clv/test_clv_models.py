"""The CLV dbt models on a small hand-made warehouse: int_clv_customer_summaries worked out by hand
(purchase days, same-day orders, refunds, cancellations, an order at 23:30 local time on the calibration
end day and one at 00:30 the day after), customer_clv's SQL predictions equal to cdp.clv's Python
functions (the reference reproducing CDNOW, tests/clv/test_clv.py) within 1e-9 for pinned parameters,
the SQL variant of clv_model_parameters (PostgreSQL's and Spark's) and its compile-time error without
var clv_parameters, and the fit's advice to pin parameters when the data cannot identify the model."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from cdp import clv
from tests import support
from tests.marts.conftest import Warehouse, build_warehouse, order, rows, shop_customer, utc

CALIBRATION_END = "2024-03-04"
PINNED = {"r": 0.5, "alpha": 3.0, "a": 0.8, "b": 2.5, "p": 6.0, "q": 3.5, "v": 150000.0}
VARS = {"clv_calibration_end_date": CALIBRATION_END, "clv_parameters": PINNED}

RAW = rows(
    *(shop_customer(f"SC-{c}", "Lan", f"Nguyễn {c}", email=f"{c.lower()}@example.vn") for c in "ABCDE"),
    # A: two orders on 1 January (one purchase day of 150,000), 15 January, a refunded order in
    # February (no purchase), 23:30 local on the calibration end day (counts) and 00:30 local the day
    # after (16:30 / 17:30 UTC on 4 March: the second is after the end).
    order("A-1", customer_id="SC-A", ordered_at=utc("2024-01-01 10:00"), total_amount="100000"),
    order("A-2", customer_id="SC-A", ordered_at=utc("2024-01-01 15:00"), total_amount="50000"),
    order("A-3", customer_id="SC-A", ordered_at=utc("2024-01-15 09:00"), total_amount="200000"),
    order(
        "A-4",
        customer_id="SC-A",
        ordered_at=utc("2024-02-12 09:00"),
        total_amount="300000",
        status="refunded",
    ),
    order("A-5", customer_id="SC-A", ordered_at=utc("2024-03-04 23:30"), total_amount="400000"),
    order("A-6", customer_id="SC-A", ordered_at=utc("2024-03-05 00:30"), total_amount="999000"),
    # B: one order.
    order("B-1", customer_id="SC-B", ordered_at=utc("2024-02-05 12:00"), total_amount="120000"),
    # C: two purchase days and a cancelled order.
    order("C-1", customer_id="SC-C", ordered_at=utc("2024-01-08 08:00"), total_amount="100000"),
    order("C-2", customer_id="SC-C", ordered_at=utc("2024-01-22 08:00"), total_amount="80000"),
    order(
        "C-3",
        customer_id="SC-C",
        ordered_at=utc("2024-02-19 08:00"),
        total_amount="500000",
        status="cancelled",
    ),
    # D: a cancelled and a pending order only; E: a purchase after the calibration end only.
    order(
        "D-1",
        customer_id="SC-D",
        ordered_at=utc("2024-02-01 08:00"),
        total_amount="70000",
        status="cancelled",
    ),
    order(
        "D-2", customer_id="SC-D", ordered_at=utc("2024-02-02 08:00"), total_amount="70000", status="pending"
    ),
    order("E-1", customer_id="SC-E", ordered_at=utc("2024-03-10 08:00"), total_amount="90000"),
)

# Worked out by hand, weeks (7 days): 1 Jan -> 15 Jan 2024 is 14 days, -> 4 Mar is 31 + 29 + 3 = 63 days.
EXPECTED_SUMMARIES = {
    "SC-A": {
        "purchase_days": 3,
        "frequency": 2,
        "recency": 9.0,
        "tenure": 9.0,
        "monetary_value": 300000.0,
        "net_revenue_vnd": 750000,
    },
    "SC-B": {
        "purchase_days": 1,
        "frequency": 0,
        "recency": 0.0,
        "tenure": 4.0,
        "monetary_value": 0.0,
        "net_revenue_vnd": 120000,
    },
    "SC-C": {
        "purchase_days": 2,
        "frequency": 1,
        "recency": 2.0,
        "tenure": 8.0,
        "monetary_value": 80000.0,
        "net_revenue_vnd": 180000,
    },
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    return build_warehouse(tmp_path_factory.mktemp("clv"), RAW, select=["+customer_clv"], dbt_vars=VARS)


def _customer(warehouse: Warehouse, shop_customer_id: str) -> str:
    return warehouse.customer_of(f"shop_customers:{shop_customer_id}")


def _copy(warehouse: Warehouse, work: Path) -> Path:
    """A copy of the built warehouse, for a dbt run that changes it."""
    work.mkdir(parents=True, exist_ok=True)
    database = work / "cdp.duckdb"
    shutil.copy(warehouse.database, database)
    return database


def test_summaries_worked_out_by_hand(warehouse: Warehouse) -> None:
    found = {
        row.pop("customer_id"): row
        for row in warehouse.dicts(
            "select customer_id, purchase_days, frequency, recency, tenure, monetary_value, net_revenue_vnd, "
            "calibration_end_date, time_unit_days from intermediate.int_clv_customer_summaries"
        )
    }
    expected = {
        _customer(warehouse, c): {**v, "calibration_end_date": date(2024, 3, 4), "time_unit_days": 7.0}
        for c, v in EXPECTED_SUMMARIES.items()
    }
    # D (no completed order) and E (purchases after the calibration end only) are not summarised.
    assert found == expected


def test_summaries_match_cdp_clv_summarise_transactions(warehouse: Warehouse) -> None:
    """The same summaries as the Python definition, fed the completed orders' local days."""
    import pandas as pd

    transactions = pd.DataFrame(
        warehouse.query(
            "select customer_id, order_date, net_amount_vnd from intermediate.int_orders_unioned "
            "where is_completed and customer_id is not null"
        ),
        columns=["customer_id", "date", "amount"],
    )
    reference = clv.summarise_transactions(transactions, CALIBRATION_END, 7.0)
    found = warehouse.dicts(
        "select customer_id, frequency, recency, tenure, monetary_value "
        "from intermediate.int_clv_customer_summaries"
    )
    assert len(found) == len(reference) == 3
    for row in found:
        expected = reference.loc[row["customer_id"]]
        for column in ("frequency", "recency", "tenure", "monetary_value"):
            assert row[column] == pytest.approx(float(expected[column]), rel=1e-12), column


def _python_predictions(
    parameters: dict[str, float], summaries: list[dict], horizon_months: int = 12
) -> dict:
    bgnbd = clv.BgNbdParameters(**{k: parameters[k] for k in clv.BGNBD_PARAMETERS})
    gamma_gamma = clv.GammaGammaParameters(**{k: parameters[k] for k in clv.GAMMA_GAMMA_PARAMETERS})
    x = np.array([s["frequency"] for s in summaries], dtype=float)
    t_x = np.array([s["recency"] for s in summaries], dtype=float)
    big_t = np.array([s["tenure"] for s in summaries], dtype=float)
    m = np.array([s["monetary_value"] for s in summaries], dtype=float)
    horizon = clv.horizon_time_units(horizon_months, 7.0)
    return {
        "p_alive": clv.p_alive(bgnbd, x, t_x, big_t),
        "expected_purchases": clv.expected_purchases(bgnbd, horizon, x, t_x, big_t),
        "expected_average_order_value_vnd": clv.expected_average_order_value(gamma_gamma, x, m),
        "predicted_clv_vnd": clv.predicted_clv(bgnbd, gamma_gamma, x, t_x, big_t, m, horizon_months, 7.0),
    }


def _assert_predictions_match_python(database: Path, parameters: dict[str, float]) -> None:
    found = Warehouse(database, None).dicts(  # type: ignore[arg-type]
        "select customer_id, frequency, recency, tenure, monetary_value_vnd as monetary_value, p_alive, "
        "expected_purchases, expected_average_order_value_vnd, predicted_clv_vnd, series_last_term "
        "from marts.customer_clv order by customer_id"
    )
    assert len(found) == 3
    expected = _python_predictions(parameters, found)
    for i, row in enumerate(found):
        for column, values in expected.items():
            assert row[column] == pytest.approx(float(values[i]), rel=1e-9, abs=1e-9), (
                row["customer_id"],
                column,
            )
        assert row["series_last_term"] < 1e-12


def test_parameters_pinned_by_the_var(warehouse: Warehouse) -> None:
    row = warehouse.row("select * from marts.clv_model_parameters")
    assert {k: row[k] for k in PINNED} == PINNED
    assert row["source"] == "pinned"
    assert row["calibration_end_date"] == date(2024, 3, 4)
    assert (row["customers"], row["repeat_buyers"], row["time_unit_days"]) == (3, 2, 7.0)
    assert row["bgnbd_log_likelihood"] < 0


def test_sql_predictions_equal_cdp_clv(warehouse: Warehouse) -> None:
    _assert_predictions_match_python(warehouse.database, PINNED)


def test_p_alive_is_one_for_a_one_order_customer(warehouse: Warehouse) -> None:
    row = warehouse.row(
        "select p_alive, expected_purchases, historical_clv_vnd from marts.customer_clv "
        "where customer_id = ?",
        [_customer(warehouse, "SC-B")],
    )
    assert row["p_alive"] == 1.0
    assert row["expected_purchases"] > 0
    assert row["historical_clv_vnd"] == 120000


def test_customers_without_a_purchase_before_the_end_are_left_out(warehouse: Warehouse) -> None:
    ids = {cid for (cid,) in warehouse.query("select customer_id from marts.customer_clv")}
    assert _customer(warehouse, "SC-D") not in ids
    assert _customer(warehouse, "SC-E") not in ids


@pytest.mark.parametrize("a", [1.0, 3.0])
def test_sql_parameters_model_gives_the_same_predictions(
    warehouse: Warehouse, tmp_path: Path, a: float
) -> None:
    """The SQL variant of clv_model_parameters (PostgreSQL's and Spark's), on DuckDB by var
    clv_parameters_from_var. a = 1 exactly takes the mean of a = 1 -+ 1e-6 (0/0 at a = 1); at a = 3 the
    customers with x = 0 and 1 (a > r + x + 1) take 2F1 untransformed, x = 2 through Euler's
    transformation."""
    database = _copy(warehouse, tmp_path)
    parameters = {**PINNED, "a": a}
    dbt_vars = {**VARS, "clv_parameters": parameters, "clv_parameters_from_var": True}
    run = support.run_dbt(
        database,
        tmp_path,
        "run",
        "--select",
        "clv_model_parameters",
        "customer_clv",
        "--vars",
        json.dumps(dbt_vars),
    )
    assert run.returncode == 0, run.failure_summary()
    row = Warehouse(database, run).row("select * from marts.clv_model_parameters")
    assert (row["source"], row["a"], row["customers"], row["repeat_buyers"]) == ("pinned", a, 3, 2)
    _assert_predictions_match_python(database, parameters)


def test_sql_parameters_model_without_the_var_fails_at_compile_time(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    dbt_vars = {"clv_calibration_end_date": CALIBRATION_END, "clv_parameters_from_var": True}
    run = support.run_dbt(
        _copy(warehouse, tmp_path),
        tmp_path,
        "compile",
        "--select",
        "clv_model_parameters",
        "--vars",
        json.dumps(dbt_vars),
    )
    assert run.returncode != 0
    assert "clv_parameters, which is not set" in run.output
    assert "python -m cdp.clv fit --postgres" in run.output


def test_partial_or_bad_parameters_fail_at_compile_time(warehouse: Warehouse, tmp_path: Path) -> None:
    dbt_vars = {**VARS, "clv_parameters": {"r": 0.5, "alpha": 3.0}, "clv_parameters_from_var": True}
    run = support.run_dbt(
        _copy(warehouse, tmp_path),
        tmp_path,
        "compile",
        "--select",
        "clv_model_parameters",
        "--vars",
        json.dumps(dbt_vars),
    )
    assert run.returncode != 0
    assert "must name exactly r, alpha, a, b, p, q, v" in run.output


def test_the_fit_asks_to_pin_when_the_data_cannot_identify_it(warehouse: Warehouse, tmp_path: Path) -> None:
    """Three customers cannot identify BG/NBD: without the fallback penalizer the Python model fails
    with cdp.clv's advice."""
    run = support.run_dbt(
        _copy(warehouse, tmp_path),
        tmp_path,
        "run",
        "--select",
        "clv_model_parameters",
        "--vars",
        json.dumps({"clv_calibration_end_date": CALIBRATION_END, "clv_fallback_penalizer": 0}),
    )
    assert run.returncode != 0
    assert "pin parameters (dbt var clv_parameters)" in run.output

"""cdp.clv: the published CDNOW fits reproduced by the project's own summary and fit, and small examples
whose expected values are worked out by hand here."""

from __future__ import annotations

import importlib.metadata
import json

import numpy as np
import pandas as pd
import pytest

from cdp import clv

# ---- CDNOW (Fader, Hardie & Lee 2005) --------------------------------------------------------------

# Published maximum-likelihood estimates on the 2,357-customer CDNOW sample, calibration period
# 1997-01-01 to 1997-09-30, time in weeks: BG/NBD (FHL 2005, "Counting your customers the easy way",
# LL -9582.4) and Gamma-Gamma (Fader & Hardie 2013, "The Gamma-Gamma model of monetary value").
PUBLISHED_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PUBLISHED_GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "v": 15.44}


@pytest.fixture(scope="module")
def cdnow_transactions() -> pd.DataFrame:
    """The CDNOW sample shipped in the lifetimes wheel (lifetimes itself is never imported): customer id,
    customer index, date YYYYMMDD, CDs bought, dollar value; one row per transaction."""
    path = importlib.metadata.distribution("lifetimes").locate_file("lifetimes/datasets/CDNOW_sample.txt")
    frame = pd.read_csv(
        path,
        sep=r"\s+",
        header=None,
        names=["customer_id", "customer_index", "date", "cds", "amount"],
        dtype={"customer_id": str, "date": str},
    )
    frame["date"] = pd.to_datetime(frame["date"], format="%Y%m%d")
    return frame


@pytest.fixture(scope="module")
def cdnow_summary(cdnow_transactions: pd.DataFrame) -> pd.DataFrame:
    return clv.summarise_transactions(cdnow_transactions, "1997-09-30", time_unit_days=7)


def within_one_percent(fitted: dict[str, float], published: dict[str, float]) -> None:
    for name, expected in published.items():
        assert fitted[name] == pytest.approx(expected, rel=0.01), (name, fitted[name], expected)


def test_cdnow_summary(cdnow_transactions: pd.DataFrame, cdnow_summary: pd.DataFrame) -> None:
    assert len(cdnow_summary) == 2357
    assert int((cdnow_summary["frequency"] > 0).sum()) == 946
    # Repeat purchases are counted per day (a day with several transactions is one purchase), the
    # first day left out: the same count straight from the rows.
    calibration = cdnow_transactions[cdnow_transactions["date"] <= "1997-09-30"]
    purchase_days = calibration[["customer_id", "date"]].drop_duplicates()
    assert int(cdnow_summary["frequency"].sum()) == len(purchase_days) - 2357
    # A customer who first bought on 1997-01-01 is 272 days = 38.857 weeks old on 1997-09-30.
    first_day = calibration.groupby("customer_id")["date"].min()
    assert cdnow_summary.loc[first_day[first_day == "1997-01-01"].index, "tenure"].eq(272 / 7).all()


def test_cdnow_bgnbd_reproduces_the_published_fit(cdnow_summary: pd.DataFrame) -> None:
    fit = clv.fit_bgnbd(cdnow_summary["frequency"], cdnow_summary["recency"], cdnow_summary["tenure"])
    within_one_percent(vars(fit.parameters), PUBLISHED_BGNBD)
    assert fit.log_likelihood == pytest.approx(-9582.4, abs=0.1)
    assert (fit.customers, fit.repeat_buyers, fit.pinned) == (2357, 946, ())


def test_cdnow_gamma_gamma_reproduces_the_published_fit(
    cdnow_transactions: pd.DataFrame, cdnow_summary: pd.DataFrame
) -> None:
    # The published fit is on the 946 repeat buyers' average spend per repeat purchase (day) in the
    # calibration period, the first purchase left out (their mean: $35.08): the summary's monetary_value.
    repeat = cdnow_summary[cdnow_summary["frequency"] > 0]
    assert repeat["monetary_value"].mean() == pytest.approx(35.078, abs=0.001)
    fit = clv.fit_gamma_gamma(cdnow_summary["frequency"], cdnow_summary["monetary_value"])
    within_one_percent(vars(fit.parameters), PUBLISHED_GAMMA_GAMMA)
    assert fit.customers == 946
    # The average over every calibration purchase day, the first one included, does not reproduce it
    # (p comes out near 14): the published model describes repeat spend only.
    calibration = cdnow_transactions[cdnow_transactions["date"] <= "1997-09-30"]
    per_day = calibration.groupby(["customer_id", "date"])["amount"].sum()
    with_first = per_day.groupby("customer_id").mean().reindex(cdnow_summary.index)
    other = clv.fit_gamma_gamma(cdnow_summary["frequency"], with_first)
    assert other.parameters.p > 2 * PUBLISHED_GAMMA_GAMMA["p"]


def test_cdnow_published_prediction() -> None:
    # FHL 2005, section 5: with the published parameters, a customer with x = 2, t_x = 30.43, T = 38.86
    # weeks is expected to make 1.226 purchases in the next 39 weeks.
    parameters = clv.BgNbdParameters(**PUBLISHED_BGNBD)
    assert clv.expected_purchases(parameters, 39, 2, 30.43, 38.86) == pytest.approx(1.226, abs=0.001)


def test_duplicated_customers_give_the_same_fit_and_twice_the_log_likelihood(
    cdnow_summary: pd.DataFrame,
) -> None:
    once = clv.fit_bgnbd(cdnow_summary["frequency"], cdnow_summary["recency"], cdnow_summary["tenure"])
    doubled = pd.concat([cdnow_summary, cdnow_summary])
    twice = clv.fit_bgnbd(doubled["frequency"], doubled["recency"], doubled["tenure"])
    for name in clv.BGNBD_PARAMETERS:
        assert getattr(twice.parameters, name) == pytest.approx(getattr(once.parameters, name), rel=1e-5)
    assert twice.log_likelihood == pytest.approx(2 * once.log_likelihood, rel=1e-9)


def test_pinned_parameters(cdnow_summary: pd.DataFrame) -> None:
    columns = (cdnow_summary["frequency"], cdnow_summary["recency"], cdnow_summary["tenure"])
    # All four pinned: no optimisation, the log-likelihood at those values.
    pinned = clv.fit_bgnbd(*columns, pinned=PUBLISHED_BGNBD)
    assert vars(pinned.parameters) == PUBLISHED_BGNBD
    assert pinned.pinned == ("a", "alpha", "b", "r")
    assert pinned.log_likelihood == pytest.approx(-9582.4, abs=0.5)
    # One pinned at its published value: the others are fitted around it, near their published values.
    partial = clv.fit_bgnbd(*columns, pinned={"alpha": 4.414})
    assert partial.parameters.alpha == 4.414
    within_one_percent(vars(partial.parameters), PUBLISHED_BGNBD)
    with pytest.raises(ValueError, match="unknown parameters"):
        clv.fit_bgnbd(*columns, pinned={"beta": 1.0})
    with pytest.raises(ValueError, match="positive number"):
        clv.fit_gamma_gamma(cdnow_summary["frequency"], cdnow_summary["monetary_value"], pinned={"q": -1})


# ---- Hand-worked examples --------------------------------------------------------------------------


def test_summary_by_hand() -> None:
    transactions = pd.DataFrame(
        [
            ("ann", "2024-01-01", 100.0),
            ("ann", "2024-01-01", 50.0),  # same day: one purchase of 150
            ("ann", "2024-01-08", 30.0),
            ("ann", "2024-01-22", 60.0),
            ("ann", "2024-02-10", 999.0),  # after the calibration end: ignored
            ("bao", "2024-01-15", 80.0),
            ("bao", "2024-01-15", 20.0),  # one purchase day only
            ("chi", "2024-02-01", 70.0),  # only after the calibration end: not a customer yet
        ],
        columns=["customer_id", "date", "amount"],
    )
    weeks = clv.summarise_transactions(transactions, "2024-01-29", time_unit_days=7)
    assert list(weeks.index) == ["ann", "bao"]
    # ann: purchase days 1, 8 and 22 January -> 2 repeat purchases; last - first = 21 days = 3 weeks;
    # 29 January - 1 January = 28 days = 4 weeks; repeat spend (30 + 60) / 2 = 45.
    assert weeks.loc["ann"].to_dict() == {
        "frequency": 2,
        "recency": 3.0,
        "tenure": 4.0,
        "monetary_value": 45.0,
    }
    # bao: one purchase day (15 January) -> no repeat purchase; 14 days = 2 weeks old.
    assert weeks.loc["bao"].to_dict() == {
        "frequency": 0,
        "recency": 0.0,
        "tenure": 2.0,
        "monetary_value": 0.0,
    }
    days = clv.summarise_transactions(transactions, "2024-01-29", time_unit_days=1)
    assert days.loc["ann", ["recency", "tenure"]].tolist() == [21.0, 28.0]


def test_p_alive_by_hand() -> None:
    # Without a repeat purchase the customer cannot have dropped out yet: 1, whatever the parameters.
    cdnow = clv.BgNbdParameters(**PUBLISHED_BGNBD)
    assert clv.p_alive(cdnow, 0, 0.0, 38.86) == 1.0
    assert clv.p_alive(clv.BgNbdParameters(3.0, 0.5, 9.0, 0.2), 0, 0.0, 500.0) == 1.0
    # r = alpha = a = 1, b = 2, x = 1, t_x = 1, T = 3: 1 / (1 + 1/(2 + 1 - 1) * (4/2)^2) = 1/3.
    assert clv.p_alive(clv.BgNbdParameters(1.0, 1.0, 1.0, 2.0), 1, 1.0, 3.0) == pytest.approx(
        1 / 3, rel=1e-12
    )
    # A last purchase at the calibration end (t_x = T): 1 / (1 + a/(b + x - 1)) = 1 / (1 + 1/2).
    assert clv.p_alive(clv.BgNbdParameters(1.0, 1.0, 1.0, 2.0), 1, 3.0, 3.0) == pytest.approx(
        2 / 3, rel=1e-12
    )


def plain_hyp2f1(a: float, b: float, c: float, z: float, terms: int = 400) -> float:
    """The Gauss series sum_n (a)_n (b)_n / ((c)_n n!) z^n, term by term (|z| well below 1)."""
    total, term = 0.0, 1.0
    for n in range(terms):
        total += term
        term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
    return total


@pytest.mark.parametrize(
    ("r", "alpha", "a", "b", "x", "t_x", "big_t", "t"),
    [
        (0.5, 2.0, 1.5, 3.0, 1, 2.0, 4.0, 3.0),  # z = 3/9
        (0.243, 4.414, 0.793, 2.426, 0, 0.0, 20.0, 10.0),  # a < 1, z = 10/34.414
        (2.0, 10.0, 3.0, 0.8, 5, 6.0, 7.0, 4.0),  # z = 4/21
    ],
)
def test_expected_purchases_against_the_untransformed_formula(r, alpha, a, b, x, t_x, big_t, t) -> None:
    # FHL 2005 equation 10 as printed, with the plain series of 2F1 (no Euler transformation).
    z = t / (alpha + big_t + t)
    bracket = 1 - ((alpha + big_t) / (alpha + big_t + t)) ** (r + x) * plain_hyp2f1(
        r + x, b + x, a + b + x - 1, z
    )
    alive = 1.0 if x == 0 else 1 / (1 + a / (b + x - 1) * ((alpha + big_t) / (alpha + t_x)) ** (r + x))
    expected = (a + b + x - 1) / (a - 1) * bracket * alive
    parameters = clv.BgNbdParameters(r, alpha, a, b)
    assert clv.expected_purchases(parameters, t, x, t_x, big_t) == pytest.approx(expected, rel=1e-10)


def test_expected_purchases_limits() -> None:
    cdnow = clv.BgNbdParameters(**PUBLISHED_BGNBD)
    # Nothing is expected over no time.
    assert clv.expected_purchases(cdnow, 0.0, 3, 20.0, 38.0) == 0.0
    # A very frequent buyer (x = 80: 2F1's plain series would grow like n^80 z^n) stays finite and below
    # the purchases an always-alive buyer at the posterior mean rate (r + x)/(alpha + T) would make.
    frequent = clv.expected_purchases(cdnow, 52.0, 80, 38.0, 38.5)
    assert 0 < frequent < 52.0 * (0.243 + 80) / (4.414 + 38.5)
    # a = 1 is 0/0 in the formula; the value there lies between its neighbours'.
    near = [
        clv.expected_purchases(clv.BgNbdParameters(0.3, 5.0, a, 2.0), 52.0, 2, 10.0, 30.0)
        for a in (0.99, 1.0, 1.01)
    ]
    assert min(near[0], near[2]) < near[1] < max(near[0], near[2])
    with pytest.raises(ValueError, match="horizon"):
        clv.expected_purchases(cdnow, -1.0, 0, 0.0, 1.0)


def test_expected_average_order_value_by_hand() -> None:
    parameters = clv.GammaGammaParameters(p=2.0, q=3.0, v=10.0)
    # x = 2, m_x = 20: 2 * (10 + 2 * 20) / (2 * 2 + 3 - 1) = 100 / 6.
    assert clv.expected_average_order_value(parameters, 2, 20.0) == pytest.approx(100 / 6, rel=1e-12)
    # No repeat purchase: the population mean p v / (q - 1) = 20 / 2, whatever monetary_value says.
    assert clv.expected_average_order_value(parameters, 0, 0.0) == pytest.approx(10.0, rel=1e-12)
    assert clv.expected_average_order_value(parameters, 0, 500.0) == pytest.approx(10.0, rel=1e-12)
    with pytest.raises(clv.ClvFitError, match="q = 1.0"):
        clv.expected_average_order_value(clv.GammaGammaParameters(2.0, 1.0, 10.0), 2, 20.0)


def test_horizon_and_discount_weights_by_hand() -> None:
    # 12 months of 365.25/12 days in weeks: 365.25 / 7.
    assert clv.horizon_time_units(12, 7) == pytest.approx(52.178571, rel=1e-7)
    assert clv.discount_weights(3) == {3: 1.0}
    # d = 10 % a month: 1/1.1 - 1/1.21, 1/1.21 - 1/1.331, 1/1.331.
    weights = clv.discount_weights(3, 0.1)
    assert list(weights) == [1, 2, 3]
    assert [weights[k] for k in (1, 2, 3)] == pytest.approx([0.0826446, 0.0751315, 0.7513148], abs=1e-7)
    with pytest.raises(ValueError, match="whole number"):
        clv.discount_weights(0)


def test_predicted_clv_is_purchases_times_order_value() -> None:
    bgnbd = clv.BgNbdParameters(**PUBLISHED_BGNBD)
    gamma_gamma = clv.GammaGammaParameters(**PUBLISHED_GAMMA_GAMMA)
    columns = (np.array([0, 2, 7]), np.array([0.0, 30.43, 35.0]), np.array([10.0, 38.86, 38.86]))
    spend = np.array([0.0, 40.0, 25.0])
    undiscounted = clv.predicted_clv(bgnbd, gamma_gamma, *columns, spend, horizon_months=12, time_unit_days=7)
    purchases = clv.expected_purchases(bgnbd, 365.25 / 7, *columns)
    order_value = clv.expected_average_order_value(gamma_gamma, columns[0], spend)
    assert undiscounted == pytest.approx(purchases * order_value, rel=1e-12)
    # Discounting lowers every customer's value, by less than the full year's factor 1.01^-12.
    discounted = clv.predicted_clv(bgnbd, gamma_gamma, *columns, spend, 12, 7, monthly_discount_rate=0.01)
    assert np.all(discounted < undiscounted)
    assert np.all(discounted > undiscounted * 1.01**-12)


def test_degenerate_input_raises_clear_errors() -> None:
    with pytest.raises(clv.ClvFitError, match="no repeat buyers"):
        clv.fit_bgnbd(np.array([0, 0, 0]), np.array([0.0, 0.0, 0.0]), np.array([5.0, 6.0, 7.0]))
    with pytest.raises(clv.ClvFitError, match="no repeat buyers"):
        clv.fit_gamma_gamma(np.array([0, 0]), np.array([0.0, 0.0]))
    with pytest.raises(clv.ClvFitError, match="no customers"):
        clv.fit_bgnbd(np.array([]), np.array([]), np.array([]))
    # Everyone bought every week and was seen last week: dropout has no maximum-likelihood estimate.
    with pytest.raises(clv.ClvFitError, match="did not converge"):
        clv.fit_bgnbd(np.array([10, 10, 10]), np.array([10.0, 10.0, 10.0]), np.array([10.0, 10.0, 10.0]))
    # Every repeat buyer spends exactly the same: no spend variance to fit.
    with pytest.raises(clv.ClvFitError, match="did not converge"):
        clv.fit_gamma_gamma(np.array([1, 2, 3, 1] * 5), np.full(20, 50.0))
    with pytest.raises(clv.ClvFitError, match="not a positive number"):
        clv.fit_gamma_gamma(np.array([1, 2]), np.array([30.0, 0.0]))
    with pytest.raises(ValueError, match="recency must lie between 0 and tenure"):
        clv.fit_bgnbd(np.array([1, 2]), np.array([3.0, 9.0]), np.array([5.0, 6.0]))


def test_command_line_fit_prints_the_dbt_vars(cdnow_summary: pd.DataFrame, tmp_path, capsys) -> None:
    path = tmp_path / "summaries.csv"
    cdnow_summary.to_csv(path)
    assert clv.main(["fit", "--csv", str(path)]) == 0
    printed = json.loads(capsys.readouterr().out)
    within_one_percent(printed["clv_parameters"], {**PUBLISHED_BGNBD, **PUBLISHED_GAMMA_GAMMA})
    no_repeat = cdnow_summary[cdnow_summary["frequency"] == 0]
    no_repeat.to_csv(path)
    assert clv.main(["fit", "--csv", str(path)]) == 2
    assert "no repeat buyers" in capsys.readouterr().err


def test_model_parameters_row_fitted_and_pinned(cdnow_summary: pd.DataFrame) -> None:
    """The row of the dbt model clv_model_parameters (its Python model is a call of this)."""
    summaries = cdnow_summary.assign(calibration_end_date=pd.Timestamp("1997-09-30"), time_unit_days=7.0)
    fitted = clv.model_parameters(summaries)
    within_one_percent(fitted, {**PUBLISHED_BGNBD, **PUBLISHED_GAMMA_GAMMA})
    assert (fitted["source"], fitted["customers"], fitted["repeat_buyers"]) == ("fitted", 2357, 946)
    assert (str(fitted["calibration_end_date"]), fitted["time_unit_days"]) == ("1997-09-30", 7.0)
    assert fitted["bgnbd_log_likelihood"] == pytest.approx(-9582.4, abs=0.1)

    pinned = {**PUBLISHED_BGNBD, **PUBLISHED_GAMMA_GAMMA}
    row = clv.model_parameters(summaries, pinned)
    assert {name: row[name] for name in pinned} == pinned
    assert row["source"] == "pinned"
    assert row["bgnbd_log_likelihood"] == pytest.approx(-9582.4, abs=0.5)
    with pytest.raises(ValueError, match="pin all seven parameters"):
        clv.model_parameters(summaries, {"r": 0.2})
    with pytest.raises(clv.ClvFitError, match="nothing to fit"):
        clv.model_parameters(summaries.iloc[0:0])


def _homogeneous_dropout_summaries(customers: int = 1000, seed: int = 1) -> pd.DataFrame:
    """Customers who all drop out with the same probability 0.1 after each purchase (purchase rates
    Gamma(1, 10) per week, 50 weeks): BG/NBD's a and b run off together (no heterogeneity to fit)."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(customers):
        rate, t, last, x = rng.gamma(1.0, 1 / 10), 0.0, 0.0, 0
        while True:
            t += rng.exponential(1 / rate)
            if t > 50.0:
                break
            x, last = x + 1, t
            if rng.random() < 0.1:
                break
        rows.append((x, last, 50.0, 100.0 + 10 * rng.random() if x else 0.0))
    frame = pd.DataFrame(rows, columns=["frequency", "recency", "tenure", "monetary_value"])
    return frame.assign(calibration_end_date=pd.Timestamp("2024-03-31"), time_unit_days=7.0)


def test_model_parameters_falls_back_to_a_penalized_fit() -> None:
    """No maximum-likelihood BG/NBD on homogeneous dropout: with a fallback penalizer the row is a
    penalized fit that says so; without one the error stands."""
    summaries = _homogeneous_dropout_summaries()
    with pytest.raises(clv.ClvFitError, match="did not converge"):
        clv.model_parameters(summaries)
    row = clv.model_parameters(summaries, fallback_penalizer=0.001)
    assert (row["source"], row["penalizer"]) == ("penalized", 0.001)
    assert all(np.isfinite(row[name]) and row[name] > 0 for name in clv.ALL_PARAMETERS)


def test_command_line_fit_with_the_fallback_penalizer_prints_the_duckdb_models_parameters(
    tmp_path, capsys
) -> None:
    """Where the likelihood has no interior maximum, `fit --fallback-penalizer` prints what the DuckDB
    model clv_model_parameters fits with the same penalizer; without it the error stands."""
    summaries = _homogeneous_dropout_summaries()
    path = tmp_path / "summaries.csv"
    summaries.to_csv(path)
    assert clv.main(["fit", "--csv", str(path)]) == 2
    assert "did not converge" in capsys.readouterr().err
    assert clv.main(["fit", "--csv", str(path), "--fallback-penalizer", "0.001"]) == 0
    printed = json.loads(capsys.readouterr().out)["clv_parameters"]
    row = clv.model_parameters(summaries, fallback_penalizer=0.001)
    assert printed == {name: row[name] for name in clv.ALL_PARAMETERS}

"""Customer lifetime value: the BG/NBD model of purchase frequency and dropout (Fader, Hardie & Lee 2005,
"Counting your customers the easy way") and the Gamma-Gamma model of spend per purchase (Fader, Hardie &
Lee 2005, "RFM and CLV: using iso-value curves for customer base analysis"; Fader & Hardie 2013, "The
Gamma-Gamma model of monetary value"), fitted by maximum likelihood.

Every customer is summarised over the calibration period by four numbers (`summarise_transactions`), in
time units of `time_unit_days` days (7: weeks, as in the CDNOW papers):

- frequency x: the number of repeat purchase periods (distinct purchase days after the first one);
- recency t_x: the time from the first to the last purchase;
- tenure T: the time from the first purchase to the end of the calibration period;
- monetary value m_x: the average spend per repeat purchase day (0 without repeat purchases).

The fits maximise the log-likelihood over the logarithms of the parameters (all positive) with L-BFGS-B
and the likelihoods' analytic gradients (digamma), restarted from its own optimum until it stays put, then
check that the optimum is a maximum inside the parameter space (`_check_identified`): on data where the
likelihood only grows towards 0 or infinity (no maximum-likelihood answer) they raise `ClvFitError` at
once instead of crawling along the ridge. Identical summaries are fitted once with a weight, and the
terms that depend on the frequency alone once per distinct frequency, so a million customers cost what
their distinct summaries cost.

Predictions: `p_alive`, `expected_purchases` over a horizon (needs the Gauss hypergeometric function
2F1, `scipy.special.hyp2f1`, taken through Euler's transformation so its series converges fast and never
overflows), `expected_average_order_value`, and `predicted_clv` over a horizon in months, undiscounted
unless a monthly discount rate is given (`discount_weights`). The dbt models compute the same predictions
in SQL (models/marts/clv/customer_clv.sql, docs/metrics.md "CLV").

    python -m cdp.clv fit --duckdb warehouse/cdp.duckdb   # prints --vars '{"clv_parameters": ...}'
    python -m cdp.clv fit --postgres                       # connection from CDP_PG_* (profiles.yml)
    python -m cdp.clv fit --csv summaries.csv               # frequency, recency, tenure, monetary_value
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import digamma, expit, gammaln, hyp2f1

DAYS_PER_MONTH = 365.25 / 12
BGNBD_PARAMETERS = ("r", "alpha", "a", "b")
GAMMA_GAMMA_PARAMETERS = ("p", "q", "v")
SUMMARY_COLUMNS = ("frequency", "recency", "tenure", "monetary_value")

# The optimiser works on log-parameters; a parameter leaving exp(+-LOG_PARAMETER_LIMIT) has diverged
# (the likelihood has no interior maximum on this data).
LOG_PARAMETER_LIMIT = 25.0
# L-BFGS-B's iterations per start: the CDNOW fits need 30 to 60.
MAX_ITERATIONS = 2000
# _check_identified: a move of one or two log-parameters by FLAT_STEP (a factor e^5, about 150) that
# loses less than FLAT_TOLERANCE of mean log-likelihood per customer means the likelihood is flat
# towards 0 or infinity there: no maximum to report.
FLAT_STEP = 5.0
FLAT_TOLERANCE = 1e-6
PIN_ADVICE = "check the customer summaries, or pin parameters (dbt var clv_parameters)"


class ClvFitError(ValueError):
    """The data cannot identify the model, or the optimiser did not converge."""


@dataclass(frozen=True)
class BgNbdParameters:
    r: float
    alpha: float
    a: float
    b: float


@dataclass(frozen=True)
class GammaGammaParameters:
    p: float
    q: float
    v: float


@dataclass(frozen=True)
class BgNbdFit:
    parameters: BgNbdParameters
    log_likelihood: float
    customers: int
    repeat_buyers: int
    pinned: tuple[str, ...]
    penalizer: float = 0.0


@dataclass(frozen=True)
class GammaGammaFit:
    parameters: GammaGammaParameters
    log_likelihood: float
    customers: int
    pinned: tuple[str, ...]
    penalizer: float = 0.0


# ---- Summary ---------------------------------------------------------------------------------------


def summarise_transactions(
    transactions: pd.DataFrame,
    calibration_end: date | str,
    time_unit_days: float = 7.0,
    customer_column: str = "customer_id",
    date_column: str = "date",
    amount_column: str | None = "amount",
) -> pd.DataFrame:
    """One row per customer with a purchase on or before `calibration_end` (index: the customer column):
    frequency, recency, tenure (T) in time units of `time_unit_days` days, and monetary_value.

    Purchases are counted per day: several transactions on one day are one purchase whose amount is
    their sum. Days are taken as given (pass local business days). frequency = purchase days - 1;
    recency = (last day - first day) / unit; tenure = (calibration_end - first day) / unit;
    monetary_value = the mean amount of the repeat purchase days (the first day left out), 0 for a
    customer without repeat purchases. Transactions after calibration_end are ignored."""
    if time_unit_days <= 0:
        raise ValueError(f"time_unit_days must be positive, got {time_unit_days}")
    end = pd.Timestamp(calibration_end).normalize()
    days = pd.to_datetime(transactions[date_column]).dt.normalize()
    frame = pd.DataFrame(
        {
            "customer": transactions[customer_column].to_numpy(),
            "day": days.to_numpy(),
            "amount": transactions[amount_column].to_numpy(dtype=float) if amount_column else 0.0,
        }
    )
    frame = frame[frame["day"] <= end]
    per_day = frame.groupby(["customer", "day"], sort=True, as_index=False)["amount"].sum()
    per_day["is_first"] = per_day.groupby("customer").cumcount() == 0
    grouped = per_day.groupby("customer", sort=True)
    first, last, count = grouped["day"].min(), grouped["day"].max(), grouped["day"].size()
    repeat_mean = per_day[~per_day["is_first"]].groupby("customer")["amount"].mean()
    unit = pd.Timedelta(days=1) * time_unit_days
    summary = pd.DataFrame(
        {
            "frequency": (count - 1).astype(int),
            "recency": (last - first) / unit,
            "tenure": (end - first) / unit,
            "monetary_value": repeat_mean.reindex(first.index).fillna(0.0),
        }
    )
    summary.index.name = customer_column
    return summary


# ---- Log-likelihoods -------------------------------------------------------------------------------


def bgnbd_log_likelihood(
    parameters: BgNbdParameters, frequency: np.ndarray, recency: np.ndarray, tenure: np.ndarray
) -> np.ndarray:
    """Each customer's BG/NBD log-likelihood (FHL 2005, equation 6):
    L = B(a, b + x)/B(a, b) * Gamma(r + x)/Gamma(r) * alpha^r
        * [ (alpha + T)^-(r + x) + [x > 0] * a/(b + x - 1) * (alpha + t_x)^-(r + x) ]."""
    r, alpha, a, b = parameters.r, parameters.alpha, parameters.a, parameters.b
    x = np.asarray(frequency, dtype=float)
    t_x = np.asarray(recency, dtype=float)
    big_t = np.asarray(tenure, dtype=float)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + big_t)
    repeat = x > 0
    a4 = np.where(
        repeat, np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(alpha + t_x), -np.inf
    )
    return a1 + a2 + np.logaddexp(a3, a4)


def gamma_gamma_log_likelihood(
    parameters: GammaGammaParameters, frequency: np.ndarray, monetary_value: np.ndarray
) -> np.ndarray:
    """Each repeat buyer's Gamma-Gamma log-likelihood of the mean m_x of x purchases (Fader & Hardie
    2013, equation 4): Gamma(px + q)/(Gamma(px) Gamma(q)) * v^q m_x^(px - 1) x^(px) / (v + x m_x)^(px + q)."""
    p, q, v = parameters.p, parameters.q, parameters.v
    x = np.asarray(frequency, dtype=float)
    m = np.asarray(monetary_value, dtype=float)
    return (
        gammaln(p * x + q)
        - gammaln(p * x)
        - gammaln(q)
        + q * np.log(v)
        + (p * x - 1) * np.log(m)
        + p * x * np.log(x)
        - (p * x + q) * np.log(v + x * m)
    )


# ---- Fitting ---------------------------------------------------------------------------------------


def _distinct_rows(*columns: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """The distinct rows of these columns, in lexicographic order, and how many times each occurs (the
    likelihood's weights). One lexsort of the columns: np.unique(axis=0) on the stacked rows took 1.8 s
    per call on 737k customers (5.3 of the 14.5 s of the fit at 1M people)."""
    arrays = [np.asarray(column, dtype=float) for column in columns]
    order = np.lexsort(arrays[::-1])
    ordered = [array[order] for array in arrays]
    starts = np.ones(len(order), dtype=bool)
    starts[1:] = np.logical_or.reduce([array[1:] != array[:-1] for array in ordered])
    first = np.flatnonzero(starts)
    counts = np.diff(np.append(first, len(order)))
    return [array[first] for array in ordered], counts.astype(float)


def _check_pinned(pinned: Mapping[str, float] | None, names: tuple[str, ...]) -> dict[str, float]:
    pinned = dict(pinned or {})
    unknown = set(pinned) - set(names)
    if unknown:
        raise ValueError(f"unknown parameters {sorted(unknown)}: expected some of {list(names)}")
    for name, value in pinned.items():
        if not (isinstance(value, int | float) and np.isfinite(value) and value > 0):
            raise ValueError(f"parameter {name} must be a positive number, got {value!r}")
    return {name: float(value) for name, value in pinned.items()}


# The mean log-likelihood per customer at these parameters and its gradient (d/d each parameter).
MeanLogLikelihood = Callable[[dict[str, float]], tuple[float, dict[str, float]]]


def _bgnbd_mean_log_likelihood(
    x: np.ndarray, t_x: np.ndarray, big_t: np.ndarray, weights: np.ndarray
) -> MeanLogLikelihood:
    """The weighted mean of bgnbd_log_likelihood over these rows, with its analytic gradient (digamma
    for the Gamma and Beta functions; the bracket's two terms weighted by their shares of it). The
    terms that depend on x alone are computed once per distinct x."""
    distinct_x, x_index = np.unique(x, return_inverse=True)
    share = weights / weights.sum()
    share_per_x = np.bincount(x_index, weights=share)
    repeat = x > 0
    x_minus_1 = np.maximum(x, 1) - 1

    def evaluate(values: dict[str, float]) -> tuple[float, dict[str, float]]:
        r, alpha, a, b = values["r"], values["alpha"], values["a"], values["b"]
        gamma_beta = (
            gammaln(r + distinct_x)
            - gammaln(r)
            + gammaln(a + b)
            + gammaln(b + distinct_x)
            - gammaln(b)
            - gammaln(a + b + distinct_x)
        )
        d_r = digamma(r + distinct_x) - digamma(r)
        d_ab = digamma(a + b) - digamma(a + b + distinct_x)
        d_b = digamma(b + distinct_x) - digamma(b)
        log_alpha_tenure = np.log(alpha + big_t)
        log_alpha_recency = np.log(alpha + t_x)
        b_x_1 = b + x_minus_1
        alive = -(r + x) * log_alpha_tenure
        dropped = np.where(repeat, np.log(a) - np.log(b_x_1) - (r + x) * log_alpha_recency, -np.inf)
        bracket = np.logaddexp(alive, dropped)
        w_dropped = np.exp(dropped - bracket)
        w_alive = 1.0 - w_dropped
        mean = float(share_per_x @ gamma_beta) + r * np.log(alpha) + float(share @ bracket)
        gradient = {
            "r": float(share_per_x @ d_r)
            + np.log(alpha)
            - float(share @ (w_alive * log_alpha_tenure + w_dropped * log_alpha_recency)),
            "alpha": r / alpha
            - float(share @ ((r + x) * (w_alive / (alpha + big_t) + w_dropped / (alpha + t_x)))),
            "a": float(share_per_x @ d_ab) + float(share @ w_dropped) / a,
            "b": float(share_per_x @ (d_ab + d_b)) - float(share @ (w_dropped / b_x_1)),
        }
        return mean, gradient

    return evaluate


def _gamma_gamma_mean_log_likelihood(x: np.ndarray, m: np.ndarray, weights: np.ndarray) -> MeanLogLikelihood:
    """The weighted mean of gamma_gamma_log_likelihood over these rows, with its analytic gradient."""
    share = weights / weights.sum()
    log_m, log_x = np.log(m), np.log(x)
    mean_log_m, mean_x_log_x_m = float(share @ log_m), float(share @ (x * (log_m + log_x)))

    def evaluate(values: dict[str, float]) -> tuple[float, dict[str, float]]:
        p, q, v = values["p"], values["q"], values["v"]
        px = p * x
        log_v_xm = np.log(v + x * m)
        mean = (
            float(share @ (gammaln(px + q) - gammaln(px) + px * (log_m + log_x) - (px + q) * log_v_xm))
            - gammaln(q)
            + q * np.log(v)
            - mean_log_m
        )
        digamma_pxq = digamma(px + q)
        gradient = {
            "p": float(share @ (x * (digamma_pxq - digamma(px) - log_v_xm))) + mean_x_log_x_m,
            "q": float(share @ (digamma_pxq - log_v_xm)) - digamma(q) + np.log(v),
            "v": q / v - float(share @ ((px + q) / (v + x * m))),
        }
        return mean, gradient

    return evaluate


def _penalized(mean_log_likelihood: MeanLogLikelihood, penalizer: float) -> MeanLogLikelihood:
    """The mean log-likelihood minus penalizer x the sum of the squared parameters (lifetimes'
    penalizer_coef)."""
    if penalizer <= 0:
        return mean_log_likelihood

    def evaluate(values: dict[str, float]) -> tuple[float, dict[str, float]]:
        mean, gradient = mean_log_likelihood(values)
        penalty = penalizer * sum(value**2 for value in values.values())
        return mean - penalty, {name: gradient[name] - 2 * penalizer * values[name] for name in gradient}

    return evaluate


def _maximise(
    mean_log_likelihood: MeanLogLikelihood, names: tuple[str, ...], pinned: dict[str, float], model: str
) -> dict[str, float]:
    """The parameters (names, positive) maximising `mean_log_likelihood`, the pinned ones held fixed.
    L-BFGS-B with the analytic gradient on log-parameters from 1.0 (bounded by LOG_PARAMETER_LIMIT),
    restarted from its optimum until a restart improves the mean log-likelihood by less than 1e-10;
    then `_check_identified`: the optimum must be a maximum inside the parameter space."""
    free = [name for name in names if name not in pinned]
    if not free:
        return dict(pinned)

    def values(log_free: np.ndarray) -> dict[str, float]:
        return {**pinned, **{name: float(value) for name, value in zip(free, np.exp(log_free), strict=True)}}

    def objective(log_free: np.ndarray) -> tuple[float, np.ndarray]:
        at = values(log_free)
        mean, gradient = mean_log_likelihood(at)
        log_gradient = np.array([gradient[name] * at[name] for name in free])
        if not (np.isfinite(mean) and np.all(np.isfinite(log_gradient))):
            return np.inf, np.zeros(len(free))
        return -mean, -log_gradient

    bounds = [(-LOG_PARAMETER_LIMIT, LOG_PARAMETER_LIMIT)] * len(free)
    start, best = np.zeros(len(free)), objective(np.zeros(len(free)))[0]
    for _attempt in range(20):
        result = minimize(
            objective,
            start,
            jac=True,
            method="L-BFGS-B",
            bounds=bounds,
            options={"maxiter": MAX_ITERATIONS, "ftol": 1e-15, "gtol": 1e-10},
        )
        if not np.isfinite(result.fun):
            raise ClvFitError(f"the {model} fit did not converge ({result.message}); {PIN_ADVICE}")
        improvement = best - result.fun
        start, best = result.x, result.fun
        if improvement < 1e-10:
            _check_identified(lambda log_free: objective(log_free)[0], start, free, model)
            return values(start)
    raise ClvFitError(f"the {model} fit did not converge: still improving after 20 restarts; {PIN_ADVICE}")


def _check_identified(
    objective: Callable[[np.ndarray], float], at: np.ndarray, free: list[str], model: str
) -> None:
    """Raise ClvFitError unless `at` is a maximum inside the parameter space: no parameter at the
    optimiser's bound, and moving any parameter, or any two together (same or opposite way), by a
    factor exp(FLAT_STEP) loses more than FLAT_TOLERANCE of mean log-likelihood. A likelihood that
    keeps its value that far (a and b running off together when every customer drops out alike; p and
    q when every customer always spends the same) has no maximum to report."""
    at_bound = [name for name, x in zip(free, at, strict=True) if abs(x) > LOG_PARAMETER_LIMIT - 1]
    if not at_bound:
        value = objective(at)
        unit = np.eye(len(free))
        moves = [(unit[i], [free[i]]) for i in range(len(free))]
        moves += [
            (unit[i] + sign * unit[j], [free[i], free[j]])
            for i in range(len(free))
            for j in range(i + 1, len(free))
            for sign in (1.0, -1.0)
        ]
        for direction, moved in moves:
            for step in (FLAT_STEP, -FLAT_STEP):
                there = np.clip(at + step * direction, -LOG_PARAMETER_LIMIT, LOG_PARAMETER_LIMIT)
                if objective(there) - value < FLAT_TOLERANCE:
                    at_bound = moved
                    break
            if at_bound:
                break
    if at_bound:
        raise ClvFitError(
            f"the {model} fit did not converge: {', '.join(at_bound)} ran off towards 0 or infinity "
            f"(the likelihood has no maximum inside the parameter space on this data); {PIN_ADVICE}"
        )


def fit_bgnbd(
    frequency: np.ndarray,
    recency: np.ndarray,
    tenure: np.ndarray,
    pinned: Mapping[str, float] | None = None,
    penalizer: float = 0.0,
) -> BgNbdFit:
    """Maximum-likelihood BG/NBD parameters (r, alpha, a, b); alpha in the summaries' time unit.
    `pinned` holds parameters fixed (all four: no optimisation, the log-likelihood at those values).
    `penalizer` > 0 maximises the mean log-likelihood minus penalizer x the sum of the squared
    parameters (alpha rescaled), as lifetimes' penalizer_coef: for data whose likelihood has no
    interior maximum (e.g. a and b running off together when every customer drops out alike)."""
    pinned = _check_pinned(pinned, BGNBD_PARAMETERS)
    x = np.asarray(frequency, dtype=float)
    t_x = np.asarray(recency, dtype=float)
    big_t = np.asarray(tenure, dtype=float)
    _check_summaries(x, t_x, big_t)
    repeat_buyers = int((x > 0).sum())
    if repeat_buyers == 0 and len(pinned) < len(BGNBD_PARAMETERS):
        raise ClvFitError(
            f"no repeat buyers among {len(x)} customers: the BG/NBD model cannot be fitted "
            "(choose a later calibration end date, or pin r, alpha, a, b)"
        )
    # Time rescaled so the largest tenure is 10 (as lifetimes does) for a well-conditioned optimisation;
    # alpha is a scale parameter: alpha in scaled units = alpha * scale.
    scale = 10.0 / big_t.max() if big_t.max() > 0 else 1.0
    (xs, rs, ts), weights = _distinct_rows(x, t_x * scale, big_t * scale)
    scaled_pinned = {**pinned, **({"alpha": pinned["alpha"] * scale} if "alpha" in pinned else {})}

    mean_log_likelihood = _penalized(_bgnbd_mean_log_likelihood(xs, rs, ts, weights), penalizer)
    fitted = _maximise(mean_log_likelihood, BGNBD_PARAMETERS, scaled_pinned, "BG/NBD")
    parameters = BgNbdParameters(**{**fitted, "alpha": float(fitted["alpha"] / scale)})
    log_likelihood = float(bgnbd_log_likelihood(parameters, x, t_x, big_t).sum())
    return BgNbdFit(parameters, log_likelihood, len(x), repeat_buyers, tuple(sorted(pinned)), penalizer)


def fit_gamma_gamma(
    frequency: np.ndarray,
    monetary_value: np.ndarray,
    pinned: Mapping[str, float] | None = None,
    penalizer: float = 0.0,
) -> GammaGammaFit:
    """Maximum-likelihood Gamma-Gamma parameters (p, q, v) on the repeat buyers (frequency > 0); v in
    the currency of monetary_value. Customers without repeat purchases carry no spend information and
    are left out; a repeat buyer with a non-positive mean spend is an error. `penalizer`: as in
    fit_bgnbd (v rescaled to a mean spend of 1)."""
    pinned = _check_pinned(pinned, GAMMA_GAMMA_PARAMETERS)
    x = np.asarray(frequency, dtype=float)
    m = np.asarray(monetary_value, dtype=float)
    if x.shape != m.shape or x.ndim != 1:
        raise ValueError("frequency and monetary_value must be one-dimensional arrays of the same length")
    repeat = x > 0
    if repeat.sum() == 0 and len(pinned) < len(GAMMA_GAMMA_PARAMETERS):
        raise ClvFitError(
            f"no repeat buyers among {len(x)} customers: the Gamma-Gamma model cannot be fitted "
            "(choose a later calibration end date, or pin p, q, v)"
        )
    x, m = x[repeat], m[repeat]
    if np.any(~np.isfinite(m)) or np.any(m <= 0):
        raise ClvFitError(
            f"{int((~(m > 0)).sum())} repeat buyers have a monetary value that is not a positive number"
        )
    # Money rescaled to a mean of 1 for the optimisation; v is a scale parameter: v scaled = v / scale.
    scale = float(m.mean()) if len(m) else 1.0
    (xs, ms), weights = _distinct_rows(x, m / scale)
    scaled_pinned = {**pinned, **({"v": pinned["v"] / scale} if "v" in pinned else {})}

    mean_log_likelihood = _penalized(_gamma_gamma_mean_log_likelihood(xs, ms, weights), penalizer)
    fitted = _maximise(mean_log_likelihood, GAMMA_GAMMA_PARAMETERS, scaled_pinned, "Gamma-Gamma")
    parameters = GammaGammaParameters(**{**fitted, "v": float(fitted["v"] * scale)})
    log_likelihood = float(gamma_gamma_log_likelihood(parameters, x, m).sum()) if len(x) else 0.0
    return GammaGammaFit(parameters, log_likelihood, len(x), tuple(sorted(pinned)), penalizer)


def _check_summaries(frequency: np.ndarray, recency: np.ndarray, tenure: np.ndarray) -> None:
    if not (frequency.shape == recency.shape == tenure.shape) or frequency.ndim != 1:
        raise ValueError("frequency, recency and tenure must be one-dimensional arrays of the same length")
    if len(frequency) == 0:
        raise ClvFitError("no customers to fit")
    problems = []
    if np.any(frequency < 0) or np.any(frequency != np.round(frequency)):
        problems.append("frequency must be a whole number >= 0")
    if np.any(recency < 0) or np.any(recency > tenure):
        problems.append("recency must lie between 0 and tenure")
    if np.any((frequency == 0) & (recency != 0)):
        problems.append("recency must be 0 when frequency is 0")
    if np.any(~np.isfinite(tenure)):
        problems.append("tenure must be finite")
    if problems:
        raise ValueError("bad customer summaries: " + "; ".join(problems))


# ---- Predictions -----------------------------------------------------------------------------------


def p_alive(
    parameters: BgNbdParameters, frequency: np.ndarray, recency: np.ndarray, tenure: np.ndarray
) -> np.ndarray:
    """P(alive | x, t_x, T) = 1 / (1 + [x > 0] * a/(b + x - 1) * ((alpha + T)/(alpha + t_x))^(r + x))
    (FHL 2005, equation 13): 1 for a customer without repeat purchases."""
    r, alpha, a, b = parameters.r, parameters.alpha, parameters.a, parameters.b
    x = np.asarray(frequency, dtype=float)
    t_x = np.asarray(recency, dtype=float)
    big_t = np.asarray(tenure, dtype=float)
    repeat = x > 0
    log_odds_dead = (
        np.log(a) - np.log(b + np.maximum(x, 1) - 1) + (r + x) * np.log((alpha + big_t) / (alpha + t_x))
    )
    return np.where(repeat, expit(-log_odds_dead), 1.0)


def expected_purchases(
    parameters: BgNbdParameters,
    horizon: float | np.ndarray,
    frequency: np.ndarray,
    recency: np.ndarray,
    tenure: np.ndarray,
) -> np.ndarray:
    """E[Y(t) | x, t_x, T], the expected number of purchases in the next t time units (FHL 2005, eq. 10):

        (a + b + x - 1)/(a - 1) * [1 - ((alpha + T)/(alpha + T + t))^(r + x)
                                       * 2F1(r + x, b + x; a + b + x - 1; t/(alpha + T + t))] * P(alive).

    With c = a + b + x - 1 and z = t/(alpha + T + t), Euler's transformation 2F1(A, B; C; z) =
    (1 - z)^(C - A - B) 2F1(C - A, C - B; C; z) turns the bracket into 1 - (1 - z)^(a - 1)
    2F1(c - r - x, a - 1; c; z), whose series terms decay like n^(a - r - x - 2) z^n instead of growing
    like n^(r + x - a) z^n. At a = 1 the formula is 0/0; within 1e-6 of it, the mean of the values at
    a = 1 -+ 1e-6 is taken (the function is smooth in a: error of order 1e-12)."""
    t = np.asarray(horizon, dtype=float)
    if np.any(t < 0):
        raise ValueError("the horizon must be >= 0")
    r, alpha, a, b = parameters.r, parameters.alpha, parameters.a, parameters.b
    x = np.asarray(frequency, dtype=float)
    z = t / (alpha + np.asarray(tenure, dtype=float) + t)

    def purchases_if_alive(a: float) -> np.ndarray:
        c = a + b + x - 1
        return c / (a - 1) * (1 - (1 - z) ** (a - 1) * hyp2f1(c - r - x, a - 1, c, z))

    if abs(a - 1.0) < 1e-6:
        if_alive = (purchases_if_alive(1.0 - 1e-6) + purchases_if_alive(1.0 + 1e-6)) / 2
    else:
        if_alive = purchases_if_alive(a)
    return if_alive * p_alive(parameters, frequency, recency, tenure)


def expected_average_order_value(
    parameters: GammaGammaParameters, frequency: np.ndarray, monetary_value: np.ndarray
) -> np.ndarray:
    """E[M | x, m_x] = p (v + x m_x) / (p x + q - 1) (Fader & Hardie 2013, equation 5): a weighted mean
    of the population mean p v/(q - 1) and the customer's own m_x, with weight p x/(p x + q - 1) on
    the latter; the population mean for a customer without repeat purchases. Needs q > 1."""
    p, q, v = parameters.p, parameters.q, parameters.v
    if q <= 1:
        raise ClvFitError(f"Gamma-Gamma q = {q} <= 1: the expected spend per purchase is infinite")
    x = np.asarray(frequency, dtype=float)
    m = np.where(x > 0, np.asarray(monetary_value, dtype=float), 0.0)
    return p * (v + x * m) / (p * x + q - 1)


def horizon_time_units(months: float, time_unit_days: float) -> float:
    """A horizon of `months` months in time units of `time_unit_days` days (a month = 365.25/12 days)."""
    return months * DAYS_PER_MONTH / time_unit_days


def discount_weights(horizon_months: int, monthly_discount_rate: float = 0.0) -> dict[int, float]:
    """Month k -> the weight of E[Y(k months)] in the discounted expected number of purchases.

    Purchases expected in month k, E[Y(k)] - E[Y(k - 1)], are discounted by (1 + d)^-k (the end of the
    month); summed over k = 1..H this is sum_k E[Y(k)] w_k with w_k = (1 + d)^-k - (1 + d)^-(k + 1) for
    k < H and w_H = (1 + d)^-H. Undiscounted (d = 0) only month H weighs: {H: 1.0}."""
    if int(horizon_months) != horizon_months or horizon_months < 1:
        raise ValueError(f"the horizon must be a whole number of months >= 1, got {horizon_months}")
    if monthly_discount_rate < 0:
        raise ValueError(f"the monthly discount rate must be >= 0, got {monthly_discount_rate}")
    horizon_months = int(horizon_months)
    if monthly_discount_rate == 0:
        return {horizon_months: 1.0}
    factor = 1.0 + monthly_discount_rate
    weights = {k: factor**-k - factor ** -(k + 1) for k in range(1, horizon_months)}
    weights[horizon_months] = factor**-horizon_months
    return weights


def predicted_clv(
    bgnbd: BgNbdParameters,
    gamma_gamma: GammaGammaParameters,
    frequency: np.ndarray,
    recency: np.ndarray,
    tenure: np.ndarray,
    monetary_value: np.ndarray,
    horizon_months: int,
    time_unit_days: float,
    monthly_discount_rate: float = 0.0,
) -> np.ndarray:
    """The expected spend over the next `horizon_months` months: E[M] * sum_k w_k E[Y(k months)]
    (`discount_weights`); undiscounted by default: E[M] * E[Y(horizon)]."""
    purchases = sum(
        weight
        * expected_purchases(bgnbd, horizon_time_units(month, time_unit_days), frequency, recency, tenure)
        for month, weight in discount_weights(horizon_months, monthly_discount_rate).items()
    )
    return purchases * expected_average_order_value(gamma_gamma, frequency, monetary_value)


# ---- Command line: fit the summaries of a warehouse ----------------------------------------------

SUMMARY_RELATION = "intermediate.int_clv_customer_summaries"


def read_summaries_duckdb(database: Path) -> pd.DataFrame:
    import duckdb

    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(f"select frequency, recency, tenure, monetary_value from {SUMMARY_RELATION}").df()
    finally:
        con.close()


def read_summaries_postgres() -> pd.DataFrame:
    import psycopg2

    from cdp.raw_loader import postgres_connect_kwargs

    con = psycopg2.connect(**postgres_connect_kwargs())
    try:
        with con.cursor() as cursor:
            cursor.execute(f"select frequency, recency, tenure, monetary_value from {SUMMARY_RELATION}")
            rows = cursor.fetchall()
    finally:
        con.close()
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS), dtype=float)


def _fit_or_penalize(
    fitter: Callable[[float], BgNbdFit | GammaGammaFit], fallback_penalizer: float
) -> BgNbdFit | GammaGammaFit:
    """fitter(0.0), a maximum-likelihood fit; when its likelihood has no maximum inside the parameter
    space (ClvFitError) and `fallback_penalizer` > 0, fitter(fallback_penalizer) instead."""
    try:
        return fitter(0.0)
    except ClvFitError:
        if fallback_penalizer <= 0:
            raise
        return fitter(fallback_penalizer)


def fit_summaries(summaries: pd.DataFrame, fallback_penalizer: float = 0.0) -> tuple[BgNbdFit, GammaGammaFit]:
    """Both models fitted to the summaries, each refitted with `fallback_penalizer` (> 0) when its
    likelihood has no interior maximum, as the DuckDB model clv_model_parameters does (model_parameters)."""
    frequency = summaries["frequency"].to_numpy(dtype=float)
    recency = summaries["recency"].to_numpy(dtype=float)
    tenure = summaries["tenure"].to_numpy(dtype=float)
    monetary_value = summaries["monetary_value"].to_numpy(dtype=float)
    bgnbd = _fit_or_penalize(
        lambda pen: fit_bgnbd(frequency, recency, tenure, penalizer=pen), fallback_penalizer
    )
    gamma_gamma = _fit_or_penalize(
        lambda pen: fit_gamma_gamma(frequency, monetary_value, penalizer=pen), fallback_penalizer
    )
    return bgnbd, gamma_gamma


ALL_PARAMETERS = BGNBD_PARAMETERS + GAMMA_GAMMA_PARAMETERS


def model_parameters(
    summaries: pd.DataFrame, pinned: Mapping[str, float] | None = None, fallback_penalizer: float = 0.0
) -> dict[str, object]:
    """The row of the dbt model clv_model_parameters for these customer summaries (the columns of
    int_clv_customer_summaries): the seven parameters fitted by maximum likelihood (source 'fitted'),
    or all seven `pinned` (source 'pinned', the log-likelihoods at those values); the calibration end
    date and time unit of the summaries, customers, repeat buyers and the log-likelihoods.

    When a model's likelihood has no maximum inside the parameter space (ClvFitError) and
    `fallback_penalizer` > 0, that model is refitted with that penalizer (source 'penalized', column
    penalizer); with 0 the error stands."""
    pinned = dict(pinned or {})
    if pinned and set(pinned) != set(ALL_PARAMETERS):
        raise ValueError(
            f"pin all seven parameters {list(ALL_PARAMETERS)} or none (dbt var clv_parameters), "
            f"got {sorted(pinned)}"
        )
    if summaries.empty:
        raise ClvFitError(
            "no customer with a completed order on or before the calibration end: nothing to fit "
            "(choose a later clv_calibration_end_date)"
        )
    frequency = summaries["frequency"].to_numpy(dtype=float)
    recency = summaries["recency"].to_numpy(dtype=float)
    tenure = summaries["tenure"].to_numpy(dtype=float)
    monetary_value = summaries["monetary_value"].to_numpy(dtype=float)
    pinned_bgnbd = {k: pinned[k] for k in BGNBD_PARAMETERS if k in pinned}
    pinned_gamma_gamma = {k: pinned[k] for k in GAMMA_GAMMA_PARAMETERS if k in pinned}

    penalizer_if_needed = 0.0 if pinned else fallback_penalizer
    bgnbd = _fit_or_penalize(
        lambda pen: fit_bgnbd(frequency, recency, tenure, pinned=pinned_bgnbd, penalizer=pen),
        penalizer_if_needed,
    )
    gamma_gamma = _fit_or_penalize(
        lambda pen: fit_gamma_gamma(frequency, monetary_value, pinned=pinned_gamma_gamma, penalizer=pen),
        penalizer_if_needed,
    )
    penalizer = max(bgnbd.penalizer, gamma_gamma.penalizer)
    calibration_end = pd.to_datetime(summaries["calibration_end_date"]).dt.date.unique()
    time_unit_days = summaries["time_unit_days"].astype(float).unique()
    if len(calibration_end) != 1 or len(time_unit_days) != 1:
        raise ValueError("the summaries must share one calibration_end_date and one time_unit_days")
    return {
        **asdict(bgnbd.parameters),
        **asdict(gamma_gamma.parameters),
        # Pinned values exactly as given (the fit rescales alpha and v, which may move their last bit).
        **{name: float(value) for name, value in pinned.items()},
        "calibration_end_date": calibration_end[0],
        "time_unit_days": float(time_unit_days[0]),
        "customers": bgnbd.customers,
        "repeat_buyers": bgnbd.repeat_buyers,
        "bgnbd_log_likelihood": bgnbd.log_likelihood,
        "gamma_gamma_log_likelihood": gamma_gamma.log_likelihood,
        "penalizer": penalizer,
        "source": "pinned" if pinned else ("penalized" if penalizer > 0 else "fitted"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cdp.clv",
        description="Fit BG/NBD and Gamma-Gamma to the warehouse's int_clv_customer_summaries and print "
        "the dbt vars that pin the fit (for the engines that run no Python models).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    fit = commands.add_parser("fit", help='fit and print {"clv_parameters": {...}} for dbt --vars')
    source = fit.add_mutually_exclusive_group(required=True)
    source.add_argument("--duckdb", type=Path, help="a DuckDB warehouse file")
    source.add_argument("--postgres", action="store_true", help="the PostgreSQL database of CDP_PG_*")
    source.add_argument("--csv", type=Path, help="a CSV of frequency, recency, tenure, monetary_value")
    fit.add_argument(
        "--fallback-penalizer",
        type=float,
        default=0.0,
        help="refit a model whose likelihood has no interior maximum with this L2 penalizer, as the DuckDB "
        "build does with var clv_fallback_penalizer (0.001); default 0: the error stands",
    )
    args = parser.parse_args(argv)
    if args.duckdb:
        summaries = read_summaries_duckdb(args.duckdb)
    elif args.postgres:
        summaries = read_summaries_postgres()
    else:
        summaries = pd.read_csv(args.csv, usecols=list(SUMMARY_COLUMNS))
    started = time.perf_counter()
    try:
        bgnbd, gamma_gamma = fit_summaries(summaries, args.fallback_penalizer)
    except ClvFitError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(
        f"fitted {bgnbd.customers:,} customers ({bgnbd.repeat_buyers:,} repeat buyers) in "
        f"{time.perf_counter() - started:.1f} s; log-likelihood BG/NBD {bgnbd.log_likelihood:.3f}, "
        f"Gamma-Gamma {gamma_gamma.log_likelihood:.3f}; penalizer BG/NBD {bgnbd.penalizer:g}, "
        f"Gamma-Gamma {gamma_gamma.penalizer:g}",
        file=sys.stderr,
    )
    print(json.dumps({"clv_parameters": {**asdict(bgnbd.parameters), **asdict(gamma_gamma.parameters)}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The marts' suite: what the contract's output promises, checked on the built marts.

- `marts.dim_customers`: customer_id present and unique;
- `marts.customer_id_stability`: the ids of the last run that passed are still there (at least
  `CDP_QUALITY_STABLE_SHARE`, default 0.9: merges and erasures retire a few);
- `marts.fct_orders`: no order without a customer (every online order, and every in-store one that names
  somebody, has a customer_id found in dim_customers), order keys unique;
- `marts.customer_clv`: historical and predicted CLV >= 0;
- `marts.customer_consent`: purposes and statuses from the consent vocabulary, one row per customer and
  purpose;
- `marts.audience_members`: every member's consent for the audience's purpose is granted;
- `marts.no_erased_subject`: no customer of dim_customers has its CDP id (SHA-256) on
  `marts.erasure_suppression_list` (vacuous while no suppression list is built).

Each DataFrame is read from DuckDB; a mart that is not built is left out (and said so). Bump
SUITE_VERSION when an expectation changes.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path

import duckdb
import pandas as pd

from cdp.quality import load_great_expectations, state
from cdp.quality.runner import Check, SuiteResult

SUITE_VERSION = 1
DEFAULT_STABLE_SHARE = 0.9
PURPOSES = ("email_marketing", "sms_marketing", "ads_personalization", "analytics")
CONSENT_STATUSES = ("granted", "revoked", "unknown")


def _gxe():
    gxe = load_great_expectations().expectations

    return gxe


def _dim_customers() -> list:
    gxe = _gxe()
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="customer_id"),
        gxe.ExpectColumnValuesToBeUnique(column="customer_id"),
    ]


def _stability() -> list:
    share = float(os.environ.get("CDP_QUALITY_STABLE_SHARE", DEFAULT_STABLE_SHARE))
    return [_gxe().ExpectColumnValuesToBeInSet(column="still_present", value_set=[True], mostly=share)]


def _fct_orders() -> list:
    gxe = _gxe()
    return [
        gxe.ExpectColumnValuesToBeInSet(column="customer_known", value_set=[True]),
        gxe.ExpectColumnValuesToNotBeNull(column="order_key"),
        gxe.ExpectColumnValuesToBeUnique(column="order_key"),
    ]


def _customer_clv() -> list:
    gxe = _gxe()
    return [
        gxe.ExpectColumnValuesToBeBetween(column="historical_clv_vnd", min_value=0),
        gxe.ExpectColumnValuesToBeBetween(column="predicted_clv_vnd", min_value=0),
    ]


def _customer_consent() -> list:
    gxe = _gxe()
    return [
        gxe.ExpectColumnValuesToBeInSet(column="purpose", value_set=list(PURPOSES)),
        gxe.ExpectColumnValuesToBeInSet(column="consent_status", value_set=list(CONSENT_STATUSES)),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["customer_id", "purpose"]),
    ]


def _no_erased_subject() -> list:
    return [_gxe().ExpectColumnValuesToBeInSet(column="erased", value_set=[False])]


def _audience_members() -> list:
    gxe = _gxe()
    return [
        gxe.ExpectColumnValuesToBeInSet(column="purpose", value_set=list(PURPOSES)),
        gxe.ExpectColumnValuesToBeInSet(column="consent_granted", value_set=[True]),
    ]


# name -> (asset model, query, expectations, description)
QUERIES: dict[str, tuple[str, str, object, str]] = {
    "dim_customers": (
        "dim_customers",
        "select customer_id from marts.dim_customers",
        _dim_customers,
        "customer_id present and unique",
    ),
    "fct_orders": (
        "fct_orders",
        # An anonymous till receipt names nobody (customer_id null); an erased person's order keeps the
        # anonymous key erased_<hash> (docs/privacy.md); every other order's customer exists.
        "select order_key, channel, customer_id, coalesce((customer_id is null and channel = 'in_store')"
        " or customer_id in (select customer_id from marts.dim_customers)"
        " or customer_id like 'erased_%', false) as customer_known "
        "from marts.fct_orders",
        _fct_orders,
        "no order without a customer (online orders name one in dim_customers); order keys unique",
    ),
    "customer_clv": (
        "customer_clv",
        "select customer_id, historical_clv_vnd, predicted_clv_vnd from marts.customer_clv",
        _customer_clv,
        "historical and predicted CLV >= 0",
    ),
    "customer_consent": (
        "customer_consent",
        "select customer_id, purpose, consent_status from marts.customer_consent",
        _customer_consent,
        "consent purposes and statuses valid, one row per customer and purpose",
    ),
    "audience_members": (
        "audience_members",
        "select m.audience, m.customer_id, m.purpose, coalesce(c.is_granted, false) as consent_granted "
        "from marts.audience_members as m left join marts.customer_consent as c "
        "on c.customer_id = m.customer_id and c.purpose = m.purpose",
        _audience_members,
        "every audience member has granted consent for the audience's purpose",
    ),
    "no_erased_subject": (
        "dim_customers",
        # The suppression list keeps SHA-256 hashes only (docs/privacy.md): a customer whose CDP id is
        # listed was erased and must be gone.
        "select customer_id, coalesce(sha256(customer_id) in (select identifier_hash from "
        "marts.erasure_suppression_list where identifier_type = 'customer_id'), false) as erased "
        "from marts.dim_customers",
        _no_erased_subject,
        "no erased subject present: no customer of dim_customers is on the erasure suppression list",
    ),
}


# The other marts a query joins.
NEEDS = {
    "fct_orders": ("dim_customers",),
    "audience_members": ("customer_consent",),
    "no_erased_subject": ("erasure_suppression_list",),
}


def built_marts(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = 'marts'"
    ).fetchall()
    return {name for (name,) in rows}


def checks(database: Path, names: Collection[str] | None = None) -> list[Check]:
    """The marts suites whose mart is built, each with its frame read from the warehouse. With `names`
    (suite names: `dim_customers`, `customer_id_stability`, ...), only those, and only their marts are
    read (the stability suite reads dim_customers' ids): a run that checks audience_members alone does not
    read dim_customers into pandas."""
    wanted = None if names is None else set(names)
    con = duckdb.connect(str(database), read_only=True)
    try:
        built = built_marts(con)
        found: list[Check] = []
        for name, (model, query, build, description) in QUERIES.items():
            readers = {name, "customer_id_stability"} if name == "dim_customers" else {name}
            if wanted is not None and not readers & wanted:
                continue
            needed = {model, *NEEDS.get(name, ())}
            if name == "no_erased_subject" and model in built and not needed <= built:
                # No suppression list built (no erasure model in this build): nobody to look for.
                frame = pd.DataFrame({"customer_id": pd.Series([], dtype="string"), "erased": []})
                found.append(Check(f"marts.{name}", ("marts", model), frame, build, description))
                continue
            if not needed <= built:
                continue
            frame = con.execute(query).df()
            if wanted is None or name in wanted:
                found.append(Check(f"marts.{name}", ("marts", model), frame, build, description))
            if name == "dim_customers" and (wanted is None or "customer_id_stability" in wanted):
                found.append(_stability_check(database, frame["customer_id"]))
    finally:
        con.close()
    return found


def _stability_check(database: Path, current: pd.Series) -> Check:
    previous = state.read_customer_ids(database)
    ids = previous if previous is not None else pd.Series([], dtype="string")
    frame = pd.DataFrame({"customer_id": ids.astype("string")})
    frame["still_present"] = frame["customer_id"].isin(set(current.astype("string")))
    return Check(
        "marts.customer_id_stability",
        ("marts", "dim_customers"),
        frame,
        _stability,
        "the previous run's customer ids are still there",
    )


def remember(database: Path, results: list[SuiteResult]) -> None:
    """Keep dim_customers' ids when every marts suite passed: the next run's stability reference."""
    if not results or not all(r.success for r in results):
        return
    con = duckdb.connect(str(database), read_only=True)
    try:
        if "dim_customers" not in built_marts(con):
            return
        ids = con.execute("select customer_id from marts.dim_customers").df()["customer_id"]
    finally:
        con.close()
    state.write_customer_ids(database, ids)

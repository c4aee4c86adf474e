"""Great Expectations suites (cdp.quality) as blocking asset checks, and the dbt sources' freshness.

- `raw_quality`: one check `gx_raw_suite` per raw table, run after the raw load; blocking, so a broken
  delivery stops `dbt build` (every dbt asset is downstream of the raw tables). The same step runs
  `source_freshness` per raw table.
- `gx_marts_suites`: one check per guarded mart (`gx_<suite>`: dim_customers, customer_id_stability,
  fct_orders, customer_clv, customer_consent, audience_members, no_erased_subject), run after
  `dbt build`; blocking, so the audiences' export files, the published file and the report are not
  written from marts that break their promises.
- `source_freshness`: one check per raw table (in `raw_quality`'s step) from the dbt source's
  `loaded_at_field` and `freshness` (warn_after -> WARN, error_after -> ERROR); not blocking.

Each GX check writes the Data Docs site of its scope (reports/gx/raw, reports/gx/marts; CDP_GX_DOCS_DIR)
and reports the suite's figures as metadata. DuckDB target only: on a warehouse, run the suites from
your own reader (the suites are pandas-based).
"""

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import dagster as dg
import duckdb

from cdp.contract import RAW_TABLES
from cdp.pipeline import database_path
from orchestration.assets.raw import raw_asset_key
from orchestration.project import cdp_project

RAW_CHECK = "gx_raw_suite"
# marts suite name -> the mart it guards
MARTS_SUITES = {
    "dim_customers": "dim_customers",
    "customer_id_stability": "dim_customers",
    "fct_orders": "fct_orders",
    "customer_clv": "customer_clv",
    "customer_consent": "customer_consent",
    "audience_members": "audience_members",
    "no_erased_subject": "dim_customers",
}
FRESHNESS_CHECK = "source_freshness"


def _check_metadata(result) -> dict[str, object]:
    metadata: dict[str, object] = {
        "rows": result.rows,
        "expectations": result.evaluated,
        "expectations_failed": result.evaluated - result.successful,
        "data_docs": dg.MetadataValue.path(str(_docs(result.name.split(".")[0]) / "index.html")),
    }
    if result.failures:
        metadata["failures"] = dg.MetadataValue.md(
            "\n".join(f"- `{f.expectation}` on `{f.column or '-'}`: {f.observed}" for f in result.failures)
        )
    return metadata


def _docs(scope: str):
    from cdp.quality.runner import docs_dir

    return docs_dir(scope)


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            RAW_CHECK,
            asset=raw_asset_key(table),
            blocking=True,
            description=f"Great Expectations suite raw.{table}: schema, key, value sets, row count band.",
        )
        for table in RAW_TABLES
    ]
    + [
        dg.AssetCheckSpec(
            FRESHNESS_CHECK,
            asset=raw_asset_key(table),
            description="Age of the newest row (the dbt source's loaded_at_field) against its freshness.",
        )
        for table in RAW_TABLES
    ],
    name="raw_quality",
    can_subset=True,
)
def raw_quality(context: dg.AssetCheckExecutionContext) -> Iterator[dg.AssetCheckResult]:
    """The GX raw suites, then the sources' freshness: one step, before dbt (the GX checks block it; the
    freshness check reads the raw tables in the same step, so it never races `dbt build` for the file)."""
    selected = context.selected_asset_check_keys
    tables = [key.asset_key.path[-1] for key in selected if key.name == RAW_CHECK]
    if tables:
        yield from _raw_suites(context, tables)
    fresh = [key for key in selected if key.name == FRESHNESS_CHECK]
    if fresh:
        yield from _freshness(fresh)


def _raw_suites(context: dg.AssetCheckExecutionContext, tables: list[str]) -> Iterator[dg.AssetCheckResult]:
    from cdp.quality import raw
    from cdp.quality.runner import run_checks

    database = database_path()
    results = run_checks(raw.checks(database, tables), _docs("raw"))
    raw.remember(database, results)
    for result in results:
        context.log.info(result.summary())
        yield dg.AssetCheckResult(
            asset_key=raw_asset_key(result.asset[-1]),
            check_name=RAW_CHECK,
            passed=result.success,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata=_check_metadata(result),
        )


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            f"gx_{suite}",
            asset=dg.AssetKey(["marts", mart]),
            blocking=True,
            description=f"Great Expectations suite marts.{suite} (cdp.quality.marts).",
        )
        for suite, mart in MARTS_SUITES.items()
    ],
    name="gx_marts_suites",
    can_subset=True,
)
def gx_marts_suites(context: dg.AssetCheckExecutionContext) -> Iterator[dg.AssetCheckResult]:
    from cdp.quality import marts
    from cdp.quality.runner import run_checks

    selected = {key.name for key in context.selected_asset_check_keys}
    database = database_path()
    checks = marts.checks(database, [name.removeprefix("gx_") for name in selected])
    results = run_checks(checks, _docs("marts"))
    marts.remember(database, results)
    seen = set()
    for result in results:
        name = f"gx_{result.name.split('.', 1)[1]}"
        seen.add(name)
        context.log.info(result.summary())
        yield dg.AssetCheckResult(
            asset_key=dg.AssetKey(list(result.asset)),
            check_name=name,
            passed=result.success,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata=_check_metadata(result),
        )
    for key in context.selected_asset_check_keys:
        if key.name not in seen:
            yield dg.AssetCheckResult(
                asset_key=key.asset_key,
                check_name=key.name,
                passed=False,
                severity=dg.AssetCheckSeverity.ERROR,
                description="the mart is not built",
            )


def source_freshness_rules() -> dict[str, tuple[str, dict]]:
    """raw table -> (loaded_at_field, freshness) from the dbt sources of the manifest."""
    manifest = json.loads(cdp_project.manifest_path.read_text(encoding="utf-8"))
    rules = {}
    for source in manifest["sources"].values():
        config = source.get("config") or {}
        field = source.get("loaded_at_field") or config.get("loaded_at_field")
        freshness = source.get("freshness") or config.get("freshness")
        if field and freshness:
            rules[source["name"]] = (field, freshness)
    return rules


_HOURS = {"minute": 1 / 60, "hour": 1, "day": 24}


def _hours(rule: dict | None) -> float | None:
    if not rule or rule.get("count") is None:
        return None
    return rule["count"] * _HOURS[rule["period"]]


def _freshness(keys: list[dg.AssetCheckKey]) -> Iterator[dg.AssetCheckResult]:
    rules = source_freshness_rules()
    now = datetime.now(UTC).replace(tzinfo=None)
    con = duckdb.connect(str(database_path()), read_only=True)
    try:
        for key in sorted(keys, key=lambda k: k.asset_key.path):
            table = key.asset_key.path[-1]
            field, freshness = rules[table]
            newest = con.execute(f'select max("{field}") from raw."{table}"').fetchone()[0]
            warn, error = _hours(freshness.get("warn_after")), _hours(freshness.get("error_after"))
            # An empty source (a header-only file: contract §1) has nothing to be late.
            age = None if newest is None else (now - newest).total_seconds() / 3600
            late_error = age is not None and error is not None and age > error
            late_warn = age is not None and warn is not None and age > warn
            yield dg.AssetCheckResult(
                asset_key=key.asset_key,
                check_name=FRESHNESS_CHECK,
                passed=not (late_error or late_warn),
                severity=dg.AssetCheckSeverity.ERROR if late_error else dg.AssetCheckSeverity.WARN,
                metadata={
                    "loaded_at_field": field,
                    "newest_loaded_at": str(newest),
                    "age_hours": round(age, 2) if age is not None else -1.0,
                    "warn_after_hours": warn if warn is not None else -1.0,
                    "error_after_hours": error if error is not None else -1.0,
                },
            )
    finally:
        con.close()

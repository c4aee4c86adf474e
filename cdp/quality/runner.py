"""Run Great Expectations suites on pandas DataFrames and write Data Docs.

A `Check` is one suite with the DataFrame it validates (read from DuckDB by the suite's module). `run_checks`
validates them in one ephemeral GX context (the suites live in code, not in a GX project folder) and, when
given a folder, builds the Data Docs HTML site there (`<folder>/index.html`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from cdp.quality import load_great_expectations

ROOT = Path(__file__).resolve().parents[2]
# Data Docs: reports/gx/<scope>/index.html unless CDP_GX_DOCS_DIR names another folder.
DEFAULT_DOCS_DIR = ROOT / "reports" / "gx"


def docs_dir(scope: str) -> Path:
    return Path(os.environ.get("CDP_GX_DOCS_DIR", DEFAULT_DOCS_DIR)) / scope


@dataclass(frozen=True)
class Check:
    """One suite: its name (`<scope>.<subject>`), the expectations (built by `expectations()`, GX objects),
    the asset it guards (Dagster key path) and the DataFrame it validates, or a function that reads it
    when the suite runs (so a run holds one large table at a time)."""

    name: str
    asset: tuple[str, ...]
    data: pd.DataFrame | Callable[[], pd.DataFrame]
    expectations: Callable[[], list[Any]]
    description: str = ""


@dataclass
class Failure:
    expectation: str
    column: str | None
    observed: Any


@dataclass
class SuiteResult:
    name: str
    asset: tuple[str, ...]
    success: bool
    evaluated: int
    successful: int
    rows: int
    failures: list[Failure] = field(default_factory=list)

    def summary(self) -> str:
        if self.success:
            return f"{self.name}: {self.successful}/{self.evaluated} expectations met ({self.rows:,} rows)"
        failed = "; ".join(
            f"{f.expectation}({f.column or ''}) observed {f.observed}" for f in self.failures[:10]
        )
        return f"{self.name}: {len(self.failures)} of {self.evaluated} expectations failed: {failed}"


def _observed(result: dict) -> Any:
    if result.get("observed_value") is not None:
        return result["observed_value"]
    if result.get("unexpected_count") is not None:
        sample = list(result.get("partial_unexpected_list") or [])[:5]
        share = result.get("unexpected_percent") or 0
        return f"{result['unexpected_count']} unexpected ({share:.2f} %) e.g. {sample}"
    return result


def _context(docs: Path | None):
    gx = load_great_expectations()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    for site in list(context.list_data_docs_sites()):
        context.delete_data_docs_site(site)
    if docs is not None:
        context.add_data_docs_site(
            "cdp",
            {
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
    return context


def run_checks(checks: Sequence[Check], docs: Path | None = None) -> list[SuiteResult]:
    """Validate every check's DataFrame with its suite; build Data Docs in `docs` when given."""
    gx = load_great_expectations()

    context = _context(docs)
    source = context.data_sources.add_pandas("cdp")
    results: list[SuiteResult] = []
    for check in checks:
        batch = source.add_dataframe_asset(check.name).add_batch_definition_whole_dataframe("all")
        suite = gx.ExpectationSuite(name=check.name, meta={"asset": "/".join(check.asset)})
        suite = context.suites.add(suite)
        for expectation in check.expectations():
            suite.add_expectation(expectation)
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=check.name, data=batch, suite=suite)
        )
        frame = check.data() if callable(check.data) else check.data
        outcome = definition.run(batch_parameters={"dataframe": frame}, result_format="SUMMARY")
        failures = [
            Failure(
                expectation=r.expectation_config.type,
                column=r.expectation_config.kwargs.get("column")
                or ",".join(r.expectation_config.kwargs.get("column_list") or [])
                or None,
                observed=_observed(r.result),
            )
            for r in outcome.results
            if not r.success
        ]
        results.append(
            SuiteResult(
                name=check.name,
                asset=check.asset,
                success=bool(outcome.success),
                evaluated=outcome.statistics["evaluated_expectations"],
                successful=outcome.statistics["successful_expectations"],
                rows=len(frame),
                failures=failures,
            )
        )
        del frame, outcome
    if docs is not None:
        docs.mkdir(parents=True, exist_ok=True)
        context.build_data_docs(site_names=["cdp"])
    return results


def all_passed(results: Iterable[SuiteResult]) -> bool:
    return all(result.success for result in results)

"""A bad trait declaration stops dbt before anything runs, with a sentence that says what to fix.

Each case runs dbt with var customer_traits replaced on the command line: `dbt parse` for what the
declaration alone shows, `dbt compile` of customer_traits for a column the source model does not have
(checked against the model's documented columns, known once the graph is built).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import support

CASES = {
    "unknown_aggregation": (
        "parse",
        {
            "name": "x",
            "source": "fct_orders",
            "aggregation": "median",
            "column": "net_amount_vnd",
            "description": "d",
        },
        "trait 'x' has unknown aggregation 'median'; use one of count, sum, avg, min, max, count_distinct, "
        "recency_days, first_value, last_value, most_frequent.",
    ),
    "unknown_column": (
        "compile",
        {"name": "x", "source": "fct_orders", "aggregation": "sum", "column": "net_vnd", "description": "d"},
        "trait 'x' reads unknown column 'net_vnd' of fct_orders; use one of its columns: order_key,",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_trait_fails_at_compile_time(case: str, tmp_path: Path) -> None:
    command, trait, message = CASES[case]
    selection = ["--select", "customer_traits"] if command == "compile" else []
    run = support.run_dbt(
        tmp_path / "unused.duckdb",
        tmp_path,
        command,
        "--no-partial-parse",
        *selection,
        "--vars",
        json.dumps({"customer_traits": [trait]}),
    )
    assert run.returncode != 0
    assert message in " ".join(run.output.split()), run.output[-2000:]

"""Settings every entry point shares (`make run`, `make report`, the benchmarks, Dagster).

CDP_DBT_VARS: dbt vars as a JSON mapping, passed to every dbt command the project runs (contract §3),
e.g. CDP_DBT_VARS='{"clv_calibration_end_date": "1997-09-30"}'.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping


class SettingsError(ValueError):
    """A setting that cannot be used, with a sentence that says what to fix."""


def dbt_vars(environ: Mapping[str, str] | None = None) -> dict[str, object]:
    """The dbt vars of CDP_DBT_VARS (empty when unset or blank)."""
    text = (os.environ if environ is None else environ).get("CDP_DBT_VARS", "").strip()
    if not text:
        return {}
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as error:
        raise SettingsError(
            f"CDP_DBT_VARS is not valid JSON ({error.msg} at character {error.pos}): give a JSON object, "
            """e.g. CDP_DBT_VARS='{"clv_calibration_end_date": "1997-09-30"}'"""
        ) from None
    if not isinstance(parsed, dict):
        raise SettingsError(
            f"CDP_DBT_VARS must be a JSON object mapping var names to values, not {type(parsed).__name__}: "
            """e.g. CDP_DBT_VARS='{"clv_horizon_months": 24}'"""
        )
    return parsed


def dbt_vars_args(environ: Mapping[str, str] | None = None) -> list[str]:
    """`--vars <json>` for a dbt command line when CDP_DBT_VARS sets any, else nothing."""
    values = dbt_vars(environ)
    return ["--vars", json.dumps(values)] if values else []

"""CDP_DBT_VARS: a JSON mapping of dbt vars passed to every dbt command (contract §3)."""

from __future__ import annotations

import json

import pytest

from cdp.settings import SettingsError, dbt_vars, dbt_vars_args


def test_unset_or_blank_gives_no_vars() -> None:
    assert dbt_vars({}) == {}
    assert dbt_vars_args({"CDP_DBT_VARS": "  "}) == []


def test_a_mapping_becomes_one_vars_argument() -> None:
    setting = '{"clv_calibration_end_date": "1997-09-30", "clv_horizon_months": 24}'
    args = dbt_vars_args({"CDP_DBT_VARS": setting})
    assert args[0] == "--vars"
    assert json.loads(args[1]) == {"clv_calibration_end_date": "1997-09-30", "clv_horizon_months": 24}


def test_invalid_json_says_what_to_give() -> None:
    with pytest.raises(SettingsError, match="not valid JSON.*give a JSON object"):
        dbt_vars({"CDP_DBT_VARS": "clv_calibration_end_date=1997-09-30"})


def test_a_list_is_refused() -> None:
    with pytest.raises(SettingsError, match="must be a JSON object.*not list"):
        dbt_vars({"CDP_DBT_VARS": '["clv_calibration_end_date"]'})


def test_make_run_rebuilds_staging_in_full_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    from cdp.pipeline import pipeline_dbt_vars

    monkeypatch.delenv("CDP_DBT_VARS", raising=False)
    assert pipeline_dbt_vars() == {"staging_incremental": False}
    monkeypatch.setenv("CDP_DBT_VARS", '{"staging_incremental": true, "clv_horizon_months": 24}')
    assert pipeline_dbt_vars() == {"staging_incremental": True, "clv_horizon_months": 24}

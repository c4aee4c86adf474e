"""The build benchmark's bookkeeping: which layer a model belongs to, and each layer's share; the Spark
engine's settings."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from cdp.bench.build import (
    clv_vars,
    layer_of,
    layer_seconds,
    layer_wall_seconds,
    main,
    model_times_from_log,
    sampled_peak_mb,
    spark_env,
)
from cdp.bench.identity import StepResult

# The models of the hand-worked examples below and their layers.
MODEL_LAYERS = {
    "stg_a": "staging",
    "stg_b": "staging",
    "int_identity_clusters": "identity",
    "dim_customers": "marts",
}


@pytest.mark.parametrize(
    ("path", "layer"),
    [
        ("models/staging/crm/stg_crm__contacts.sql", "staging"),
        ("models/staging/crm/base/base_crm__contacts.sql", "staging"),
        ("models/intermediate/identity/int_identity_clusters.sql", "identity"),
        ("models/marts/identity/customer_identity_map.sql", "identity"),
        ("models/intermediate/orders/int_orders_unioned.sql", "marts"),
        ("models/marts/core/dim_customers.sql", "marts"),
        ("models/marts/metrics/metrics_csat.sql", "marts"),
        ("models/intermediate/traits/int_customer_intent_scored.sql", "traits"),
        ("models/marts/traits/customer_traits.sql", "traits"),
        ("models/marts/activation/audience_members.sql", "activation"),
        ("models/marts/masked/dim_customers_masked.sql", "activation"),
        ("models/marts/serve/customer_identifier_lookup.sql", "activation"),
        ("models/intermediate/privacy/int_erasure_identifiers_unioned.sql", "privacy"),
        ("models/marts/privacy/erasure_suppression_list.sql", "privacy"),
        ("models/marts/core/customer_consent.sql", "marts"),
    ],
)
def test_layer_of(path: str, layer: str) -> None:
    assert layer_of(path) == layer


def test_layer_seconds() -> None:
    times = {"stg_a": 1.0, "stg_b": 3.0, "int_identity_clusters": 4.0, "dim_customers": 2.0}
    figures = layer_seconds(times, MODEL_LAYERS)
    # 10 s in all: staging 4 s (40 %), identity 4 s (40 %), marts 2 s (20 %)
    assert figures["staging"] == {
        "models": 2,
        "seconds": 4.0,
        "share": 0.4,
        "slowest": "stg_b",
        "slowest_s": 3.0,
    }
    assert figures["identity"]["share"] == 0.4
    assert figures["marts"] == {
        "models": 1,
        "seconds": 2.0,
        "share": 0.2,
        "slowest": "dim_customers",
        "slowest_s": 2.0,
    }


def test_layer_wall_seconds_splits_each_instant_between_the_models_running() -> None:
    # stg_a runs 0-4 s alone for 0-2 and beside stg_b for 2-4; stg_b runs 2-6 (alone 4-6);
    # int_identity_clusters 6-9 alone; dim_customers 9-10 alone.
    intervals = [
        (0.0, 4.0, "stg_a"),
        (2.0, 6.0, "stg_b"),
        (6.0, 9.0, "int_identity_clusters"),
        (9.0, 10.0, "dim_customers"),
    ]
    figures = layer_wall_seconds(intervals, MODEL_LAYERS)
    # staging: 0-2 (2 s) + 2-4 shared by two staging models (1 + 1 s) + 4-6 (2 s) = 6 s of 10
    assert figures["staging"] == {"wall_seconds": 6.0, "wall_share": 0.6}
    assert figures["identity"] == {"wall_seconds": 3.0, "wall_share": 0.3}
    assert figures["marts"] == {"wall_seconds": 1.0, "wall_share": 0.1}
    assert figures["traits"] == {"wall_seconds": 0.0, "wall_share": 0.0}


def test_layer_wall_seconds_of_two_layers_side_by_side() -> None:
    # a staging model 0-2 beside a marts model 1-3: 0-1 staging alone, 1-2 half each, 2-3 marts alone
    figures = layer_wall_seconds([(0.0, 2.0, "stg_a"), (1.0, 3.0, "dim_customers")], MODEL_LAYERS)
    assert figures["staging"] == {"wall_seconds": 1.5, "wall_share": 0.5}
    assert figures["marts"] == {"wall_seconds": 1.5, "wall_share": 0.5}


def test_clv_vars_pin_the_parameters_as_cdp_clv_fit_prints_them(tmp_path: Path) -> None:
    parameters = {"r": 0.24, "alpha": 4.41, "a": 0.79, "b": 2.43, "p": 6.25, "q": 3.74, "v": 15.44}
    printed = tmp_path / "printed.json"
    printed.write_text(json.dumps({"clv_parameters": parameters}), encoding="utf-8")
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(parameters), encoding="utf-8")
    expected = ["--vars", json.dumps({"clv_parameters": parameters})]
    assert clv_vars(printed) == expected
    assert clv_vars(bare) == expected
    assert clv_vars(None) == []


def test_spark_env_keeps_the_warehouse_in_the_size_folder(tmp_path: Path) -> None:
    assert spark_env(tmp_path / "people_10") == {
        "CDP_TARGET": "spark",
        "CDP_SPARK_DIR": str(tmp_path / "people_10" / "spark"),
    }


def test_sampled_peak_is_the_highest_sample() -> None:
    step = StepResult("run", 3.0, 100.0, 0, memory_samples=[(1.0, 500.0), (2.0, 2500.0), (3.0, 900.0)])
    assert sampled_peak_mb(step) == 2500.0
    assert sampled_peak_mb(StepResult("run", 3.0, 100.0, 0)) is None


def test_spark_needs_the_clv_parameters(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--engine", "spark", "--people", "10"])
    assert "--clv-parameters" in capsys.readouterr().err


def test_model_times_from_the_log_of_a_stopped_run_across_midnight() -> None:
    # dbt's console output, colour codes included; stg_b finished after midnight, int_x never finished.
    log = (
        "\x1b[0m23:59:50  1 of 3 START sql table model staging.stg_a ........ [RUN]\n"
        "\x1b[0m23:59:58  1 of 3 OK created sql table model staging.stg_a ... [\x1b[32mOK\x1b[0m in 7.50s]\n"
        "\x1b[0m23:59:58  2 of 3 START sql view model staging.stg_b ........ [RUN]\n"
        "[Stage 3:>  (0 + 2) / 2]\n"
        "\x1b[0m00:00:04  2 of 3 OK created sql view model staging.stg_b .... [\x1b[32mOK\x1b[0m in 5.25s]\n"
        "\x1b[0m00:00:04  3 of 3 START sql table model intermediate.int_x ... [RUN]\n"
    )
    day = datetime(2026, 12, 1, 23, 59, 49)
    times, intervals = model_times_from_log(log, day)
    assert times == {"stg_a": 7.5, "stg_b": 5.25}
    at = lambda *hms: datetime(2026, 12, *hms).timestamp()  # noqa: E731
    assert intervals == [
        (at(1, 23, 59, 50), at(1, 23, 59, 58), "stg_a"),
        (at(1, 23, 59, 58), at(2, 0, 0, 4), "stg_b"),
    ]

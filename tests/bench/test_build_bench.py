"""The build benchmark's bookkeeping: which layer a model belongs to, and each layer's share."""

from __future__ import annotations

import pytest

from cdp.bench.build import layer_of, layer_seconds


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
    ],
)
def test_layer_of(path: str, layer: str) -> None:
    assert layer_of(path) == layer


def test_layer_seconds() -> None:
    times = {"stg_a": 1.0, "stg_b": 3.0, "int_identity_clusters": 4.0, "dim_customers": 2.0}
    layers = {
        "stg_a": "staging",
        "stg_b": "staging",
        "int_identity_clusters": "identity",
        "dim_customers": "marts",
    }
    figures = layer_seconds(times, layers)
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

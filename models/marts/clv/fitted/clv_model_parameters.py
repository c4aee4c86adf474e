"""clv_model_parameters on DuckDB: the BG/NBD and Gamma-Gamma parameters fitted by maximum likelihood
to int_clv_customer_summaries by cdp.clv (tested there, CDNOW reproduced), or pinned by var
clv_parameters (passed in as JSON by the model's meta clv_parameters_json); refitted with var
clv_fallback_penalizer when the likelihood has no interior maximum. One row.
PostgreSQL and Spark run no Python models: models/marts/clv/pinned/clv_model_parameters.sql."""

import json
from datetime import UTC, datetime

import pandas as pd

from cdp.clv import model_parameters


def model(dbt, session):
    summaries = dbt.ref("int_clv_customer_summaries").df()
    meta = dbt.config.get("meta") or {}
    pinned = json.loads(meta.get("clv_parameters_json") or "{}") or None
    penalizer = float(meta.get("clv_fallback_penalizer") or 0)
    row = model_parameters(summaries, pinned, fallback_penalizer=penalizer)
    row["fitted_at"] = datetime.now(UTC).replace(tzinfo=None)
    return pd.DataFrame([row])

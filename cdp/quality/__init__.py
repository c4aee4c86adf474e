"""Data quality with Great Expectations 1.x: the suites (in code, versioned), run on pandas DataFrames
read from the DuckDB warehouse (GX's SQL data source fails every expectation on DuckDB).

- `cdp.quality.raw`: one suite per raw contract table (schema, required columns, key uniqueness, value
  sets, row count within a band of the previous validated load).
- `cdp.quality.marts`: the marts' promises (customer_id unique and stable across runs, no order without a
  customer, CLV >= 0, consent purposes valid, audience members only with consent).
- `cdp.quality.runner`: runs suites, writes Data Docs HTML, keeps the state the next run compares with.
- `python -m cdp.quality` (`make validate`): both, without Dagster; exit code 1 when an expectation fails.

Dagster runs the same suites as blocking asset checks (orchestration/assets/quality.py).
"""

"""The assets: the raw tables (raw.py) and the dbt seeds and models with their tests as checks (dbt.py)."""

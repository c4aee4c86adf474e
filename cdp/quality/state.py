"""What a validation remembers for the next one, kept beside the warehouse it validated:
`<database folder>/quality/<database name>/` holds `raw_row_counts.json` (each raw table's row count at
the last load that passed its suite) and `customer_ids.parquet` (dim_customers' ids at the last run whose
marts passed). A warehouse of its own (a test's, another target file) has state of its own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd


def state_dir(database: Path) -> Path:
    database = Path(database)
    return database.parent / "quality" / database.stem


def read_row_counts(database: Path) -> dict[str, int]:
    path = state_dir(database) / "raw_row_counts.json"
    if not path.is_file():
        return {}
    return {table: int(rows) for table, rows in json.loads(path.read_text(encoding="utf-8")).items()}


def write_row_counts(database: Path, counts: dict[str, int]) -> None:
    """Merge `counts` into the remembered row counts (tables not named keep theirs)."""
    path = state_dir(database) / "raw_row_counts.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    merged = {**read_row_counts(database), **counts}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)


def read_customer_ids(database: Path) -> pd.Series | None:
    path = state_dir(database) / "customer_ids.parquet"
    if not path.is_file():
        return None
    return pd.read_parquet(path)["customer_id"]


def write_customer_ids(database: Path, ids: pd.Series) -> None:
    path = state_dir(database) / "customer_ids.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    pd.DataFrame({"customer_id": ids.astype("string")}).to_parquet(tmp, index=False)
    tmp.replace(path)

"""Load a folder of raw files (contract §1) into the DuckDB warehouse's raw schema.

Every table must be present as `<table>.parquet` or `<table>.csv`; every column is stored as text
(VARCHAR) exactly as delivered, so staging owns all parsing. A missing, unreadable or incomplete file
stops the load with an error that names it. Tables are replaced atomically in one transaction.

    python -m cdp.raw_loader --raw-dir data/demo/raw --database warehouse/cdp.duckdb
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from cdp.contract import RAW_TABLES


class RawDataError(RuntimeError):
    """A raw file is missing, unreadable or does not follow the contract."""


def find_raw_file(raw_dir: Path, table: str) -> Path:
    candidates = [raw_dir / f"{table}.parquet", raw_dir / f"{table}.csv"]
    found = [path for path in candidates if path.is_file()]
    if not found:
        raise RawDataError(
            f"missing raw file for table '{table}': expected {candidates[0]} or {candidates[1]}"
        )
    if len(found) > 1:
        raise RawDataError(f"both {found[0]} and {found[1]} exist for table '{table}': keep one")
    return found[0]


def _reader_sql(path: Path) -> str:
    quoted = "'" + str(path).replace("'", "''") + "'"
    if path.suffix == ".parquet":
        return f"read_parquet({quoted})"
    return (
        f"read_csv({quoted}, header = true, all_varchar = true, delim = ',', quote = '\"', "
        "escape = '\"', strict_mode = false, null_padding = true)"
    )


def load_raw_dir(raw_dir: Path, database: Path, schema: str = "raw") -> dict[str, int]:
    """Replace `<schema>.<table>` for every contract table; return row counts per table."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise RawDataError(f"raw data folder {raw_dir} does not exist")
    files = {table: find_raw_file(raw_dir, table) for table in RAW_TABLES}
    database = Path(database)
    database.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    con = duckdb.connect(str(database))
    try:
        con.execute("begin transaction")
        con.execute(f'create schema if not exists "{schema}"')
        for table, path in files.items():
            try:
                columns = [
                    row[0] for row in con.execute(f"describe select * from {_reader_sql(path)}").fetchall()
                ]
            except duckdb.Error as error:
                raise RawDataError(f"cannot read raw file {path}: {error}") from error
            missing = [column for column in RAW_TABLES[table] if column not in columns]
            if missing:
                raise RawDataError(f"raw file {path} lacks contract column(s) {', '.join(missing)}")
            # Contract columns first, in contract order, as text; extra columns are kept after them.
            ordered = list(RAW_TABLES[table]) + [c for c in columns if c not in RAW_TABLES[table]]
            select_list = ", ".join(f'cast("{c}" as varchar) as "{c}"' for c in ordered if c != "_loaded_at")
            # When the extract-load tool stamps rows, keep its time; else stamp the load itself.
            loaded_at = "_loaded_at" if "_loaded_at" in columns else "current_timestamp"
            select_list += f", cast(timezone('UTC', {loaded_at}) as timestamp) as _loaded_at"
            try:
                con.execute(
                    f'create or replace table "{schema}"."{table}" as '
                    f"select {select_list} from {_reader_sql(path)}"
                )
            except duckdb.Error as error:
                raise RawDataError(f"cannot load raw file {path}: {error}") from error
            counts[table] = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        con.close()
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw-dir", required=True, type=Path)
    parser.add_argument("--database", required=True, type=Path)
    parser.add_argument("--schema", default="raw")
    args = parser.parse_args(argv)
    try:
        counts = load_raw_dir(args.raw_dir, args.database, args.schema)
    except RawDataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    width = max(len(t) for t in counts)
    print(f"loaded {len(counts)} raw tables from {args.raw_dir} into {args.database} ({args.schema}):")
    for table, rows in counts.items():
        print(f"  {table:<{width}}  {rows:>10,} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())

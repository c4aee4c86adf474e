"""Deterministic file writers: the same data always gives byte-identical files."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .config import TABLES

PARQUET_OPTIONS = dict(
    compression="zstd",
    compression_level=1,
    use_dictionary=True,
    write_statistics=True,
    version="2.6",
    data_page_version="1.0",
    store_schema=True,
    write_page_index=False,
)
ROW_GROUP_SIZE = 262_144


def string_schema(columns) -> pa.Schema:
    return pa.schema([pa.field(c, pa.string(), nullable=True) for c in columns])


class TableWriter:
    """Appends blocks of rows to one parquet or CSV file."""

    def __init__(self, path: Path, schema: pa.Schema, fmt: str):
        self.path, self.schema, self.fmt = path, schema, fmt
        if fmt == "parquet":
            self._w = pq.ParquetWriter(str(path), schema, **PARQUET_OPTIONS)
        elif fmt == "csv":
            self._w = pacsv.CSVWriter(
                str(path),
                schema,
                write_options=pacsv.WriteOptions(include_header=True, quoting_style="needed"),
            )
        else:
            raise ValueError(f"unknown format {fmt!r}; use parquet or csv")

    def write(self, table: pa.Table) -> None:
        table = table.select(self.schema.names).cast(self.schema)
        if self.fmt == "parquet":
            self._w.write_table(table, row_group_size=ROW_GROUP_SIZE)
        else:
            self._w.write_table(table)

    def close(self) -> None:
        self._w.close()


class RawWriter:
    """One writer per raw table; tables that received no rows still get a header-only file."""

    def __init__(self, out_dir: Path, fmt: str):
        self.out_dir, self.fmt = Path(out_dir), fmt
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.writers: dict[str, TableWriter] = {}
        other = "csv" if fmt == "parquet" else "parquet"
        for t in TABLES:  # a stale file of the other format would make the folder ambiguous
            stale = self.out_dir / f"{t}.{other}"
            if stale.exists():
                stale.unlink()
        for t, cols in TABLES.items():
            self.writers[t] = TableWriter(self.out_dir / f"{t}.{fmt}", string_schema(cols), fmt)

    def write(self, table: str, data: pa.Table) -> None:
        self.writers[table].write(data)

    def close(self) -> None:
        for w in self.writers.values():
            w.close()


def write_parquet(path: Path, table: pa.Table) -> None:
    pq.write_table(table, str(path), row_group_size=ROW_GROUP_SIZE, **PARQUET_OPTIONS)


def write_json(path: Path, data: dict) -> None:
    Path(path).write_text(
        json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )

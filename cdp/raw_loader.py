"""Load a folder of raw files (contract §1) into the raw schema of the warehouse: the embedded DuckDB
file, a PostgreSQL database, or Spark.

Every table must be present as `<table>.parquet` or `<table>.csv`; every column is stored as text
(VARCHAR) exactly as delivered, so staging owns all parsing. A missing, unreadable or incomplete file
stops the load with an error that names it. Tables are replaced atomically in one transaction.

A CSV line with more or fewer fields than the header (an unquoted comma in a URL, a field lost) cannot
be read into the columns without shifting its values into the wrong ones: it is set aside in
`<schema>.rejected_rows` (source_table, rejection too_many_fields or too_few_fields, raw_line: its fields
written back as CSV, _loaded_at), and staging keeps it in the quarantine (`stg_quarantine__rows`, reason
`wrong_field_count`). Any other unreadable line (not UTF-8, a quote opened and not closed) stops the load
with an error naming the file. A quoted value holding a line break is refused too (DuckDB's parallel CSV
scanner with null padding): deliver such a table as parquet (docs/engines.md).

Both engines read the files with the same DuckDB reader, so a raw folder lands as the same text on
either. PostgreSQL gets each table through COPY (CSV written by DuckDB: a null stays null, an empty
string stays empty) over psycopg2, installed by the `postgres` extra.

Spark (dbt-spark's session method) reads the files itself: they are handed to the dbt macro
`load_raw_files`, run by `dbt run-operation` with the profile's Spark settings, which reads and checks
every file before any table is replaced and sets aside a CSV line with a wrong field count in the same
`rejected_rows` table, read by Spark's own CSV reader (docs/engines.md).

    python -m cdp.raw_loader --raw-dir data/demo/raw --database warehouse/cdp.duckdb
    python -m cdp.raw_loader --raw-dir data/demo/raw --postgres   # connection from CDP_PG_* (profiles.yml)
    python -m cdp.raw_loader --raw-dir data/demo/raw --target spark   # settings from profiles.yml
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Collection, Mapping
from pathlib import Path

import duckdb

from cdp.contract import RAW_TABLES

PROJECT_DIR = Path(__file__).resolve().parents[1]


class RawDataError(RuntimeError):
    """A raw file is missing, unreadable or does not follow the contract."""


# The loader's table of CSV lines set aside, beside the contract's tables in the raw schema.
REJECTED_ROWS = "rejected_rows"
# A CSV is read with its header's columns and EXTRA_FIELDS more, every empty field as '' (NO_NULL: no
# field reads as null), so that a line with more fields than the header fills an extra one and a line
# with fewer leaves its header's last column null (null_padding): FIELD_COUNT tells the two apart from a
# line that fits, and LINE is such a line's fields written back as CSV (a line of more than eight extra
# fields keeps its first eight).
EXTRA_FIELDS = tuple(f"_cdp_extra_field_{n}" for n in range(1, 9))
NO_NULL = "<cdp: no field is null>"
FIELD_COUNT = "_cdp_field_count"
LINE = "_cdp_line"


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


def find_raw_files(raw_dir: Path) -> dict[str, Path]:
    """The file of every contract table, or an error naming the first one missing."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise RawDataError(f"raw data folder {raw_dir} does not exist")
    return {table: find_raw_file(raw_dir, table) for table in RAW_TABLES}


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def csv_header(path: Path) -> list[str]:
    """The column names of a CSV file's header row, as DuckDB's sniffer read them before (the loader
    read CSVs with it until 2026-12-06): RFC 4180 quoting, a UTF-8 byte order mark ignored, spaces
    around a name trimmed, an empty name (a trailing comma) `column<position>`, a repeated name
    `<name>_<n>`."""
    with path.open("rb") as handle:
        first_line = handle.readline()
    lines = first_line.splitlines()
    try:
        cells = next(csv.reader([lines[0].decode("utf-8-sig")]), []) if lines else []
    except (UnicodeDecodeError, csv.Error) as error:
        raise RawDataError(f"cannot read raw file {path}: its header row: {error}") from error
    if not any(cell.strip() for cell in cells):
        raise RawDataError(f"raw file {path}: its first line is empty; a CSV file starts with its header row")
    header: list[str] = []
    for position, cell in enumerate(cells):
        name = cell.strip() or f"column{position}"
        if '"' in name:
            raise RawDataError(f"raw file {path}: header name {name!r} holds a double quote")
        unique, n = name, 0
        while unique in header or unique in EXTRA_FIELDS:
            n += 1
            unique = f"{name}_{n}"
        header.append(unique)
    return header


def _csv_fields_sql(path: Path) -> tuple[str, list[str]]:
    """DuckDB's reading of a CSV file with its header's columns and EXTRA_FIELDS, all text, empty fields
    '' (not sniffed: a sniffer guesses the columns from the lines, bad ones included); and the header."""
    header = csv_header(path)
    columns = ", ".join(f"{_sql_text(name)}: 'VARCHAR'" for name in (*header, *EXTRA_FIELDS))
    return (
        f"read_csv({_sql_text(str(path))}, auto_detect = false, header = true, columns = {{{columns}}}, "
        f"delim = ',', quote = '\"', escape = '\"', strict_mode = false, null_padding = true, "
        f"nullstr = {_sql_text(NO_NULL)})"
    ), header


def _csv_value_sql(column: str) -> str:
    """A column of a CSV read by _csv_fields_sql as delivered: an empty field is null."""
    return f"nullif(\"{column}\", '')"


def _field_count_sql(header: list[str]) -> str:
    """too_many_fields, too_few_fields, or null for a line of a CSV read by _csv_fields_sql that fits."""
    return (
        f"case when \"{EXTRA_FIELDS[0]}\" is not null then 'too_many_fields' "
        f"when \"{header[-1]}\" is null then 'too_few_fields' end"
    )


def _line_sql(header: list[str]) -> str:
    """A line of a CSV read by _csv_fields_sql written back as CSV: its fields joined by commas, quoted
    where they hold a comma or a quote, the padding of a short line and the unused extra fields left out."""
    fields = [
        f'case when contains("{c}", \',\') or contains("{c}", \'"\') '
        f'then \'"\' || replace("{c}", \'"\', \'""\') || \'"\' else "{c}" end'
        for c in (*header, *EXTRA_FIELDS)
    ]
    return f"concat_ws(',', {', '.join(fields)})"


def reader_sql(path: Path) -> str:
    """The DuckDB relation of one raw file's rows, every column text as delivered (an empty CSV field is
    null): parquet, or the lines of a CSV that split into its header's fields."""
    if path.suffix == ".parquet":
        return f"read_parquet({_sql_text(str(path))})"
    fields, header = _csv_fields_sql(path)
    columns = ", ".join(f'{_csv_value_sql(c)} as "{c}"' for c in header)
    return f"(select {columns} from {fields} where ({_field_count_sql(header)}) is null)"


def contract_columns_delivered(table: str, columns: list[str]) -> dict[str, str | None]:
    """Each contract column of `table` -> the file's column that delivers it: the same name, else the
    same name in another letter case ('Contact_ID', as some exports capitalise headers); None if none."""
    by_case = {}
    for column in columns:
        by_case.setdefault(column.casefold(), column)
    return {column: by_case.get(column.casefold()) for column in RAW_TABLES[table]} | {
        column: column for column in RAW_TABLES[table] if column in columns
    }


def _separator_hint(table: str, columns: list[str]) -> str:
    """When a CSV's header reads as one column that another separator would split into contract columns
    (a spreadsheet saved as CSV where the list separator is ';', as on Windows set to Vietnamese, or a
    tab-separated export), a sentence saying so; '' otherwise."""
    if len(columns) != 1:
        return ""
    for separator, name in ((";", "';'"), ("\t", "tabs"), ("|", "'|'")):
        names = {cell.strip().casefold() for cell in columns[0].split(separator)}
        if len(names) > 1 and names & {column.casefold() for column in RAW_TABLES[table]}:
            return (
                f"; its header is separated by {name}, the contract's CSV files by commas: save it with "
                "',' as the separator (or as Parquet)"
            )
    return ""


def _contract_select(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> str:
    """The DuckDB query that reads one raw file as the contract's text columns (contract columns first,
    in contract order, whatever the letter case of the file's header; extra columns after them),
    `_loaded_at`, and for a CSV FIELD_COUNT and LINE (null for a line that fits)."""
    if path.suffix == ".csv":
        relation, columns = _csv_fields_sql(path)
    else:
        relation = reader_sql(path)
        try:
            columns = [row[0] for row in con.execute(f"describe select * from {relation}").fetchall()]
        except duckdb.Error as error:
            raise RawDataError(f"cannot read raw file {path}: {error}") from error
    delivered = contract_columns_delivered(table, columns)
    missing = [column for column, name in delivered.items() if name is None]
    if missing:
        raise RawDataError(
            f"raw file {path} lacks contract column(s) {', '.join(missing)} "
            f"(its columns: {', '.join(columns) or 'none'}){_separator_hint(table, columns)}"
        )
    extra = [c for c in columns if c not in delivered.values() and c != "_loaded_at"]
    value = _csv_value_sql if path.suffix == ".csv" else (lambda c: f'"{c}"')
    select_list = ", ".join(
        [f'cast({value(name)} as varchar) as "{column}"' for column, name in delivered.items()]
        + [f'cast({value(c)} as varchar) as "{c}"' for c in extra]
    )
    # When the extract-load tool stamps rows, keep its time; else stamp the load itself.
    loaded_at = "_loaded_at" if "_loaded_at" in columns else "current_timestamp"
    select_list += f", cast(timezone('UTC', {loaded_at}) as timestamp) as _loaded_at"
    if path.suffix == ".csv":
        field_count = _field_count_sql(columns)
        select_list += f", {field_count} as {FIELD_COUNT}"
        select_list += f", case when ({field_count}) is not null then {_line_sql(columns)} end as {LINE}"
    return f"select {select_list} from {relation}"


def _load_checked(
    con: duckdb.DuckDBPyConnection, table: str, path: Path, relation: str
) -> list[tuple[str, str]]:
    """Replace `relation` with the rows of one raw file (_contract_select); a CSV line that does not
    split into the header's fields is taken out and returned as (too_many_fields | too_few_fields, the
    line written back as CSV)."""
    try:
        con.execute(f"create or replace table {relation} as {_contract_select(con, table, path)}")
    except duckdb.Error as error:
        raise RawDataError(f"cannot load raw file {path}: {error}") from error
    if path.suffix != ".csv":
        return []
    rejected = con.execute(
        f"select {FIELD_COUNT}, {LINE} from {relation} where {FIELD_COUNT} is not null"
    ).fetchall()
    for _, line in rejected:
        # One "line" over several: a quote opened and never closed took in the lines after it.
        if "\n" in line or "\r" in line:
            raise RawDataError(
                f"cannot load raw file {path}: a quote is opened and not closed before the line break after "
                f"{line.splitlines()[0][:200]!r}"
            )
    if rejected:
        con.execute(f"delete from {relation} where {FIELD_COUNT} is not null")
    con.execute(f"alter table {relation} drop column {FIELD_COUNT}")
    con.execute(f"alter table {relation} drop column {LINE}")
    return rejected


def load_raw_dir(
    raw_dir: Path, database: Path, schema: str = "raw", tables: Collection[str] | None = None
) -> dict[str, int]:
    """Replace `<schema>.<table>` for every contract table (or those of `tables`, in one transaction);
    return row counts per table."""
    files = find_raw_files(raw_dir)
    if tables is not None:
        unknown = set(tables) - set(files)
        if unknown:
            raise RawDataError(f"not tables of the contract: {', '.join(sorted(unknown))}")
        files = {table: path for table, path in files.items() if table in tables}
    database = Path(database)
    database.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    con = duckdb.connect(str(database))
    try:
        # A raw table is a set of rows: nothing reads their order (staging ranks repeated deliveries by
        # their values). Left free to write them in any order, DuckDB reads and writes the files on
        # every thread: the 1M-people folder (25.1M rows, parquet) loaded in 19.7 s wall, 36.7 CPU s and
        # 1.4 GB against 31.0 s, 54.0 CPU s and 3.4 GB in file order.
        con.execute("set preserve_insertion_order = false")
        con.execute("begin transaction")
        con.execute(f'create schema if not exists "{schema}"')
        rejected: list[tuple[str, str, str]] = []
        for table, path in files.items():
            relation = f'"{schema}"."{table}"'
            rejected += [(table, *line) for line in _load_checked(con, table, path, relation)]
            counts[table] = con.execute(f"select count(*) from {relation}").fetchone()[0]
        rejected_rows = f'"{schema}"."{REJECTED_ROWS}"'
        con.execute(
            f"create table if not exists {rejected_rows} "
            "(source_table varchar, rejection varchar, raw_line varchar, _loaded_at timestamp)"
        )
        con.execute(f"delete from {rejected_rows} where source_table in (select unnest(?))", [list(files)])
        if rejected:
            stamp = "cast(timezone('UTC', current_timestamp) as timestamp)"
            con.executemany(f"insert into {rejected_rows} values (?, ?, ?, {stamp})", rejected)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        con.close()
    return counts


def postgres_connect_kwargs() -> dict[str, str | int]:
    """psycopg2 connection settings from the CDP_PG_* variables, with profiles.yml's defaults."""
    return {
        "host": os.environ.get("CDP_PG_HOST", "localhost"),
        "port": int(os.environ.get("CDP_PG_PORT", "5432")),
        "user": os.environ.get("CDP_PG_USER", "postgres"),
        "password": os.environ.get("CDP_PG_PASSWORD", ""),
        "dbname": os.environ.get("CDP_PG_DATABASE", "cdp"),
    }


def load_raw_dir_postgres(
    raw_dir: Path, schema: str = "raw", connect_kwargs: dict | None = None
) -> dict[str, int]:
    """Replace `<schema>.<table>` of a PostgreSQL database (CDP_PG_* unless connect_kwargs is given) for
    every contract table, all columns text plus `_loaded_at`; return row counts per table."""
    import psycopg2
    from psycopg2 import sql

    files = find_raw_files(raw_dir)
    counts: dict[str, int] = {}
    reader = duckdb.connect()
    try:
        # One transaction: current_timestamp, the _loaded_at of every table, is its start.
        reader.execute("begin transaction")
        with tempfile.TemporaryDirectory(prefix="cdp_raw_") as scratch:
            exports: dict[str, tuple[Path, list[str]]] = {}
            rejected: list[tuple[str, str, str]] = []
            # Every file is read before the database is touched: a bad file changes nothing.
            for table, path in files.items():
                rejected += [(table, *line) for line in _load_checked(reader, table, path, "loaded")]
                columns = [row[0] for row in reader.execute("describe loaded").fetchall()]
                export = Path(scratch) / f"{table}.csv"
                try:
                    reader.execute(f"copy loaded to {_sql_text(str(export))} (format csv, header false)")
                except duckdb.Error as error:
                    raise RawDataError(f"cannot load raw file {path}: {error}") from error
                reader.execute("drop table loaded")
                exports[table] = (export, columns)
            con = psycopg2.connect(**(connect_kwargs or postgres_connect_kwargs()))
            try:
                with con.cursor() as cursor:
                    cursor.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(schema)))
                    for table, (export, columns) in exports.items():
                        relation = sql.Identifier(schema, table)
                        column_list = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
                        definitions = sql.SQL(", ").join(
                            sql.SQL("{} {}").format(
                                sql.Identifier(c), sql.SQL("timestamp" if c == "_loaded_at" else "text")
                            )
                            for c in columns
                        )
                        cursor.execute(sql.SQL("drop table if exists {}").format(relation))
                        cursor.execute(sql.SQL("create table {} ({})").format(relation, definitions))
                        # newline="": a '\r\n' inside a quoted value reaches the table as delivered
                        # (universal newlines made it '\n').
                        with export.open(encoding="utf-8", newline="") as handle:
                            cursor.copy_expert(
                                sql.SQL("copy {} ({}) from stdin with (format csv)")
                                .format(relation, column_list)
                                .as_string(con),
                                handle,
                            )
                        cursor.execute(sql.SQL("select count(*) from {}").format(relation))
                        counts[table] = cursor.fetchone()[0]
                    rejected_rows = sql.Identifier(schema, REJECTED_ROWS)
                    cursor.execute(
                        sql.SQL(
                            "create table if not exists {} "
                            "(source_table text, rejection text, raw_line text, _loaded_at timestamp)"
                        ).format(rejected_rows)
                    )
                    delete = sql.SQL("delete from {} where source_table = any(%s)").format(rejected_rows)
                    cursor.execute(delete, [list(files)])
                    cursor.executemany(
                        sql.SQL(
                            "insert into {} values (%s, %s, %s, (current_timestamp at time zone 'UTC'))"
                        ).format(rejected_rows),
                        rejected,
                    )
                con.commit()
            except BaseException:
                con.rollback()
                raise
            finally:
                con.close()
    finally:
        reader.close()
    return counts


def raw_files(raw_dir: Path) -> dict[str, dict[str, object]]:
    """Every contract table's file as the `files` argument of the dbt macro load_raw_files."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise RawDataError(f"raw data folder {raw_dir} does not exist")
    files = {}
    for table, columns in RAW_TABLES.items():
        path = find_raw_file(raw_dir, table).resolve()
        files[table] = {"path": str(path), "format": path.suffix.lstrip("."), "columns": list(columns)}
    return files


# Runs one dbt command (its arguments after `dbt`); returns whether it succeeded and what it printed.
DbtInvoke = Callable[[list[str]], tuple[bool, str]]


def dbt_subprocess(env: Mapping[str, str] | None = None, dbt: str | None = None) -> DbtInvoke:
    """A DbtInvoke running the venv's dbt in the project folder; `env` adds to os.environ (profile
    settings such as CDP_SPARK_DIR, DBT_TARGET_PATH, DBT_LOG_PATH)."""
    executable = dbt or str(Path(sys.executable).with_name("dbt"))
    run_env = {"DBT_PROFILES_DIR": str(PROJECT_DIR), **os.environ, **(env or {})}

    def invoke(args: list[str]) -> tuple[bool, str]:
        completed = subprocess.run(
            [executable, *args], cwd=PROJECT_DIR, env=run_env, capture_output=True, text=True, check=False
        )
        return completed.returncode == 0, completed.stdout + completed.stderr

    return invoke


def load_raw_dir_dbt(
    raw_dir: Path, target: str = "spark", schema: str = "raw", invoke: DbtInvoke | None = None
) -> dict[str, int]:
    """Load every contract table through `dbt run-operation load_raw_files` on a dbt target that reads
    files itself (Spark); return row counts per table. `invoke` runs dbt (default: a subprocess)."""
    files = raw_files(raw_dir)
    args = ["run-operation", "load_raw_files", "--target", target]
    args += ["--args", json.dumps({"files": files, "schema": schema})]
    succeeded, output = (invoke or dbt_subprocess())(args)
    if not succeeded:
        errors = [line for line in output.splitlines() if "rror" in line or "raw file" in line]
        details = "\n".join(errors[-20:] or [output[-3000:]])
        raise RawDataError(f"dbt run-operation load_raw_files failed:\n{details}")
    counts = {
        table: int(rows) for table, rows in re.findall(r"loaded raw table \S+?\.(\w+): (\d+) rows", output)
    }
    if set(counts) != set(RAW_TABLES):
        raise RawDataError(f"dbt run-operation load_raw_files did not report every table:\n{output[-3000:]}")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw-dir", required=True, type=Path)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--database", type=Path, help="DuckDB file")
    target.add_argument(
        "--postgres",
        action="store_true",
        help="PostgreSQL database named by CDP_PG_HOST/PORT/USER/PASSWORD/DATABASE",
    )
    target.add_argument("--target", help="dbt target that reads files itself (spark), profiles.yml")
    parser.add_argument("--schema", default="raw")
    args = parser.parse_args(argv)
    try:
        if args.postgres:
            counts = load_raw_dir_postgres(args.raw_dir, args.schema)
            settings = postgres_connect_kwargs()
            where = (
                f"postgresql://{settings['user']}@{settings['host']}:{settings['port']}/{settings['dbname']}"
            )
        elif args.target is not None:
            counts = load_raw_dir_dbt(args.raw_dir, args.target, args.schema)
            where = f"dbt target {args.target}"
        else:
            counts = load_raw_dir(args.raw_dir, args.database, args.schema)
            where = str(args.database)
    except RawDataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    width = max(len(t) for t in counts)
    print(f"loaded {len(counts)} raw tables from {args.raw_dir} into {where} ({args.schema}):")
    for table, rows in counts.items():
        print(f"  {table:<{width}}  {rows:>10,} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())

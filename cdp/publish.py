"""`make publish`: copy the reader-facing marts from the build's DuckDB file into a file of their own for BI
tools and the profile service (docs/bi.md).

DuckDB lets one process write a file while no other process has it open, so a BI tool holding
`warehouse/cdp.duckdb` would make the next build fail, and a build would lock the BI tool out. Readers open
`warehouse/published/cdp_marts.duckdb` instead (read_only=True). After a successful build this module:

1. writes a new DuckDB file in the same folder under a temporary name: every table and view of the
   published schemas (PUBLISHED_SCHEMAS) copied as a table, with its table and column comments (the dbt
   descriptions), the identifier normalisation macros (below) and `published.relations` (one row per
   relation: row count, publication id and time);
2. checkpoints and closes it, then swaps it in with os.replace: atomic on one file system; a reader that
   holds the old file keeps reading the old inode until it reconnects, and a new reader sees the new file.

The identifier normalisation macros: model `identifier_normalization_rules` holds, per identifier type, the
query that dbt renders from the staging macros (email_normalized, email_issue, email_match_key,
phone_candidate, phone_e164, phone_issue, clean_text). Each becomes the table macro
`marts.normalized_identifier_<identifier_type>(identifier)` of the published file (one row: `normalized`,
and `issue`, why a value is unusable), so the service normalises what it is asked with the project's one
rule, never a copy of it.

Optionally (--parquet, CDP_PUBLISH_PARQUET=true) the same relations as Parquet files under
`published/parquet/<publication>/<schema>/<relation>.parquet`, with the symlink `published/parquet/current`
swapped atomically to the new folder (the previous folder is kept for readers still on it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from cdp.pipeline import database_path

# Every schema a BI tool or the profile service reads: the marts (core, identity, consent, metrics, CLV,
# traits, activation, the service's lookup models) and the analysts' masked marts.
PUBLISHED_SCHEMAS = ("marts", "marts_masked")
RULES_RELATION = "identifier_normalization_rules"
SUPPRESSION_RELATION = "erasure_suppression_list"


class PublishError(Exception):
    """Nothing to publish (no build yet) or a build without the published schemas."""


@dataclass(frozen=True)
class Publication:
    path: Path
    publication_id: str
    published_at: datetime
    relations: dict[str, int]
    macros: list[str]
    parquet_dir: Path | None = None


def published_path() -> Path:
    """The published file: CDP_PUBLISHED_PATH, default published/cdp_marts.duckdb beside the build's file."""
    configured = os.environ.get("CDP_PUBLISHED_PATH")
    if configured:
        return Path(configured)
    return database_path().parent / "published" / "cdp_marts.duckdb"


def check_target_name(target: Path) -> None:
    """DuckDB names a file's catalog after its name up to the first dot (`published.duckdb` is catalog
    `published`): a catalog named like one of the file's own schemas makes every `<schema>.<table>` in it
    ambiguous, for this module and for every reader."""
    catalog = target.name.lstrip(".").split(".", 1)[0]
    if catalog in (*PUBLISHED_SCHEMAS, "published"):
        raise PublishError(
            f"the published file {target} would be DuckDB catalog '{catalog}', the name of one of its "
            "schemas (every query of it would be ambiguous): choose another file name, e.g. cdp_marts.duckdb "
            "(CDP_PUBLISHED_PATH)"
        )


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _copy_relations(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    placeholders = ", ".join("?" for _ in PUBLISHED_SCHEMAS)
    relations = con.execute(
        f"""
        select schema_name, table_name, comment from duckdb_tables()
        where database_name = 'build' and schema_name in ({placeholders})
        union all
        select schema_name, view_name, comment from duckdb_views()
        where database_name = 'build' and schema_name in ({placeholders}) and not internal
        order by 1, 2
        """,
        [*PUBLISHED_SCHEMAS, *PUBLISHED_SCHEMAS],
    ).fetchall()
    if not relations:
        raise PublishError(
            f"the build has no relation in schemas {', '.join(PUBLISHED_SCHEMAS)}: run `make run` first"
        )
    counts: dict[str, int] = {}
    for schema, name, comment in relations:
        target = f"{_quote(schema)}.{_quote(name)}"
        con.execute(f"create schema if not exists {_quote(schema)}")
        con.execute(f"create table {target} as select * from build.{target}")
        if comment:
            con.execute(f"comment on table {target} is {_literal(comment)}")
        for column, column_comment in con.execute(
            "select column_name, comment from duckdb_columns() "
            "where database_name = 'build' and schema_name = ? and table_name = ? and comment is not null",
            [schema, name],
        ).fetchall():
            con.execute(f"comment on column {target}.{_quote(column)} is {_literal(column_comment)}")
        counts[f"{schema}.{name}"] = con.execute(f"select count(*) from {target}").fetchone()[0]
    return counts


def _create_macros(con: duckdb.DuckDBPyConnection, relations: dict[str, int]) -> list[str]:
    """The table macros marts.normalized_identifier_<identifier_type>(identifier) from the dbt-rendered
    rules, when they were built: one row, `normalized` and `issue`."""
    if f"marts.{RULES_RELATION}" not in relations:
        return []
    macros = []
    for identifier_type, query in con.execute(
        f"select identifier_type, normalization_sql from marts.{RULES_RELATION} order by 1"
    ).fetchall():
        name = f"marts.normalized_identifier_{identifier_type}"
        con.execute(f"create macro {name}(identifier) as table {query}")
        macros.append(name)
    return macros


def _write_manifest(
    con: duckdb.DuckDBPyConnection, publication_id: str, published_at: datetime, relations: dict[str, int]
) -> None:
    con.execute("create schema published")
    con.execute(
        "create table published.relations (publication_id varchar, published_at timestamp with time zone, "
        "relation_name varchar, row_count bigint)"
    )
    con.executemany(
        "insert into published.relations values (?, ?, ?, ?)",
        [(publication_id, published_at, name, rows) for name, rows in relations.items()],
    )
    con.execute(
        "comment on table published.relations is 'One row per relation of this published file: when it was "
        "published (publication_id, published_at) and its row count (cdp/publish.py).'"
    )


def _write_parquet(target: Path, publication_id: str, relations: dict[str, int]) -> Path:
    """Parquet copies of the published file's relations; `current` swapped to them atomically."""
    root = target.parent / "parquet"
    folder = root / publication_id
    con = duckdb.connect(str(target), read_only=True)
    try:
        for relation in relations:
            schema, name = relation.split(".", 1)
            (folder / schema).mkdir(parents=True, exist_ok=True)
            path = folder / schema / f"{name}.parquet"
            con.execute(f"copy {_quote(schema)}.{_quote(name)} to {_literal(str(path))} (format parquet)")
    finally:
        con.close()
    link = root / "current"
    previous = link.resolve() if link.is_symlink() else None
    staged = root / f".current.{publication_id}"
    staged.symlink_to(publication_id, target_is_directory=True)
    os.replace(staged, link)
    # Keep the new folder and the one readers may still be on, unless the new publication erased someone
    # the previous one still holds (docs/privacy.md: gone after the next build); older ones go.
    keep_previous = previous is not None and not _erased_since(target, previous)
    kept = {publication_id, previous.name if keep_previous else ""}
    for old in root.iterdir():
        if old.is_dir() and not old.is_symlink() and old.name not in kept:
            shutil.rmtree(old, ignore_errors=True)
    return link


def _erased_since(target: Path, previous: Path) -> bool:
    """Whether the published file `target` suppresses an identifier (marts.erasure_suppression_list) that
    the Parquet folder `previous` did not: someone was erased in between. True when it cannot tell."""
    listed = previous / "marts" / f"{SUPPRESSION_RELATION}.parquet"
    if not listed.is_file():
        return True
    con = duckdb.connect(str(target), read_only=True)
    try:
        added = con.execute(
            f"select count(*) from marts.{SUPPRESSION_RELATION} where suppression_key not in "
            f"(select suppression_key from read_parquet({_literal(str(listed))}))"
        ).fetchone()[0]
    except duckdb.Error:
        return True
    finally:
        con.close()
    return added > 0


def parquet_copies_exist(target: Path) -> bool:
    """Whether an earlier publication next to `target` wrote Parquet copies (parquet/current)."""
    return (target.parent / "parquet" / "current").is_symlink()


def parquet_wanted() -> bool:
    return os.environ.get("CDP_PUBLISH_PARQUET", "").strip().lower() == "true"


def publish(
    database: Path | None = None, target: Path | None = None, parquet: bool | None = None
) -> Publication:
    """Copy the published schemas of the build's file `database` into `target`, swapped in atomically;
    Parquet copies too when `parquet` (default: CDP_PUBLISH_PARQUET=true), or when an earlier publication
    wrote them: copies once made are kept in step, never left serving an older build (an erased person
    would stay in them)."""
    parquet = parquet_wanted() if parquet is None else parquet
    database = database or database_path()
    target = target or published_path()
    parquet = parquet or parquet_copies_exist(target)
    if not database.exists():
        raise PublishError(f"no warehouse at {database}: run `make run` first")
    check_target_name(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    publication_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    published_at = datetime.now(UTC)
    temporary = target.parent / f".{target.name}.{publication_id}.tmp"
    try:
        con = duckdb.connect(str(temporary))
        try:
            con.execute(f"attach {_literal(str(database))} as build (read_only)")
            # One transaction: a statement per relation and per column comment, committed once.
            con.execute("begin transaction")
            relations = _copy_relations(con)
            macros = _create_macros(con, relations)
            _write_manifest(con, publication_id, published_at, relations)
            con.execute("commit")
            con.execute("detach build")
            con.execute("checkpoint")
        finally:
            con.close()
        wal = temporary.with_name(temporary.name + ".wal")
        if wal.exists():
            raise PublishError(f"{temporary} kept a write-ahead log after its checkpoint; nothing swapped in")
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    parquet_dir = _write_parquet(target, publication_id, relations) if parquet else None
    return Publication(target, publication_id, published_at, relations, macros, parquet_dir)


def summary_lines(publication: Publication) -> list[str]:
    rows = sum(publication.relations.values())
    lines = [
        f"published {len(publication.relations)} relations ({rows:,} rows) of schemas "
        f"{', '.join(PUBLISHED_SCHEMAS)} to {publication.path} (publication {publication.publication_id})",
        "  BI tools and `make serve` read this file (read_only); see docs/bi.md",
    ]
    if publication.parquet_dir:
        lines.append(f"  Parquet copies: {publication.parquet_dir}/<schema>/<relation>.parquet")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, default=None, help="the build's DuckDB file")
    parser.add_argument("--target", type=Path, default=None, help="the published file")
    parser.add_argument(
        "--parquet",
        action="store_true",
        default=parquet_wanted(),
        help="also write Parquet files (published/parquet/current)",
    )
    args = parser.parse_args(argv)
    try:
        publication = publish(args.database, args.target, parquet=args.parquet)
    except PublishError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for line in summary_lines(publication):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The published marts file (cdp/publish.py, docs/bi.md): a reader holding it open, with a query running,
does not make the next build and publish fail; it keeps reading the data it opened, and a new reader sees
the new publication. On a copy of the activation warehouse (tests/activation/conftest.py), so the shared
file stays as the other tests expect it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from cdp.publish import PUBLISHED_SCHEMAS, PublishError, publish
from tests import support
from tests.activation.conftest import DBT_VARS, Activation
from tests.marts.conftest import CLV_PARAMETERS

# A BI tool: opens the published file read-only, starts streaming a query, waits for a line on stdin
# (the test rebuilds and republishes meanwhile), then finishes the query and asks again.
READER = """
import sys
import duckdb
import pytest

con = duckdb.connect(sys.argv[1], read_only=True)
con.execute("set enable_progress_bar = false")
publication = con.execute("select min(publication_id) from published.relations").fetchone()[0]
result = con.execute("select customer_id from marts.customer_identifier_lookup")
first = result.fetchone()
print("reading", publication, flush=True)
sys.stdin.readline()
streamed = 1 + len(result.fetchall())
again = con.execute("select count(*) from marts.customer_identifier_lookup").fetchone()[0]
publication_again = con.execute("select min(publication_id) from published.relations").fetchone()[0]
print("done", streamed, again, publication_again, flush=True)
"""


def build_copy_and_target(activated: Activation, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the activation warehouse to build on, and where its publication goes."""
    build = tmp_path / "cdp.duckdb"
    shutil.copyfile(activated.warehouse.database, build)
    return build, tmp_path / "published" / "cdp_marts.duckdb"


def lookup_rows(path: Path) -> tuple[int, str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute("select count(*) from marts.customer_identifier_lookup").fetchone()[0]
        publication = con.execute("select min(publication_id) from published.relations").fetchone()[0]
        return rows, publication
    finally:
        con.close()


def test_reader_holding_published_file_does_not_block_next_build(
    activated: Activation, tmp_path: Path
) -> None:
    build, published = build_copy_and_target(activated, tmp_path)
    first = publish(build, published)
    assert set(name.split(".")[0] for name in first.relations) == set(PUBLISHED_SCHEMAS)
    expected = {"marts.customer_identifier_lookup", "marts_masked.dim_customers_masked"}
    assert expected <= set(first.relations)
    rows_before, publication_before = lookup_rows(published)
    assert publication_before == first.publication_id

    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(published)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().split() == ["reading", first.publication_id]

        # The next build, while the reader holds the published file: customer SC-6 leaves dim_customers
        # (as an erasure would) and dbt rebuilds the lookup mart from it on the build's own file.
        con = duckdb.connect(str(build))
        try:
            removed = activated.customer("SC-6")
            removed_rows = con.execute(
                "select count(*) from marts.customer_identifier_lookup where customer_id = ?", [removed]
            ).fetchone()[0]
            con.execute("delete from marts.dim_customers where customer_id = ?", [removed])
        finally:
            con.close()
        run = support.run_dbt(
            build,
            tmp_path,
            "run",
            "--select",
            "customer_identifier_lookup",
            "--vars",
            json.dumps({"clv_parameters": CLV_PARAMETERS, **DBT_VARS}),
        )
        assert run.returncode == 0, run.failure_summary()
        second = publish(build, published, parquet=True)
        assert second.publication_id != first.publication_id

        # The reader finishes its query and asks again: the data it opened, the old publication.
        out, err = reader.communicate("go\n", timeout=60)
        assert reader.returncode == 0, err
        assert out.split() == ["done", str(rows_before), str(rows_before), first.publication_id]
    finally:
        if reader.poll() is None:
            reader.kill()

    # A new reader sees the new data: SC-6's identifiers (customer_id, email, phone) gone.
    assert removed_rows == 3
    assert lookup_rows(published) == (rows_before - removed_rows, second.publication_id)
    # Nothing left behind but the published file and its Parquet copies.
    assert sorted(path.name for path in published.parent.iterdir()) == ["cdp_marts.duckdb", "parquet"]
    parquet = published.parent / "parquet" / "current" / "marts" / "customer_identifier_lookup.parquet"
    # A connection of its own: a half-read result on duckdb's default connection blocks every later user
    # of it in this process (DuckDB 2.0).
    with duckdb.connect() as connection:
        assert (
            connection.execute(f"select count(*) from '{parquet}'").fetchone()[0]
            == rows_before - removed_rows
        )


@pytest.mark.parametrize("name", ["published.duckdb", "marts.duckdb", "marts_masked.db"])
def test_a_published_file_named_like_its_schemas_is_refused(name: str, tmp_path: Path) -> None:
    # DuckDB would name the file's catalog like one of its schemas: `published.relations` ambiguous.
    build = tmp_path / "cdp.duckdb"
    duckdb.connect(str(build)).close()
    with pytest.raises(PublishError, match=f"catalog '{name.split('.')[0]}'.*cdp_marts.duckdb"):
        publish(build, tmp_path / name, parquet=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cdp.duckdb"]


def parquet_folders(published: Path) -> set[str]:
    root = published.parent / "parquet"
    return {path.name for path in root.iterdir() if path.is_dir() and not path.is_symlink()}


def test_parquet_copies_follow_every_publication_and_forget_an_erased_person(
    activated: Activation, tmp_path: Path
) -> None:
    build, published = build_copy_and_target(activated, tmp_path)
    first = publish(build, published, parquet=True)
    second = publish(build, published, parquet=True)
    # Nobody erased in between: the folder readers may still be on stays beside the new one.
    assert parquet_folders(published) == {first.publication_id, second.publication_id}

    # The next build erases someone: the suppression list gains a key. The folder that still holds her
    # goes with this publication, not the next.
    con = duckdb.connect(str(build))
    try:
        con.execute(
            "insert into marts.erasure_suppression_list (suppression_key) "
            "values ('email:' || repeat('0', 64))"
        )
    finally:
        con.close()
    third = publish(build, published, parquet=True)
    assert parquet_folders(published) == {third.publication_id}

    # A publication without --parquet keeps the copies an earlier one made in step: `current` follows it.
    fourth = publish(build, published, parquet=False)
    assert fourth.parquet_dir is not None
    assert (published.parent / "parquet" / "current").resolve().name == fourth.publication_id
    assert parquet_folders(published) == {third.publication_id, fourth.publication_id}


def test_published_relations_carry_the_dbt_descriptions(activated: Activation, tmp_path: Path) -> None:
    """The build writes the YAML descriptions as comments (persist_docs); the published file keeps them on
    every copied table and column (docs/bi.md)."""
    build, published = build_copy_and_target(activated, tmp_path)
    publish(build, published, parquet=False)
    con = duckdb.connect(str(published), read_only=True)
    try:
        (table_comment,) = con.execute(
            "select comment from duckdb_tables() "
            "where schema_name = 'marts' and table_name = 'customer_identifier_lookup'"
        ).fetchone()
        column_comments = dict(
            con.execute(
                "select column_name, comment from duckdb_columns() "
                "where schema_name = 'marts' and table_name = 'customer_identifier_lookup'"
            ).fetchall()
        )
    finally:
        con.close()
    # models/marts/serve/_serve__models.yml
    assert table_comment.startswith("Which customer an identifier names, keyed by the identifier")
    assert column_comments["customer_id"] == "The customer the identifier names."
    assert column_comments["customer_count"] == (
        "Customers the identifier names (more than 1: a shared identifier; the service answers 409)."
    )


# A relation that passes columns of another through (docs/privacy.md, docs/traits.md), and that relation.
PASSED_THROUGH = {
    ("marts_masked", "dim_customers_masked"): ("marts", "dim_customers"),
    ("marts_masked", "customer_consent_masked"): ("marts", "customer_consent"),
    ("marts_masked", "customer_consent_by_identifier_masked"): ("marts", "customer_consent_by_identifier"),
    ("marts", "customer_traits_daily"): ("marts", "customer_traits"),
}


def test_every_column_of_the_marts_is_described(activated: Activation) -> None:
    """Every column of every relation the marts schemas hold in this build carries its YAML description
    (persist_docs), and a column passed through from another relation says what it says there."""
    comments = {
        (schema, relation, column): comment
        for schema, relation, column, comment in activated.warehouse.query(
            "select schema_name, table_name, column_name, comment from duckdb_columns() "
            "where schema_name in ('marts', 'marts_masked')"
        )
    }
    relations = {(schema, relation) for schema, relation, _ in comments}
    assert set(PASSED_THROUGH) <= relations, set(PASSED_THROUGH) - relations
    undescribed = sorted(key for key, comment in comments.items() if not comment)
    assert not undescribed, undescribed
    differing = sorted(
        (relation, column, comment, comments[(*source, column)])
        for (schema, relation), source in PASSED_THROUGH.items()
        for (s, r, column), comment in comments.items()
        if (s, r) == (schema, relation)
        and (*source, column) in comments
        and comment != comments[(*source, column)]
    )
    assert not differing, differing

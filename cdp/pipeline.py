"""`make run`: build the whole warehouse on the embedded DuckDB and say where the results are.

1. Raw data: the folder named by CDP_RAW_DIR, or else the bundled demo data set, generated on first
   use by the project's generator (CDP_DEMO_PEOPLE people, seed CDP_DEMO_SEED) into data/demo/raw,
   with its ground truth kept apart in data/demo/truth.
2. Load every contract table into the DuckDB file's raw schema (cdp.raw_loader).
3. `dbt build`: seeds, models, unit tests and data tests. The incremental models are rebuilt in full
   (var staging_incremental false) unless CDP_DBT_VARS sets staging_incremental: `make run` is also run
   after the project's code, seeds or vars changed, which an incremental run applies only to the rows it
   reads again (docs/scaling.md "Incremental runs").
4. Report: rows per staged source, quarantine per source and reason (against the generator's
   injected defects for the demo), the delivered values staging did not use in rows it kept (each
   staging model's *_issue columns: invalid_email, placeholder_phone, unreadable_date_of_birth, ...),
   and how to look at the results.
5. Publish: the reader-facing marts copied to warehouse/published/cdp_marts.duckdb, swapped in atomically
   (cdp.publish), the file BI tools and `make serve` read so they never block the next build.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from cdp.raw_loader import RawDataError, load_raw_dir
from cdp.settings import SettingsError, dbt_vars

ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = ROOT / "data" / "demo"


DEFAULT_DATABASE = ROOT / "warehouse" / "cdp.duckdb"


def database_path() -> Path:
    return Path(os.environ.get("CDP_DUCKDB_PATH", DEFAULT_DATABASE))


def ensure_demo_data(people: int, seed: int) -> tuple[Path, dict]:
    """Generate the demo data set unless one of the same size and seed is already there."""
    raw_dir, truth_dir = DEMO_DIR / "raw", DEMO_DIR / "truth"
    manifest_path = truth_dir / "manifest.json"
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("people") == people and manifest.get("seed") == seed:
            print(f"reusing demo data in {raw_dir} ({people:,} people, seed {seed})")
            return raw_dir, manifest
    from cdp.generator import generate

    shutil.rmtree(DEMO_DIR, ignore_errors=True)
    print(f"generating demo data: {people:,} people, seed {seed} -> {raw_dir}")
    manifest = generate(people=people, seed=seed, out_dir=raw_dir, truth_dir=truth_dir, fmt="parquet")
    return raw_dir, manifest


def raw_data_dir() -> tuple[Path, dict | None]:
    """The raw folder to build on: CDP_RAW_DIR, or else the demo data set (generated on first use by
    CDP_DEMO_PEOPLE / CDP_DEMO_SEED); with the demo's generator manifest, None for CDP_RAW_DIR."""
    raw_env = os.environ.get("CDP_RAW_DIR")
    if raw_env:
        raw_dir = Path(raw_env)
        print(f"building on raw data in {raw_dir} (CDP_RAW_DIR)")
        return raw_dir, None
    people = int(os.environ.get("CDP_DEMO_PEOPLE", "5000"))
    seed = int(os.environ.get("CDP_DEMO_SEED", "42"))
    return ensure_demo_data(people, seed)


def pipeline_dbt_vars() -> dict[str, object]:
    """The dbt vars of `make run`: CDP_DBT_VARS, with staging_incremental false unless it sets it."""
    # false is also dbt_project.yml's default, but kept here on purpose: a project that turns the var on in
    # dbt_project.yml for its daily Dagster builds (docs/scaling.md "Incremental runs") must still get a
    # full staging build from `make run`, which may be pointed at another raw folder (CDP_RAW_DIR, or a
    # demo of another size) whose missing rows only a full build drops. --vars wins over dbt_project.yml.
    return {"staging_incremental": False, **dbt_vars()}


def run_dbt(*args: str) -> None:
    """`dbt <args>` on the DuckDB file, with the vars of pipeline_dbt_vars()."""
    dbt = Path(sys.executable).with_name("dbt")
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(ROOT),
        "CDP_DUCKDB_PATH": str(database_path()),
        # The dbt Python models import this project's cdp package (clv_model_parameters), whatever
        # copy an editable install points at.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    vars_args = ["--vars", json.dumps(pipeline_dbt_vars())]
    completed = subprocess.run([str(dbt), *args, *vars_args], cwd=ROOT, env=env, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"dbt {' '.join(args)} failed (exit {completed.returncode}); see the log above")


def report(database: Path, manifest: dict | None) -> None:
    con = duckdb.connect(str(database), read_only=True)
    try:
        staged = con.execute(
            "select view_name from duckdb_views() where schema_name = 'staging' and view_name like 'stg_%' "
            "and view_name != 'stg_quarantine__rows' order by 1"
        ).fetchall()
        staged = [
            (name, con.execute(f"select count(*) from staging.{name}").fetchone()[0]) for (name,) in staged
        ]
        quarantine = con.execute(
            "select source_table, quarantine_reason, count(*) from staging.stg_quarantine__rows "
            "group by all order by 1, 2"
        ).fetchall()
        value_issues = staged_value_issues(con)
        models = con.execute(
            "select schema_name, count(*) from ("
            " select schema_name from duckdb_tables() union all select schema_name from duckdb_views()"
            " where not internal)"
            " where schema_name in ('staging', 'intermediate', 'marts', 'marts_masked', 'reference')"
            " group by 1 order by 1"
        ).fetchall()
    finally:
        con.close()
    print("\nquarantine (raw rows that cannot be used), per source and reason:")
    expected = {}
    if manifest:
        for table, facts in manifest.get("tables", {}).items():
            for reason, count in facts.get("defects", {}).items():
                if count:
                    expected[(table, reason)] = count
    seen = set()
    print(f"  {'source table':<20} {'reason':<24} {'rows':>8} {'injected':>9}")
    for table, reason, count in quarantine:
        seen.add((table, reason))
        injected = expected.get((table, reason))
        print(f"  {table:<20} {reason:<24} {count:>8,} {'' if injected is None else f'{injected:,}':>9}")
    for (table, reason), injected in sorted(expected.items()):
        if (table, reason) not in seen:
            print(f"  {table:<20} {reason:<24} {0:>8,} {injected:>9,}")
    print("\nvalues not used (the row is kept, the value is null), per staging model, column and issue:")
    for model, column, issue, count in value_issues:
        print(f"  {model:<24} {column:<20} {issue:<26} {count:>8,}")
    print("\nstaged rows per source model:")
    for name, rows in staged:
        print(f"  {name:<34} {rows:>10,}")
    print(f"\nrelations built per schema: {dict(models)}")
    print(
        f"\nresults: DuckDB file {database}\n"
        f"  look:  .venv/bin/python -c \"import duckdb; print(duckdb.connect('{database}', read_only=True)"
        ".sql('from staging.stg_crm__contacts limit 5'))\"\n"
        "  docs:  make docs  (dbt docs generate && dbt docs serve)"
    )


def staged_value_issues(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, int]]:
    """(staging model, issue column, issue, rows) for every *_issue column of the staging models: the
    delivered values staging set to null in a row it kept (an invalid email, a placeholder phone, an
    unreadable date of birth), which the quarantine, a count of whole rows, does not show."""
    columns = con.execute(
        "select table_name, column_name from information_schema.columns where table_schema = 'staging' "
        "and table_name like 'stg\\_%' escape '\\' and table_name != 'stg_quarantine__rows' "
        "and column_name like '%\\_issue' escape '\\' order by 1, 2"
    ).fetchall()
    rows: list[tuple[str, str, str, int]] = []
    for model, column in columns:
        rows += con.execute(
            f'select ?, ?, "{column}", count(*) from staging."{model}" where "{column}" is not null '
            "group by all order by 3",
            [model, column],
        ).fetchall()
    return rows


def summarise(database: Path) -> None:
    """The closing summary of `make run`: the headline figures and the HTML report's path."""
    from cdp.report import write_report

    page, figures = write_report(database)
    print("\nsummary:")
    for line in figures.lines():
        print(f"  {line}")
    from cdp.activation import audience_size_lines

    sizes = audience_size_lines(database)
    if sizes:
        print("\naudiences (consent-gated; make activate writes their export files):")
        for line in sizes:
            print(f"  {line}")
    print(f"\nreport: {page}  (make report writes it again)")


def main() -> int:
    try:
        given = dbt_vars()
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if given:
        print(f"dbt vars from CDP_DBT_VARS: {json.dumps(given)}")
    raw_dir, manifest = raw_data_dir()
    database = database_path()
    try:
        counts = load_raw_dir(raw_dir, database)
    except RawDataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except duckdb.IOException as error:
        if "lock" not in str(error).lower():
            raise
        from cdp.publish import published_path

        # DuckDB lets one process open a file for writing, and nobody else while it does.
        print(
            f"error: cannot open the warehouse {database} for the build: {error}\n"
            "Another process holds it (a notebook or a BI tool?): close it and run again. Readers belong "
            f"on the published copy, {published_path()}, which a build never blocks (docs/bi.md).",
            file=sys.stderr,
        )
        return 2
    print(f"loaded {sum(counts.values()):,} raw rows from {len(counts)} tables into {database}")
    run_dbt("build")
    report(database, manifest)
    summarise(database)
    from cdp.publish import publish, summary_lines

    print()
    for line in summary_lines(publish(database)):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

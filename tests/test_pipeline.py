"""make run's entry point (cdp.pipeline): what a user sees when the build cannot start."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from cdp import pipeline
from tests.support import write_raw_dir


def test_build_file_held_by_another_process_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A notebook holding warehouse/cdp.duckdb: the build stops before loading anything, says who holds the
    file and where readers belong, instead of a traceback."""
    write_raw_dir(tmp_path / "raw", {})
    database = tmp_path / "cdp.duckdb"
    duckdb.connect(str(database)).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; con = duckdb.connect({str(database)!r}); "
            "print('held', flush=True); time.sleep(120)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setenv("CDP_RAW_DIR", str(tmp_path / "raw"))
        monkeypatch.setenv("CDP_DUCKDB_PATH", str(database))
        monkeypatch.delenv("CDP_PUBLISHED_PATH", raising=False)
        monkeypatch.delenv("CDP_DBT_VARS", raising=False)
        assert pipeline.main() == 2
    finally:
        holder.kill()
        holder.wait()
    error = capsys.readouterr().err
    assert f"cannot open the warehouse {database} for the build" in error
    assert "Another process holds it" in error and str(tmp_path / "published" / "cdp_marts.duckdb") in error


def test_report_counts_the_values_staging_did_not_use(tmp_path: Path) -> None:
    """make run's report lists, per staging model, issue column and issue, the delivered values set to null
    in rows staging kept (counted over the stg_* models only, not their base tables)."""
    database = tmp_path / "cdp.duckdb"
    con = duckdb.connect(str(database))
    con.execute("create schema staging")
    con.execute(
        "create table staging.base_crm__contacts as "
        "select * from (values ('invalid_email'), ('invalid_email'), ('invalid_email')) as t(email_issue)"
    )
    con.execute(
        "create view staging.stg_crm__contacts as select * from (values "
        "('invalid_email', null, 'unreadable_date_of_birth'), "
        "('invalid_email', 'placeholder_phone', null), "
        "('placeholder_email', null, 'unreadable_date_of_birth'), "
        "(null, null, 'placeholder_date_of_birth'), "
        "(null, null, null)) as t(email_issue, phone_issue, date_of_birth_issue)"
    )
    con.execute("create view staging.stg_web__events as select 'a' as event_id, null::varchar as phone_issue")
    con.execute(
        "create view staging.stg_quarantine__rows as "
        "select 'crm_contacts' as source_table, 'missing_key' as quarantine_reason, 'x' as raw_issue"
    )
    try:
        assert pipeline.staged_value_issues(con) == [
            ("stg_crm__contacts", "date_of_birth_issue", "placeholder_date_of_birth", 1),
            ("stg_crm__contacts", "date_of_birth_issue", "unreadable_date_of_birth", 2),
            ("stg_crm__contacts", "email_issue", "invalid_email", 2),
            ("stg_crm__contacts", "email_issue", "placeholder_email", 1),
            ("stg_crm__contacts", "phone_issue", "placeholder_phone", 1),
        ]
    finally:
        con.close()

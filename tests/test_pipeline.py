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

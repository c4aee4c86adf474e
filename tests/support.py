"""What the integration tests share: writing a raw folder in the contract's format and running dbt
on a DuckDB file of their own, or on a PostgreSQL database (own target and log folders, never
warehouse/cdp.duckdb)."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cdp.contract import RAW_TABLES

ROOT = Path(__file__).resolve().parents[1]

Rows = Mapping[str, list[dict[str, str]]]


def write_raw_dir(
    raw_dir: Path, rows_by_table: Rows, defaults: Mapping[str, dict[str, str]] | None = None
) -> None:
    """One CSV per contract table (header-only when it has no rows); `defaults` fill what a row omits."""
    unknown = set(rows_by_table) - set(RAW_TABLES)
    assert not unknown, f"not contract tables: {unknown}"
    raw_dir.mkdir(parents=True, exist_ok=True)
    for table, columns in RAW_TABLES.items():
        with (raw_dir / f"{table}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(columns), restval="", extrasaction="raise")
            writer.writeheader()
            for row in rows_by_table.get(table, []):
                writer.writerow({**(defaults or {}).get(table, {}), **row})


def dbt_executable() -> str:
    sibling = Path(sys.executable).with_name("dbt")
    return str(sibling) if sibling.is_file() else (shutil.which("dbt") or "dbt")


@dataclass(frozen=True)
class DbtRun:
    database: Path | None  # the DuckDB file; None on PostgreSQL
    returncode: int
    output: str

    def failure_summary(self) -> str:
        lines = [line for line in self.output.splitlines() if "FAIL" in line or "ERROR" in line]
        return "\n".join(lines[-40:]) or self.output[-4000:]


# Every dbt command of the tests selects a data test only when all its parents are selected. dbt's
# default (eager) would run the marts' tests, which also read staging and identity models, in the builds
# that leave the marts out (identity, staging, Spark); a full build is unaffected.
DBT_TEST_ENV = {"DBT_INDIRECT_SELECTION": "cautious"}


# dbt parses the whole project (about 20 s of CPU) on every command unless it finds the partial-parse
# file of an earlier parse with the same vars, target and profile. Each test has its own target folder, so
# _run_dbt keeps one such file per (target, --vars) in PARSE_CACHE and starts each command from it; dbt
# still checks every file's hash and reparses what changed. The profile must be the same too (dbt hashes
# the connection's settings, the DuckDB path included): dbt runs in the DuckDB file's folder with the
# file's bare name as its path.
PARSE_CACHE = ROOT / "target" / "test_parse_cache"


def _parse_cache_file(target_env: Mapping[str, str], args: tuple[str, ...]) -> Path | None:
    if "--no-partial-parse" in args:
        return None
    dbt_vars = args[args.index("--vars") + 1] if "--vars" in args else ""
    key = json.dumps([sorted(target_env.items()), dbt_vars])
    return PARSE_CACHE / f"{hashlib.sha256(key.encode()).hexdigest()[:16]}.msgpack"


def _dbt_env(target_env: Mapping[str, str]) -> dict[str, str]:
    """The environment of a dbt process of the tests: this one's, the target's variables, the tests'
    selection of data tests, and this checkout first on PYTHONPATH (dbt's Python models, such as
    clv_model_parameters, import its cdp package)."""
    return {
        **os.environ,
        **target_env,
        **DBT_TEST_ENV,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }


def _run_dbt(
    target_env: Mapping[str, str], work: Path, args: tuple[str, ...], cwd: Path = ROOT
) -> tuple[int, str]:
    env = {
        **_dbt_env(target_env),
        "DBT_PROFILES_DIR": str(ROOT),
        "DBT_PROJECT_DIR": str(ROOT),
        "DBT_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
    }
    partial_parse = work / "target" / "partial_parse.msgpack"
    cached = _parse_cache_file(target_env, args)
    if cached is not None and cached.is_file() and not partial_parse.exists():
        partial_parse.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, partial_parse)
    completed = subprocess.run(
        [dbt_executable(), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    if cached is not None and not cached.is_file() and partial_parse.is_file():
        cached.parent.mkdir(parents=True, exist_ok=True)
        staged = cached.with_suffix(f".{os.getpid()}.tmp")
        shutil.copyfile(partial_parse, staged)
        os.replace(staged, cached)
    return completed.returncode, completed.stdout + completed.stderr


def run_dbt(database: Path, work: Path, *args: str) -> DbtRun:
    """Run `dbt <args>` on this DuckDB file, with target and logs under `work`."""
    database = database.resolve()
    database.parent.mkdir(parents=True, exist_ok=True)
    returncode, output = _run_dbt(
        {"CDP_DUCKDB_PATH": database.name, "CDP_TARGET": "duckdb"}, work, args, cwd=database.parent
    )
    return DbtRun(database, returncode, output)


def run_dbt_postgres(settings: Mapping[str, str], work: Path, *args: str) -> DbtRun:
    """Run `dbt <args>` on the profile's postgres target; `settings` are its CDP_PG_* variables."""
    returncode, output = _run_dbt({**settings, "CDP_TARGET": "postgres"}, work, args)
    return DbtRun(None, returncode, output)


def parse_failures(work: Path, cases: Mapping[str, Mapping[str, object]]) -> dict[str, str]:
    """`dbt parse` once per case with its vars, each of which must fail (a configuration checked at compile
    time), all in one process (tests/dbt_parse_batch.py: one import of dbt instead of one per case): each
    case's output with whitespace folded to single spaces, as dbt wraps long messages."""
    work.mkdir(parents=True, exist_ok=True)
    result = work / "parsed.json"
    completed = subprocess.run(
        [sys.executable, "-m", "tests.dbt_parse_batch", str(work), str(result)],
        input=json.dumps(cases),
        cwd=work,
        env=_dbt_env({"CDP_DUCKDB_PATH": "unused.duckdb", "CDP_TARGET": "duckdb"}),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert completed.returncode == 0 and result.is_file(), completed.stdout[-3000:] + completed.stderr[-3000:]
    parsed = json.loads(result.read_text(encoding="utf-8"))
    accepted = [case for case, run in parsed.items() if run["success"]]
    assert not accepted, f"dbt parse accepted the vars of {accepted}"
    return {case: " ".join(run["output"].split()) for case, run in parsed.items()}

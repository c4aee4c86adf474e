"""What the integration tests share: writing a raw folder in the contract's format and running dbt
on a DuckDB file of their own, or on a PostgreSQL database (own target and log folders, never
warehouse/cdp.duckdb)."""

from __future__ import annotations

import atexit
import csv
import hashlib
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from cdp.contract import RAW_TABLES

ROOT = Path(__file__).resolve().parents[1]

Rows = Mapping[str, list[dict[str, str]]]


def write_raw_dir(
    raw_dir: Path,
    rows_by_table: Rows,
    defaults: Mapping[str, dict[str, str]] | None = None,
    parquet_tables: tuple[str, ...] = (),
) -> None:
    """One CSV per contract table (header-only when it has no rows), or a parquet file of text columns
    (an empty value null) for the tables in `parquet_tables`: a value holding a line break can only come
    so (the loader refuses it inside a CSV). `defaults` fill what a row omits."""
    unknown = set(rows_by_table) - set(RAW_TABLES)
    assert not unknown, f"not contract tables: {unknown}"
    raw_dir.mkdir(parents=True, exist_ok=True)
    for table, columns in RAW_TABLES.items():
        rows = [{**(defaults or {}).get(table, {}), **row} for row in rows_by_table.get(table, [])]
        if table in parquet_tables:
            extra = {column for row in rows for column in row} - set(columns)
            assert not extra, f"{table}: not contract columns: {extra}"
            data = {column: [row.get(column) or None for row in rows] for column in columns}
            schema = pa.schema([(column, pa.string()) for column in columns])
            pq.write_table(pa.table(data, schema=schema), raw_dir / f"{table}.parquet")
            continue
        with (raw_dir / f"{table}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(columns), restval="", extrasaction="raise")
            writer.writeheader()
            writer.writerows(rows)


@dataclass(frozen=True)
class DbtRun:
    database: Path | None  # the DuckDB file; None on PostgreSQL
    returncode: int
    output: str

    def failure_summary(self) -> str:
        lines = [line for line in self.output.splitlines() if "FAIL" in line or "ERROR" in line]
        return "\n".join(lines[-40:]) or self.output[-4000:]


# The environment of every dbt command of the tests (a command's `env` overrides it):
# - a data test is selected only when all its parents are selected. dbt's default (eager) would run the
#   marts' tests, which also read staging and identity models, in the builds that leave the marts out
#   (identity, staging, Spark); a full build is unaffected;
# - no debug log file (logs/dbt.log): writing every statement there cost about a tenth of the CPU of a
#   small build; a failing command's console output is in DbtRun.output;
# - no descriptions as comments (dbt_project.yml persist_docs): the engine tests (PostgreSQL, Spark) and
#   the activation warehouse, whose published file must carry them, turn them on;
# - no manifest.json, semantic_manifest.json and run_results.json (a few seconds of CPU per command):
#   the commands whose files a test reads ask for them (WRITE_JSON).
DBT_TEST_ENV = {
    "DBT_INDIRECT_SELECTION": "cautious",
    "DBT_LOG_LEVEL_FILE": "none",
    "CDP_PERSIST_DOCS": "false",
    "DBT_WRITE_JSON": "false",
}
# A command's `env` that writes the descriptions as comments.
PERSIST_DOCS = {"CDP_PERSIST_DOCS": "true"}
# A command's `env` that writes dbt's JSON artifacts in its target folder.
WRITE_JSON = {"DBT_WRITE_JSON": "true"}
# The `--exclude` of a build that passes through staging on its way to a later layer's models under test:
# staging's and the seeds' data tests, which run on every staging case (tests/staging), on the demo data
# (make run) and in the engine builds. A data test is a dbt node of 40-90 ms whatever its data: a marts
# fixture's build ran 444 of them, 160 of staging's and the seeds'.
UPSTREAM_DATA_TESTS_EXCLUDED = (
    "--exclude",
    "resource_type:test,path:models/staging resource_type:test,path:seeds",
)


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
    """The environment of a dbt process of the tests: this one's, the tests' (DBT_TEST_ENV), the target's
    variables and the command's own, and this checkout first on PYTHONPATH (dbt's Python models, such as
    clv_model_parameters, import its cdp package)."""
    return {
        **os.environ,
        **DBT_TEST_ENV,
        **target_env,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }


class _DbtServer:
    """The dbt process of this pytest worker (tests/dbt_server.py): dbt imported once, each command run
    with its own environment, folder and output file, its exit code the `dbt` executable's. Started at the
    first command; started again after one that killed it or ran past its timeout."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.lock = threading.Lock()

    def _start(self) -> subprocess.Popen[str]:
        handle, log = tempfile.mkstemp(prefix="dbt_server.", suffix=".log")
        self.log = Path(log)
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.dbt_server"],
            cwd=ROOT,
            env=_dbt_env({}),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=handle,
            text=True,
            encoding="utf-8",
        )
        os.close(handle)
        return process

    def run(
        self, args: list[str], env: Mapping[str, str], cwd: Path, output: Path, timeout_s: float
    ) -> tuple[int, str]:
        """`dbt <args>` with this environment, in this folder: (exit code, console output)."""
        output.parent.mkdir(parents=True, exist_ok=True)
        with self.lock:
            if self.process is None or self.process.poll() is not None:
                self.process = self._start()
            request = {"args": args, "env": dict(env), "cwd": str(cwd), "output": str(output)}
            assert self.process.stdin is not None and self.process.stdout is not None
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            if not select.select([self.process.stdout], [], [], timeout_s)[0]:
                self.close()
                raise subprocess.TimeoutExpired(["dbt", *args], timeout_s)
            reply = self.process.stdout.readline()
            printed = output.read_text(encoding="utf-8", errors="replace") if output.is_file() else ""
            if not reply:  # the process died during the command (a crash of the engine)
                returncode = self.process.wait()
                self.process = None
                died = self.log.read_text(encoding="utf-8", errors="replace")[-4000:]
                self.log.unlink(missing_ok=True)
                return returncode or 2, f"{printed}\nthe dbt process died (exit {returncode}):\n{died}"
            return json.loads(reply)["returncode"], printed

    def close(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None
            self.log.unlink(missing_ok=True)


_DBT_SERVER = _DbtServer()
atexit.register(_DBT_SERVER.close)


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
    returncode, output = _DBT_SERVER.run(list(args), env, cwd, work / "dbt.out", timeout_s=900)
    if cached is not None and not cached.is_file() and partial_parse.is_file():
        cached.parent.mkdir(parents=True, exist_ok=True)
        staged = cached.with_suffix(f".{os.getpid()}.tmp")
        shutil.copyfile(partial_parse, staged)
        os.replace(staged, cached)
    return returncode, output


def run_dbt(database: Path, work: Path, *args: str, env: Mapping[str, str] | None = None) -> DbtRun:
    """Run `dbt <args>` on this DuckDB file, with target and logs under `work`; `env` overrides the
    tests' environment (DBT_TEST_ENV)."""
    database = database.resolve()
    database.parent.mkdir(parents=True, exist_ok=True)
    target_env = {**(env or {}), "CDP_DUCKDB_PATH": database.name, "CDP_TARGET": "duckdb"}
    returncode, output = _run_dbt(target_env, work, args, cwd=database.parent)
    return DbtRun(database, returncode, output)


def show_args(sql: str) -> tuple[str, ...]:
    """The arguments of `dbt show` for an inline select: every row, as JSON (read with shown_rows)."""
    return ("-q", "show", "--inline", sql, "--output", "json", "--limit", "-1")


def shown_rows(run: DbtRun) -> list[dict]:
    """The rows a `dbt show` (show_args) printed; fails with dbt's errors when it did not run."""
    assert run.returncode == 0, run.failure_summary()
    return json.loads(run.output[run.output.index("{") :])["show"]


def run_dbt_postgres(
    settings: Mapping[str, str], work: Path, *args: str, persist_docs: bool = True
) -> DbtRun:
    """Run `dbt <args>` on the profile's postgres target; `settings` are its CDP_PG_* variables. The
    descriptions are written as comments (PostgreSQL's own statements for them) unless `persist_docs` is
    false."""
    docs = PERSIST_DOCS if persist_docs else {}
    returncode, output = _run_dbt({**settings, **docs, "CDP_TARGET": "postgres"}, work, args)
    return DbtRun(None, returncode, output)


def parse_failures(work: Path, cases: Mapping[str, Mapping[str, object]]) -> dict[str, str]:
    """`dbt parse` once per case with its vars (no partial parse: each case's vars differ), each of which
    must fail (a configuration checked at compile time): each case's output with whitespace folded to
    single spaces, as dbt wraps long messages. Target and log folders: work/<case>/."""
    work.mkdir(parents=True, exist_ok=True)
    outputs: dict[str, str] = {}
    accepted = []
    for case, dbt_vars in cases.items():
        args = ("parse", "--no-partial-parse", "--vars", json.dumps(dbt_vars))
        target = {"CDP_DUCKDB_PATH": "unused.duckdb", "CDP_TARGET": "duckdb"}
        returncode, output = _run_dbt(target, work / case, args, cwd=work)
        if returncode == 0:
            accepted.append(case)
        outputs[case] = " ".join(output.split())
    assert not accepted, f"dbt parse accepted the vars of {accepted}"
    return outputs

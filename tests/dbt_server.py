"""One dbt process serving every dbt command of a pytest worker (support.run_dbt, run_dbt_postgres and
parse_failures).

A `dbt` process of its own per command spent about 3 s of CPU importing dbt, its adapters and their
dependencies before it did anything, and a test run starts about 70 of them. This process imports dbt
once and runs each command with dbtRunner, as the `dbt` executable would have run it:

- the request's environment replaces this process's (os.environ, then time.tzset for TZ) and the command
  runs in the request's folder, so env_var() in profiles.yml and dbt's DBT_* options read what a
  subprocess started with that environment would have read;
- file descriptors 1 and 2 point at a file of the request while the command runs: the output is the bytes
  dbt's console logger, Python's warnings and the Python models printed, as the `dbt` executable prints
  them; an exception dbtRunner returns without logging it (a bad option) is appended;
- the exit code is the `dbt` executable's: 0 success, 1 a node failed, 2 dbt stopped on an exception;
- afterwards the DuckDB database dbt-duckdb keeps open between commands of one process
  (DuckDBConnectionManager._ENV) is closed, so the test can open the file, as after a `dbt` process ended.

Protocol: one JSON object per line on standard input, {"args": [...], "env": {...}, "cwd": "...",
"output": "<file>"}; one JSON line per command on the standard output this process started with,
{"returncode": n}. The client (support._DbtServer) reads the output file.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any, TextIO


def _close_duckdb() -> None:
    """Close the DuckDB database dbt-duckdb caches across commands of one process."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:
        return
    with DuckDBConnectionManager._LOCK:
        environment, DuckDBConnectionManager._ENV = DuckDBConnectionManager._ENV, None
        DuckDBConnectionManager._LOGGED_MESSAGES.clear()
    if environment is not None:
        environment.close()


def run(request: dict[str, Any]) -> int:
    """One dbt command as the `dbt` executable would run it; its console output goes to request["output"]."""
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()
    os.chdir(request["cwd"])
    with open(request["output"], "wb") as output:
        saved = os.dup(1), os.dup(2)
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(output.fileno(), 1)
        os.dup2(output.fileno(), 2)
        try:
            from dbt.cli.main import dbtRunner  # imported once, with its output in the first request's file

            result = dbtRunner().invoke(request["args"])
            if result.exception is not None:
                print(f"\n{type(result.exception).__name__}: {result.exception}", file=sys.stderr)
        finally:
            try:
                _close_duckdb()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os.dup2(saved[0], 1)
                os.dup2(saved[1], 2)
                os.close(saved[0])
                os.close(saved[1])
    if result.success:
        return 0
    return 1 if result.exception is None else 2


def main(replies: TextIO) -> None:
    for line in sys.stdin:
        returncode = run(json.loads(line))
        replies.write(json.dumps({"returncode": returncode}) + "\n")
        replies.flush()


if __name__ == "__main__":
    # Replies go to the standard output this process started with; anything printed between commands to
    # its standard error; dbt's own output to each request's file.
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    # This checkout first, whatever folder a command runs in (dbt's Python models import its cdp package).
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main(replies)

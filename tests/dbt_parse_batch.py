"""`dbt parse` of several --vars in one process (support.parse_failures): a `dbt parse` process of its own
took 10.4 s per case, of which about 3 s import dbt; in one process 13 cases took 68 s (5.2 s each).

Reads a JSON object {case: vars} on standard input, parses the project once per case with dbtRunner
(no partial parse: each case's vars differ), and writes {case: {"success": bool, "output": text}} as JSON
to the file given as argument 2 (dbt prints its log on standard output). The output is every message
dbt logged at info level or above, then the error dbt stopped on. Target and log folders:
<work>/<case>/ (argument 1).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from tests.support import ROOT


def parse(work: Path, dbt_vars: dict[str, Any]) -> dict[str, Any]:
    from dbt.cli.main import dbtRunner

    lines: list[str] = []

    def collect(event: Any) -> None:
        if event.info.level in ("info", "warn", "error"):
            lines.append(event.info.msg)

    folders = ["--project-dir", str(ROOT), "--profiles-dir", str(ROOT)]
    folders += ["--target-path", str(work / "target"), "--log-path", str(work / "logs")]
    args = ["parse", "--no-partial-parse", "--vars", json.dumps(dbt_vars), *folders]
    result = dbtRunner(callbacks=[collect]).invoke(args)
    if result.exception is not None:
        lines.append(str(result.exception))
    return {"success": bool(result.success), "output": "\n".join(lines)}


def main() -> None:
    work, result = Path(sys.argv[1]), Path(sys.argv[2])
    cases = json.load(sys.stdin)
    parsed = {case: parse(work / case, dbt_vars) for case, dbt_vars in cases.items()}
    result.write_text(json.dumps(parsed), encoding="utf-8")


if __name__ == "__main__":
    main()

"""`make validate`: the raw and marts suites on the built warehouse, without Dagster.

    python -m cdp.quality [--database warehouse/cdp.duckdb] [--scope raw marts] [--docs reports/gx]

Writes the Data Docs HTML under `<docs>/<scope>/index.html`, prints one line per suite, and exits 1 when
an expectation fails (2 when the warehouse is missing). A passing run becomes the reference of the next
one (raw row counts, customer ids; cdp.quality.state).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from cdp.quality import marts, raw
from cdp.quality.runner import all_passed, docs_dir, run_checks

SCOPES = {"raw": raw, "marts": marts}


def validate(database: Path, scope: str, docs: Path | None) -> list:
    module = SCOPES[scope]
    results = run_checks(module.checks(database), docs)
    module.remember(database, results)
    return results


def main(argv: list[str] | None = None) -> int:
    from cdp.pipeline import database_path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, default=database_path())
    parser.add_argument("--scope", nargs="+", choices=list(SCOPES), default=list(SCOPES))
    parser.add_argument("--docs", type=Path, help="Data Docs folder (default reports/gx or CDP_GX_DOCS_DIR)")
    args = parser.parse_args(argv)
    if not args.database.is_file():
        print(f"error: no warehouse at {args.database}: run `make run` first", file=sys.stderr)
        return 2
    if args.docs:
        os.environ["CDP_GX_DOCS_DIR"] = str(args.docs)
    passed = True
    for scope in args.scope:
        results = validate(args.database, scope, docs_dir(scope))
        print(f"{scope}: {sum(r.success for r in results)} of {len(results)} suites passed")
        for result in results:
            print(f"  {'ok  ' if result.success else 'FAIL'} {result.summary()}")
        print(f"  data docs: {docs_dir(scope) / 'index.html'}")
        passed = passed and all_passed(results)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())

"""Data quality with Great Expectations 1.x: the suites (in code, versioned), run on pandas DataFrames
read from the DuckDB warehouse (GX's SQL data source fails every expectation on DuckDB).

- `cdp.quality.raw`: one suite per raw contract table (schema, required columns, key uniqueness, value
  sets, row count within a band of the previous validated load).
- `cdp.quality.marts`: the marts' promises (customer_id unique and stable across runs, no order without a
  customer, CLV >= 0, consent purposes valid, audience members only with consent).
- `cdp.quality.runner`: runs suites, writes Data Docs HTML, keeps the state the next run compares with.
- `python -m cdp.quality` (`make validate`): both, without Dagster; exit code 1 when an expectation fails.

Dagster runs the same suites as blocking asset checks (orchestration/assets/quality.py).
"""

import sys
from contextlib import contextmanager
from types import ModuleType


@contextmanager
def _main_module_with_a_file():
    """pyspark.sql.connect, which great_expectations imports, ends the process (sys.exit(0), "Skipping
    doctests") when __main__ has neither __spec__ nor __file__, as under `python -c` and in pytest-xdist's
    workers. For the length of the import such a __main__ gets a file name; it is taken away after."""
    main = sys.modules.get("__main__")
    patched = main is not None and getattr(main, "__spec__", None) is None and not hasattr(main, "__file__")
    if patched:
        main.__file__ = "<string>"
    try:
        yield
    finally:
        if patched:
            del main.__file__


def load_great_expectations() -> ModuleType:
    """`import great_expectations` (with its `expectations` module), safe in any process.

    GX's pandas engine fingerprints every DataFrame smaller than 1 GB it validates (`HASH_THRESHOLD`: an
    md5 over pandas' hash of every row, kept as the batch marker `pandas_data_fingerprint`). Nothing here
    reads that marker, and at 1M people it took 7 of the 13 s the web events' raw suite spent validating
    its 12.3M rows, so it is turned off (docs/quality.md)."""
    with _main_module_with_a_file():
        import great_expectations
        import great_expectations.expectations  # noqa: F401
        from great_expectations.execution_engine import pandas_execution_engine

    pandas_execution_engine.HASH_THRESHOLD = 0
    return great_expectations

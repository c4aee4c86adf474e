"""How the suite shares the machine: two pytest-xdist workers (`-n 2 --dist loadfile`, pyproject.toml).

Most of the suite's time is dbt building small warehouses (in each worker's one dbt process,
tests/dbt_server.py: one Python process busy per build) and the Spark test's JVM. The Spark build waits
on its metastore and job start-up more than it computes (546 s alone, 553 s beside another worker), yet
a third worker made the clean-clone suite slower (1,983 s against 1,692 s, 2026-12-03): two workers it
is. Every test file runs whole on one worker,
so its module fixtures (a warehouse built once for the file) are built once.
Files are handed out longest first (LONGEST_FIRST, measured with `pytest --durations`; pytest-xdist's
own order would be by number of tests), so the long engine comparisons start at once instead of ending
the run alone. Files sharing a session or package fixture (one scenario warehouse read by several files)
form one unit of work (SHARED_FIXTURE_GROUPS, FileGroupScheduling), so that warehouse is built once.
"""

from __future__ import annotations

import pytest
from xdist.scheduler import LoadScopeScheduling

# Files that read one warehouse built by a session or package fixture: one worker runs them all.
SHARED_FIXTURE_GROUPS = {
    "tests/marts/test_metrics.py": "marts_scenarios",
    "tests/marts/test_cac.py": "marts_scenarios",
    "tests/marts/test_semantic_layer.py": "marts_scenarios",
    "tests/activation/": "tests/activation/",
    "tests/orchestration/": "tests/orchestration/",
}

LONGEST_FIRST = [
    # Seconds per unit in CI (a clean clone, `-n 2`, 2026-12-03, pytest --durations).
    "tests/engines/test_spark.py",  # the whole project on a local Spark: 467-482 s (2026-12-03, night)
    "tests/orchestration/",  # Dagster materialisation 166-168 s and the UI in Chromium 133 s, with the rest
    "tests/engines/test_postgres_incremental.py",  # three builds of 2,000 people on PostgreSQL: 271 s
    "tests/staging/test_incremental.py",  # the same on DuckDB: 255 s
    "tests/engines/test_postgres.py",  # 191 s
    "tests/bench/test_scale_bench.py",  # make bench end to end at 300 people: 174 s
    "tests/identity/test_identity_resolution.py",  # 170 s
    "tests/clv/test_clv_models.py",  # 157 s
    # three builds of every mart: 232 s; 139 s once its scans read each relation once (2026-12-05, EPYC)
    "tests/privacy/test_erasure.py",
    "tests/activation/test_audiences.py",  # the activation fixture, 129 s with the rest of tests/activation
    "tests/marts/test_cac.py",  # the marts scenarios, 111 s with test_metrics and test_semantic_layer
    "tests/traits/test_traits.py",  # 92 s
    "tests/identity/test_identity_inputs.py",  # 90 s
    "tests/identity/test_fellegi_sunter.py",  # 74 s
    "tests/test_engine_limits.py",  # 68 s
    "tests/marts/test_customers.py",  # 50 s
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    rank = {path: position for position, path in enumerate(LONGEST_FIRST)}

    def place(path: str) -> int:
        """A file's own rank, or its shared-fixture group's (tests/orchestration/)."""
        return min(rank.get(path, len(rank)), rank.get(_unit(path), len(rank)))

    # A stable sort: every file keeps its own order, the others follow in collection order.
    items.sort(key=lambda item: place(item.nodeid.split("::", 1)[0]))
    # ... and the files of one shared-fixture group next to each other, where the first of them stands.
    first = {}
    for position, item in enumerate(items):
        first.setdefault(_unit(item.nodeid.split("::", 1)[0]), position)
    items.sort(key=lambda item: first[_unit(item.nodeid.split("::", 1)[0])])


def _unit(path: str) -> str:
    """The unit of work of a test file: its shared-fixture group, else the file itself."""
    for prefix, group in SHARED_FIXTURE_GROUPS.items():
        if path == prefix or (prefix.endswith("/") and path.startswith(prefix)):
            return group
    return path


class FileGroupScheduling(LoadScopeScheduling):
    """pytest-xdist's scheduling by file (loadfile), with the files of a shared fixture as one unit."""

    def _split_scope(self, nodeid: str) -> str:
        return _unit(nodeid.split("::", 1)[0])


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> FileGroupScheduling:
    return FileGroupScheduling(config, log)


def pytest_sessionstart(session: pytest.Session) -> None:
    """A fresh dbt parse cache per run (tests/support.py PARSE_CACHE): dbt then parses each (target, vars)
    once in full and the other commands start from that parse. Cleared by the controller (or the only
    process), never by an xdist worker while others may read it."""
    if not hasattr(session.config, "workerinput"):
        import shutil

        from tests.support import PARSE_CACHE

        shutil.rmtree(PARSE_CACHE, ignore_errors=True)

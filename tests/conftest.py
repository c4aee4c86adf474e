"""How the suite shares the machine: two pytest-xdist workers (`-n 2 --dist loadfile`, pyproject.toml).

Most of the suite's time is dbt building small warehouses in subprocesses (one Python process busy per
build) and the Spark test's JVM, so two workers keep both cores of the CI machine busy. Every test file
runs whole on one worker, so its module fixtures (a warehouse built once for the file) are built once.
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
    "tests/engines/test_spark.py",  # 803 s (2026-12-01, pytest --durations, serial, a loaded machine)
    "tests/privacy/test_erasure.py",  # three builds of every mart: 735 s (serial, loaded machine)
    "tests/engines/test_postgres_incremental.py",  # three builds of 2,000 people: 246-367 s (load 5-9)
    "tests/staging/test_incremental.py",  # the same on DuckDB: 227-388 s (serial, load 5-9)
    "tests/identity/test_identity_resolution.py",  # 286 s
    "tests/activation/test_audiences.py",  # the activation fixture, ~270 s (shared by tests/activation)
    "tests/engines/test_postgres.py",  # 210 s
    "tests/orchestration/test_materialize.py",  # 208 s
    "tests/traits/test_traits.py",  # 112-168 s
    "tests/identity/test_fellegi_sunter.py",  # 139 s
    "tests/clv/test_clv_models.py",  # 131 s
    "tests/identity/test_identity_inputs.py",  # 110 s
    "tests/bench/test_scale_bench.py",  # make bench end to end at 300 people: 104 s (serial, load 4.5)
    "tests/marts/test_customers.py",  # 104 s
    "tests/marts/test_cac.py",  # 103 s
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    rank = {path: position for position, path in enumerate(LONGEST_FIRST)}
    # A stable sort: every file keeps its own order, the others follow in collection order.
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))
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

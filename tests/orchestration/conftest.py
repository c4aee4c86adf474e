"""Fixtures of the orchestration tests: the dbt project parsed into a folder of the tests' own, and the
Dagster definitions loaded on that manifest.

orchestration.project reads CDP_TARGET and DBT_TARGET_PATH when it is imported, so the definitions are
imported here, once the environment points at the tests' folder: nothing reads or writes target/ or
warehouse/cdp.duckdb.
"""

import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests import support


@pytest.fixture(scope="package")
def dbt_work(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder holding the parsed manifest (target/); the environment points dbt and Dagster at it."""
    work = tmp_path_factory.mktemp("orchestration")
    database = work / "parse-only.duckdb"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CDP_TARGET", "duckdb")
        env.setenv("DBT_TARGET_PATH", str(work / "target"))
        env.setenv("CDP_DUCKDB_PATH", str(database))
        env.delenv("CDP_RAW_DIR", raising=False)
        parsed = support.run_dbt(database, work, "parse", "--quiet", env=support.WRITE_JSON)
        assert parsed.returncode == 0, parsed.failure_summary()
        yield work


@pytest.fixture(scope="package")
def manifest(dbt_work: Path) -> dict:
    return json.loads((dbt_work / "target" / "manifest.json").read_text())


@pytest.fixture(scope="package")
def definitions(dbt_work: Path) -> ModuleType:
    """The orchestration.definitions module, loaded on the tests' manifest."""
    from orchestration import definitions

    assert definitions.cdp_project.manifest_path == dbt_work / "target" / "manifest.json"
    return definitions

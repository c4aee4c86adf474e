"""The dbt project as Dagster sees it: this repository, its profiles.yml and the target named by CDP_TARGET.

The manifest is read from the dbt target path (DBT_TARGET_PATH, default `target/`, as for dbt itself).
`dagster dev` parses the project on load (`prepare_if_dev`); elsewhere, parse it first (`dbt parse`, or
`dagster-dbt project prepare-and-package --file orchestration/project.py` when deploying).
"""

import os
import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from cdp.pipeline import ROOT

cdp_project = DbtProject(
    project_dir=ROOT,
    profiles_dir=ROOT,
    target=os.environ.get("CDP_TARGET", "duckdb"),
    target_path=os.environ.get("DBT_TARGET_PATH", "target"),
)
cdp_project.prepare_if_dev()

# The dbt of this virtualenv, whether or not it is on PATH.
_venv_dbt = Path(sys.executable).with_name("dbt")
dbt_resource = DbtCliResource(
    project_dir=cdp_project, dbt_executable=_venv_dbt if _venv_dbt.is_file() else "dbt"
)

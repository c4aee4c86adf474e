"""Fixtures: small generator runs shared by the generator tests (each run takes about a second)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from cdp.generator import MessConfig, generate

PEOPLE = 2000
SEED = 7


@dataclass
class Run:
    raw: Path
    truth: Path
    manifest: dict
    fmt: str


@pytest.fixture(scope="session")
def make_run(tmp_path_factory):
    def run(
        name: str,
        people: int = PEOPLE,
        seed: int = SEED,
        fmt: str = "parquet",
        mess: MessConfig | None = None,
    ) -> Run:
        base = tmp_path_factory.mktemp(name)
        manifest = generate(people, seed, base / "raw", base / "truth", fmt=fmt, mess=mess)
        return Run(base / "raw", base / "truth", manifest, fmt)

    return run


@pytest.fixture(scope="session")
def run_a(make_run) -> Run:
    return make_run("a")


@pytest.fixture(scope="session")
def run_a_again(make_run) -> Run:
    return make_run("a_again")


@pytest.fixture(scope="session")
def run_b(make_run) -> Run:
    return make_run("b", seed=SEED + 1)


@pytest.fixture(scope="session")
def run_csv(make_run) -> Run:
    return make_run("csv", fmt="csv")

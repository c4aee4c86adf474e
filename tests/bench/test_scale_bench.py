"""The scale benchmark (`make bench`, cdp.bench.scale): its growth factor and markdown section by hand, then
the whole module end to end at 300 people into a copy of a page with the markers (one size: each size is
seven dbt commands, a compile, two seeds, three runs and the data tests, and a publication, 1.5-2.5 min
on a loaded machine; the growth table is checked on that size's figures given twice)."""

from __future__ import annotations

import json
from copy import deepcopy
from pathlib import Path

import pytest

from cdp.bench.build import LAYERS, layer_peak_memory, model_layers
from cdp.bench.scale import BEGIN, END, growth, main, replace_section, report
from tests import support

PAGE_HEAD = "# Benchmarks\n\nText before the section.\n\n"
PAGE_TAIL = "\n\n## Limits\n\nText after the section.\n"


def _size(people: int, layer_s: float, run_s: float, incremental_s: float) -> dict:
    return {
        "people": people,
        "full": {
            "layers": {layer: {"wall_seconds": layer_s} for layer in LAYERS},
            "steps": {"run": {"wall_s": run_s}},
        },
        "incremental": {"steps": {"build_today_incremental": {"wall_s": incremental_s}}},
    }


def test_growth_factor_is_time_ratio_over_size_ratio() -> None:
    # 10x the people: a layer 2 s -> 30 s grew 15x, 1.5 times linear; the run 10 s -> 100 s is linear;
    # the incremental run 5 s -> 25 s grew 5x, half of linear.
    grown = growth([_size(1000, 30.0, 100.0, 25.0), _size(100, 2.0, 10.0, 5.0)])
    assert grown is not None
    assert (grown["from"], grown["to"]) == (100, 1000)
    rows = {label: (a, b, g) for label, a, b, g in grown["rows"]}
    assert rows["staging"] == (2.0, 30.0, 1.5)
    assert rows["whole dbt run"] == (10.0, 100.0, 1.0)
    assert rows["incremental day's dbt run"] == (5.0, 25.0, 0.5)
    assert growth([_size(100, 2.0, 10.0, 5.0)]) is None


def test_replace_section_keeps_the_rest_of_the_page(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(f"{PAGE_HEAD}{BEGIN}\nold\n{END}{PAGE_TAIL}", encoding="utf-8")
    replace_section(page, "new\n")
    assert page.read_text(encoding="utf-8") == f"{PAGE_HEAD}{BEGIN}\nnew\n{END}{PAGE_TAIL}"
    page.write_text(f"{PAGE_HEAD}{END}\n{BEGIN}{PAGE_TAIL}", encoding="utf-8")
    with pytest.raises(SystemExit, match="needs exactly one"):
        replace_section(page, "new\n")


def _tables(section: str) -> list[list[list[str]]]:
    """The markdown tables of `section`: rows of cells, header and separator included."""
    tables: list[list[list[str]]] = []
    previous_was_table = False
    for line in section.splitlines():
        is_table = line.startswith("|")
        if is_table:
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if not previous_was_table:
                tables.append([])
            tables[-1].append(cells)
        previous_was_table = is_table
    return tables


def test_scale_benchmark_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The benchmark's dbt commands inherit this environment: the tests' (no debug log file, no comments),
    # with the run_results.json the benchmark reads its model times from.
    for name, value in {**support.DBT_TEST_ENV, **support.WRITE_JSON}.items():
        monkeypatch.setenv(name, value)
    page = tmp_path / "benchmarks.md"
    page.write_text(f"{PAGE_HEAD}{BEGIN}\nfigures of an earlier run\n{END}{PAGE_TAIL}", encoding="utf-8")
    lock = tmp_path / "big.lock"
    figures = tmp_path / "scale.json"
    # --lock-from 300: the runs take the lock (as runs at 1M take /tmp/cdp-1m.lock)
    args = ["--people", "300", "--run-dir", str(tmp_path / "run"), "--output", str(page)]
    assert main([*args, "--json", str(figures), "--lock", str(lock), "--lock-from", "300"]) == 0

    text = page.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN)
    section, tail = rest.split(END)
    assert (head, tail) == (PAGE_HEAD, PAGE_TAIL)
    assert "earlier run" not in section
    assert lock.is_file()
    for phrase in (
        "commit `",
        " cores (",
        "GiB RAM",
        "reference workload",
        "Load average",
        "#### 300 people (",
        "The steps of `make run` on this data: load ",
        " + data tests ",
        " + publish ",
    ):
        assert phrase in section
    assert "Growth" not in section  # one size: no growth

    (table,) = _tables(section)
    header, _, *rows = table
    assert header[:3] == ["layer", "models", "wall s"]
    assert "incremental / full" in header and "peak memory MB" in header
    assert [row[0] for row in rows] == [*LAYERS, "**whole dbt run**"]
    assert all(len(row) == len(header) for row in rows)
    # only the twelve staging base models over incremental_source read only new rows, of every staging model
    layers = model_layers(tmp_path / "run" / "people_300" / "target")
    staging_models = sum(1 for layer in layers.values() if layer == "staging")
    assert rows[0][-1] == f"12 of {staging_models}" and rows[-1][-1].startswith("12 of ")
    assert all(row[-1].startswith("0 of ") for row in rows[1:-1])

    saved = json.loads(figures.read_text(encoding="utf-8"))
    (result,) = saved["results"]
    full, day = result["full"], result["incremental"]
    run = full["steps"]["run"]
    assert result["people"] == 300 and full["raw_rows"] > 0
    assert run["wall_s"] > 0 and run["peak_rss_mb"] > 100
    # The data tests and the publication, the steps of `make run` a dbt run lacks, timed too; the
    # published file is deleted once measured.
    assert full["steps"]["test"]["returncode"] == 0 and full["steps"]["publish"]["returncode"] == 0
    assert full["steps"]["publish"]["wall_s"] > 0
    assert not (tmp_path / "run" / "people_300" / "published").exists()
    assert sum(f["wall_share"] for f in full["layers"].values()) == pytest.approx(1.0)
    assert all(f["wall_seconds"] > 0 and f["seconds"] > 0 for f in full["layers"].values())
    peaks = [f["peak_mb"] for f in full["layers"].values() if f["peak_mb"] is not None]
    assert peaks and all(0 < peak <= run["peak_rss_mb"] * 1.05 for peak in peaks)
    incremental_run = day["steps"]["build_today_incremental"]
    assert incremental_run["returncode"] == 0 and incremental_run["wall_s"] > 0
    assert 0 < sum(day["dropped_rows"].values()) < full["raw_rows"] / 10
    # Once measured, the incremental day's warehouse and yesterday's raw copy are gone; the full build's
    # warehouse and the day's logs stay.
    size_dir = tmp_path / "run" / "people_300"
    assert (size_dir / "cdp.duckdb").is_file()
    assert sorted(p.name for p in (size_dir / "incremental").iterdir()) == ["logs", "target"]
    assert sum(f["wall_share"] for f in day["layers"].values()) == pytest.approx(1.0)

    # The same figures at twice the people: every time grew 1x for 2x the people, growth factor 0.50.
    doubled = deepcopy(result)
    doubled["people"] = 600
    grown = report([result, doubled], saved["context"])
    growth_table = _tables(grown[grown.index("#### Growth from 300 to 600 people") :])[0]
    growth_header, _, *growth_rows = growth_table
    assert growth_header == ["layer", "wall s at 300", "wall s at 600", "growth factor"]
    assert [row[0] for row in growth_rows] == [*LAYERS, "whole dbt run", "incremental day's dbt run"]
    assert all(row[1] == row[2] and row[3] == "0.50" for row in growth_rows)


def test_layer_peak_memory_counts_a_sample_for_every_layer_running() -> None:
    # staging's model runs 10-20 s, the mart 15-30 s: the sample at 16 s counts for both, 12 s for staging
    # only, 25 s for marts only; 5 s and 31 s fall outside every model; identity ran nothing.
    intervals = [(10.0, 20.0, "stg_a"), (15.0, 30.0, "dim_customers")]
    samples = [(5.0, 999.0), (12.0, 100.0), (16.0, 300.0), (25.0, 200.0), (31.0, 50.0)]
    peaks = layer_peak_memory(samples, intervals, {"stg_a": "staging", "dim_customers": "marts"})
    assert (peaks["staging"], peaks["marts"], peaks["identity"]) == (300.0, 300.0, None)

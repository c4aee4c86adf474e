"""The near-real-time benchmark's delivery: the raw web_events file with new product views added, in the
file's own format, moved into place whole, the file as it was kept once."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from cdp.bench.realtime import write_with_new_events
from tests.support import write_raw_dir

NEW = [
    ("RT-1", "anon-a", "web", "https://shop.example.vn/products/ao-thun-nam", "cus_a"),
    ("RT-2", "anon-b", "android", "app://product/giay-the-thao", "cus_b"),
]


def _rows(path: Path) -> list[tuple]:
    parquet = ".parquet" in path.name  # the kept file is web_events.parquet.before-realtime
    reader = "read_parquet" if parquet else "read_csv"
    options = "" if parquet else ", all_varchar = true"
    con = duckdb.connect()
    try:
        return con.execute(
            f"select event_id, anonymous_id, user_id, event_name, occurred_at, platform, page_url "
            f"from {reader}('{path}'{options}) order by event_id"
        ).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_new_events_are_added_to_the_delivered_file(tmp_path: Path, suffix: str) -> None:
    raw = tmp_path / "raw"
    write_raw_dir(
        raw,
        {
            "web_events": [
                {
                    "event_id": "WE-1",
                    "anonymous_id": "anon-a",
                    "user_id": "SC-1",
                    "event_name": "page_view",
                    "occurred_at": "31/10/2026 23:59",
                    "platform": "ios",
                    "page_url": "app://home",
                },
            ]
        },
    )
    raw_file = raw / "web_events.csv"
    if suffix == ".parquet":
        con = duckdb.connect()
        parquet = raw / "web_events.parquet"
        con.execute(f"copy (select * from read_csv('{raw_file}', all_varchar = true)) to '{parquet}'")
        con.close()
        raw_file.unlink()
        raw_file = raw / "web_events.parquet"
    original = _rows(raw_file)
    saved = tmp_path / f"web_events{suffix}.before-realtime"

    write_with_new_events(raw_file, NEW, "2026-10-31 16:59:59", saved)

    # One second apart after the latest event, written as UTC text; what a new event lacks stays empty.
    assert _rows(raw_file) == [
        (
            "RT-1",
            "anon-a",
            None,
            "product_view",
            "2026-10-31T17:00:00Z",
            "web",
            "https://shop.example.vn/products/ao-thun-nam",
        ),
        (
            "RT-2",
            "anon-b",
            None,
            "product_view",
            "2026-10-31T17:00:01Z",
            "android",
            "app://product/giay-the-thao",
        ),
        *original,
    ]
    assert _rows(saved) == original
    assert sorted(
        p.name for p in raw.iterdir() if p.name.startswith("web_events") or p.name.startswith(".")
    ) == [f"web_events{suffix}"]

    # A second run adds to the file again and keeps the file from before the first.
    write_with_new_events(
        raw_file, [("RT-3", "anon-c", "ios", "app://home", "cus_c")], "2026-10-31 17:00:01", saved
    )
    assert [row[0] for row in _rows(raw_file)] == ["RT-1", "RT-2", "RT-3", "WE-1"]
    assert _rows(saved) == original

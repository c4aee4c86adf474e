"""The incremental staging benchmark's "yesterday": the raw folder without the rows of its last local day."""

from __future__ import annotations

from pathlib import Path

import duckdb

from cdp.bench.incremental import write_yesterday
from tests.support import write_raw_dir

# Times written as naive UTC here, so a plain cast reads them (the benchmark passes the project's own
# parse_timestamp); the last day is taken in local time (UTC+7).
PARSE = "try_cast(ts_text as timestamp)"


def test_yesterday_leaves_out_the_last_local_day(tmp_path: Path) -> None:
    write_raw_dir(
        tmp_path / "raw",
        {
            "web_events": [
                {"event_id": "e1", "occurred_at": "2026-10-30 10:00:00"},  # 17:00 on the 30th, local
                {"event_id": "e2", "occurred_at": "2026-10-31 01:00:00"},  # 08:00 on the 31st
                {"event_id": "e3", "occurred_at": "2026-10-30 20:00:00"},  # 03:00 on the 31st
                {"event_id": "e4", "occurred_at": "not a time"},  # kept: no day
            ],
            "shop_orders": [
                {"order_id": "o1", "ordered_at": "2026-10-31 02:00:00"},
                {"order_id": "o2", "ordered_at": "2026-10-29 02:00:00"},
            ],
            "shop_order_items": [
                {"order_id": "o1", "line_number": "1"},
                {"order_id": "o2", "line_number": "1"},
                {"order_id": "o2", "line_number": "2"},
            ],
            "crm_contacts": [
                # updated on the last day: left out, though created long before
                {
                    "contact_id": "c1",
                    "created_at": "2026-01-01 00:00:00",
                    "updated_at": "2026-10-31 05:00:00",
                },
                # never updated: its creation dates it
                {"contact_id": "c2", "created_at": "2026-10-31 05:00:00", "updated_at": ""},
                {"contact_id": "c3", "created_at": "2026-10-01 05:00:00", "updated_at": ""},
            ],
        },
    )
    last_day, dropped = write_yesterday(tmp_path / "raw", tmp_path / "yesterday", PARSE)

    assert last_day == "2026-10-31"
    assert {table: n for table, n in dropped.items() if n} == {
        "web_events": 2,
        "shop_orders": 1,
        "shop_order_items": 1,
        "crm_contacts": 2,
    }
    con = duckdb.connect()
    kept = {
        table: sorted(
            row[0]
            for row in con.execute(
                f"select {key} from read_parquet('{tmp_path / 'yesterday' / (table + '.parquet')}')"
            ).fetchall()
        )
        for table, key in [
            ("web_events", "event_id"),
            ("shop_orders", "order_id"),
            ("shop_order_items", "order_id"),
            ("crm_contacts", "contact_id"),
        ]
    }
    assert kept == {
        "web_events": ["e1", "e4"],
        "shop_orders": ["o2"],
        "shop_order_items": ["o2", "o2"],
        "crm_contacts": ["c3"],
    }

"""``generate()``: people -> source records -> messy raw files, ground truth and manifest."""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from .config import CHUNK_PEOPLE, DEFAULT_AS_OF, IDENTITY_TABLES, TABLES, MessConfig
from .context import Context
from .corrupt import Corruptor, make_namesakes
from .frame import Frame, TableStats, finish
from .people import draw_people, people_table, person_ids
from .sources import Chunk, Counters, build_ad_spend
from .writer import PARQUET_OPTIONS, ROW_GROUP_SIZE, RawWriter, write_json, write_parquet

TRUTH_SCHEMA = pa.schema(
    [("source_table", pa.string()), ("source_record_id", pa.string()), ("person_id", pa.string())]
)
TABLE_INDEX = {t: i for i, t in enumerate(TABLES)}


def _rng(seed: int, *stream: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, *stream]))


def generate(
    people: int,
    seed: int,
    out_dir: str | Path,
    truth_dir: str | Path,
    fmt: str = "parquet",
    as_of: str = DEFAULT_AS_OF,
    mess: MessConfig | None = None,
    chunk_people: int = CHUNK_PEOPLE,
) -> dict:
    """Generate the 14 raw tables into ``out_dir`` and the ground truth into ``truth_dir``.

    Returns the manifest (also written to ``truth_dir/manifest.json``). Deterministic for a given
    people/seed/as_of/mess/chunk_people: the files are byte-identical from run to run.
    """
    if people < 1:
        raise ValueError("people must be >= 1")
    if chunk_people < 1:
        raise ValueError("chunk_people must be >= 1")
    if seed < 0:
        raise ValueError("seed must be >= 0")
    if fmt not in ("parquet", "csv"):
        raise ValueError("fmt must be 'parquet' or 'csv'")
    cfg = mess if mess is not None else MessConfig()
    cfg.validate()
    out_dir, truth_dir = Path(out_dir), Path(truth_dir)
    if out_dir.resolve() == truth_dir.resolve():
        raise ValueError("the truth folder must be kept apart from the raw folder")
    truth_dir.mkdir(parents=True, exist_ok=True)
    ctx = Context(cfg, as_of, people)
    P = draw_people(ctx, people, _rng(seed, 0))
    # Corruption mode: its own streams (4: per block, 5: people), so the default mode's draws are unchanged.
    corrupt, corruption = None, None
    if cfg.is_corrupted:
        corruption = make_namesakes(ctx, P, _rng(seed, 5))
        corrupt = Corruptor(ctx, P)
    counters = Counters()
    raw = RawWriter(out_dir, fmt)
    stats = {t: TableStats() for t in TABLES}
    truth_writer = pq.ParquetWriter(
        str(truth_dir / "identity_truth.parquet"), TRUTH_SCHEMA, **PARQUET_OPTIONS
    )
    truth_rows = 0
    # Arrow assembly and file writing run in background threads (Arrow releases the GIL) while the next
    # table is built. Blocks of one table are written in order (a table's next block waits for its previous
    # one), so the bytes stay deterministic.
    pool = ThreadPoolExecutor(max_workers=2)
    pending: deque[Future] = deque()
    last: dict[str, Future] = {}

    def submit(table: str, job) -> None:
        if table in last:
            last.pop(table).result()
        while len(pending) >= 3:
            pending.popleft().result()
        fut = pool.submit(lambda: raw.write(table, job.table()))
        pending.append(fut)
        last[table] = fut

    try:
        ad = build_ad_spend(ctx, _rng(seed, 1), counters)
        job, st, _ = finish(ad, ctx, _rng(seed, 2, 0, TABLE_INDEX["ad_spend"]))
        submit("ad_spend", job)
        stats["ad_spend"].add(st)
        for ci, lo in enumerate(range(0, people, chunk_people)):
            hi = min(lo + chunk_people, people)
            crng = _rng(seed, 4, ci) if corrupt is not None else None
            chunk = Chunk(ctx, P, lo, hi, _rng(seed, 3, ci), counters, corrupt, crng)
            frames = chunk.build()
            for t in TABLES:
                if t == "ad_spend":
                    continue
                f = frames.pop(t)
                old = {"crm_contacts": chunk.crm_old_versions, "shop_customers": chunk.shop_old_versions}.get(
                    t
                )
                job, st, blanked = finish(f, ctx, _rng(seed, 2, ci + 1, TABLE_INDEX[t]), old)
                stats[t].add(st)
                if t in IDENTITY_TABLES:
                    tr = _truth(t, f, blanked, chunk)
                    truth_rows += tr.num_rows
                    truth_writer.write_table(tr, row_group_size=ROW_GROUP_SIZE)
                submit(t, job)
                del f, job
            del chunk, frames
        while pending:
            pending.popleft().result()
    finally:
        for fut in pending:
            fut.cancel()
        pool.shutdown(wait=True)
        raw.close()
        truth_writer.close()
    write_parquet(truth_dir / "people.parquet", people_table(ctx, P))
    manifest = {
        "generator": "cdp.generator",
        "seed": seed,
        "people": people,
        "as_of": as_of,
        "format": fmt,
        "chunk_people": chunk_people,
        "mess_config": cfg.to_dict(),
        "tables": {t: stats[t].to_dict() for t in TABLES},
        "mess_totals": _totals(stats),
        "truth": {"identity_truth_rows": truth_rows, "people_rows": people},
        "files": {t: f"{t}.{fmt}" for t in TABLES},
    }
    if corruption is not None:
        manifest["corruption"] = corruption
    write_json(truth_dir / "manifest.json", manifest)
    return manifest


def _truth(table: str, f: Frame, blanked: np.ndarray, chunk: Chunk) -> pa.Table:
    if table == "web_events":
        keys, persons = chunk.truth_extra[table]
    else:
        keep = ~blanked
        if table == "pos_transactions":
            keep &= (f.vals["loyalty_card_id"] != "") | (f.vals["customer_phone"] != "")
        keys = f.vals[IDENTITY_TABLES[table]][keep]
        persons = f.aux["person"][keep]
    n = len(keys)
    return pa.table(
        {
            "source_table": pa.array(np.full(n, table, dtype=object), type=pa.string()),
            "source_record_id": pa.array(keys, type=pa.string()),
            "person_id": pa.array(person_ids(persons), type=pa.string()),
        },
        schema=TRUTH_SCHEMA,
    )


def _totals(stats: dict[str, TableStats]) -> dict[str, int]:
    out: dict[str, int] = {}
    for st in stats.values():
        for k, v in st.mess.items():
            out[k] = out.get(k, 0) + v
        for k, v in st.defects.items():
            out[f"defect_{k}"] = out.get(f"defect_{k}", 0) + v
        out["duplicate_rows"] = out.get("duplicate_rows", 0) + st.duplicate_rows
        out["updated_versions"] = out.get("updated_versions", 0) + st.updated_versions
    return dict(sorted(out.items()))

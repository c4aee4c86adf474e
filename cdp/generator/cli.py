"""Command line: ``python -m cdp.generator --people 5000 --seed 42 --out DIR --truth DIR``."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .config import DEFAULT_AS_OF, MessConfig
from .core import generate


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m cdp.generator", description=__doc__)
    ap.add_argument("--people", type=int, default=5000, help="number of true people (default 5000)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--out", required=True, type=Path, help="raw folder: one file per source table")
    ap.add_argument("--truth", required=True, type=Path, help="ground-truth folder, kept apart from --out")
    ap.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    ap.add_argument("--as-of", default=DEFAULT_AS_OF, help="exclusive end of activity, YYYY-MM-DD")
    ap.add_argument(
        "--mode",
        choices=("default", "clean", "corrupted"),
        default="default",
        help="mess profile: default; clean (no mess at all); corrupted (the default mess plus typos, "
        "date slips, address abbreviations, missing fields, unlinked duplicates and namesakes)",
    )
    ap.add_argument("--mess-config", type=Path, help="JSON file with MessConfig fields to override")
    ap.add_argument("--clean", action="store_true", help="same as --mode clean")
    ap.add_argument("--quiet", action="store_true")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.clean and args.mode != "default":
        raise SystemExit("--clean and --mode are exclusive")
    cfg = MessConfig.profile("clean" if args.clean else args.mode)
    if args.mess_config:
        merged = cfg.to_dict() | json.loads(args.mess_config.read_text(encoding="utf-8"))
        cfg = MessConfig.from_dict(merged)
    t0 = time.perf_counter()
    manifest = generate(
        args.people, args.seed, args.out, args.truth, fmt=args.format, as_of=args.as_of, mess=cfg
    )
    if not args.quiet:
        print(
            f"generated {args.people} people (seed {args.seed}, {'clean' if args.clean else args.mode} "
            f"mode) in {time.perf_counter() - t0:.1f}s",
            file=sys.stderr,
        )
        for t, st in manifest["tables"].items():
            print(f"  {t:<18} {st['rows_written']:>10,} rows", file=sys.stderr)
    return 0

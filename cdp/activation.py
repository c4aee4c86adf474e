"""`make activate`: write every audience's export files, one per audience and destination, from the built
warehouse (marts.audience_exports), with a manifest per run (docs/activation.md).

    exports/<run>/<audience>__<destination>.csv      the rows the destination receives
    exports/<run>/<audience>__<destination>.parquet  the same rows
    exports/<run>/manifest.json and manifest.csv     per file: rows, rows left out (by reason), additions
                                                     and removals against the previous run, sha256

Only rows with is_exported are written; a row whose identifier could not be normalised or whose consent
does not allow it is left out and counted (excluded_rows). Ad-platform files carry SHA-256 hashes only:
a value that is not 64 lower-case hex digits stops the run before anything is written for that file.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import sys
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent


def exports_dir() -> Path:
    """The exports folder: CDP_EXPORTS_DIR, default exports/ of the repository."""
    return Path(os.environ.get("CDP_EXPORTS_DIR", ROOT / "exports"))


# Columns of each destination's file: (file header, audience_exports column). Meta's customer-file
# identifiers are `email` and `phone`; Google Customer Match's upload headers are `Email` and `Phone`.
DESTINATION_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "meta_custom_audiences": [("email", "email_sha256"), ("phone", "phone_sha256")],
    "google_customer_match": [("Email", "email_sha256"), ("Phone", "phone_sha256")],
    "sms": [("customer_id", "customer_id"), ("phone", "phone_e164")],
    "email_service_provider": [("customer_id", "customer_id"), ("email", "email")],
}
AD_PLATFORMS = {"meta_custom_audiences", "google_customer_match"}
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


class ActivationError(Exception):
    """An export that must not be written (a raw value in an ad-platform file, no warehouse)."""


@dataclass
class ExportFile:
    audience: str
    destination: str
    rows: int
    excluded_rows: int
    excluded_by_reason: dict[str, int] = field(default_factory=dict)
    additions: int = 0
    removals: int = 0
    csv_file: str = ""
    csv_sha256: str = ""
    parquet_file: str = ""
    parquet_sha256: str = ""


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_exports(
    database: Path,
) -> tuple[dict[tuple[str, str], list[tuple]], dict[tuple[str, str], dict[str, int]]]:
    """Rows to send and rows left out (counted by reason) per (audience, destination)."""
    if not database.exists():
        raise ActivationError(f"no warehouse at {database}: run `make run` first")
    con = duckdb.connect(str(database), read_only=True)
    try:
        rows: dict[tuple[str, str], list[tuple]] = {}
        for destination, columns in DESTINATION_COLUMNS.items():
            selected = ", ".join(column for _, column in columns)
            for audience, *values in con.execute(
                f"select audience, {selected} from marts.audience_exports "
                "where is_exported and destination = ? order by audience, " + selected,
                [destination],
            ).fetchall():
                rows.setdefault((audience, destination), []).append(tuple(values))
        excluded: dict[tuple[str, str], dict[str, int]] = {}
        for audience, destination, is_exported, reason, count in con.execute(
            "select audience, destination, is_exported, excluded_reason, count(*) "
            "from marts.audience_exports group by all order by all"
        ).fetchall():
            by_reason = excluded.setdefault((audience, destination), {})
            if not is_exported:
                by_reason[reason or "unknown"] = count
        return rows, excluded
    finally:
        con.close()


def check_hashed_only(destination: str, rows: list[tuple]) -> None:
    if destination not in AD_PLATFORMS:
        return
    for row in rows:
        for value in row:
            if value is not None and not SHA256_HEX.match(value):
                raise ActivationError(
                    f"{destination}: a value that is not a SHA-256 hex digest would be exported; "
                    "nothing written"
                )


def previous_run(exports_dir: Path, run: str) -> Path | None:
    """The run folder, other than `run`, whose manifest was written last: what the destinations were last
    sent. By the time the manifest records (its file's time for a manifest without one), not by the run's
    name: a run named by hand ('2026-12-06') sorts before the default names ('20261206T031500Z')."""
    runs = [path for path in exports_dir.glob("*") if path.name != run and (path / "manifest.json").exists()]
    return max(runs, key=_written_at, default=None)


def _written_at(run_dir: Path) -> str:
    manifest = run_dir / "manifest.json"
    written_at = json.loads(manifest.read_text(encoding="utf-8")).get("written_at")
    return written_at or datetime.fromtimestamp(manifest.stat().st_mtime, UTC).isoformat(
        timespec="microseconds"
    )


def read_csv_rows(path: Path) -> set[tuple]:
    if not path.exists():
        return set()
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        return {tuple(value or None for value in row) for row in reader}


def write_files(out: Path, name: str, header: list[str], rows: list[tuple]) -> tuple[Path, Path]:
    csv_path = out / f"{name}.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(["" if value is None else value for value in row] for row in rows)
    parquet_path = out / f"{name}.parquet"
    con = duckdb.connect()
    try:
        columns = ", ".join(f"'{column}': 'VARCHAR'" for column in header)
        con.execute(
            f"copy (select * from read_csv('{csv_path}', header = true, columns = {{{columns}}})) "
            f"to '{parquet_path}' (format parquet)"
        )
    finally:
        con.close()
    return csv_path, parquet_path


def activate(database: Path, exports: Path | None = None, run: str | None = None) -> Path:
    """Write this run's files and manifest under `exports` (default exports_dir()); return the run folder."""
    exports = exports or exports_dir()
    run = run or datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    rows, excluded = read_exports(database)
    previous = previous_run(exports, run)
    previous_files: set[tuple[str, str]] = set()
    if previous is not None:
        for entry in json.loads((previous / "manifest.json").read_text(encoding="utf-8"))["files"]:
            previous_files.add((entry["audience"], entry["destination"]))
    pairs = sorted(set(rows) | set(excluded) | previous_files)
    for (_, destination), found in rows.items():
        check_hashed_only(destination, found)
    out = exports / run
    out.mkdir(parents=True, exist_ok=False)
    files: list[ExportFile] = []
    for audience, destination in pairs:
        found = rows.get((audience, destination), [])
        name = f"{audience}__{destination}"
        header = [column for column, _ in DESTINATION_COLUMNS[destination]]
        csv_path, parquet_path = write_files(out, name, header, found)
        before = read_csv_rows(previous / f"{name}.csv") if previous is not None else set()
        now = set(found)
        reasons = excluded.get((audience, destination), {})
        files.append(
            ExportFile(
                audience=audience,
                destination=destination,
                rows=len(found),
                excluded_rows=sum(reasons.values()),
                excluded_by_reason=reasons,
                additions=len(now - before),
                removals=len(before - now),
                csv_file=csv_path.name,
                csv_sha256=file_sha256(csv_path),
                parquet_file=parquet_path.name,
                parquet_sha256=file_sha256(parquet_path),
            )
        )
    manifest = {
        "run": run,
        "written_at": datetime.now(UTC).isoformat(timespec="microseconds"),
        "database": str(database),
        "previous_run": previous.name if previous is not None else None,
        "files": [asdict(entry) for entry in files],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    with (out / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        fields = [name for name in asdict(files[0]) if name != "excluded_by_reason"] if files else []
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(asdict(entry) for entry in files)
    return out


def audience_size_lines(database: Path) -> list[str]:
    """`make run`'s audience sizes: members per audience (marts.audience_sizes), its purpose, and the
    entries and exits of the latest build; empty when the warehouse has no audiences."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        found = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'marts' and table_name = 'audience_sizes'"
        ).fetchone()
        if not found or not found[0]:
            return []
        sizes = con.execute(
            "select audience, purpose, members, entered_latest_build, exited_latest_build "
            "from marts.audience_sizes where audience = other_audience order by audience"
        ).fetchall()
    finally:
        con.close()
    lines = [f"{'audience':<28} {'purpose':<20} {'members':>8} {'entered':>8} {'exited':>7}"]
    lines += [
        f"{audience:<28} {purpose:<20} {members:>8,} {entered:>8,} {exited:>7,}"
        for audience, purpose, members, entered, exited in sizes
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    from cdp.pipeline import database_path

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", type=Path, default=None, help="DuckDB file (default: CDP_DUCKDB_PATH)")
    parser.add_argument(
        "--exports", type=Path, default=None, help="exports folder (default: CDP_EXPORTS_DIR or exports/)"
    )
    parser.add_argument("--run", default=None, help="run name (default: UTC time, e.g. 20261201T031500Z)")
    args = parser.parse_args(argv)
    try:
        out = activate(args.database or database_path(), args.exports, args.run)
    except ActivationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    print(f"exports written to {out} (previous run: {manifest['previous_run'] or 'none'})")
    print(f"  {'audience':<28} {'destination':<24} {'rows':>7} {'left out':>9} {'added':>7} {'removed':>8}")
    for entry in manifest["files"]:
        print(
            f"  {entry['audience']:<28} {entry['destination']:<24} {entry['rows']:>7,} "
            f"{entry['excluded_rows']:>9,} {entry['additions']:>7,} {entry['removals']:>8,}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

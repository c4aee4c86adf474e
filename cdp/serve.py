"""`make serve`: the profile service, one customer's segments, audiences, traits and next-best category for
personalisation (docs/serve.md), over HTTP (FastAPI under uvicorn).

    GET /profiles/{identifier_type}/{identifier}   identifier_type: customer_id, email, phone, anonymous_id
    GET /health                                    the published file and its publication

It reads ONLY the published marts file (cdp/publish.py, CDP_PUBLISHED_PATH), read-only, never the build's
file, so it never holds a lock that blocks a build; when a new publication is swapped in (the file's inode
changes) it opens the new file on the next request.

Identifiers are normalised by the published file's table macros marts.normalized_identifier_<type>(), which
dbt renders from the staging macros (identifier_normalization_rules):
the service holds no copy of the email or phone rules. It answers:

- 400 for an unknown identifier type or an identifier that cannot be normalised (invalid or placeholder
  email or phone, empty value), with the reason;
- 404 for an identifier no customer carries, and for an erased subject (erased customers are gone from the
  marts; an identifier on the erasure suppression list, when the build has one, is refused the same way);
- 409 for an identifier shared by several customers;
- 200 with each part of the profile only when the customer granted its purpose (PURPOSE_GATES), the
  withheld parts named in `withheld` with the purpose they need.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from cdp.publish import published_path

IDENTIFIER_TYPES = ("customer_id", "email", "phone", "anonymous_id")
# Identifiers normalised by the open publication's rules, kept until the next publication (or this many).
NORMALISED_CACHE_SIZE = 100_000

# Which consent purpose (var consent_purposes) each part of the answer needs. Segments (RFM, churn, CLV)
# and behavioural traits are profiling of the customer's own data: analytics. The next-best category and
# the products to show again are personalised recommendations: ads_personalization. Audiences carry each
# their own purpose (an audience is only returned when the customer granted the purpose it is used for).
PURPOSE_GATES = {
    "segments": "analytics",
    "traits": "analytics",
    "recommendations": "ads_personalization",
}
SEGMENT_COLUMNS = (
    "rfm_segment",
    "rfm_cell",
    "r_score",
    "f_score",
    "m_score",
    "is_churned",
    "p_alive",
    "predicted_clv_vnd",
)
RECOMMENDATION_COLUMNS = ("next_best_category", "top_category", "retargeting_products")
# Trait columns that are not traits of the answer: the key, and the recommendations (gated apart).
NOT_TRAITS = {"customer_id", *RECOMMENDATION_COLUMNS, "retargeting_product_count"}
# Erasure's suppression list, when the build has one (hashes of normalised identifiers).
SUPPRESSION_RELATION = ("marts", "erasure_suppression_list")

ISSUE_MESSAGES = {
    "invalid_email": "the email address is not valid",
    "placeholder_email": "the email address is a placeholder that names nobody",
    "invalid_phone": (
        "the phone number is not valid (a Vietnamese mobile or landline, or an international number "
        "with its country code)"
    ),
    "placeholder_phone": "the phone number is a placeholder shared by unrelated people",
    "empty_identifier": "the identifier is empty",
}


class Unavailable(Exception):
    """No published file yet."""


class PublishedMarts:
    """A read-only connection to the published file, reopened when a new publication replaced it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._pinned = False
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._file_id: tuple[int, int] | None = None
        self._relations: set[tuple[str, str]] = set()
        # Normalised identifiers of the open publication: (type, as asked) -> (normalized, issue).
        self.normalised: dict[tuple[str, str], tuple[str | None, str | None]] = {}

    @contextmanager
    def publication(self) -> Iterator[PublishedMarts]:
        """Every query inside reads the same publication (one answer never mixes two)."""
        with self._lock:
            self._current()
            self._pinned = True
            try:
                yield self
            finally:
                self._pinned = False

    def _current(self) -> duckdb.DuckDBPyConnection:
        if self._pinned and self._connection is not None:
            return self._connection
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            raise Unavailable(f"no published marts file at {self.path}: run `make publish`") from None
        file_id = (stat.st_dev, stat.st_ino)
        if self._connection is None or file_id != self._file_id:
            if self._connection is not None:
                self._connection.close()
            self._connection = duckdb.connect(str(self.path), read_only=True)
            self._file_id = file_id
            self.normalised = {}
            self._relations = set(
                self._connection.execute(
                    "select schema_name, table_name from duckdb_tables() "
                    "union all select schema_name, view_name from duckdb_views() where not internal"
                ).fetchall()
            )
        return self._connection

    def rows(self, sql: str, parameters: list[Any] | None = None) -> list[dict[str, Any]]:
        with self._lock:
            cursor = self._current().execute(sql, parameters or [])
            columns = [column[0] for column in cursor.description]
            return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

    def has(self, schema: str, name: str) -> bool:
        with self._lock:
            self._current()
            return (schema, name) in self._relations

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None


def plain(value: Any) -> Any:
    """A JSON-ready value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


class ProfileError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def normalise(marts: PublishedMarts, identifier_type: str, identifier: str) -> str:
    if identifier_type not in IDENTIFIER_TYPES:
        raise ProfileError(
            400, f"unknown identifier type {identifier_type!r}: use one of {', '.join(IDENTIFIER_TYPES)}"
        )
    key = (identifier_type, identifier)
    if key not in marts.normalised:
        rule = f"marts.normalized_identifier_{identifier_type}"
        (row,) = marts.rows(f"select normalized, issue from {rule}(?)", [identifier])
        if len(marts.normalised) >= NORMALISED_CACHE_SIZE:
            marts.normalised.clear()
        marts.normalised[key] = (row["normalized"], row["issue"])
    value, issue = marts.normalised[key]
    if value is None:
        issue = issue or "empty_identifier"
        raise ProfileError(400, f"malformed {identifier_type}: {ISSUE_MESSAGES.get(issue, issue)} ({issue})")
    return value


def is_suppressed(marts: PublishedMarts, identifier_type: str, value: str) -> bool:
    schema, name = SUPPRESSION_RELATION
    if not marts.has(schema, name):
        return False
    hits = marts.rows(
        f"select 1 from {schema}.{name} where identifier_type = ? and identifier_hash = sha256(?) limit 1",
        [identifier_type, value],
    )
    return bool(hits)


def profile(marts: PublishedMarts, identifier_type: str, identifier: str) -> dict[str, Any]:
    value = normalise(marts, identifier_type, identifier)
    not_found = ProfileError(404, f"no customer with this {identifier_type}")
    if is_suppressed(marts, identifier_type, value):
        raise not_found
    owners = marts.rows(
        "select customer_id from marts.customer_identifier_lookup "
        "where identifier_type = ? and identifier_value = ? order by customer_id",
        [identifier_type, value],
    )
    if not owners:
        raise not_found
    if len(owners) > 1:
        raise ProfileError(
            409, f"this {identifier_type} is shared by {len(owners)} customers: ask by customer_id"
        )
    customer_id = owners[0]["customer_id"]
    consent = {
        row["purpose"]: row["consent_status"]
        for row in marts.rows(
            "select purpose, consent_status from marts.customer_consent where customer_id = ? order by 1",
            [customer_id],
        )
    }
    granted = {purpose for purpose, status in consent.items() if status == "granted"}
    answer: dict[str, Any] = {
        "customer_id": customer_id,
        "identifier": {"type": identifier_type, "normalized": value},
        "consent": consent,
        "segments": None,
        "audiences": [],
        "traits": None,
        "recommendations": None,
        "withheld": {
            part: f"needs consent for {purpose}"
            for part, purpose in PURPOSE_GATES.items()
            if purpose not in granted
        },
    }
    if PURPOSE_GATES["segments"] in granted:
        columns = ", ".join(SEGMENT_COLUMNS)
        (row,) = marts.rows(f"select {columns} from marts.dim_customers where customer_id = ?", [customer_id])
        answer["segments"] = {column: plain(row[column]) for column in SEGMENT_COLUMNS}
    answer["audiences"] = [
        {key: plain(item) for key, item in row.items()}
        for row in marts.rows(
            "select audience, purpose, reason, products from marts.audience_members "
            "where customer_id = ? order by audience",
            [customer_id],
        )
        if row["purpose"] in granted
    ]
    traits = marts.rows("select * from marts.customer_traits where customer_id = ?", [customer_id])
    trait_row = traits[0] if traits else {}
    if PURPOSE_GATES["traits"] in granted:
        answer["traits"] = {
            column: plain(item) for column, item in trait_row.items() if column not in NOT_TRAITS
        }
    if PURPOSE_GATES["recommendations"] in granted:
        answer["recommendations"] = {
            column: plain(trait_row.get(column)) for column in RECOMMENDATION_COLUMNS
        }
    return answer


def create_app(path: Path | None = None) -> Any:
    from fastapi import FastAPI
    from fastapi.responses import JSONResponse

    marts = PublishedMarts(path or published_path())
    app = FastAPI(
        title="CDP profile service",
        description="One customer's segments, audiences, traits and next-best category, consent-gated "
        "(docs/serve.md). Reads only the published marts file.",
    )
    app.state.marts = marts

    @app.get("/health")
    def health() -> JSONResponse:
        try:
            (row,) = marts.rows(
                "select min(publication_id) as publication_id, min(published_at) as published_at, "
                "count(*) as relations from published.relations"
            )
        except Unavailable as error:
            return JSONResponse({"status": "unavailable", "detail": str(error)}, status_code=503)
        return JSONResponse(
            {"status": "ok", "published_file": str(marts.path), **{key: plain(v) for key, v in row.items()}}
        )

    @app.get("/profiles/{identifier_type}/{identifier:path}")
    def get_profile(identifier_type: str, identifier: str) -> JSONResponse:
        try:
            with marts.publication():
                return JSONResponse(profile(marts, identifier_type, identifier))
        except ProfileError as error:
            return JSONResponse({"detail": error.message}, status_code=error.status)
        except Unavailable as error:
            return JSONResponse({"detail": str(error)}, status_code=503)

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("CDP_SERVE_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("CDP_SERVE_PORT", "8000")))
    parser.add_argument("--published", type=Path, default=None, help="the published marts file")
    args = parser.parse_args(argv)
    try:
        import uvicorn
    except ImportError:
        print("error: install the serve extra: pip install -e '.[serve]' (make install)", file=sys.stderr)
        return 2
    app = create_app(args.published)
    print(f"profile service on http://{args.host}:{args.port} reading {app.state.marts.path}")
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0


if __name__ == "__main__":
    sys.exit(main())

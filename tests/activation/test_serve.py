"""The profile service (`make serve`, cdp/serve.py, docs/serve.md): real HTTP requests against the service
started in a subprocess on a free port, reading the file published from the activation warehouse
(tests/activation/conftest.py; after its second build, where SC-1 revoked ads_personalization).

Expected answers, from the fixture's rows:
- SC-1: email_marketing and analytics granted, ads_personalization revoked on 2024-03-31 -> segments and
  traits (one product view in the last 7 days, one cart add in 30), audience abandoned_cart only (it left
  browse_abandonment with the revocation), recommendations withheld.
- SC-9 (Ngoc.Do+shop@Gmail.com, anonymous visitor A9): ads_personalization only -> recommendations,
  audiences browse_abandonment and identified_intent; segments and traits withheld.
- SC-4: no consent record -> found, but every part withheld and no audience.
- SC-7's email is put on the erasure suppression list of the published copy (its SHA-256 from hashlib, in
  the columns of marts.erasure_suppression_list) -> 404 by that email, while SC-7's phone still answers.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest

from cdp.publish import publish
from cdp.serve import PURPOSE_GATES, SEGMENT_COLUMNS
from tests.activation.conftest import Activation

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Service:
    base_url: str
    database: Path
    published: Path

    def get(self, path: str) -> tuple[int, dict[str, Any]]:
        try:
            with urllib.request.urlopen(self.base_url + path, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def profile(self, identifier_type: str, identifier: str) -> tuple[int, dict[str, Any]]:
        return self.get(f"/profiles/{identifier_type}/{urllib.parse.quote(identifier, safe='')}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def service(activated: Activation, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    work = tmp_path_factory.mktemp("serve")
    build = work / "cdp.duckdb"
    shutil.copyfile(activated.warehouse.database, build)
    con = duckdb.connect(str(build))
    try:
        con.execute(
            "create table if not exists marts.erasure_suppression_list (suppression_key varchar, "
            "identifier_type varchar, identifier_hash varchar, request_id varchar, suppressed_at timestamp)"
        )
        email_hash = hashlib.sha256(b"khoa.dang@example.vn").hexdigest()
        con.execute(
            "insert into marts.erasure_suppression_list "
            "(suppression_key, identifier_type, identifier_hash, request_id, suppressed_at) "
            "values (?, 'email', ?, 'ER-TEST', timestamp '2024-04-01 00:00:00')",
            [f"email:{email_hash}", email_hash],
        )
    finally:
        con.close()
    published = work / "published" / "cdp_marts.duckdb"
    publish(build, published)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "cdp.serve", "--port", str(port), "--published", str(published)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    running = Service(f"http://127.0.0.1:{port}", build, published)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if running.get("/health")[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.communicate()[0] if process.poll() is not None else ""
                pytest.fail(f"the service did not start:\n{output}")
            time.sleep(0.3)
        yield running
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_consented_parts_only(service: Service, activated: Activation) -> None:
    status, body = service.profile("email", " Lan.Nguyen@Example.VN ")
    assert status == 200
    assert body["customer_id"] == activated.customer("SC-1")
    assert body["identifier"] == {"type": "email", "normalized": "lan.nguyen@example.vn"}
    assert body["consent"] == {
        "ads_personalization": "revoked",
        "analytics": "granted",
        "email_marketing": "granted",
        "sms_marketing": "unknown",
    }
    assert set(body["segments"]) == set(SEGMENT_COLUMNS)
    assert body["traits"]["product_views_7d"] == 1
    assert body["traits"]["cart_adds_30d"] == 1
    # the recommendations, withheld without ads_personalization, are not given back among the traits
    for recommendation in ("next_best_category", "top_category", "retargeting_products"):
        assert recommendation not in body["traits"], recommendation
    assert [(a["audience"], a["purpose"], a["products"]) for a in body["audiences"]] == [
        ("abandoned_cart", "email_marketing", "sku-a")
    ]
    assert body["recommendations"] is None
    assert body["withheld"] == {"recommendations": "needs consent for ads_personalization"}


def test_every_identifier_type_finds_the_same_customer(service: Service, activated: Activation) -> None:
    sc9 = activated.customer("SC-9")
    for identifier_type, identifier in [
        ("customer_id", sc9),
        ("email", "ngocdo@gmail.com"),
        ("email", "Ngoc.Do+shop@Gmail.com"),
        # as staging reads a source's email field: after a display name, a no-break space after it
        ("email", "Đỗ Ngọc <Ngoc.Do+shop@Gmail.com>"),
        ("email", "ngocdo@gmail.com\u00a0"),
        ("email", "ngocdo@gmail,com"),
        ("phone", "+84 903 111 009"),
        ("phone", "0903.111.009"),
        ("phone", "0903\u00a0111\u00a0009"),
        ("phone", "0903 111 009 ext. 12"),
        ("anonymous_id", "A9"),
    ]:
        status, body = service.profile(identifier_type, identifier)
        assert (status, body.get("customer_id")) == (200, sc9), (identifier_type, identifier, body)
    assert body["identifier"] == {"type": "anonymous_id", "normalized": "A9"}
    assert [a["audience"] for a in body["audiences"]] == ["browse_abandonment", "identified_intent"]
    assert set(body["recommendations"]) == {"next_best_category", "top_category", "retargeting_products"}
    assert body["segments"] is None and body["traits"] is None
    assert set(body["withheld"]) == {"segments", "traits"}


def test_customer_without_consent_gets_nothing_personal(service: Service, activated: Activation) -> None:
    status, body = service.profile("customer_id", activated.customer("SC-4"))
    assert status == 200
    assert set(body["consent"].values()) == {"unknown"}
    assert body["audiences"] == []
    assert body["segments"] is None and body["traits"] is None and body["recommendations"] is None
    assert set(body["withheld"]) == set(PURPOSE_GATES)


@pytest.mark.parametrize(
    ("identifier_type", "identifier", "reason"),
    [
        ("email", "not-an-email", "invalid_email"),
        ("email", "test@test.com", "placeholder_email"),
        ("phone", "12345", "invalid_phone"),
        ("customer_id", " ", "empty_identifier"),
    ],
)
def test_malformed_identifiers_are_400(
    service: Service, identifier_type: str, identifier: str, reason: str
) -> None:
    status, body = service.profile(identifier_type, identifier)
    assert status == 400
    assert body["detail"].startswith(f"malformed {identifier_type}: ")
    assert body["detail"].endswith(f"({reason})")


def test_unknown_type_is_400_and_unknown_identifier_404(service: Service) -> None:
    status, body = service.profile("fax", "123")
    assert status == 400 and "customer_id, email, phone, anonymous_id" in body["detail"]
    assert service.profile("email", "nobody@example.vn") == (404, {"detail": "no customer with this email"})
    assert service.profile("anonymous_id", "A-404") == (404, {"detail": "no customer with this anonymous_id"})
    assert service.profile("customer_id", "cus_0000000000000000")[0] == 404


def test_suppressed_identifier_is_refused(service: Service, activated: Activation) -> None:
    status, body = service.profile("email", "Khoa.Dang@example.vn")
    assert (status, body) == (404, {"detail": "no customer with this email"})
    status, body = service.profile("phone", "0903 111 007")
    assert (status, body["customer_id"]) == (200, activated.customer("SC-7"))


def test_new_publication_is_read_without_restart(service: Service) -> None:
    status, before = service.get("/health")
    assert status == 200
    assert before["published_file"] == str(service.published)
    republished = publish(service.database, service.published)
    status, after = service.get("/health")
    assert (status, after["publication_id"]) == (200, republished.publication_id)
    assert after["publication_id"] != before["publication_id"]

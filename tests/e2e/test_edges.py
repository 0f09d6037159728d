"""The edges an outside tester tried (issue 28), over HTTP against the services as processes under
the deployed NATS users: a system does only its own commands, a birth date is never confirmed,
forms are forms, instants are bounded, a revoked officer's stored read is not replayed, scans are
decoded, and what only services send is not on HTTP. (The rows with a test of their own
elsewhere: 1 and 10 in test_http.py, 2 in test_journey.py, 5 in test_examples.py, 6 in
tests/deploy/test_nats_accounts.py, 7 in test_logs.py, 10 and 11 — the header timeout and the
rate limit's client — in services/gateway/tests/test_edge.py.)"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from egisz.cli.client import dev_token
from egisz.cli.stack import Stack
from egisz.testsupport.harness import image_bytes, snils_for

from .conftest import Tokens, grant_access, new_worker

pytestmark = pytest.mark.e2e


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def http(stack: Stack) -> Any:
    async with httpx.AsyncClient(base_url=stack.http_url("gateway"), timeout=30) as client:
        yield client


async def registered(http: httpx.AsyncClient, tokens: Tokens) -> dict[str, Any]:
    body = new_worker()
    made = await http.post(
        "/api/registry/worker/register", json=body, headers=bearer(tokens.officer())
    )
    assert made.status_code == 200, made.text
    return body | {"worker_id": made.json()["result"]["worker_id"]}


async def test_row_3_a_universitys_token_reads_no_one_and_writes_no_portfolio(
    stack: Stack, tokens: Tokens, http: httpx.AsyncClient
) -> None:
    anna = await registered(http, tokens)
    university = bearer(
        dev_token(stack.private_key, "service", sub="system:university", org="1027739054420")
    )
    read = await http.post(
        "/api/registry/worker/get", json={"snils": anna["snils"]}, headers=university
    )
    course = {
        "rows": [
            {
                "snils": anna["snils"],
                "document_number": "НМО-1",
                "title": "Поддельный курс",
                "speciality": "терапия",
                "hours": 144,
                "completed_on": "2025-05-20",
            }
        ]
    }
    write = await http.post("/api/portfolio/education/import_nmo", json=course, headers=university)
    for answer in (read, write):
        assert (answer.status_code, answer.json()["error"]["code"]) == (403, "identity_not_allowed")


async def test_row_4_five_wrong_birth_dates_stop_an_officer_and_none_is_confirmed(
    stack: Stack, tokens: Tokens, http: httpx.AsyncClient
) -> None:
    anna = await registered(http, tokens)
    other = f"1.2.643.5.1.13.13.12.2.77.{uuid.uuid4().int % 9000 + 1000}"
    assert stack.mongo
    await grant_access(stack.mongo.url, other)
    officer = bearer(tokens.officer(other))
    job = {"position": "Врач УЗИ", "rate": "0.5", "kind": "part_time", "start_date": "2024-01-01"}
    guesses = [f"19{60 + i}-01-01" for i in range(5)] + [anna["birth_date"]]
    codes = []
    for birth_date in guesses:
        answer = await http.post(
            "/api/registry/worker/hire",
            json={"snils": anna["snils"], "birth_date": birth_date, **job},
            headers=officer,
        )
        codes.append(answer.json()["error"]["code"])
    assert codes == ["worker_not_found"] * 5 + ["too_many_identity_misses"], codes


async def test_row_8_a_multipart_that_is_not_a_files_form_is_415(
    tokens: Tokens, http: httpx.AsyncClient
) -> None:
    answer = await http.post(
        "/api/registry/file/upload",
        content=b"--x\r\n" + b"A" * (3 * 2**20) + b"\r\n--x--\r\n",
        headers={
            **bearer(tokens.worker(snils_for(uuid.uuid4().hex))),
            "Content-Type": "multipart/mixed; boundary=x",
        },
    )
    assert (answer.status_code, answer.json()["error"]["code"]) == (415, "unsupported_media_type")


async def test_row_9_an_instant_past_the_calendar_is_a_field_error(
    stack: Stack, http: httpx.AsyncClient
) -> None:
    directory = bearer(dev_token(stack.private_key, "service", sub="system:directory"))
    answer = await http.post(
        "/api/registry/changes/list",
        json={"since": "0001-01-01T00:00:00+14:00"},
        headers=directory,
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["fields"][0]["field"] == "since"


async def test_row_12_a_revoked_officers_replayed_read_is_refused(
    stack: Stack, tokens: Tokens, http: httpx.AsyncClient
) -> None:
    org = f"1.2.643.5.1.13.13.12.2.77.{uuid.uuid4().int % 9000 + 1000}"
    assert stack.mongo
    officer_snils = await grant_access(stack.mongo.url, org)
    officer = bearer(tokens.officer(org))
    made = await http.post("/api/registry/worker/register", json=new_worker(), headers=officer)
    read = {"worker_id": made.json()["result"]["worker_id"]}
    key = {**officer, "Idempotency-Key": uuid.uuid4().hex}
    first = await http.post("/api/registry/worker/get", json=read, headers=key)
    desk = bearer(dev_token(stack.private_key, "registry_operator"))
    revoked = await http.post(
        "/api/registry/access/revoke",
        json={"organization_oid": org, "snils": officer_snils, "reason": "Уволен"},
        headers=desk,
    )
    replay = await http.post("/api/registry/worker/get", json=read, headers=key)
    assert (first.status_code, revoked.status_code) == (200, 200), revoked.text
    assert (replay.status_code, replay.json()["error"]["code"]) == (403, "no_access_grant")


async def test_row_13_a_scan_is_decoded_not_sniffed(
    tokens: Tokens, http: httpx.AsyncClient
) -> None:
    me = bearer(tokens.worker(snils_for(uuid.uuid4().hex)))
    real = await http.post(
        "/api/registry/file/upload",
        files={"file": ("скан.png", image_bytes("PNG"), "image/png")},
        headers=me,
    )
    crafted = await http.post(
        "/api/registry/file/upload",
        files={"file": ("скан.png", b"\x89PNG\r\n\x1a\n<script>alert(1)</script>", "image/png")},
        headers=me,
    )
    assert real.status_code == 200, real.text
    assert crafted.status_code == 422
    assert crafted.json()["error"]["fields"][0]["code"] == "unreadable_image"


async def test_row_14_only_public_commands_are_on_http_and_metrics_are_not_public(
    http: httpx.AsyncClient,
) -> None:
    spec = (await http.get("/openapi.json")).json()
    assert "/api/fac/package/intake" not in spec["paths"]
    assert (await http.post("/api/fac/package/intake", json={})).status_code == 404
    assert (await http.get("/metrics")).status_code == 404

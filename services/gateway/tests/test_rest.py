"""The HTTP edge as a clinic's developer uses it: a command over REST with a Bearer token, the
reply envelope with the status a refusal deserves, the correlation id carried through, and an
OpenAPI document that validates and names every command."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from openapi_spec_validator import validate

from egisz.contracts.envelope import Role
from egisz.contracts.identities import http_commands
from egisz.gateway.routes import command_path
from egisz.runtime.auth import issue_token
from egisz.testsupport.harness import snils_for

from .conftest import METRICS

pytestmark = pytest.mark.integration

ORG = "1.2.643.5.1.13.13.12.2.77.861"
REGISTER = "/api/registry/worker/register"


def fresh_snils() -> str:
    return snils_for(uuid.uuid4().hex)


def person(snils: str) -> dict[str, Any]:
    return {
        "snils": snils,
        "last_name": "Шлюзова",
        "first_name": "Вера",
        "birth_date": "1988-08-08",
    }


async def test_an_officer_registers_a_worker_over_http_and_refusals_get_their_status(
    gateway: str, private_key: str, grant: Any
) -> None:
    officer = snils_for(f"officer|{ORG}")
    await grant(ORG, officer)
    token = issue_token(private_key, role=Role.ORG_OFFICER, org=ORG, snils=officer)
    bearer = {"Authorization": f"Bearer {token}"}
    snils = fresh_snils()
    async with httpx.AsyncClient(base_url=gateway) as http:
        done = await http.post(
            REGISTER, json=person(snils), headers={**bearer, "X-Correlation-ID": "cid-http-1"}
        )
        assert done.status_code == 200, done.text
        assert done.json()["result"]["snils"]
        assert done.headers["X-Correlation-ID"] == "cid-http-1"

        again = await http.post(REGISTER, json=person(snils), headers=bearer)
        assert (again.status_code, again.json()["error"]["code"]) == (
            409,
            "worker_already_registered",
        )
        wrong = await http.post(REGISTER, json={"snils": "1"}, headers=bearer)
        assert wrong.status_code == 422
        assert {f["field"] for f in wrong.json()["error"]["fields"]} >= {"last_name"}
        garbage = await http.post(REGISTER, content=b"not json", headers=bearer)
        assert (garbage.status_code, garbage.json()["error"]["code"]) == (400, "invalid_message")
        anonymous = await http.post(REGISTER, json=person(fresh_snils()))
        assert anonymous.status_code == 401
        worker = issue_token(private_key, role=Role.WORKER, snils=fresh_snils())
        refused = await http.post(
            REGISTER, json=person(fresh_snils()), headers={"Authorization": f"Bearer {worker}"}
        )
        assert refused.status_code == 403
        missing = await http.post(
            "/api/registry/worker/get", json={"snils": fresh_snils()}, headers=bearer
        )
        assert (missing.status_code, missing.json()["error"]["code"]) == (404, "worker_not_found")
        huge = await http.post(REGISTER, content=b"{" + b" " * 70_000 + b"}", headers=bearer)
        assert huge.status_code == 413
        metrics = (await http.get(METRICS[gateway])).text
        public = await http.get("/metrics")
    assert public.status_code == 404, "metrics are not on the public listener (issue 28)"
    counted = [
        line
        for line in metrics.splitlines()
        if line.startswith("egisz_http_request_duration_seconds_count")
        and f'route="{REGISTER}"' in line
    ]
    assert any('status="200"' in line for line in counted), counted
    assert any('status="409"' in line for line in counted), counted


async def test_a_retry_with_the_same_idempotency_key_answers_the_same(
    gateway: str, private_key: str, grant: Any
) -> None:
    officer = snils_for(f"officer|{ORG}")
    await grant(ORG, officer)
    token = issue_token(private_key, role=Role.ORG_OFFICER, org=ORG, snils=officer)
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": uuid.uuid4().hex}
    body = person(fresh_snils())
    async with httpx.AsyncClient(base_url=gateway) as http:
        first = await http.post(REGISTER, json=body, headers=headers)
        second = await http.post(REGISTER, json=body, headers=headers)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()


async def test_the_openapi_document_validates_and_names_every_command(gateway: str) -> None:
    async with httpx.AsyncClient(base_url=gateway) as http:
        spec = (await http.get("/openapi.json")).json()
        page = await http.get("/docs")
    validate(spec)
    assert spec["openapi"].startswith("3.1")
    assert {p for p in spec["paths"] if p.startswith("/api/")} == {
        command_path(c) for c in http_commands()
    } | {"/api/notify/inbox/stream"}
    # Issue 28, row 14: what only our services send each other is not on HTTP at all.
    assert "/api/fac/package/intake" not in spec["paths"]
    assert "FacIntake" not in str(spec["paths"])
    register = spec["paths"][REGISTER]["post"]
    assert register["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/RegisterWorker"
    }
    assert "RegisterWorker" in spec["components"]["schemas"]
    upload = spec["paths"]["/api/accreditation/application/document_upload"]["post"]
    assert upload["requestBody"]["content"]["multipart/form-data"]["schema"]["required"] == ["file"]
    extract = spec["paths"]["/api/accreditation/extract/download"]["get"]
    assert [p["name"] for p in extract["parameters"]] == ["extract_id"]
    assert "*/*" in extract["responses"]["200"]["content"]
    assert page.status_code == 200


async def test_a_revoked_officer_replaying_a_read_with_its_idempotency_key_is_refused(
    gateway: str, private_key: str, grant: Any
) -> None:
    """Issue 28, row 12: a stored query reply was replayed after `access.revoke` (the passport
    with it). Queries are never stored: the repeat is answered as the caller may see it now."""
    org = f"{ORG}.{uuid.uuid4().int % 10_000}"
    officer = snils_for(f"officer|{org}")
    await grant(org, officer)
    token = issue_token(private_key, role=Role.ORG_OFFICER, org=org, snils=officer)
    desk = issue_token(private_key, role=Role.REGISTRY_OPERATOR)
    auth = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=gateway) as http:
        worker = (await http.post(REGISTER, json=person(fresh_snils()), headers=auth)).json()
        read = {"worker_id": worker["result"]["worker_id"]}
        key = {**auth, "Idempotency-Key": uuid.uuid4().hex}
        first = await http.post("/api/registry/worker/get", json=read, headers=key)
        revoked = await http.post(
            "/api/registry/access/revoke",
            json={"organization_oid": org, "snils": officer, "reason": "Уволен"},
            headers={"Authorization": f"Bearer {desk}"},
        )
        replay = await http.post("/api/registry/worker/get", json=read, headers=key)
    assert first.status_code == 200
    assert revoked.status_code == 200, revoked.text
    assert (replay.status_code, replay.json()["error"]["code"]) == (403, "no_access_grant")


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api/registry/changes/list", None),
        ("/fhir/_history", "_since"),
        ("/fhir/Practitioner", "_lastUpdated"),
    ],
)
async def test_an_instant_past_the_calendar_is_a_400_not_a_500(
    gateway: str, private_key: str, path: str, query: str | None
) -> None:
    """Issue 28, row 9: `0001-01-01T00:00:00+14:00` overflowed when turned into UTC."""
    service = issue_token(private_key, role=Role.SERVICE, sub="system:directory")
    auth = {"Authorization": f"Bearer {service}"}
    instant = "0001-01-01T00:00:00+14:00"
    async with httpx.AsyncClient(base_url=gateway) as http:
        if query is None:
            answer = await http.post(path, json={"since": instant}, headers=auth)
            assert answer.json()["error"]["fields"][0]["field"] == "since"
        else:
            value = instant if query == "_since" else f"ge{instant}"
            answer = await http.get(path, params={query: value}, headers=auth)
            assert answer.json()["resourceType"] == "OperationOutcome"
    assert answer.status_code in (400, 422), answer.text


async def test_a_command_only_our_services_send_each_other_is_not_served_over_http(
    gateway: str, private_key: str
) -> None:
    service = issue_token(private_key, role=Role.SERVICE, sub="service:accreditation")
    async with httpx.AsyncClient(base_url=gateway) as http:
        intake = await http.post(
            "/api/fac/package/intake", json={}, headers={"Authorization": f"Bearer {service}"}
        )
    assert intake.status_code == 404


async def test_a_post_without_a_body_is_a_400_not_an_empty_command(gateway: str) -> None:
    """Issue 29: a POST without a body was taken as `{}` (`preferences.update` answered 200)."""
    async with httpx.AsyncClient(base_url=gateway) as http:
        empty = await http.post("/api/registry/practitioner/verify")
        spaces = await http.post("/api/registry/practitioner/verify", content=b"  ")
    for answer in (empty, spaces):
        assert (answer.status_code, answer.json()["error"]["code"]) == (400, "invalid_message")


async def test_a_405_names_every_method_of_the_path(gateway: str) -> None:
    """Issue 29: `OPTIONS` on a download path said `Allow: POST` though it serves GET too."""
    async with httpx.AsyncClient(base_url=gateway) as http:
        download = await http.request("DELETE", "/api/registry/file/read")
        command = await http.request("PUT", "/api/registry/worker/get")
    assert download.status_code == command.status_code == 405
    assert set(download.headers["allow"].replace(" ", "").split(",")) == {"GET", "POST"}
    assert command.headers["allow"] == "POST"


@pytest.mark.parametrize("count", ["¹", "٣", "3.0", "-1", "0x10"])
async def test_a_count_in_anything_but_ascii_digits_is_a_400(gateway: str, count: str) -> None:
    """Issue 29: `_count=¹` answered a plain-text 500 and `_count=٣` was read as 3."""
    async with httpx.AsyncClient(base_url=gateway) as http:
        answer = await http.get("/fhir/Organization", params={"name": "Клиника", "_count": count})
    assert answer.status_code == 400, answer.text
    assert answer.json()["resourceType"] == "OperationOutcome"


async def test_the_http_layers_own_refusals_speak_the_paths_language(
    gateway: str, private_key: str
) -> None:
    """Issue 29: a bare `{"detail": "Too many fields…"}`; an unknown FHIR type answered FastAPI's
    `{"detail": …}`, not an OperationOutcome."""
    worker = issue_token(private_key, role=Role.WORKER, snils=fresh_snils())
    async with httpx.AsyncClient(base_url=gateway) as http:
        unknown = await http.post("/api/registry/nothing/here", json={})
        fhir_unknown = await http.get("/fhir/Unicorn/1")
        crowded = await http.post(
            "/api/registry/file/upload",
            data={"a": "1", "b": "2"},
            files={"file": ("a.pdf", b"%PDF-1.4", "application/pdf")},
            headers={"Authorization": f"Bearer {worker}"},
        )
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "not_found")
    assert fhir_unknown.status_code == 404
    assert fhir_unknown.json()["resourceType"] == "OperationOutcome"
    assert crowded.status_code == 400, crowded.text
    assert crowded.json()["ok"] is False and crowded.json()["error"]["code"] == "bad_request"

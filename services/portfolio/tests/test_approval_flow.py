"""Согласование over real NATS and MongoDB: the worker asks, the head lists, reads, signs;
a wrong signature and a stranger are refused."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from egisz.contracts import subjects
from egisz.contracts.registry import EmploymentRecord, EmploymentStarted
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.testing import As, eventually

from .test_projection import ORG, fresh_snils, publish

pytestmark = pytest.mark.integration


def pem(key: Ed25519PrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def codes(reply: dict[str, Any]) -> str:
    assert reply["ok"] is False, reply
    return str(reply["error"]["code"])


async def employed_worker(portfolio: ServiceRuntime, as_: As) -> str:
    worker_id, snils = uuid.uuid4().hex, fresh_snils()
    job = EmploymentRecord(
        employment_id=uuid.uuid4().hex,
        organization_oid=ORG,
        position="Врач-терапевт",
        rate="1.0",  # type: ignore[arg-type]
        kind="main",
        start_date="2020-01-01",  # type: ignore[arg-type]
    )
    await publish(
        portfolio,
        subjects.EMPLOYMENT_STARTED,
        EmploymentStarted(worker_id=worker_id, snils=snils, record_version=2, employment=job),
        event_id=uuid.uuid4().hex,
    )
    await eventually(
        lambda: as_.worker(snils)(subjects.PORTFOLIO_GET.subject, {}),
        lambda r: r["ok"] and r["result"]["professional"]["experience"],
    )
    return snils


async def test_the_head_approves_a_report_with_a_signature_checked_against_their_key(
    portfolio: ServiceRuntime, as_: As
) -> None:
    snils = await employed_worker(portfolio, as_)
    letters = "абвгдежзиклмнопрст"
    patronymic = "".join(letters[int(c, 16)] for c in uuid.uuid4().hex[:8]).capitalize()
    head_name = f"Главврачёв Пётр {patronymic}"  # a name no other test uses
    head, key = as_.manager(ORG, head_name), Ed25519PrivateKey.generate()
    me = as_.worker(snils)

    asked = await me(
        subjects.APPROVAL_REQUEST.subject,
        {"organization_oid": ORG, "head_name": head_name.upper(), "comment": "Прошу согласовать"},
    )
    assert asked["result"]["approval"]["status"] == "pending"
    registered = await head(subjects.SIGNING_KEY_REGISTER.subject, {"public_key_pem": pem(key)})
    assert len(registered["result"]["fingerprint"]) == 64
    bad_key = await head(subjects.SIGNING_KEY_REGISTER.subject, {"public_key_pem": "not a key"})
    assert codes(bad_key) == "validation_failed"

    page = (await head(subjects.APPROVAL_PENDING.subject, {}))["result"]["items"]
    [waiting] = page
    report = (
        await head(subjects.APPROVAL_REPORT.subject, {"portfolio_id": waiting["portfolio_id"]})
    )["result"]
    assert report["report_version"] == waiting["report_version"]
    canonical = report["canonical"].encode()

    stranger = as_.manager(ORG, "Другой Иван Иванович")
    assert (await stranger(subjects.APPROVAL_PENDING.subject, {}))["result"]["items"] == []
    peek = await stranger(
        subjects.APPROVAL_REPORT.subject, {"portfolio_id": waiting["portfolio_id"]}
    )
    assert codes(peek) == "approval_not_found"

    forged = Ed25519PrivateKey.generate().sign(canonical)
    wrong = await head(
        subjects.APPROVAL_DECIDE.subject,
        {
            "portfolio_id": waiting["portfolio_id"],
            "decision": "approved",
            "signature": base64.b64encode(forged).decode(),
        },
    )
    assert codes(wrong) == "signature_invalid"
    decided = await head(
        subjects.APPROVAL_DECIDE.subject,
        {
            "portfolio_id": waiting["portfolio_id"],
            "decision": "approved",
            "signature": base64.b64encode(key.sign(canonical)).decode(),
        },
    )
    assert decided["result"]["status"] == "approved"
    view = (await me(subjects.PORTFOLIO_GET.subject, {}))["result"]
    assert (view["approval_status"], view["approval"]["method"]) == ("approved", "signature")

    edited = await me(subjects.PROFESSIONAL_PART_UPDATE.subject, {"key_skills": ["ЭКГ"]})
    assert edited["result"]["approval_status"] == "created"
    again = await me(subjects.APPROVAL_NOT_REQUIRED.subject, {"reason": "not_employed"})
    assert [f["code"] for f in again["error"]["fields"]] == ["employed"]


async def test_a_snapshot_is_taken_and_read_back_as_valid_portfolio_xml(
    portfolio: ServiceRuntime, as_: As
) -> None:
    from egisz.portfolio import snapshot

    me = as_.worker(await employed_worker(portfolio, as_))
    taken = (await me(subjects.SNAPSHOT_CREATE.subject, {}))["result"]
    assert taken["version"] == 1
    assert taken["document"]["professional"]["experience"][0]["position"] == "Врач-терапевт"
    xml = (
        await me(
            subjects.SNAPSHOT_GET.subject, {"snapshot_id": taken["snapshot_id"], "format": "xml"}
        )
    )["result"]["content"]
    assert snapshot.problems(xml) == []
    other = await as_.worker("99999999999")(
        subjects.SNAPSHOT_GET.subject, {"snapshot_id": taken["snapshot_id"]}
    )
    assert codes(other) == "snapshot_not_found"

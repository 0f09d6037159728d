"""Согласование over real NATS and MongoDB: the worker asks, the head lists, reads, signs;
a wrong signature and a stranger are refused."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from egisz.contracts import subjects
from egisz.contracts.registry import EmploymentRecord, EmploymentStarted, OrganizationUpdated
from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import As, eventually, pdf_bytes, publish_event

from .test_projection import ORG, fresh_snils, publish

pytestmark = pytest.mark.integration
UNTIL = (datetime.now(UTC).date() + timedelta(days=400)).isoformat()  # a certificate's year+


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


async def head_in_frmo(portfolio: ServiceRuntime, as_: As, org: str, name: str) -> Any:
    """The registry announces `name` as the head of `org`; the head's caller, once it counts."""
    await publish_event(
        portfolio,
        subjects.ORGANIZATION_UPDATED,
        OrganizationUpdated(oid=org, name="ГБУЗ", sections=["head"], head_name=name),
    )
    head = as_.manager(org, name)
    await eventually(lambda: head(subjects.APPROVAL_PENDING.subject, {}), lambda r: r["ok"])
    return head


async def test_the_head_approves_a_report_with_a_signature_checked_against_their_key(
    portfolio: ServiceRuntime, as_: As
) -> None:
    snils = await employed_worker(portfolio, as_)
    letters = "абвгдежзиклмнопрст"
    patronymic = "".join(letters[int(c, 16)] for c in uuid.uuid4().hex[:8]).capitalize()
    head_name = f"Главврачёв Пётр {patronymic}"  # a name no other test uses
    head, key = await head_in_frmo(portfolio, as_, ORG, head_name), Ed25519PrivateKey.generate()
    me = as_.worker(snils)

    asked = await me(
        subjects.APPROVAL_REQUEST.subject,
        {"organization_oid": ORG, "head_name": head_name.upper(), "comment": "Прошу согласовать"},
    )
    assert asked["result"]["approval"]["status"] == "pending"
    registered = await head(
        subjects.SIGNING_KEY_REGISTER.subject, {"public_key_pem": pem(key), "valid_until": UNTIL}
    )
    assert len(registered["result"]["fingerprint"]) == 64
    bad_key = await head(
        subjects.SIGNING_KEY_REGISTER.subject, {"public_key_pem": "not a key", "valid_until": UNTIL}
    )
    assert codes(bad_key) == "validation_failed"
    soon = (datetime.now(UTC).date() + timedelta(days=30)).isoformat()
    short = await head(
        subjects.SIGNING_KEY_REGISTER.subject, {"public_key_pem": pem(key), "valid_until": soon}
    )
    assert [(f["field"], f["code"]) for f in short["error"]["fields"]] == [
        ("valid_until", "too_short")
    ]
    assert registered["result"]["valid_until"] == UNTIL

    page = (await head(subjects.APPROVAL_PENDING.subject, {}))["result"]["items"]
    [waiting] = page
    report = (
        await head(subjects.APPROVAL_REPORT.subject, {"portfolio_id": waiting["portfolio_id"]})
    )["result"]
    assert report["report_version"] == waiting["report_version"]
    canonical = report["canonical"].encode()

    stranger = as_.manager(ORG, "Другой Иван Иванович")  # a token's claim, not FRMO's head
    assert codes(await stranger(subjects.APPROVAL_PENDING.subject, {})) == (
        "not_head_of_organization"
    )
    peek = await stranger(
        subjects.APPROVAL_REPORT.subject, {"portfolio_id": waiting["portfolio_id"]}
    )
    assert codes(peek) == "not_head_of_organization"

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
    not_ascii = await head(  # found by schemathesis: was a 500
        subjects.APPROVAL_DECIDE.subject,
        {"portfolio_id": waiting["portfolio_id"], "decision": "approved", "signature": "подпись"},
    )
    assert codes(not_ascii) == "validation_failed"
    keys = portfolio.mongo["head_keys"]  # the key's certificate runs out (stored as it would be)
    stored = await keys.find_one({"head_name": head_name})
    assert stored is not None
    await keys.update_one({"_id": stored["_id"]}, {"$set": {"valid_until": "2020-01-01"}})
    expired = await head(
        subjects.APPROVAL_DECIDE.subject,
        {
            "portfolio_id": waiting["portfolio_id"],
            "decision": "approved",
            "signature": base64.b64encode(key.sign(canonical)).decode(),
        },
    )
    assert codes(expired) == "signing_key_expired"
    await keys.update_one({"_id": stored["_id"]}, {"$set": {"valid_until": stored["valid_until"]}})
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


async def test_the_remaining_refusals_each_have_their_code_over_nats(
    portfolio: ServiceRuntime, as_: As
) -> None:
    from .test_documents_flow import upload

    assert codes(await as_.worker("00000000000")(subjects.PORTFOLIO_GET.subject, {})) == (
        "portfolio_not_found"
    )
    me = as_.worker(await employed_worker(portfolio, as_))
    head_name = "Отказов Пётр Ильич"
    await me(subjects.APPROVAL_REQUEST.subject, {"organization_oid": ORG, "head_name": head_name})
    twice = await me(
        subjects.APPROVAL_REQUEST.subject, {"organization_oid": ORG, "head_name": head_name}
    )
    assert codes(twice) == "approval_already_given"
    head = await head_in_frmo(portfolio, as_, ORG, head_name)
    [waiting] = (await head(subjects.APPROVAL_PENDING.subject, {}))["result"]["items"]
    no_key = await head(
        subjects.APPROVAL_DECIDE.subject,
        {"portfolio_id": waiting["portfolio_id"], "decision": "approved", "signature": "AAAA"},
    )
    assert codes(no_key) == "signing_key_missing"
    key = Ed25519PrivateKey.generate()
    await head(
        subjects.SIGNING_KEY_REGISTER.subject, {"public_key_pem": pem(key), "valid_until": UNTIL}
    )
    no_reason = await head(
        subjects.APPROVAL_DECIDE.subject,
        {"portfolio_id": waiting["portfolio_id"], "decision": "rejected", "signature": "AAAA"},
    )
    assert [f["field"] for f in no_reason["error"]["fields"]] == ["reason"]
    paper = await me(subjects.APPROVAL_NOT_REQUIRED.subject, {"reason": "motivated_refusal"})
    assert [f["code"] for f in paper["error"]["fields"]] == ["document_required"]
    registry_only = await me(
        subjects.EDUCATION_DECLARE.subject,
        {"kind": "accreditation", "title": "periodic", "issued_on": "2024-01-01"},
    )
    assert [f["code"] for f in registry_only["error"]["fields"]] == ["registry_only"]
    for n in range(5):
        stored = (await upload(me, pdf_bytes(bytes([n]) * 10)))["result"]["file"]
        assert (await me(subjects.DOCUMENT_ATTACH.subject, {"file_id": stored["file_id"]}))["ok"]
    sixth = (await upload(me, pdf_bytes(b"sixth")))["result"]["file"]
    over = await me(subjects.DOCUMENT_ATTACH.subject, {"file_id": sixth["file_id"]})
    assert [f["code"] for f in over["error"]["fields"]] == ["too_many_files"]
    unknown = await me(subjects.DOCUMENT_REMOVE.subject, {"document_id": "nope"})
    assert codes(unknown) == "document_not_found"


async def test_being_the_head_or_working_for_a_sole_proprietor_is_what_frmo_says(
    portfolio: ServiceRuntime, as_: As
) -> None:
    from datetime import date

    from egisz.contracts.registry import WorkerRegistered

    async def working_at(org: str, middle_name: str) -> Any:
        worker_id, snils = uuid.uuid4().hex, fresh_snils()
        person = WorkerRegistered(
            worker_id=worker_id,
            snils=snils,
            last_name="Главная",
            first_name="Анна",
            middle_name=middle_name,
            birth_date=date(1975, 5, 5),
        )
        await publish_event(portfolio, subjects.WORKER_REGISTERED, person)
        job = EmploymentRecord(
            employment_id=uuid.uuid4().hex,
            organization_oid=org,
            position="Главный врач",
            rate="1.0",  # type: ignore[arg-type]
            kind="main",
            start_date=date(2020, 1, 1),
        )
        started = EmploymentStarted(
            worker_id=worker_id, snils=snils, record_version=2, employment=job
        )
        await publish_event(portfolio, subjects.EMPLOYMENT_STARTED, started)
        me = as_.worker(snils)
        await eventually(
            lambda: me(subjects.PORTFOLIO_GET.subject, {}),
            lambda r: r["ok"] and r["result"]["professional"]["experience"],
        )
        return me

    tag = uuid.uuid4().int % 10**6
    clinic, practice = f"1.2.643.5.1.13.13.12.2.77.{tag}", f"1.2.643.5.1.13.13.12.2.78.{tag}"
    letters = "абвгдежзиклмнопрст"
    middle = "".join(letters[int(c, 16)] for c in uuid.uuid4().hex[:8]).capitalize()
    head, staff = await working_at(clinic, middle), await working_at(clinic, middle + "на")
    claim = {"reason": "is_head"}
    before = await head(subjects.APPROVAL_NOT_REQUIRED.subject, claim)
    assert [(f["field"], f["code"]) for f in before["error"]["fields"]] == [("reason", "not_head")]
    await publish_event(
        portfolio,
        subjects.ORGANIZATION_UPDATED,
        OrganizationUpdated(
            oid=clinic,
            name="ГБУЗ",
            sections=["head"],
            head_name=f"главная  анна {middle}",
            legal_form="legal_entity",
        ),
    )
    accepted = await eventually(
        lambda: head(subjects.APPROVAL_NOT_REQUIRED.subject, claim), lambda r: r["ok"]
    )
    assert accepted["result"]["approval"]["not_required_reason"] == "is_head"
    other = await staff(subjects.APPROVAL_NOT_REQUIRED.subject, claim)
    assert [f["code"] for f in other["error"]["fields"]] == ["not_head"], "a colleague is not"
    sole = {"reason": "individual_entrepreneur"}
    assert [
        f["code"]
        for f in (await staff(subjects.APPROVAL_NOT_REQUIRED.subject, sole))["error"]["fields"]
    ] == ["not_entrepreneur"]

    await publish_event(
        portfolio,
        subjects.ORGANIZATION_UPDATED,
        OrganizationUpdated(
            oid=practice,
            name="ИП Главная А.",
            sections=["requisites"],
            legal_form="individual_entrepreneur",
        ),
    )
    nurse = await working_at(practice, middle + "овна")
    done = await eventually(
        lambda: nurse(subjects.APPROVAL_NOT_REQUIRED.subject, sole), lambda r: r["ok"]
    )
    assert done["result"]["approval"]["not_required_reason"] == "individual_entrepreneur"


async def test_a_head_signs_from_the_command_line_with_a_key_file(
    portfolio: ServiceRuntime,
    as_: As,
    nats_url: str,
    dev_keys: tuple[Path, Path],
    tmp_path: Path,
) -> None:
    """`egisz approval key` and `egisz approval sign` as the head FRMO records, signed in once
    with `egisz login`: the key made into a file, registered, the canonical report signed."""
    snils = await employed_worker(portfolio, as_)
    letters = "абвгдежзиклмнопрст"
    patronymic = "".join(letters[int(c, 16)] for c in uuid.uuid4().hex[:8]).capitalize()
    head_name = f"Подписантов Олег {patronymic}"  # a name no other test uses
    await head_in_frmo(portfolio, as_, ORG, head_name)
    asked = await as_.worker(snils)(
        subjects.APPROVAL_REQUEST.subject, {"organization_oid": ORG, "head_name": head_name}
    )
    assert asked["ok"], asked
    env = {
        **os.environ,
        "EGISZ_NATS_URL": nats_url,
        "EGISZ_DEV_PRIVATE_KEY": str(dev_keys[0]),
        "EGISZ_PROFILE": str(tmp_path / "profile.json"),
    }

    async def egisz(*args: str) -> tuple[int, str]:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "egisz.cli",
            *args,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        out, _ = await asyncio.wait_for(process.communicate(), 60)
        assert process.returncode is not None
        return process.returncode, out.decode()

    assert (await egisz("login", "manager", "--org", ORG, "--name", head_name))[0] == 0
    key_file = tmp_path / "head.pem"
    code, out = await egisz("approval", "key", str(key_file))
    assert code == 0, out
    assert key_file.exists()
    code, out = await egisz("call", subjects.APPROVAL_PENDING.subject, "--json")
    [waiting] = json.loads(out)["result"]["items"]
    code, out = await egisz(
        "approval", "sign", waiting["portfolio_id"], "--key-file", str(key_file), "--json"
    )
    assert code == 0, out
    assert json.loads(out)["result"]["status"] == "approved"

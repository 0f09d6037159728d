"""Согласование over real NATS and MongoDB: the worker asks, the head lists, reads, signs;
a wrong signature and a stranger are refused."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

from egisz.contracts import subjects
from egisz.contracts.registry import EmploymentRecord, EmploymentStarted, OrganizationUpdated
from egisz.kernel.cades import sign_detached
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.dev_ca import DevCertificationAuthority, Issued
from egisz.testsupport.harness import As, eventually, pdf_bytes, publish_event
from egisz.testsupport.pki import TEST_CA

from .test_projection import ORG, fresh_snils, publish

pytestmark = pytest.mark.integration


def certificate(snils: str, days: int = 400) -> Issued:
    return TEST_CA.issue(snils=snils, surname="Главврачёв", given_name="Пётр", valid_days=days)


def pem(issued: Issued) -> str:
    return issued.certificate.public_bytes(serialization.Encoding.PEM).decode()


def cades(content: bytes, issued: Issued) -> str:
    return base64.b64encode(sign_detached(content, issued.key, issued.certificate)).decode()


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


async def head_in_frmo(
    portfolio: ServiceRuntime, as_: As, org: str, name: str, snils: str | None = None
) -> Any:
    """The registry announces `name` (with `snils`) as the head of `org`; the head's caller,
    once it counts."""
    await publish_event(
        portfolio,
        subjects.ORGANIZATION_UPDATED,
        OrganizationUpdated(
            oid=org, name="ГБУЗ", sections=["head"], head_name=name, head_snils=snils
        ),
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
    head_snils = fresh_snils()
    head, key = (
        await head_in_frmo(portfolio, as_, ORG, head_name, head_snils),
        certificate(head_snils),
    )
    me = as_.worker(snils)

    asked = await me(
        subjects.APPROVAL_REQUEST.subject,
        {"organization_oid": ORG, "head_name": head_name.upper(), "comment": "Прошу согласовать"},
    )
    assert asked["result"]["approval"]["status"] == "pending"
    register = subjects.SIGNING_KEY_REGISTER.subject
    registered = await head(register, {"certificate_pem": pem(key)})
    assert len(registered["result"]["fingerprint"]) == 64
    assert (
        registered["result"]["valid_until"]
        == key.certificate.not_valid_after_utc.date().isoformat()
    )
    bad_key = await head(register, {"certificate_pem": "not a certificate"})
    assert codes(bad_key) == "validation_failed"
    short = await head(register, {"certificate_pem": pem(certificate(head_snils, days=30))})
    assert [(f["field"], f["code"]) for f in short["error"]["fields"]] == [
        ("valid_until", "too_short")
    ]
    not_theirs = await head(register, {"certificate_pem": pem(certificate(fresh_snils()))})
    assert codes(not_theirs) == "certificate_not_of_head"
    stranger_ca = DevCertificationAuthority.create("Чужой УЦ").issue(
        snils=head_snils, surname="Главврачёв", given_name="Пётр", valid_days=400
    )
    untrusted = await head(register, {"certificate_pem": pem(stranger_ca)})
    assert codes(untrusted) == "certificate_untrusted"

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

    forged = cades(canonical, certificate(head_snils))  # theirs, but not the one registered
    wrong = await head(
        subjects.APPROVAL_DECIDE.subject,
        {"portfolio_id": waiting["portfolio_id"], "decision": "approved", "signature": forged},
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
            "signature": cades(canonical, key),
        },
    )
    assert codes(expired) == "signing_key_expired"
    await keys.update_one({"_id": stored["_id"]}, {"$set": {"valid_until": stored["valid_until"]}})
    decided = await head(
        subjects.APPROVAL_DECIDE.subject,
        {
            "portfolio_id": waiting["portfolio_id"],
            "decision": "approved",
            "signature": cades(canonical, key),
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
    head_snils = fresh_snils()
    head = await head_in_frmo(portfolio, as_, ORG, head_name, head_snils)
    [waiting] = (await head(subjects.APPROVAL_PENDING.subject, {}))["result"]["items"]
    no_key = await head(
        subjects.APPROVAL_DECIDE.subject,
        {"portfolio_id": waiting["portfolio_id"], "decision": "approved", "signature": "AAAA"},
    )
    assert codes(no_key) == "signing_key_missing"
    await head(
        subjects.SIGNING_KEY_REGISTER.subject, {"certificate_pem": pem(certificate(head_snils))}
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
    head_snils = fresh_snils()
    await head_in_frmo(portfolio, as_, ORG, head_name, head_snils)
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
    pfx = tmp_path / "head.pfx"  # the head's key and certificate, as a CA hands them out
    pfx.write_bytes(certificate(head_snils).pfx(b"secret"))
    env["HEAD_PFX_PASSWORD"] = "secret"
    code, out = await egisz(
        "approval", "key", "--pfx", str(pfx), "--password-env", "HEAD_PFX_PASSWORD"
    )
    assert code == 0, out
    code, out = await egisz("call", subjects.APPROVAL_PENDING.subject, "--json")
    [waiting] = json.loads(out)["result"]["items"]
    code, out = await egisz(
        "approval",
        "sign",
        waiting["portfolio_id"],
        "--pfx",
        str(pfx),
        "--password-env",
        "HEAD_PFX_PASSWORD",
        "--json",
    )
    assert code == 0, out
    assert json.loads(out)["result"]["status"] == "approved"

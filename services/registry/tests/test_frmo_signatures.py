"""FRMO requests signed by certificate over real NATS and MongoDB: the head or the holder of
their power of attorney signs with a qualified certificate from a CA the registry trusts — the
deployment's or one the support desk loads; each other signature has its own refusal."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

from egisz.contracts import registry, subjects
from egisz.contracts.envelope import Role
from egisz.kernel.cades import sign_detached
from egisz.runtime.dev_ca import DevCertificationAuthority, Issued
from egisz.testsupport.harness import pdf_bytes
from egisz.testsupport.pki import TEST_CA

from .conftest import As, fresh_snils
from .frmo_wire import applicant, application, signed, upload
from .workers_wire import fields

pytestmark = pytest.mark.integration


def canonical(body: dict[str, Any]) -> bytes:
    return registry.canonical_request(registry.SubmitRegistrationRequest.model_validate(body))


def signed_with(body: dict[str, Any], issued: Issued) -> dict[str, Any]:
    cms = sign_detached(canonical(body), issued.key, issued.certificate)
    return {**body, "signature": {"cades": base64.b64encode(cms).decode()}}


async def test_the_head_signs_and_the_request_says_by_whose_certificate(as_: As) -> None:
    me, operator = applicant(as_), as_.role(Role.REGISTRY_OPERATOR)
    body = await application(me)
    accepted = (await me(subjects.REQUEST_SUBMIT.subject, signed(body)))["result"]
    signer = accepted["signed_by"]
    assert (signer["capacity"], signer["name"]) == ("head", "Главврачова Анна Петровна")
    assert signer["certificate_issuer"] == "CN=Тестовый УЦ сессии"
    rid = accepted["request_id"]
    await operator(
        subjects.REQUEST_REVIEW.subject, {"request_id": rid, "action": "check_documents"}
    )
    done = await operator(subjects.REQUEST_REVIEW.subject, {"request_id": rid, "action": "approve"})
    oid = done["result"]["organization_oid"]
    found = await as_.anonymous()(
        subjects.ORGANIZATION_SEARCH.subject, {"inn": body["requisites"]["inn"]}
    )
    [public] = found["result"]["items"]
    assert public["head"]["last_name"] == "Главврачова"
    record = (await operator(subjects.ORGANIZATION_GET.subject, {"oid": oid}))["result"]
    assert record["head"]["position"] == "главный врач"
    for shown in (public, record):
        assert body["head"]["snils"] not in str(shown), "the head's SNILS is FRMO's own"


async def test_someone_the_request_does_not_name_is_not_entitled_to_sign(as_: As) -> None:
    me = applicant(as_)
    body = await application(me)
    refused = await me(subjects.REQUEST_SUBMIT.subject, signed(body, by=fresh_snils()))
    assert refused["error"]["code"] == "signer_not_entitled"
    assert fields(refused) == {"signature.cades": "not_entitled"}


async def test_the_holder_of_a_power_of_attorney_signs_with_its_scan_attached(as_: As) -> None:
    me = applicant(as_)
    body = await application(me)
    attorney = {
        "last_name": "Доверенная",
        "first_name": "Ольга",
        "snils": fresh_snils(),
        "number": "77 АБ 1234567",
        "issued_on": "2026-01-10",
        "valid_until": (date.today() + timedelta(days=90)).isoformat(),
    }
    body["attorney"] = attorney
    without_scan = await me(subjects.REQUEST_SUBMIT.subject, signed(body, by=attorney["snils"]))
    assert fields(without_scan) == {"scans": "missing"}
    stored = await upload(me, pdf_bytes(b"poa"), "poa.pdf")
    body["scans"].append(
        {"file_id": stored["result"]["file"]["file_id"], "kind": "power_of_attorney"}
    )
    accepted = await me(subjects.REQUEST_SUBMIT.subject, signed(body, by=attorney["snils"]))
    assert accepted["result"]["signed_by"]["capacity"] == "attorney"


async def test_a_certificate_the_registry_does_not_trust_is_refused_until_the_desk_loads_its_ca(
    as_: As,
) -> None:
    me, desk = applicant(as_), as_.role(Role.REGISTRY_OPERATOR)
    body = await application(me)
    other_ca = DevCertificationAuthority.create("УЦ региона")
    head = other_ca.issue(snils=body["head"]["snils"], surname="Главврачова", given_name="Анна")
    untrusted = await me(subjects.REQUEST_SUBMIT.subject, signed_with(body, head))
    assert untrusted["error"]["code"] == "certificate_untrusted"
    assert fields(untrusted) == {"signature.cades": "certificate_untrusted"}

    officer = as_.officer()
    pem = other_ca.pem.decode()
    forbidden = await officer(subjects.TRUST_CA_ADD.subject, {"certificate_pem": pem})
    assert forbidden["error"]["code"] == "forbidden"
    added = (await desk(subjects.TRUST_CA_ADD.subject, {"certificate_pem": pem}))["result"]
    assert (added["source"], added["subject"]) == ("desk", "CN=УЦ региона")
    listed = (await desk(subjects.TRUST_CA_LIST.subject, {}))["result"]["items"]
    assert {i["source"] for i in listed} == {"setting", "desk"}
    try:
        accepted = await me(subjects.REQUEST_SUBMIT.subject, signed_with(body, head))
        assert accepted["result"]["signed_by"]["certificate_issuer"] == "CN=УЦ региона"
    finally:
        await desk(subjects.TRUST_CA_REMOVE.subject, {"sha256": added["sha256"]})
    gone = await desk(subjects.TRUST_CA_REMOVE.subject, {"sha256": added["sha256"]})
    assert gone["error"]["code"] == "trusted_ca_not_found"
    leaf = head.certificate.public_bytes(serialization.Encoding.PEM)
    not_a_ca = await desk(subjects.TRUST_CA_ADD.subject, {"certificate_pem": leaf.decode()})
    assert fields(not_a_ca) == {"certificate_pem": "format"}


async def test_an_expired_certificate_and_a_malformed_signature_are_refused_each_by_name(
    as_: As,
) -> None:
    me = applicant(as_)
    body = await application(me)
    old = TEST_CA.issue(
        snils=body["head"]["snils"],
        surname="Главврачова",
        given_name="Анна",
        valid_from=datetime.now(UTC) - timedelta(days=400),
        valid_days=365,
    )
    expired = await me(subjects.REQUEST_SUBMIT.subject, signed_with(body, old))
    assert fields(expired) == {"signature.cades": "certificate_expired"}
    garbage = {**body, "signature": {"cades": base64.b64encode(b"not cms").decode()}}
    assert fields(await me(subjects.REQUEST_SUBMIT.subject, garbage)) == {
        "signature.cades": "signature_malformed"
    }
    not_base64 = {**body, "signature": {"cades": "@@@"}}
    refused = await me(subjects.REQUEST_SUBMIT.subject, not_base64)
    assert refused["error"]["code"] == "validation_failed"


async def test_the_approved_organization_downloads_its_signed_act_and_anyone_checks_it(
    as_: As,
) -> None:
    """Seed 003: «электронный акт регистрации» to download once the organization is entered,
    checked by its code as an extract is."""
    import hashlib

    from egisz.kernel.signatures import verify
    from egisz.testsupport.harness import snils_for

    me, desk = applicant(as_), as_.role(Role.REGISTRY_OPERATOR)
    body = await application(me)
    rid = (await me(subjects.REQUEST_SUBMIT.subject, signed(body)))["result"]["request_id"]
    await desk(subjects.REQUEST_REVIEW.subject, {"request_id": rid, "action": "check_documents"})
    done = await desk(subjects.REQUEST_REVIEW.subject, {"request_id": rid, "action": "approve"})
    oid = done["result"]["organization_oid"]
    officer_snils = body["employees"][0]["snils"]
    officer = as_.officer(oid, officer_snils)
    record = (await officer(subjects.ORGANIZATION_GET.subject, {}))["result"]
    act = record["registration_act"]
    part = (await officer(subjects.ACT_DOWNLOAD.subject, {"part": 0}))["result"]
    pdf = base64.b64decode(part["data"])
    assert pdf.startswith(b"%PDF") and part["last"] is True
    assert hashlib.sha256(pdf).hexdigest() == act["sha256"]

    checked = (
        await as_.anonymous()(
            subjects.ACT_VERIFY.subject,
            {"verification_code": act["verification_code"].lower(), "sha256": act["sha256"]},
        )
    )["result"]
    assert (checked["organization_oid"], checked["document_matches"]) == (oid, True)
    public = serialization.load_pem_public_key(checked["signature"]["public_key_pem"].encode())
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert verify(raw, pdf, base64.b64decode(checked["signature"]["signature"]))

    unknown = await as_.anonymous()(
        subjects.ACT_VERIFY.subject, {"verification_code": "0000-0000-0000"}
    )
    assert unknown["error"]["code"] == "registration_act_not_found"
    stranger = as_.officer("1.2.643.5.1.13.13.12.2.77.9999", snils_for("act-stranger"))
    refused = await stranger(subjects.ACT_DOWNLOAD.subject, {"oid": oid})
    assert refused["ok"] is False
    by_desk = await desk(subjects.ACT_DOWNLOAD.subject, {"oid": oid})
    assert base64.b64decode(by_desk["result"]["data"]) == pdf

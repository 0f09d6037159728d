"""Helpers of FRMO's wire tests: scans, a request's body and signature, an approved organization."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import pytest
from pydantic import ValidationError

from egisz.contracts import registry, subjects
from egisz.contracts.envelope import Role
from egisz.testsupport.harness import pdf_bytes
from egisz.testsupport.pki import cades

from .conftest import As, Caller, fresh_snils

pytestmark = pytest.mark.integration


PDF = pdf_bytes(padding=700_000)  # two parts of 512 KiB


def fresh_inn(region: str = "77") -> str:
    body = f"{region}{uuid.uuid4().int % 10**7:07d}"
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    return body + str(sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11 % 10)


async def upload(
    caller: Caller,
    content: bytes,
    filename: str = "устав.pdf",
    subject: str = subjects.FILE_UPLOAD.subject,
) -> dict[str, Any]:
    """A file in parts of 512 KiB on an upload command (FRMO's scans unless told)."""
    upload_id = uuid.uuid4().hex
    size = 512 * 1024
    parts = [content[i : i + size] for i in range(0, len(content), size)] or [b""]
    reply: dict[str, Any] = {}
    for n, part in enumerate(parts):
        reply = await caller(
            subject,
            {
                "upload_id": upload_id,
                "part": n,
                "data": base64.b64encode(part).decode(),
                "last": n == len(parts) - 1,
                "filename": filename,
            },
        )
        if not reply["ok"]:
            return reply
    return reply


async def application(applicant: Caller, **changes: Any) -> dict[str, Any]:
    scans = []
    for kind in ("charter", "registration_certificate", "head_appointment", "licence"):
        stored = await upload(applicant, pdf_bytes(kind.encode()), f"{kind}.pdf")
        scans.append({"file_id": stored["result"]["file"]["file_id"], "kind": kind})
    return {
        "type": "medical",
        "requisites": {
            "name": "ГБУЗ «Городская поликлиника»",
            "ogrn": "1027700132195",
            "inn": fresh_inn(),
            "kpp": "773601001",
            "okpo": "00032537",
            "legal_address": {"postcode": "101000", "text": "Москва, Мясницкая, 1"},
            "phone": "+7 495 123-45-67",
            "email": "info@clinic.ru",
        },
        "licences": [
            {
                "number": "ЛО-77-01-000001",
                "issued_on": "2020-01-01",
                "activities": ["первичная медико-санитарная помощь"],
            }
        ],
        "employees": [
            {
                "last_name": "Кадрова",
                "first_name": "Ольга",
                "snils": fresh_snils(),
                "email": f"hr-{uuid.uuid4().hex[:8]}@clinic.ru",
            }
        ],
        "head": {
            "last_name": "Главврачова",
            "first_name": "Анна",
            "middle_name": "Петровна",
            "position": "главный врач",
            "snils": fresh_snils(),
        },
        "scans": scans,
        **changes,
    }


def signed(body: dict[str, Any], *, by: str | None = None) -> dict[str, Any]:
    """The body signed over `canonical_request` of it, as a client signs: by the head it names
    (or the holder of `by`, a SNILS), with a certificate of the session's CA."""
    model = (
        registry.ResubmitRegistrationRequest
        if "request_id" in body
        else registry.SubmitRegistrationRequest
    )
    try:
        canonical = registry.canonical_request(model.model_validate(body))
    except ValidationError:  # the registry refuses the shape before it looks at the signature
        canonical = b""
    snils = by or (body.get("head") or {}).get("snils") or fresh_snils()
    return {**body, "signature": {"cades": cades(canonical, snils)}}


def applicant(as_: As) -> Caller:
    return as_.worker(fresh_snils())  # anyone signed in may apply for their organization


async def approved_organization(
    as_: As, name: str | None = None
) -> tuple[str, Caller, dict[str, Any]]:
    me = applicant(as_)
    operator = as_.role(Role.REGISTRY_OPERATOR)
    body = await application(me)
    if name:
        body["requisites"]["name"] = name
    rid = (await me(subjects.REQUEST_SUBMIT.subject, signed(body)))["result"]["request_id"]
    await operator(
        subjects.REQUEST_REVIEW.subject, {"request_id": rid, "action": "check_documents"}
    )
    done = await operator(subjects.REQUEST_REVIEW.subject, {"request_id": rid, "action": "approve"})
    return done["result"]["organization_oid"], me, body


def fresh_personal_inn(region: str = "50") -> str:
    from stdnum.ru import inn

    body = f"{region}{uuid.uuid4().int % 10**8:08d}"
    return body + inn.calc_personal_check_digits(body)

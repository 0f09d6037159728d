"""The demo's organization: it enters FRMO by a request its head signs with their qualified
certificate (issued by the stand's CA, which the stand's registry trusts), the support desk
reviews it, then its responsible employee confirms the head and adds a subdivision."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from egisz.cli.client import dev_token
from egisz.cli.demo.walk import (
    DEMO_SCAN,
    Walk,
    eventually,
    random_inn,
    random_snils,
    result,
    signature_holds,
)
from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.kernel.cades import sign_detached
from egisz.registry.domain.identifiers import normalize_snils
from egisz.runtime.dev_ca import DevCertificationAuthority

DEMO_ORG = "1.2.643.5.1.13.13.12.2.77.7701"
HEAD_NAME = "Главврачёва Елена Павловна"
SCAN_KINDS = ("charter", "registration_certificate", "head_appointment", "licence")


def demo_request(
    scans: dict[str, str], inn: str, officer_snils: str, head_snils: str
) -> dict[str, Any]:
    last, first, middle = HEAD_NAME.split()
    return {
        "type": "medical",
        "requisites": {
            "name": "ГБУЗ «Городская поликлиника № 7»",
            "ogrn": "1027700132195",
            "inn": inn,
            "kpp": "773601001",
            "okpo": "00032537",
            "legal_address": {"postcode": "101000", "text": "Москва, Мясницкая ул., 7"},
            "phone": "+7 495 123-45-67",
            "email": "info@gp7.example.ru",
        },
        "head": {
            "last_name": last,
            "first_name": first,
            "middle_name": middle,
            "position": "главный врач",
            "snils": head_snils,
        },
        "licences": [
            {
                "number": "ЛО-77-01-020202",
                "issued_on": "2021-04-01",
                "activities": ["первичная медико-санитарная помощь", "терапия"],
            }
        ],
        "employees": [
            {
                "last_name": "Кадрова",
                "first_name": "Ольга",
                "snils": officer_snils,
                "email": f"hr-{inn}@gp7.example.ru",
            }
        ],
        "scans": [{"file_id": file_id, "kind": kind} for kind, file_id in scans.items()],
    }


def sign(walk: Walk, body: dict[str, Any], canonical: bytes) -> None:
    """The head signs exactly the bytes the check answered, with their certificate (a `.pfx`
    from the stand's CA: `egisz sign` does the same from a file)."""
    ca = DevCertificationAuthority.at(walk.key.parent)
    last, first, middle = HEAD_NAME.split()
    head = ca.issue(
        snils=body["head"]["snils"],
        surname=last,
        given_name=f"{first} {middle}",
        ogrn=body["requisites"]["ogrn"],
        organization=body["requisites"]["name"],
        title="главный врач",
    )
    walk.certificates["head"] = head
    cms = sign_detached(canonical, head.key, head.certificate)
    body["signature"] = {"cades": base64.b64encode(cms).decode()}


async def upload_scans(walk: Walk) -> dict[str, str]:
    scans = {}
    for kind in SCAN_KINDS:
        reply = await walk.c.upload(
            subjects.FILE_UPLOAD.subject, DEMO_SCAN, f"{kind}.pdf", token=walk.token("applicant")
        )
        scans[kind] = str(reply["result"]["file"]["file_id"])
    return scans


async def enter_frmo(walk: Walk) -> None:
    """Check, sign and submit the request; the support desk checks the documents and approves."""
    officer_snils = normalize_snils(random_snils())  # the responsible employee
    head_snils = normalize_snils(random_snils())
    body = demo_request(await upload_scans(walk), random_inn(), officer_snils, head_snils)
    checked = walk.show(
        "frmo_check",
        "«Проверка»: заявка заполнена верно, сервис отвечает, что подписать",
        await walk.call(subjects.REQUEST_CHECK.subject, body, "applicant"),
        holds=lambda r: r.get("ready") is True,
    )
    sign(walk, body, str(result(checked).get("canonical", "")).encode())
    submitted = walk.show(
        "frmo_request",
        f"Главный врач {HEAD_NAME} подписывает заявку своим сертификатом (КЭП), "
        "организация подаёт её в ФРМО",
        await walk.call(subjects.REQUEST_SUBMIT.subject, body, "applicant"),
    )
    review = {"request_id": result(submitted).get("request_id", "")}
    walk.show(
        "frmo_checked",
        "СТП ЕГИСЗ проверяет документы",
        await walk.call(
            subjects.REQUEST_REVIEW.subject, review | {"action": "check_documents"}, "operator"
        ),
    )
    approved = walk.show(
        "frmo_approved",
        "Заявка одобрена: организация в ФРМО со своим OID",
        await walk.call(
            subjects.REQUEST_REVIEW.subject, review | {"action": "approve"}, "operator"
        ),
    )
    oid = result(approved).get("organization_oid") or DEMO_ORG
    walk.found["oid"] = oid
    # The responsible employee named in the request acts for it: the approval granted access.
    walk.tokens["officer"] = dev_token(walk.key, Role.ORG_OFFICER, org=oid, snils=officer_snils)
    walk.tokens["head"] = dev_token(walk.key, Role.MANAGER, org=oid, name=HEAD_NAME)
    walk.journey.tokens["head"] = walk.tokens["head"]
    await download_act(walk)


async def download_act(walk: Walk) -> None:
    """The registration act: the organization downloads it, anyone checks it by its code."""
    record = result(await walk.call(subjects.ORGANIZATION_GET.subject, {}, "officer"))
    act = record.get("registration_act") or {}
    pdf = await walk.c.download(subjects.ACT_DOWNLOAD.subject, {}, token=walk.token("officer"))
    walk.journey.act_pdf = pdf
    checked = await walk.call(
        subjects.ACT_VERIFY.subject,
        {
            "verification_code": act.get("verification_code", ""),
            "sha256": hashlib.sha256(pdf).hexdigest(),
        },
        None,
    )
    holds = signature_holds(pdf, result(checked).get("signature") or {})
    walk.show(
        "act_downloaded",
        f"Организация скачивает электронный акт регистрации ({len(pdf)} байт), любой проверяет "
        f"его по коду {act.get('verification_code', '')}: подпись "
        f"{'сходится' if holds else 'НЕ сходится'}",
        checked,
        holds=lambda r: r.get("document_matches") is True and holds,
    )


async def record_head_and_subdivision(walk: Walk) -> None:
    last, first, middle = HEAD_NAME.split()
    head = {
        "last_name": last,
        "first_name": first,
        "middle_name": middle,
        "position": "главный врач",
    }
    walk.show(
        "head_in_frmo",
        f"Кадровик подтверждает в ФРМО руководителя: {HEAD_NAME}",
        await walk.call(subjects.ORGANIZATION_UPDATE.subject, {"head": head}, "officer"),
    )
    therapy = walk.show(
        "subdivision",
        "Кадровик добавляет в ФРМО структурное подразделение: терапевтическое отделение",
        await walk.call(
            subjects.SUBDIVISION_ADD.subject,
            {"name": "Терапевтическое отделение", "kind": "отделение"},
            "officer",
        ),
        holds=lambda r: bool(r.get("subdivisions")),
    )
    walk.found["subdivision"] = (result(therapy).get("subdivisions") or [{}])[-1].get("oid", "")


async def place_in_the_directory(walk: Walk) -> None:
    """What the directory (mCSD) shows of the clinic: where it works, its type, a branch, the
    address of its information system."""
    site = {"postcode": "101000", "text": "Москва, Мясницкая ул., 7", "latitude": 55.7602}
    walk.show(
        "frmo_profile",
        "Кадровик указывает фактический адрес с координатами и тип учреждения по номенклатуре",
        await eventually(
            lambda: walk.call(
                subjects.ORGANIZATION_PROFILE_SET.subject,
                {"actual_address": site | {"longitude": 37.6336}, "institution_type_code": "1.10"},
                "officer",
            )
        ),
    )
    walk.show(
        "frmo_branch",
        "…и филиал с его адресом",
        await walk.call(
            subjects.BRANCH_ADD.subject,
            {
                "name": "Филиал № 1 ГП № 7",
                "address": {
                    "text": "Москва, ул. Маросейка, 2",
                    "latitude": 55.7571,
                    "longitude": 37.6346,
                },
            },
            "officer",
        ),
    )
    walk.show(
        "frmo_endpoint",
        "…и адрес FHIR-сервера своей МИС: справочник покажет его другим системам",
        await walk.call(
            subjects.ENDPOINT_SET.subject,
            {
                "name": "МИС ГП № 7",
                "address": "https://mis.gp7.example.ru/fhir",
                "connection_type": "hl7-fhir-rest",
            },
            "officer",
        ),
    )

"""The demo's portfolio: filled from FRMR and by the worker, approved by the head with a signature
on the report, and ready for periodic accreditation."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import serialization

from egisz.cli.demo.organization import HEAD_NAME
from egisz.cli.demo.walk import Reply, Walk, eventually, result
from egisz.contracts import subjects
from egisz.kernel.cades import sign_detached
from egisz.runtime.dev_ca import Issued

SPECIALITY = "терапия"
# Hired, and corrected: the names the positions' book gives the codes.
BOTH_JOBS = ["врач функциональной диагностики", "врач-терапевт"]


async def fill_portfolio(walk: Walk) -> None:
    async def report() -> Reply:
        """The portfolio once both jobs and the correction have come from FRMR: a change
        arriving after the head's approval would (rightly) reset it."""
        reply = await walk.call(subjects.PORTFOLIO_GET.subject, {}, "worker")
        professional = result(reply).get("professional") or {}
        positions = sorted(e.get("position") for e in professional.get("experience") or [])
        if reply.get("ok") and positions != BOTH_JOBS:
            return {"ok": False, "error": f"из ФРМР пришли ещё не все записи: {positions}"}
        return reply

    walk.show(
        "portfolio",
        "Портфолио создано, в отчёте — место работы из ФРМР и стаж",
        await eventually(report),
    )
    walk.show(
        "applicant",
        "Аккредитация знает работника из ФРМР",
        await eventually(lambda: walk.call(subjects.APPLICANT_GET.subject, {}, "worker")),
    )
    diploma = {"kind": "higher", "title": "Лечебное дело", "document_number": "107718 0123456"}
    walk.show(
        "diploma",
        "Работник добавляет диплом о высшем образовании",
        await walk.call(
            subjects.EDUCATION_DECLARE.subject, diploma | {"issued_on": "2012-06-30"}, "worker"
        ),
    )
    walk.show(
        "advanced_training",
        "…и повышение квалификации по терапии, 144 ч",
        await walk.call(
            subjects.EDUCATION_DECLARE.subject,
            {
                "kind": "advanced_training",
                "title": "Актуальные вопросы терапии",
                "speciality": SPECIALITY,
                "document_number": "772400012345",
                "issued_on": "2025-03-14",
                "hours": 144,
            },
            "worker",
        ),
    )


async def register_head_key(walk: Walk) -> Issued:
    """The certificate the head signed the FRMO request with: FRMO knows its SNILS."""
    head = walk.certificates["head"]
    pem = head.certificate.public_bytes(serialization.Encoding.PEM).decode()
    walk.show(
        "head_key",
        f"Руководитель ({HEAD_NAME}) регистрирует свой сертификат подписи (срок — по сертификату)",
        await walk.call(subjects.SIGNING_KEY_REGISTER.subject, {"certificate_pem": pem}, "head"),
    )
    return head


async def approve_portfolio(walk: Walk) -> None:
    key = await register_head_key(walk)
    walk.show(
        "approval_requested",
        "Работник отправляет отчёт руководителю на согласование",
        await walk.call(
            subjects.APPROVAL_REQUEST.subject,
            {"organization_oid": walk.found["oid"], "head_name": HEAD_NAME},
            "worker",
        ),
    )
    pending = result(await walk.call(subjects.APPROVAL_PENDING.subject, {}, "head"))
    portfolio_id = next(
        (
            i["portfolio_id"]
            for i in pending.get("items", [])
            if i["worker_id"] == walk.found["worker_id"]
        ),
        "",
    )
    ref = {"portfolio_id": portfolio_id}
    to_sign = result(await walk.call(subjects.APPROVAL_REPORT.subject, ref, "head"))
    signature = sign_detached(str(to_sign.get("canonical", "")).encode(), key.key, key.certificate)
    walk.show(
        "approval_decided",
        "Руководитель подписывает и согласовывает отчёт",
        await walk.call(
            subjects.APPROVAL_DECIDE.subject,
            ref | {"decision": "approved", "signature": base64.b64encode(signature).decode()},
            "head",
        ),
    )
    walk.show(
        "readiness",
        "Портфолио готово к периодической аккредитации",
        await walk.call(
            subjects.READINESS_GET.subject,
            # By the book's code: FRMR's items match by it, a declared course by its name.
            {"speciality": SPECIALITY, "speciality_code": "76"},
            "worker",
        ),
        holds=lambda r: bool(r.get("ready")),
    )

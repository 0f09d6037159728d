"""The demo's periodic accreditation: the application delivered to the center, its package
opened, documents checked, the commission's decision in FRMR, and the signed extract anyone can
check."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from egisz.cli.demo.walk import Reply, Walk, eventually, result, signature_holds
from egisz.contracts import subjects


async def apply(walk: Walk) -> dict[str, str]:
    """Form and submit the application; it reaches the center with the portfolio's snapshot."""
    # The speciality by its code in the specialities' book (76: «Терапия»).
    form = {"kind": "periodic", "speciality_code": "76", "education_level": "higher"}
    formed = walk.show(
        "application_formed",
        "Работник формирует заявление на периодическую аккредитацию",
        await walk.call(subjects.APPLICATION_FORM.subject, form | {"consent": True}, "worker"),
    )
    application = {"application_id": result(formed).get("application_id", "")}
    await walk.call(subjects.APPLICATION_SUBMIT.subject, application, "worker")

    async def under_review() -> Reply:
        reply = await walk.call(subjects.APPLICATION_GET.subject, application, "worker")
        found = result(reply)
        if found.get("status") != "under_review" or not found.get("intake_number"):
            return {"ok": False, "error": f"статус: {found.get('status_title')}"}
        return reply

    walk.show(
        "under_review",
        "Заявление с «portfolio.xml» доставлено в ФАЦ (номер регистрации из его квитанции): "
        "«На рассмотрении»",
        await eventually(under_review),
    )
    return application


async def review(walk: Walk, application: dict[str, str]) -> None:
    reviewed = result(walk.journey.replies["under_review"])
    walk.show(
        "package_opened",
        "ФАЦ открывает пакет: «portfolio.xml» из заявления",
        await walk.call(
            subjects.SNAPSHOT_GET.subject,
            {"snapshot_id": reviewed.get("snapshot_id") or "", "format": "xml"},
            "fac",
        ),
        holds=lambda r: '<approval status="approved"' in r.get("content", ""),
    )
    walk.show(
        "documents_checked",
        "ФАЦ: «Документы проверены», заявление передано аккредитационной комиссии",
        await walk.call(subjects.APPLICATION_DOCUMENTS_CHECK.subject, application, "fac"),
        holds=lambda r: r.get("documents_checked_on") is not None,
    )
    decision = {"passed": True, "protocol_number": "ПАК-2026-0457"}
    walk.show(
        "passed",
        "Аккредитационная комиссия: «Аккредитация пройдена», действует 5 лет",
        await walk.call(
            subjects.APPLICATION_DECIDE.subject,
            application | decision | {"decided_on": date.today().isoformat()},
            "fac",
        ),
        holds=lambda r: r.get("status") == "passed",
    )

    async def accredited() -> Reply:
        reply = await walk.call(subjects.WORKER_GET.subject, {}, "worker")
        if not result(reply).get("accreditations"):
            return {"ok": False, "error": "аккредитация ещё не пришла в ФРМР"}
        return reply

    walk.show(
        "frmr_accreditation",
        "В личном деле ФРМР — аккредитация со сроком действия",
        await eventually(accredited),
    )


async def extract(walk: Walk, application: dict[str, str]) -> None:
    ordered = walk.show(
        "extract_ordered",
        "Работник заказывает выписку",
        await walk.call(subjects.EXTRACT_ORDER.subject, application, "worker"),
    )
    ref = {"extract_id": result(ordered).get("extract_id", "")}
    issued = walk.show(
        "extract_issued",
        "ФАЦ выдаёт выписку, подписанную ключом сервиса",
        await walk.call(subjects.EXTRACT_ISSUE.subject, ref, "fac"),
    )
    if issued.get("ok"):
        await download_and_verify(walk, ref, issued["result"])


async def download_and_verify(walk: Walk, ref: dict[str, str], issued: dict[str, Any]) -> None:
    pdf = await walk.c.download(subjects.EXTRACT_DOWNLOAD.subject, ref, token=walk.token("worker"))
    walk.journey.extract_pdf = pdf
    holds = signature_holds(pdf, issued["signature"])
    walk.show(
        "extract_downloaded",
        f"Работник скачивает выписку ({len(pdf)} байт); "
        f"подпись {'сходится' if holds else 'НЕ сходится'}",
        {"ok": holds, "result": {"size": len(pdf)}},
    )
    walk.show(
        "extract_verified",
        "Любой проверяет выписку по коду — без токена",
        await walk.call(
            subjects.EXTRACT_VERIFY.subject,
            {
                "verification_code": issued["verification_code"],
                "sha256": hashlib.sha256(pdf).hexdigest(),
            },
            None,
        ),
        holds=lambda r: r.get("document_matches") is True,
    )

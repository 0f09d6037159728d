"""The whole journey through the four services, step by step: an organization enters FRMO, its
officer adds a worker to FRMR, the head approves the worker's portfolio, the worker passes a
periodic accreditation (the center opening the package and checking the documents) and downloads
a signed extract anyone can check; a graduate not in FRMR applies for primary accreditation."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from egisz.cli.client import dev_token
from egisz.cli.demo_graduate import graduate_steps
from egisz.cli.http_client import Caller, client_for
from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.registry.domain.identifiers import format_snils, normalize_snils, snils_check_number
from egisz.testsupport.harness import pdf_bytes

DEMO_ORG = "1.2.643.5.1.13.13.12.2.77.7701"


def random_snils(rng: random.Random | None = None) -> str:
    rng = rng or random.Random()
    first = "".join(str(rng.randint(0, 9)) for _ in range(9))
    return format_snils(f"{first}{snils_check_number(first):02d}")


def random_birth_date(rng: random.Random | None = None) -> str:
    """Distinct people: the registry flags the same name and birth date as a likely duplicate."""
    rng = rng or random.Random()
    return f"{rng.randint(1950, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


async def eventually(
    probe: Callable[[], Awaitable[dict[str, Any]]], *, timeout: float = 20.0
) -> dict[str, Any]:
    """Ask again until the reply is ok or the deadline passes; return the last reply."""
    deadline = time.monotonic() + timeout
    while True:
        reply = await probe()
        if reply.get("ok") or time.monotonic() > deadline:
            return reply
        await asyncio.sleep(0.2)


def random_inn(rng: random.Random | None = None, region: str = "77") -> str:
    """An organization's INN with its check digit (weights 2, 4, 10, 3, 5, 9, 4, 6, 8)."""
    rng = rng or random.Random()
    body = region + "".join(str(rng.randint(0, 9)) for _ in range(7))
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    return body + str(sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11 % 10)


# A one-page PDF that PDFium opens: the services refuse anything less.
DEMO_SCAN = pdf_bytes(b"demo scan")


async def upload_scan(c: Caller, token: str, name: str, content: bytes = DEMO_SCAN) -> str:
    """Upload a scan; return its file id."""
    reply = await c.upload(subjects.FILE_UPLOAD.subject, content, name, token=token)
    return str(reply["result"]["file"]["file_id"])


def demo_request(scans: dict[str, str], inn: str, officer_snils: str) -> dict[str, Any]:
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


@dataclass
class Journey:
    """What the demo did: each step's reply by name, and the extract it downloaded."""

    ok: bool = True
    replies: dict[str, dict[str, Any]] = field(default_factory=dict)
    extract_pdf: bytes = b""
    worker_email: str = ""
    tokens: dict[str, str] = field(default_factory=dict)  # the worker's and the head's


def _result(reply: dict[str, Any]) -> dict[str, Any]:
    return reply.get("result") or {}


def _signature_holds(pdf: bytes, signature: dict[str, Any]) -> bool:
    public = serialization.load_pem_public_key(signature["public_key_pem"].encode())
    if not isinstance(public, Ed25519PublicKey):
        return False
    try:
        public.verify(base64.b64decode(signature["signature"]), pdf)
    except InvalidSignature:
        return False
    return True


async def run_journey(
    target: str,
    key: Path,
    *,
    echo: Callable[[str], Any] = print,
) -> Journey:
    """Organization → FRMO, worker → FRMR, portfolio approved by the head, periodic accreditation
    passed, extract issued, downloaded and checked; every step printed with its reply. `target`
    is a NATS URL, or the HTTP gateway's address to walk the same journey over REST."""
    snils = random_snils()
    applicant = dev_token(key, Role.WORKER, snils=normalize_snils(random_snils()))
    operator = dev_token(key, Role.REGISTRY_OPERATOR)
    worker = dev_token(key, Role.WORKER, snils=normalize_snils(snils))
    fac = dev_token(key, Role.FAC_OPERATOR)
    speciality = "терапия"
    journey = Journey(worker_email=f"petrova.{uuid.uuid4().hex[:6]}@example.org")
    journey.tokens["worker"] = worker

    def show(
        name: str,
        step: str,
        reply: dict[str, Any],
        *,
        expect_error: str | None = None,
        holds: Callable[[dict[str, Any]], bool] = lambda _: True,
    ) -> dict[str, Any]:
        passed = (
            bool(reply.get("ok")) and holds(_result(reply))
            if expect_error is None
            else (reply.get("error") or {}).get("code") == expect_error
        )
        journey.replies[name] = reply
        journey.ok &= passed
        number = len(journey.replies)
        echo(
            f"{'✔' if passed else '✘'} {number}. {step}\n"
            f"{json.dumps(reply, ensure_ascii=False, indent=2)}"
        )
        return reply

    async with client_for(target) as c:
        scans = {
            kind: await upload_scan(c, applicant, f"{kind}.pdf")
            for kind in ("charter", "registration_certificate", "head_appointment", "licence")
        }
        officer_snils = normalize_snils(random_snils())  # the responsible employee
        body = demo_request(scans, random_inn(), officer_snils)
        checked = show(
            "frmo_check",
            "«Проверка»: заявка заполнена верно, сервис отвечает, что подписать",
            await c.call(subjects.REQUEST_CHECK.subject, body, token=applicant),
            holds=lambda r: r.get("ready") is True,
        )
        # The applicant signs exactly the bytes the check answered (their key stands in for a КЭП).
        applicant_key = Ed25519PrivateKey.generate()
        canonical = str(_result(checked).get("canonical", "")).encode()
        body["signature"] = {
            "scheme": "ed25519",
            "public_key_pem": applicant_key.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode(),
            "signature": base64.b64encode(applicant_key.sign(canonical)).decode(),
        }
        submitted = show(
            "frmo_request",
            "Организация подаёт подписанную заявку в ФРМО (сканы загружены)",
            await c.call(subjects.REQUEST_SUBMIT.subject, body, token=applicant),
        )
        request_id = _result(submitted).get("request_id", "")
        show(
            "frmo_checked",
            "СТП ЕГИСЗ проверяет документы",
            await c.call(
                subjects.REQUEST_REVIEW.subject,
                {"request_id": request_id, "action": "check_documents"},
                token=operator,
            ),
        )
        approved = show(
            "frmo_approved",
            "Заявка одобрена: организация в ФРМО со своим OID",
            await c.call(
                subjects.REQUEST_REVIEW.subject,
                {"request_id": request_id, "action": "approve"},
                token=operator,
            ),
        )
        oid = _result(approved).get("organization_oid") or DEMO_ORG
        # The responsible employee named in the request acts for it: the approval granted access.
        officer = dev_token(key, Role.ORG_OFFICER, org=oid, snils=officer_snils)
        head_name = "Главврачёва Елена Павловна"
        head = dev_token(key, Role.MANAGER, org=oid, name=head_name)
        journey.tokens["head"] = head
        show(
            "head_in_frmo",
            f"Кадровик указывает в ФРМО руководителя: {head_name}",
            await c.call(
                subjects.ORGANIZATION_UPDATE.subject,
                {
                    "head": {
                        "last_name": head_name.split()[0],
                        "first_name": head_name.split()[1],
                        "middle_name": head_name.split()[2],
                        "position": "главный врач",
                    }
                },
                token=officer,
            ),
        )
        therapy = show(
            "subdivision",
            "Кадровик добавляет в ФРМО структурное подразделение: терапевтическое отделение",
            await c.call(
                subjects.SUBDIVISION_ADD.subject,
                {"name": "Терапевтическое отделение", "kind": "отделение"},
                token=officer,
            ),
            holds=lambda r: bool(r.get("subdivisions")),
        )
        subdivision = (_result(therapy).get("subdivisions") or [{}])[-1].get("oid")
        registered = show(
            "worker_registered",
            f"Кадровик регистрирует работника в ФРМР (СНИЛС {snils})",
            await c.call(
                subjects.WORKER_REGISTER.subject,
                {
                    "snils": snils,
                    "last_name": "Петрова",
                    "first_name": "Анна",
                    "middle_name": "Сергеевна",
                    "birth_date": random_birth_date(),
                    "email": journey.worker_email,
                },
                token=officer,
            ),
        )
        worker_id = _result(registered).get("worker_id", "")
        registered_job = show(
            "employment",
            "Кадровик вносит основное место работы",
            await c.call(
                subjects.EMPLOYMENT_START.subject,
                {
                    "worker_id": worker_id,
                    "subdivision_oid": subdivision,
                    "position": "Врач-терапевт участковый",
                    "rate": "1.0",
                    "start_date": "2024-09-01",
                },
                token=officer,
            ),
        )
        show(
            "public_check",
            "Любой может проверить специалиста — без персональных данных",
            await c.call(
                subjects.PRACTITIONER_VERIFY.subject, {"worker_id": worker_id}, token=None
            ),
        )
        show(
            "own_record",
            "Работник видит своё личное дело",
            await c.call(subjects.WORKER_GET.subject, {}, token=worker),
        )
        anna = _result(registered)
        show(
            "registered_again",
            "Повторно внести того же человека нельзя — ответ подсказывает принять его на работу",
            await c.call(
                subjects.WORKER_REGISTER.subject,
                {
                    "snils": snils,
                    "last_name": "Петрова",
                    "first_name": "Анна",
                    "birth_date": anna.get("birth_date"),
                },
                token=officer,
            ),
            expect_error="worker_already_registered",
        )
        show(
            "hired",
            "Кадровик принимает человека из ФРМР по СНИЛС и дате рождения (внутреннее "
            "совместительство)",
            await c.call(
                subjects.WORKER_HIRE.subject,
                {
                    "snils": snils,
                    "birth_date": anna.get("birth_date"),
                    "subdivision_oid": subdivision,
                    "position": "Врач функциональной диагностики",
                    "rate": "0.25",
                    "kind": "part_time",
                    "start_date": "2024-09-01",
                },
                token=officer,
            ),
            holds=lambda r: r.get("worker_id") == worker_id and len(r.get("employments", [])) == 2,
        )
        reported = show(
            "inaccuracy_reported",
            "Работник сообщает о неточности: должность указана неверно",
            await c.call(
                subjects.CORRECTION_REPORT.subject,
                {
                    "organization_oid": oid,
                    "section": "employments",
                    "description": "Я врач-терапевт, не участковый: см. приказ о приёме",
                },
                token=worker,
            ),
        )
        job = (_result(registered_job).get("employments") or [{}])[0]
        show(
            "entry_corrected",
            "Кадровик исправляет запись о работе — запрос закрыт этим исправлением, "
            "прежняя запись осталась в истории",
            await c.call(
                subjects.EMPLOYMENT_CORRECT.subject,
                {
                    "worker_id": worker_id,
                    "employment_id": job.get("employment_id", ""),
                    "subdivision_oid": subdivision,
                    "position": "Врач-терапевт",
                    "rate": "1.0",
                    "start_date": "2024-09-01",
                    "reason": "Должность по приказу о приёме",
                    "correction_id": _result(reported).get("correction_id"),
                },
                token=officer,
            ),
            holds=lambda r: [h["action"] for h in r.get("history", [])] == ["corrected"],
        )

        async def report() -> dict[str, Any]:
            """The portfolio once both jobs and the correction have come from FRMR: a change
            arriving after the head's approval would (rightly) reset it."""
            reply = await c.call(subjects.PORTFOLIO_GET.subject, {}, token=worker)
            professional = _result(reply).get("professional") or {}
            positions = sorted(e.get("position") for e in professional.get("experience") or [])
            both = ["Врач функциональной диагностики", "Врач-терапевт"]  # hired, and corrected
            if reply.get("ok") and positions != both:
                return {"ok": False, "error": f"из ФРМР пришли ещё не все записи: {positions}"}
            return reply

        show(
            "portfolio",
            "Портфолио создано, в отчёте — место работы из ФРМР и стаж",
            await eventually(report),
        )
        show(
            "applicant",
            "Аккредитация знает работника из ФРМР",
            await eventually(lambda: c.call(subjects.APPLICANT_GET.subject, {}, token=worker)),
        )
        show(
            "diploma",
            "Работник добавляет диплом о высшем образовании",
            await c.call(
                subjects.EDUCATION_DECLARE.subject,
                {
                    "kind": "higher",
                    "title": "Лечебное дело",
                    "document_number": "107718 0123456",
                    "issued_on": "2012-06-30",
                },
                token=worker,
            ),
        )
        show(
            "advanced_training",
            "…и повышение квалификации по терапии, 144 ч",
            await c.call(
                subjects.EDUCATION_DECLARE.subject,
                {
                    "kind": "advanced_training",
                    "title": "Актуальные вопросы терапии",
                    "speciality": speciality,
                    "document_number": "772400012345",
                    "issued_on": "2025-03-14",
                    "hours": 144,
                },
                token=worker,
            ),
        )
        head_key = Ed25519PrivateKey.generate()
        show(
            "head_key",
            f"Руководитель ({head_name}) регистрирует ключ электронной подписи (действует год)",
            await c.call(
                subjects.SIGNING_KEY_REGISTER.subject,
                {
                    "public_key_pem": head_key.public_key()
                    .public_bytes(
                        serialization.Encoding.PEM,
                        serialization.PublicFormat.SubjectPublicKeyInfo,
                    )
                    .decode(),
                    "valid_until": (date.today() + timedelta(days=365)).isoformat(),
                },
                token=head,
            ),
        )
        show(
            "approval_requested",
            "Работник отправляет отчёт руководителю на согласование",
            await c.call(
                subjects.APPROVAL_REQUEST.subject,
                {"organization_oid": oid, "head_name": head_name},
                token=worker,
            ),
        )
        pending = _result(await c.call(subjects.APPROVAL_PENDING.subject, {}, token=head))
        portfolio_id = next(
            (i["portfolio_id"] for i in pending.get("items", []) if i["worker_id"] == worker_id),
            "",
        )
        to_sign = _result(
            await c.call(
                subjects.APPROVAL_REPORT.subject, {"portfolio_id": portfolio_id}, token=head
            )
        )
        signature = head_key.sign(str(to_sign.get("canonical", "")).encode())
        show(
            "approval_decided",
            "Руководитель подписывает и согласовывает отчёт",
            await c.call(
                subjects.APPROVAL_DECIDE.subject,
                {
                    "portfolio_id": portfolio_id,
                    "decision": "approved",
                    "signature": base64.b64encode(signature).decode(),
                },
                token=head,
            ),
        )
        show(
            "readiness",
            "Портфолио готово к периодической аккредитации",
            await c.call(subjects.READINESS_GET.subject, {"speciality": speciality}, token=worker),
            holds=lambda r: bool(r.get("ready")),
        )
        formed = show(
            "application_formed",
            "Работник формирует заявление на периодическую аккредитацию",
            await c.call(
                subjects.APPLICATION_FORM.subject,
                {
                    "kind": "periodic",
                    "speciality": speciality,
                    "education_level": "higher",
                    "consent": True,
                },
                token=worker,
            ),
        )
        application = {"application_id": _result(formed).get("application_id", "")}
        await c.call(subjects.APPLICATION_SUBMIT.subject, application, token=worker)

        async def under_review() -> dict[str, Any]:
            reply = await c.call(subjects.APPLICATION_GET.subject, application, token=worker)
            if _result(reply).get("status") != "under_review" or not _result(reply).get(
                "intake_number"
            ):
                return {"ok": False, "error": f"статус: {_result(reply).get('status_title')}"}
            return reply

        show(
            "under_review",
            "Заявление с «portfolio.xml» доставлено в ФАЦ (номер регистрации из его квитанции): "
            "«На рассмотрении»",
            await eventually(under_review),
        )
        reviewed = _result(journey.replies["under_review"])
        show(
            "package_opened",
            "ФАЦ открывает пакет: «portfolio.xml» из заявления",
            await c.call(
                subjects.SNAPSHOT_GET.subject,
                {"snapshot_id": reviewed.get("snapshot_id") or "", "format": "xml"},
                token=fac,
            ),
            holds=lambda r: '<approval status="approved"' in r.get("content", ""),
        )
        show(
            "documents_checked",
            "ФАЦ: «Документы проверены», заявление передано аккредитационной комиссии",
            await c.call(subjects.APPLICATION_DOCUMENTS_CHECK.subject, application, token=fac),
            holds=lambda r: r.get("documents_checked_on") is not None,
        )
        show(
            "passed",
            "Аккредитационная комиссия: «Аккредитация пройдена», действует 5 лет",
            await c.call(
                subjects.APPLICATION_DECIDE.subject,
                application
                | {
                    "passed": True,
                    "protocol_number": "ПАК-2026-0457",
                    "decided_on": date.today().isoformat(),
                },
                token=fac,
            ),
            holds=lambda r: r.get("status") == "passed",
        )

        async def accredited() -> dict[str, Any]:
            reply = await c.call(subjects.WORKER_GET.subject, {}, token=worker)
            if not _result(reply).get("accreditations"):
                return {"ok": False, "error": "аккредитация ещё не пришла в ФРМР"}
            return reply

        show(
            "frmr_accreditation",
            "В личном деле ФРМР — аккредитация со сроком действия",
            await eventually(accredited),
        )
        ordered = show(
            "extract_ordered",
            "Работник заказывает выписку",
            await c.call(subjects.EXTRACT_ORDER.subject, application, token=worker),
        )
        extract = {"extract_id": _result(ordered).get("extract_id", "")}
        issued = show(
            "extract_issued",
            "ФАЦ выдаёт выписку, подписанную ключом сервиса",
            await c.call(subjects.EXTRACT_ISSUE.subject, extract, token=fac),
        )
        if issued.get("ok"):
            journey.extract_pdf = await c.download(
                subjects.EXTRACT_DOWNLOAD.subject,
                {"extract_id": extract["extract_id"]},
                token=worker,
            )
            holds = _signature_holds(journey.extract_pdf, issued["result"]["signature"])
            show(
                "extract_downloaded",
                f"Работник скачивает выписку ({len(journey.extract_pdf)} байт); "
                f"подпись {'сходится' if holds else 'НЕ сходится'}",
                {"ok": holds, "result": {"size": len(journey.extract_pdf)}},
            )
            show(
                "extract_verified",
                "Любой проверяет выписку по коду — без токена",
                await c.call(
                    subjects.EXTRACT_VERIFY.subject,
                    {
                        "verification_code": issued["result"]["verification_code"],
                        "sha256": hashlib.sha256(journey.extract_pdf).hexdigest(),
                    },
                    token=None,
                ),
                holds=lambda r: r.get("document_matches") is True,
            )

        async def inbox() -> dict[str, Any]:
            reply = await c.call(subjects.INBOX_LIST.subject, {}, token=worker)
            if reply.get("ok") and not reply["result"]["items"]:
                return {"ok": False, "error": "пока пусто"}
            return reply

        show("inbox", "В «Уведомлениях» — «Личный кабинет создан»", await eventually(inbox))
        show(
            "inbox_read",
            "Отметить все прочитанными: колокольчик гаснет",
            await c.call(subjects.INBOX_MARK_READ.subject, {"all": True}, token=worker),
        )
        await graduate_steps(
            c, key, normalize_snils(random_snils()), show, lambda probe: eventually(probe)
        )
        show(
            "bad_snils",
            "Неверный СНИЛС — ошибка с названием поля",
            await c.call(
                subjects.WORKER_REGISTER.subject,
                {
                    "snils": "112-233-445 00",
                    "last_name": "Сидоров",
                    "first_name": "Иван",
                    "birth_date": "1990-01-01",
                },
                token=officer,
            ),
            expect_error="validation_failed",
        )
    echo("Готово." if journey.ok else "Что-то пошло не так: см. шаги выше.")
    return journey

"""The first journey through all four services, step by step: an organization enters FRMO,
its officer adds a worker to FRMR, the worker's cabinet comes alive."""

from __future__ import annotations

import asyncio
import base64
import json
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from egisz.cli.client import Client, dev_token
from egisz.contracts import subjects
from egisz.registry.domain.identifiers import format_snils, normalize_snils, snils_check_number

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


# The smallest file a PDF reader recognises: enough for a demo scan.
DEMO_SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def upload_scan(c: Client, token: str, name: str, content: bytes = DEMO_SCAN) -> str:
    """Upload a small scan in one part; return its file id."""
    reply = await c.call(
        subjects.FILE_UPLOAD.subject,
        {
            "upload_id": uuid.uuid4().hex,
            "part": 0,
            "data": base64.b64encode(content).decode(),
            "last": True,
            "filename": name,
        },
        token=token,
    )
    if not reply.get("ok"):
        raise RuntimeError(f"scan refused: {reply.get('error')}")
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


async def run_journey(nats_url: str, key: Path, *, echo: Callable[[str], Any] = print) -> bool:
    snils = random_snils()
    applicant = dev_token(key, "worker", snils=normalize_snils(random_snils()))
    operator = dev_token(key, "registry_operator")
    worker = dev_token(key, "worker", snils=normalize_snils(snils))

    def show(step: str, reply: dict[str, Any], *, expect_error: str | None = None) -> bool:
        passed = (
            bool(reply.get("ok"))
            if expect_error is None
            else (reply.get("error") or {}).get("code") == expect_error
        )
        echo(f"{'✔' if passed else '✘'} {step}\n{json.dumps(reply, ensure_ascii=False, indent=2)}")
        return passed

    async with Client(nats_url) as c:
        scans = {
            kind: await upload_scan(c, applicant, f"{kind}.pdf")
            for kind in ("charter", "registration_certificate", "licence")
        }
        submitted = await c.call(
            subjects.REQUEST_SUBMIT.subject,
            demo_request(scans, random_inn(), normalize_snils(random_snils())),
            token=applicant,
        )
        ok = show("1. Организация подаёт заявку в ФРМО (сканы загружены)", submitted)
        request_id = (submitted.get("result") or {}).get("request_id", "")
        ok &= show(
            "2. СТП ЕГИСЗ проверяет документы",
            await c.call(
                subjects.REQUEST_REVIEW.subject,
                {"request_id": request_id, "action": "check_documents"},
                token=operator,
            ),
        )
        approved = await c.call(
            subjects.REQUEST_REVIEW.subject,
            {"request_id": request_id, "action": "approve"},
            token=operator,
        )
        ok &= show("3. Заявка одобрена: организация в ФРМО со своим OID", approved)
        oid = (approved.get("result") or {}).get("organization_oid") or DEMO_ORG
        officer = dev_token(key, "org_officer", org=oid)
        registered = await c.call(
            subjects.WORKER_REGISTER.subject,
            {
                "snils": snils,
                "last_name": "Петрова",
                "first_name": "Анна",
                "middle_name": "Сергеевна",
                "birth_date": random_birth_date(),
            },
            token=officer,
        )
        ok &= show(f"4. Кадровик регистрирует работника в ФРМР (СНИЛС {snils})", registered)
        ok &= show(
            "5. Кадровик вносит основное место работы",
            await c.call(
                subjects.EMPLOYMENT_START.subject,
                {
                    "worker_id": (registered.get("result") or {}).get("worker_id", ""),
                    "position": "Врач-терапевт участковый",
                    "rate": "1.0",
                    "start_date": "2024-09-01",
                },
                token=officer,
            ),
        )
        ok &= show(
            "6. Любой может проверить специалиста — без персональных данных",
            await c.call(
                subjects.PRACTITIONER_VERIFY.subject,
                {"worker_id": (registered.get("result") or {}).get("worker_id", "")},
                token=None,
            ),
        )
        ok &= show(
            "7. Работник видит своё личное дело",
            await c.call(subjects.WORKER_GET.subject, {}, token=worker),
        )

        async def report() -> dict[str, Any]:
            reply = await c.call(subjects.PORTFOLIO_GET.subject, {}, token=worker)
            professional = (reply.get("result") or {}).get("professional") or {}
            if reply.get("ok") and not professional.get("experience"):
                return {"ok": False, "error": "место работы ещё не пришло из ФРМР"}
            return reply

        ok &= show(
            "8. Портфолио создано, в отчёте — место работы из ФРМР и стаж",
            await eventually(report),
        )
        ok &= show(
            "9. Аккредитация знает работника из ФРМР",
            await eventually(lambda: c.call(subjects.APPLICANT_GET.subject, {}, token=worker)),
        )

        async def inbox() -> dict[str, Any]:
            reply = await c.call(subjects.INBOX_LIST.subject, {}, token=worker)
            if reply.get("ok") and not reply["result"]["items"]:
                return {"ok": False, "error": "пока пусто"}
            return reply

        ok &= show("10. В «Уведомлениях» — «Личный кабинет создан»", await eventually(inbox))
        ok &= show(
            "11. Отметить все прочитанными: колокольчик гаснет",
            await c.call(subjects.INBOX_MARK_READ.subject, {"all": True}, token=worker),
        )
        ok &= show(
            "12. Неверный СНИЛС — ошибка с названием поля",
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
    echo("Готово." if ok else "Что-то пошло не так: см. шаги выше.")
    return ok

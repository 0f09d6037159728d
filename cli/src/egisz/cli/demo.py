"""The first journey through all four services, step by step."""

from __future__ import annotations

import asyncio
import json
import random
import time
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


async def run_journey(nats_url: str, key: Path, *, echo: Callable[[str], Any] = print) -> bool:
    snils = random_snils()
    officer = dev_token(key, "org_officer", org=DEMO_ORG)
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
        ok = show(
            f"1. Кадровик регистрирует работника в ФРМР (СНИЛС {snils})",
            await c.call(
                subjects.WORKER_REGISTER.subject,
                {
                    "snils": snils,
                    "last_name": "Петрова",
                    "first_name": "Анна",
                    "middle_name": "Сергеевна",
                    "birth_date": random_birth_date(),
                },
                token=officer,
            ),
        )
        ok &= show(
            "2. Работник видит своё личное дело",
            await c.call(subjects.WORKER_GET.subject, {}, token=worker),
        )
        ok &= show(
            "3. Портфолио создано по событию worker.registered",
            await eventually(lambda: c.call(subjects.PORTFOLIO_GET.subject, {}, token=worker)),
        )
        ok &= show(
            "4. Аккредитация знает работника из ФРМР",
            await eventually(lambda: c.call(subjects.APPLICANT_GET.subject, {}, token=worker)),
        )

        async def inbox() -> dict[str, Any]:
            reply = await c.call(subjects.INBOX_LIST.subject, {}, token=worker)
            if reply.get("ok") and not reply["result"]["items"]:
                return {"ok": False, "error": "пока пусто"}
            return reply

        ok &= show("5. В «Уведомлениях» — «Личный кабинет создан»", await eventually(inbox))
        ok &= show(
            "6. Отметить все прочитанными: колокольчик гаснет",
            await c.call(subjects.INBOX_MARK_READ.subject, {"all": True}, token=worker),
        )
        ok &= show(
            "7. Неверный СНИЛС — ошибка с названием поля",
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

"""The whole journey through the four services, act by act: an organization enters FRMO, its
officer adds a worker to FRMR, the head approves the worker's portfolio, the worker passes a
periodic accreditation (the center opening the package and checking the documents) and downloads
a signed extract anyone can check, and sees who read their data; a graduate not in FRMR applies
for primary accreditation."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from egisz.cli.client import dev_token
from egisz.cli.demo import accreditation, organization, portfolio, worker
from egisz.cli.demo.graduate import graduate_applies
from egisz.cli.demo.journal import who_read_my_data
from egisz.cli.demo.organization import DEMO_ORG
from egisz.cli.demo.walk import (
    Journey,
    Reply,
    Walk,
    eventually,
    random_birth_date,
    random_inn,
    random_snils,
)
from egisz.cli.http_client import client_for
from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.registry.domain.identifiers import normalize_snils

__all__ = [
    "DEMO_ORG",
    "Journey",
    "eventually",
    "random_birth_date",
    "random_inn",
    "random_snils",
    "run_journey",
]


async def run_journey(target: str, key: Path, *, echo: Callable[[str], Any] = print) -> Journey:
    """Every act in order, each step printed with its reply. `target` is a NATS URL, or the HTTP
    gateway's address to walk the same journey over REST."""
    snils, regulator = random_snils(), normalize_snils(random_snils())
    journey = Journey(worker_email=f"petrova.{uuid.uuid4().hex[:6]}@example.org")
    async with client_for(target) as c:
        walk = Walk(c, key, journey, echo, snils)
        walk.tokens = {
            "applicant": dev_token(key, Role.WORKER, snils=normalize_snils(random_snils())),
            "operator": dev_token(key, Role.REGISTRY_OPERATOR),
            "worker": dev_token(key, Role.WORKER, snils=normalize_snils(snils)),
            "fac": dev_token(key, Role.FAC_OPERATOR),
            "regulator": dev_token(key, Role.REGULATOR, snils=regulator),
        }
        walk.found["regulator_snils"] = regulator
        journey.tokens["worker"] = walk.tokens["worker"]
        await organization.enter_frmo(walk)
        await organization.record_head_and_subdivision(walk)
        await organization.place_in_the_directory(walk)
        await worker.register_worker(walk)
        await worker.hire_again(walk)
        await worker.correct_an_entry(walk)
        await portfolio.fill_portfolio(walk)
        await portfolio.approve_portfolio(walk)
        application = await accreditation.apply(walk)
        await accreditation.review(walk, application)
        await accreditation.extract(walk, application)
        await read_the_inbox(walk)
        await who_read_my_data(walk)
        await graduate_applies(walk, normalize_snils(random_snils()))
        await refuse_a_bad_snils(walk)
    echo("Готово." if journey.ok else "Что-то пошло не так: см. шаги выше.")
    return journey


async def read_the_inbox(walk: Walk) -> None:
    async def inbox() -> Reply:
        reply = await walk.call(subjects.INBOX_LIST.subject, {}, "worker")
        if reply.get("ok") and not reply["result"]["items"]:
            return {"ok": False, "error": "пока пусто"}
        return reply

    walk.show("inbox", "В «Уведомлениях» — «Личный кабинет создан»", await eventually(inbox))
    walk.show(
        "inbox_read",
        "Отметить все прочитанными: колокольчик гаснет",
        await walk.call(subjects.INBOX_MARK_READ.subject, {"all": True}, "worker"),
    )


async def refuse_a_bad_snils(walk: Walk) -> None:
    walk.show(
        "bad_snils",
        "Неверный СНИЛС — ошибка с названием поля",
        await walk.call(
            subjects.WORKER_REGISTER.subject,
            {
                "snils": "112-233-445 00",
                "last_name": "Сидоров",
                "first_name": "Иван",
                "birth_date": "1990-01-01",
            },
            "officer",
        ),
        expect_error="validation_failed",
    )

"""The audit journal, from both ends: the worker asks «кто смотрел мои данные» and sees the
officers who read and changed their record; the support desk admits a person of the Ministry
to the register of authorities, and that regulator checks the journal's chain (the regulator
role in a token alone opens nothing)."""

from __future__ import annotations

import uuid

from egisz.cli.demo.walk import Reply, Walk, eventually, result
from egisz.contracts import subjects
from egisz.contracts.subjects.audit_subjects import JOURNAL_VERIFY, MY_JOURNAL_LIST


async def who_read_my_data(walk: Walk) -> None:
    async def mine() -> Reply:
        reply = await walk.call(MY_JOURNAL_LIST.subject, {"limit": 100}, "worker")
        if reply.get("ok") and not result(reply)["items"]:
            return {"ok": False, "error": "журнал ещё не дошёл"}
        return reply

    walk.show(
        "who_read_my_data",
        "Работник: «Кто смотрел мои данные» — кто из какой организации открывал и менял запись",
        await eventually(mine),
        holds=lambda r: all(not line["by_you"] for line in r["items"]),
    )
    authority = f"minzdrav-{uuid.uuid4().hex[:6]}"
    walk.show(
        "authority_recorded",
        "Поддержка: Минздрав России — в реестре органов, читающих отчёты",
        await walk.call(
            subjects.AUTHORITY_REGISTER.subject,
            {"authority_id": authority, "name": "Минздрав России", "level": "federal"},
            "operator",
        ),
    )
    walk.show(
        "regulator_admitted",
        "Поддержка: сотрудник Минздрава внесён в орган по СНИЛС",
        await walk.call(
            subjects.AUTHORITY_ADD_MEMBER.subject,
            {"authority_id": authority, "snils": walk.found["regulator_snils"]},
            "operator",
        ),
    )
    walk.show(
        "journal_verified",
        "Надзор: цепочка журнала аудита цела (хеш каждой записи сходится)",
        await eventually(lambda: walk.call(JOURNAL_VERIFY.subject, {}, "regulator")),
        holds=lambda r: r["intact"] is True and r["checked"] > 0,
    )

"""The audit journal, from both ends: the worker asks «кто смотрел мои данные» and sees the
officers who read and changed their record; the regulator checks the journal's chain."""

from __future__ import annotations

from egisz.cli.demo.walk import Reply, Walk, eventually, result
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
    walk.show(
        "journal_verified",
        "Надзор: цепочка журнала аудита цела (хеш каждой записи сходится)",
        await walk.call(JOURNAL_VERIFY.subject, {}, "regulator"),
        holds=lambda r: r["intact"] is True and r["checked"] > 0,
    )

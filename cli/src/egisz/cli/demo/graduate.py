"""The demo's graduate: a university reports her to the register of students and graduates,
and she applies for primary accreditation from the cabinet before any clinic has entered her in
FRMR (seed 001: «в ФРМР или Регистр Обучающихся»)."""

from __future__ import annotations

import uuid
from typing import Any

from egisz.cli.client import dev_token
from egisz.cli.demo.walk import Walk, eventually, result
from egisz.contracts import subjects
from egisz.contracts.envelope import Role

UNIVERSITY = {"ogrn": "1027739054420", "name": "Первый МГМУ им. И. М. Сеченова"}


async def graduate_applies(walk: Walk, snils: str) -> None:
    graduate = dev_token(walk.key, Role.WORKER, snils=snils)
    await university_reports_her(walk, snils, graduate)
    await she_applies(walk, graduate)


async def university_reports_her(walk: Walk, snils: str, graduate: str) -> None:
    c, show = walk.c, walk.show
    university = dev_token(walk.key, Role.SERVICE, sub="system:university", org=UNIVERSITY["ogrn"])
    row = {
        "row": 1,
        "snils": snils,
        "last_name": "Выпускова",
        "first_name": "Дарья",
        "middle_name": "Олеговна",
        "birth_date": f"200{uuid.uuid4().int % 3}-03-14",
        "programme_code": "31.05.01",
        "speciality": "Лечебное дело",
        "level": "specialist",
        "status": "graduated",
        "started_on": "2018-09-01",
        "graduated_on": "2024-06-28",
        "diploma_number": "107704 0012345",
        "email": "vypuskova@example.org",
    }
    show(
        "learner_imported",
        "Вуз передаёт выпускницу в Регистр обучающихся",
        await c.call(
            subjects.LEARNER_IMPORT.subject,
            {"organization": UNIVERSITY, "rows": [row]},
            token=university,
        ),
        holds=lambda r: r["rows"][0]["outcome"] == "created",
    )

    async def cabinet_opened() -> dict[str, Any]:
        reply = await c.call(subjects.INBOX_LIST.subject, {}, token=graduate)
        titles = [i["title"] for i in result(reply).get("items", [])]
        return reply if "Личный кабинет создан" in titles else {"ok": False, "error": "пока нет"}

    show(
        "graduate_cabinet_opened",
        "Регистр обучающихся открыл ей кабинет: «Личный кабинет создан» — в колокольчике и на "
        "почту, что указал вуз",
        await eventually(cabinet_opened),
    )


async def she_applies(walk: Walk, graduate: str) -> None:
    c, show = walk.c, walk.show
    formed = show(
        "graduate_application_formed",
        "Выпускница (её ещё нет в ФРМР) формирует заявление на первичную аккредитацию",
        await c.call(
            subjects.APPLICATION_FORM.subject,
            {
                "kind": "primary",
                "speciality": "Лечебное дело",
                "education_level": "higher",
                "consent": True,
                "phone": "+7 916 765-43-21",  # «контакты для связи»; the e-mail is the register's
            },
            token=graduate,
        ),
        holds=lambda r: r["contacts"]["phone"] == "9167654321",
    )
    application = {"application_id": result(formed).get("application_id", "")}
    show(
        "graduate_application_submitted",
        "…и отправляет его: она есть в Регистре обучающихся, заявление уходит в ФАЦ",
        await eventually(
            lambda: c.call(subjects.APPLICATION_SUBMIT.subject, application, token=graduate)
        ),
        holds=lambda r: r.get("applicant", {}).get("last_name") == "Выпускова",
    )

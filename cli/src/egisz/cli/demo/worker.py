"""The demo's worker in FRMR: registered by the officer with a job, seen by the public and by
herself, hired again for a second job, and a wrong entry reported and corrected."""

from __future__ import annotations

from egisz.cli.demo.walk import Walk, random_birth_date, result
from egisz.contracts import subjects

JOB_START = "2024-09-01"


async def register_worker(walk: Walk) -> None:
    registered = walk.show(
        "worker_registered",
        f"Кадровик регистрирует работника в ФРМР (СНИЛС {walk.snils})",
        await walk.call(
            subjects.WORKER_REGISTER.subject,
            {
                "snils": walk.snils,
                "last_name": "Петрова",
                "first_name": "Анна",
                "middle_name": "Сергеевна",
                "birth_date": random_birth_date(),
                "email": walk.journey.worker_email,
            },
            "officer",
        ),
    )
    worker_id = result(registered).get("worker_id", "")
    walk.found |= {"worker_id": worker_id, "birth_date": result(registered).get("birth_date", "")}
    job = walk.show(
        "employment",
        "Кадровик вносит основное место работы — должность кодом из справочника НСИ",
        await walk.call(
            subjects.EMPLOYMENT_START.subject,
            {
                "worker_id": worker_id,
                "subdivision_oid": walk.found["subdivision"],
                "position_code": "110",  # врач-терапевт участковый (справочник должностей)
                "rate": "1.0",
                "start_date": JOB_START,
            },
            "officer",
        ),
    )
    walk.found["employment_id"] = (result(job).get("employments") or [{}])[0].get(
        "employment_id", ""
    )
    walk.show(
        "public_check",
        "Любой может проверить специалиста — без персональных данных",
        await walk.call(subjects.PRACTITIONER_VERIFY.subject, {"worker_id": worker_id}, None),
    )
    walk.show(
        "own_record",
        "Работник видит своё личное дело",
        await walk.call(subjects.WORKER_GET.subject, {}, "worker"),
    )


async def hire_again(walk: Walk) -> None:
    person = {"snils": walk.snils, "birth_date": walk.found["birth_date"]}
    walk.show(
        "registered_again",
        "Повторно внести того же человека нельзя — ответ подсказывает принять его на работу",
        await walk.call(
            subjects.WORKER_REGISTER.subject,
            person | {"last_name": "Петрова", "first_name": "Анна"},
            "officer",
        ),
        expect_error="worker_already_registered",
    )
    walk.show(
        "hired",
        "Кадровик принимает человека из ФРМР по СНИЛС и дате рождения (внутреннее "
        "совместительство)",
        await walk.call(
            subjects.WORKER_HIRE.subject,
            person
            | {
                "subdivision_oid": walk.found["subdivision"],
                "position_code": "49",  # врач функциональной диагностики
                "rate": "0.25",
                "kind": "part_time",
                "start_date": JOB_START,
            },
            "officer",
        ),
        holds=lambda r: (
            r.get("worker_id") == walk.found["worker_id"] and len(r.get("employments", [])) == 2
        ),
    )


async def correct_an_entry(walk: Walk) -> None:
    reported = walk.show(
        "inaccuracy_reported",
        "Работник сообщает о неточности: должность указана неверно",
        await walk.call(
            subjects.CORRECTION_REPORT.subject,
            {
                "organization_oid": walk.found["oid"],
                "section": "employments",
                "description": "Я врач-терапевт, не участковый: см. приказ о приёме",
            },
            "worker",
        ),
    )
    walk.show(
        "entry_corrected",
        "Кадровик исправляет запись о работе — запрос закрыт этим исправлением, "
        "прежняя запись осталась в истории",
        await walk.call(
            subjects.EMPLOYMENT_CORRECT.subject,
            {
                "worker_id": walk.found["worker_id"],
                "employment_id": walk.found["employment_id"],
                "subdivision_oid": walk.found["subdivision"],
                "position_code": "109",  # врач-терапевт
                "rate": "1.0",
                "start_date": JOB_START,
                "reason": "Должность по приказу о приёме",
                "correction_id": result(reported).get("correction_id"),
            },
            "officer",
        ),
        holds=lambda r: [h["action"] for h in r.get("history", [])] == ["corrected"],
    )

"""Reminders with fakes and a controllable day: each step once, on its day, never again after a
restart or a second runner; a settled subject cancels what is left; the hours reminder goes only
when the portfolio says the hours are short."""

from __future__ import annotations

from datetime import date

from egisz.notify import usecases
from egisz.notify.domain import reminders
from egisz.notify.domain.model import NotificationKind, person
from egisz.notify.domain.reminders import (
    Reminder,
    ReminderStatus,
    after_days_plan,
    expiry_plan,
    hours_plan,
)
from egisz.notify.gateways import FakeHoursGateway
from egisz.notify.repository import FakeNotifyUnitOfWork
from egisz.notify.templates import Templates
from egisz.runtime.handling import handling

ANNA = person("11223344595")
templates = Templates()


def accreditation(today: date) -> list[Reminder]:
    return expiry_plan(
        group="accreditation:a",
        recipient_id=ANNA,
        valid_until=date(2031, 11, 20),
        expiring=NotificationKind.ACCREDITATION_EXPIRING,
        expired=NotificationKind.ACCREDITATION_EXPIRED,
        values={"speciality": "терапия"},
        today=today,
    )


def test_expiry_steps_are_12_6_1_months_15_10_5_days_before_and_the_day_after() -> None:
    plan = accreditation(date(2026, 11, 20))
    assert [(r.step, r.due_on) for r in plan] == [
        ("12m", date(2030, 11, 20)),
        ("6m", date(2031, 5, 20)),
        ("1m", date(2031, 10, 20)),
        ("15d", date(2031, 11, 5)),
        ("10d", date(2031, 11, 10)),
        ("5d", date(2031, 11, 15)),
        ("expired", date(2031, 11, 21)),
    ]
    assert [r.step for r in accreditation(date(2031, 11, 12))] == ["5d", "expired"]


async def run(uow: FakeNotifyUnitOfWork, today: date, hours: FakeHoursGateway | None = None) -> int:
    return await usecases.send_due_reminders(lambda: uow, templates, hours, today=today)


async def test_each_step_goes_once_on_its_day_whoever_runs_it_and_however_often() -> None:
    uow = FakeNotifyUnitOfWork()
    with handling("passed", "e1"):
        await usecases.plan_reminders(
            uow, reminders.Plan(["accreditation:a"], accreditation(date(2026, 11, 20)))
        )
    assert await run(uow, date(2030, 11, 19)) == 0
    assert await run(uow, date(2030, 11, 20)) == 1
    assert await run(uow, date(2030, 11, 20)) == 0  # a restart, or a second replica
    assert await run(uow, date(2031, 11, 12)) == 4  # late runner: 6m, 1m, 15d, 10d at once
    titles = sorted(n.title for n in uow.notifications.values())
    assert titles == ["Аккредитация истекает 20.11.2031"] * 5
    with handling("passed", "e1"):
        await usecases.plan_reminders(  # the same event again plans nothing new
            uow, reminders.Plan(["accreditation:a"], accreditation(date(2026, 11, 20)))
        )
    with handling("passed", "e2"):
        await usecases.plan_reminders(  # a new plan for the subject does not resend a sent step
            uow, reminders.Plan(["accreditation:a"], accreditation(date(2026, 11, 20)))
        )
    assert await run(uow, date(2031, 11, 21)) == 2  # 5d and expired, nothing sent twice
    assert len(uow.notifications) == 7


async def test_a_decided_approval_cancels_the_waiting_reminders() -> None:
    uow = FakeNotifyUnitOfWork()
    waiting = after_days_plan(
        group="approval:p1",
        recipient_id="head:1.2.3:петров петр",
        kind=NotificationKind.APPROVAL_WAITING,
        start=date(2026, 11, 1),
        days=[3, 7],
        values={"worker_name": "Анна"},
        today=date(2026, 11, 1),
    )
    with handling("requested", "e1"):
        await usecases.plan_reminders(uow, reminders.Plan(["approval:p1"], waiting))
    assert await run(uow, date(2026, 11, 4)) == 1
    [sent] = uow.notifications.values()
    assert sent.title == "Отчёт ждёт согласования 3 дн."
    with handling("decided", "e2"):
        await usecases.plan_reminders(uow, reminders.Plan(["approval:p1"], []))
    assert await run(uow, date(2026, 11, 30)) == 0
    assert {r.step: r.status for r in uow.reminder_store.values()} == {
        "3d": ReminderStatus.SENT,
        "7d": ReminderStatus.CANCELLED,
    }


async def test_the_hours_reminder_asks_the_portfolio_first() -> None:
    uow = FakeNotifyUnitOfWork()
    plan = hours_plan(
        group="hours:a",
        recipient_id=ANNA,
        valid_until=date(2031, 11, 20),
        values={"speciality": "терапия", "worker_id": "w1"},
        today=date(2026, 11, 20),
    )
    with handling("p", "e"):
        await usecases.plan_reminders(uow, reminders.Plan(["hours:a"], plan))
    enough, short = FakeHoursGateway(None), FakeHoursGateway("Недостаточно часов: 100 из 144 ч")
    assert await run(uow, date(2030, 11, 20)) == 0  # no portfolio to ask: wait
    assert await run(uow, date(2030, 11, 20), enough) == 0
    assert await run(uow, date(2031, 5, 20), short) == 1
    [n] = uow.notifications.values()
    assert "100 из 144" in n.body


def test_a_new_pass_in_the_same_speciality_however_spelled_replaces_the_earlier_plan() -> None:
    def planned(speciality: str) -> reminders.Plan:
        return reminders.accreditation_plan(
            snils="11223344595",
            recipient_id="person:11223344595",
            worker_id="w1",
            speciality=speciality,
            valid_until=date(2031, 6, 1),
            today=date(2026, 6, 1),
        )

    assert planned("Терапия").groups == planned("  терапия ").groups
    assert {r.kind for r in planned("терапия").reminders} >= {
        NotificationKind.ACCREDITATION_EXPIRING,
        NotificationKind.EDUCATION_HOURS_SHORT,
    }


def test_any_status_but_not_delivered_cancels_the_not_delivered_reminders() -> None:
    def planned(not_delivered: bool) -> reminders.Plan:
        return reminders.not_delivered_plan(
            application_id="a1",
            recipient_id="person:1",
            speciality="терапия",
            not_delivered=not_delivered,
            since=date(2026, 6, 1),
            days=[3, 7],
            today=date(2026, 6, 1),
        )

    assert planned(True).groups == planned(False).groups == ["not_delivered:a1"]
    assert [r.step for r in planned(True).reminders] == ["3d", "7d"]
    assert planned(False).reminders == []


async def test_a_review_reminder_sent_plans_the_next_one_and_only_that() -> None:
    uow = FakeNotifyUnitOfWork()
    plan = reminders.review_plan(
        snils="11223344595", recipient_id=ANNA, since=date(2026, 1, 10), today=date(2026, 1, 10)
    )
    with handling("registered", "e1"):
        await usecases.plan_reminders(uow, plan)
    assert await run(uow, date(2026, 7, 10)) == 1
    assert await run(uow, date(2026, 7, 10)) == 0  # a restart, or a second replica
    scheduled = [r for r in uow.reminder_store.values() if r.status is ReminderStatus.SCHEDULED]
    assert [r.due_on for r in scheduled] == [date(2027, 1, 10)]
    assert await run(uow, date(2027, 1, 10)) == 1

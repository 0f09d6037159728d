"""The six-monthly reminder to review one's data (seed 001: «не реже одного раза в полгода»):
planned from the person's registration, started anew when they change their record themselves,
not when an officer does; each step sent once."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from egisz.contracts import registry as registry_wire, subjects
from egisz.notify.domain.model import NotificationKind
from egisz.notify.domain.reminders import Reminder, next_review, review_plan
from egisz.notify.repository import REMINDERS
from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import eventually, publish_event

from .test_notify_flow import fresh_snils


def test_only_the_next_step_ahead_is_planned_each_sent_one_plans_the_one_after() -> None:
    plan = review_plan(
        snils="1", recipient_id="person:1", since=date(2026, 8, 31), today=date(2027, 3, 1)
    )
    [first] = plan.reminders  # 28.02.2027 is past: a late plan sends nothing old
    assert first.due_on == date(2027, 8, 31)
    assert plan.groups == ["review:1"] and first.values == {"since": "31.08.2026"}
    second = next_review(first, today=date(2027, 8, 31))
    assert second is not None and second.due_on == date(2028, 2, 29)
    assert second.id != first.id and second.group == first.group
    late = next_review(second, today=date(2029, 9, 1))  # sent years late: what is past skipped
    assert late is not None and late.due_on == date(2030, 2, 28)
    odd = Reminder(
        "r", "review:1", "person:1", NotificationKind.DATA_REVIEW_DUE, "now", date.today()
    )
    assert next_review(odd, today=date.today()) is None  # sent all the same, nothing follows


def test_the_review_reminders_end_five_years_after_the_day_counted() -> None:
    plan = review_plan(
        snils="1", recipient_id="person:1", since=date(2026, 1, 10), today=date(2026, 1, 10)
    )
    steps, reminder = 0, plan.reminders[0]
    while reminder is not None:
        steps += 1
        reminder = next_review(reminder, today=reminder.due_on)
    assert steps == 10
    assert (
        review_plan(
            snils="1", recipient_id="person:1", since=date(2020, 1, 10), today=date(2026, 1, 11)
        ).reminders
        == []
    )


@pytest.mark.integration
async def test_the_persons_own_change_starts_the_count_anew_an_officers_does_not(
    notify: ServiceRuntime,
) -> None:
    worker_id, snils = uuid.uuid4().hex, fresh_snils()
    person = {
        "worker_id": worker_id,
        "snils": snils,
        "last_name": "Проверяющая",
        "first_name": "Нина",
        "birth_date": date(1981, 2, 3),
    }
    await publish_event(
        notify,
        subjects.WORKER_REGISTERED,
        registry_wire.WorkerRegistered(**person, record_version=1),
    )

    async def scheduled() -> list[str]:
        found = notify.mongo[REMINDERS].find({"group": f"review:{snils}", "status": "scheduled"})
        return [r["step"] async for r in found]

    first = await eventually(scheduled, lambda s: len(s) == 1)
    updated = registry_wire.WorkerUpdated(**person, record_version=2, sections=["contacts"])
    await publish_event(notify, subjects.WORKER_UPDATED, updated, actor="org_officer:o1")
    await publish_event(
        notify,
        subjects.WORKER_UPDATED,
        updated.model_copy(update={"record_version": 3}),
        actor=f"worker:{snils}",
        time=datetime(2027, 1, 15, tzinfo=UTC),
    )
    again = await eventually(scheduled, lambda s: s != first)
    assert again == ["2027-01-15+6m"]

"""Reminders: notifications planned for a day, sent once each, whoever runs the schedule and
however often it restarts. Pure: the schedule job and the store live outside."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from egisz.notify.domain.model import NotificationKind
from egisz.runtime.clock import months_before

# Before a validity ends: 12, 6 and 1 months, then 15, 10 and 5 days; then once after it.
EXPIRY_MONTHS = (12, 6, 1)
EXPIRY_DAYS = (15, 10, 5)
# In the last year of the continuing-education cycle the hours are checked at these steps.
HOURS_CHECK_MONTHS = (12, 6, 3)


class ReminderStatus(StrEnum):
    SCHEDULED = "scheduled"
    SENT = "sent"
    SKIPPED = "skipped"  # its check found nothing to remind of
    CANCELLED = "cancelled"  # what it was about was settled first


class Check(StrEnum):
    """What to ask before sending: the reminder goes only if the answer still calls for it."""

    EDUCATION_HOURS = "education_hours"


@dataclass
class Reminder:
    id: str
    group: str  # what it is about: a new plan for the same group replaces the old one
    recipient_id: str
    kind: NotificationKind
    step: str
    due_on: date
    values: dict[str, str] = field(default_factory=dict)
    check: Check | None = None
    status: ReminderStatus = ReminderStatus.SCHEDULED
    version: int = 0
    events: list[object] = field(default_factory=list, repr=False, compare=False)

    def settle(self, status: ReminderStatus) -> None:
        self.status = status


def _day(d: date) -> str:
    return d.strftime("%d.%m.%Y")


Step = tuple[str, date, NotificationKind, dict[str, str]]


def _plan(
    group: str,
    recipient_id: str,
    steps: list[Step],
    values: dict[str, str],
    today: date,
    check: Check | None = None,
) -> list[Reminder]:
    """Only steps still ahead: a plan made late does not send what is long past."""
    return [
        Reminder(f"{group}:{step}", group, recipient_id, kind, step, due, values | own, check)
        for step, due, kind, own in steps
        if due >= today
    ]


def expiry_plan(
    *,
    group: str,
    recipient_id: str,
    valid_until: date,
    expiring: NotificationKind,
    expired: NotificationKind,
    values: dict[str, str],
    today: date,
) -> list[Reminder]:
    steps: list[Step] = [
        *((f"{m}m", months_before(valid_until, m), expiring, {}) for m in EXPIRY_MONTHS),
        *((f"{d}d", valid_until - timedelta(days=d), expiring, {}) for d in EXPIRY_DAYS),
        ("expired", valid_until + timedelta(days=1), expired, {}),
    ]
    return _plan(group, recipient_id, steps, values | {"valid_until": _day(valid_until)}, today)


def hours_plan(
    *, group: str, recipient_id: str, valid_until: date, values: dict[str, str], today: date
) -> list[Reminder]:
    """The cycle ends with the accreditation: in its last year the hours are checked."""
    steps: list[Step] = [
        (f"{m}m", months_before(valid_until, m), NotificationKind.EDUCATION_HOURS_SHORT, {})
        for m in HOURS_CHECK_MONTHS
    ]
    return _plan(
        group,
        recipient_id,
        steps,
        values | {"valid_until": _day(valid_until)},
        today,
        Check.EDUCATION_HOURS,
    )


def after_days_plan(
    *,
    group: str,
    recipient_id: str,
    kind: NotificationKind,
    start: date,
    days: list[int],
    values: dict[str, str],
    today: date,
) -> list[Reminder]:
    steps: list[Step] = [(f"{d}d", start + timedelta(days=d), kind, {"days": str(d)}) for d in days]
    return _plan(group, recipient_id, steps, values, today)

"""Reminders: notifications planned for a day, sent once each, whoever runs the schedule and
however often it restarts. Pure: the schedule job and the store live outside."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from egisz.kernel.clock import months_before
from egisz.notify.domain.model import NotificationKind

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


# --- what each fact plans -------------------------------------------------------------------
@dataclass(frozen=True)
class Plan:
    """Reminders that replace whatever was still scheduled for `groups`; no reminders cancels."""

    groups: list[str]
    reminders: list[Reminder]


def certificate_plan(
    *,
    recipient_id: str,
    certificate_id: str,
    speciality: str,
    number: str,
    valid_until: date,
    today: date,
) -> Plan:
    """A certificate's expiry, announced before and after it."""
    group = f"certificate:{certificate_id}"
    return Plan(
        [group],
        expiry_plan(
            group=group,
            recipient_id=recipient_id,
            valid_until=valid_until,
            expiring=NotificationKind.CERTIFICATE_EXPIRING,
            expired=NotificationKind.CERTIFICATE_EXPIRED,
            values={"speciality": speciality, "number": number},
            today=today,
        ),
    )


def signing_key_plan(
    *, head_mailbox: str, fingerprint: str, valid_until: date, today: date
) -> Plan:
    """A head's signing key running out, announced before and after; a new key replaces the
    plan of the one before (one group per head mailbox)."""
    group = f"signing_key:{head_mailbox}"
    return Plan(
        [group],
        expiry_plan(
            group=group,
            recipient_id=head_mailbox,
            valid_until=valid_until,
            expiring=NotificationKind.SIGNING_KEY_EXPIRING,
            expired=NotificationKind.SIGNING_KEY_EXPIRED,
            values={"fingerprint": fingerprint[:16]},
            today=today,
        ),
    )


def approval_plan(
    *,
    portfolio_id: str,
    head_mailbox: str,
    worker_name: str,
    requested_on: date,
    days: list[int],
    today: date,
) -> Plan:
    """A head who has not answered a request for approval is reminded after `days`."""
    group = f"approval:{portfolio_id}"
    return Plan(
        [group],
        after_days_plan(
            group=group,
            recipient_id=head_mailbox,
            kind=NotificationKind.APPROVAL_WAITING,
            start=requested_on,
            days=days,
            values={"worker_name": worker_name},
            today=today,
        ),
    )


def approval_settled(portfolio_id: str) -> Plan:
    """The head decided: nothing more to remind them of."""
    return Plan([f"approval:{portfolio_id}"], [])


def not_delivered_plan(
    *,
    application_id: str,
    recipient_id: str,
    speciality: str,
    not_delivered: bool,
    since: date,
    days: list[int],
    today: date,
) -> Plan:
    """An application the center never received is recalled to its applicant after `days`;
    any other status of the application cancels those reminders."""
    group = f"not_delivered:{application_id}"
    if not not_delivered:
        return Plan([group], [])
    return Plan(
        [group],
        after_days_plan(
            group=group,
            recipient_id=recipient_id,
            kind=NotificationKind.APPLICATION_NOT_DELIVERED,
            start=since,
            days=days,
            values={"speciality": speciality},
            today=today,
        ),
    )


def accreditation_plan(
    *,
    snils: str,
    recipient_id: str,
    worker_id: str,
    speciality: str,
    valid_until: date,
    today: date,
    worker_name: str = "Сотрудник",
) -> Plan:
    """A passed accreditation: its expiry, and the continuing-education hours in its last year;
    six months before it, the organizations the person works for then hear it too.
    One plan per person and speciality (however it is spelled), so a new pass replaces it."""
    key = " ".join(speciality.split()).casefold()
    expiry, hours = f"accreditation:{snils}:{key}", f"hours:{snils}:{key}"
    values = {"speciality": speciality}
    return Plan(
        [expiry, hours],
        [
            *expiry_plan(
                group=expiry,
                recipient_id=recipient_id,
                valid_until=valid_until,
                expiring=NotificationKind.ACCREDITATION_EXPIRING,
                expired=NotificationKind.ACCREDITATION_EXPIRED,
                values=values,
                today=today,
            ),
            *hours_plan(
                group=hours,
                recipient_id=recipient_id,
                valid_until=valid_until,
                values=values | {"worker_id": worker_id},
                today=today,
            ),
            *_plan(
                expiry,
                employers_of(recipient_id),
                [
                    (
                        "employers-6m",
                        months_before(valid_until, 6),
                        NotificationKind.STAFF_ACCREDITATION_EXPIRING,
                        {},
                    )
                ],
                values | {"worker_name": worker_name, "valid_until": _day(valid_until)},
                today,
            ),
        ],
    )


REVIEW_EVERY_MONTHS = 6
REVIEW_CYCLES = 10  # five years ahead; the person's own change of the record starts anew


def review_plan(*, snils: str, recipient_id: str, since: date, today: date) -> Plan:
    """Seed 001: «проверять и обновлять данные не реже одного раза в полгода» — six months after
    the person last saw to their record, and every six months after, until they do again. Only
    the next step is planned (one document a person, not ten: the journey's notify did 30 round
    trips with all ten); each one sent plans the one after (`next_review`). The steps are named by
    the day counted from, so a new count is never taken for one sent."""
    group = f"review:{snils}"
    steps = [_review_step(since, n) for n in _review_months(since, today)][:1]
    return Plan([group], _plan(group, recipient_id, steps, {"since": _day(since)}, today))


def next_review(sent: Reminder, today: date) -> Reminder | None:
    """The review reminder after `sent`: the next step still ahead of `today` (a late run skips
    what is long past), none after five years or for any other kind."""
    if sent.kind is not NotificationKind.DATA_REVIEW_DUE:
        return None
    counted_from, _, months = sent.step.partition("+")
    try:
        since, after = date.fromisoformat(counted_from), int(months.removesuffix("m"))
    except ValueError:  # not a step `review_plan` named: nothing follows it
        return None
    later = [n for n in _review_months(since, today) if n > after]
    if not later:
        return None
    step, due, kind, _ = _review_step(since, later[0])
    return Reminder(f"{sent.group}:{step}", sent.group, sent.recipient_id, kind, step, due,
                    dict(sent.values))  # fmt: skip


def _review_months(since: date, today: date) -> list[int]:
    """The months after `since` a review step falls on, those still ahead of `today`."""
    every = range(REVIEW_EVERY_MONTHS, REVIEW_EVERY_MONTHS * REVIEW_CYCLES + 1, REVIEW_EVERY_MONTHS)
    return [n for n in every if months_before(since, -n) >= today]


def _review_step(since: date, months: int) -> Step:
    due = months_before(since, -months)
    return (f"{since.isoformat()}+{months}m", due, NotificationKind.DATA_REVIEW_DUE, {})


def revoked_plan(*, snils: str, speciality: str) -> Plan:
    """A revoked accreditation expires for no one: its reminders are cancelled."""
    key = " ".join(speciality.split()).casefold()
    return Plan([f"accreditation:{snils}:{key}", f"hours:{snils}:{key}"], [])


EMPLOYERS = "employers:"


def employers_of(mailbox: str) -> str:
    """A reminder's recipient that stands for whoever employs the person when it is due."""
    return f"{EMPLOYERS}{mailbox}"

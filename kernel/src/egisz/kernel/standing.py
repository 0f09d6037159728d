"""An accreditation's standing over time (registers people trust — Ahpra — show it): the center
may suspend it for a while, reinstate it, or revoke it for good, each with a reason and the day
it takes effect. What it is on a given day — active, suspended, revoked, expired or not yet in
force — is read off those changes and the accreditation's term, so a suspension with an end
lapses by itself. Accreditation records the changes; the registry, public verification and the
directory read them with this same rule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum


class StandingAction(StrEnum):
    SUSPEND = "suspend"
    REINSTATE = "reinstate"
    REVOKE = "revoke"


class StandingStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    EXPIRED = "expired"
    NOT_YET = "not_yet"

    @property
    def label(self) -> str:
        return {
            "active": "действует",
            "suspended": "приостановлена",
            "revoked": "отозвана",
            "expired": "срок истёк",
            "not_yet": "ещё не действует",
        }[self.value]


@dataclass(frozen=True)
class StandingChange:
    action: StandingAction
    reason: str
    effective_from: date
    until: date | None  # a suspension's last day; None: until reinstated
    by: str = ""
    at: datetime | None = None


@dataclass(frozen=True)
class Standing:
    status: StandingStatus
    reason: str | None = None
    since: date | None = None
    until: date | None = None

    @property
    def in_force(self) -> bool:
        return self.status is StandingStatus.ACTIVE


def standing_on(
    day: date, *, passed_on: date, valid_until: date, changes: Sequence[StandingChange]
) -> Standing:
    """What the accreditation is on `day`."""
    revoked = [c for c in changes if c.action is StandingAction.REVOKE and c.effective_from <= day]
    if revoked:
        return Standing(StandingStatus.REVOKED, revoked[0].reason, revoked[0].effective_from)
    if day < passed_on:
        return Standing(StandingStatus.NOT_YET, since=passed_on)
    if day > valid_until:
        return Standing(StandingStatus.EXPIRED, since=valid_until + timedelta(days=1))
    if (s := _suspension_on(day, changes)) is not None:
        return Standing(StandingStatus.SUSPENDED, s.reason, s.effective_from, s.until)
    return Standing(StandingStatus.ACTIVE, since=passed_on, until=valid_until)


def _suspension_on(day: date, changes: Sequence[StandingChange]) -> StandingChange | None:
    """The suspension in effect on `day`: begun, not past its last day, and not lifted by a
    reinstatement made after it that took effect by `day` (the same day included)."""
    for i in range(len(changes) - 1, -1, -1):
        s = changes[i]
        if s.action is not StandingAction.SUSPEND or s.effective_from > day:
            continue
        if s.until is not None and day > s.until:
            continue
        lifted = any(
            r.action is StandingAction.REINSTATE and s.effective_from <= r.effective_from <= day
            for r in changes[i + 1 :]
        )
        return None if lifted else s
    return None

"""What an accreditation is on a day, on the wire: each change the center made (suspended,
reinstated, revoked) and the standing it gives. Read by accreditation's views, the registry's
record and public verification alike."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from egisz.contracts.envelope import EventData, WireModel

StandingAction = Literal["suspend", "reinstate", "revoke"]
StandingStatus = Literal["active", "suspended", "revoked", "expired", "not_yet"]


class StandingStep(EventData):  # in events: unknown fields ignored
    action: StandingAction
    reason: str
    effective_from: date
    until: date | None = None
    at: datetime | None = None


class StandingView(WireModel):
    """What the accreditation is today, and every change of it."""

    status: StandingStatus
    status_title: str
    reason: str | None = None
    since: date | None = None
    until: date | None = None
    changes: list[StandingStep] = Field(default_factory=list)

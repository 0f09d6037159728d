"""An accreditation's standing over time: the center suspends, reinstates or revokes a pass with
a reason and the day it takes effect; everyone who reads an accreditation — its extract, public
verification, the directory, the «may practise today» answer — sees what it is on the day."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from egisz.contracts.bounds import Cursor, Date, Filled, Text
from egisz.contracts.envelope import EventData, WireModel
from egisz.contracts.registry.workers import SPECIALITY_BOOK
from egisz.contracts.standing import (
    StandingAction as StandingAction,
    StandingStatus as StandingStatus,
    StandingStep as StandingStep,
    StandingView as StandingView,
)


class ChangeStanding(WireModel):
    """The center's decision on a pass: `suspend` (until a day, or until reinstated),
    `reinstate`, or `revoke` for good."""

    application_id: Cursor = Field(description="The pass: its application (the record's id).")
    action: StandingAction
    reason: Annotated[Text, Filled] = Field(
        description="The decision and its grounds, as the person will read it."
    )
    effective_from: Date = Field(description="The day it takes effect, within the term.")
    until: Date | None = Field(default=None, description="A suspension's last day.")


class AccreditationStandingChanged(EventData):
    """A pass was suspended, reinstated or revoked: the whole history of it, so a reader knows
    the standing on any day."""

    application_id: str = Field(description="The accreditation's record id in FRMR.")
    worker_id: str
    snils: str
    speciality: str
    speciality_code: str | None = Field(default=None, description=SPECIALITY_BOOK)
    passed_on: date
    valid_until: date
    action: StandingAction
    reason: str
    effective_from: date
    until: date | None = None
    status: StandingStatus = Field(description="The standing on the day of the change.")
    status_title: str
    changes: list[StandingStep]

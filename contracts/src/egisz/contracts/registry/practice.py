"""«May this person practise this speciality today, and why»: public, like verification — the
answer names no personal data, only the accreditations and certificates it rests on."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import ConfigDict, Field

from egisz.contracts.bounds import Code, Cursor, Date, Title
from egisz.contracts.envelope import WireModel
from egisz.contracts.registry.workers import SPECIALITY_BOOK, SPECIALITY_CODE, SPECIALITY_GIVEN
from egisz.contracts.standing import StandingStatus


class AskMayPractise(WireModel):
    """By the public worker id (from verification or the directory), the speciality by its code
    in the specialities' book or as text, and a day (today if left out)."""

    model_config = ConfigDict(json_schema_extra=SPECIALITY_GIVEN)

    worker_id: Cursor
    speciality_code: Code | None = SPECIALITY_CODE
    speciality: Title | None = None
    on: Date | None = Field(default=None, description="The day asked about; today if left out.")


class PracticeBasis(WireModel):
    kind: Literal["accreditation", "certificate"]
    speciality: str
    speciality_code: str | None = Field(default=None, description=SPECIALITY_BOOK)
    valid_until: date
    standing: StandingStatus
    standing_title: str
    since: date | None = None
    until: date | None = None
    reason: str | None = Field(default=None, description="A suspension's or revocation's.")


class PracticeAnswer(WireModel):
    worker_id: str
    speciality: str
    on: date
    may_practise: bool
    why: str = Field(description="In Russian, what the answer rests on.")
    basis: list[PracticeBasis] = Field(description="Every accreditation and certificate in it.")

"""The register of students and graduates («Регистр обучающихся», seed 001): who studies or
studied which programme where, and when they graduated. Educational organizations feed it by
import; accreditation reads it to take a graduate's primary application before FRMR knows them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from egisz.contracts.bounds import (
    Code,
    Cursor,
    Date,
    Digits,
    Email,
    Int,
    Number,
    PersonName,
    Phone,
    Snils,
    Title,
)
from egisz.contracts.envelope import EventData, WireModel
from egisz.contracts.registry.queries import ImportRowError

ProgrammeLevel = Literal[
    "secondary_professional",  # СПО
    "specialist",  # специалитет
    "bachelor",
    "master",
    "residency",  # ординатура
    "retraining",  # профессиональная переподготовка
]
StudyStatus = Literal["studying", "graduated", "expelled"]


class EducationalOrganization(WireModel):
    ogrn: Digits = Field(description="ОГРН of the educational organization, 13 digits.")
    name: Title


class LearnerRow(WireModel):
    """One row of an educational organization's file: a person and one programme of theirs."""

    row: Int = Field(ge=1, le=10_000_000)
    snils: Snils
    last_name: PersonName
    first_name: PersonName
    middle_name: PersonName | None = None
    birth_date: Date
    programme_code: Code = Field(description="Код специальности, e.g. `31.05.01`.")
    speciality: Title = Field(description="The programme's speciality, e.g. «Лечебное дело».")
    speciality_code: Code | None = Field(
        default=None,
        description="Its code in the specialities' book (1.2.643.5.1.13.13.11.1066), checked on "
        "the graduation (or start) date; the book's name is kept.",
    )
    level: ProgrammeLevel
    status: StudyStatus
    started_on: Date | None = None
    graduated_on: Date | None = Field(default=None, description="Required when graduated.")
    diploma_number: Number | None = Field(default=None, description="Required when graduated.")
    email: Email | None = Field(
        default=None,
        description="The learner's e-mail for notices (their cabinet, their applications) until "
        "FRMR has their own; a row without it keeps the one recorded.",
    )
    phone: Phone | None = Field(default=None, description="10 digits, no country code.")


class ImportLearners(WireModel):
    organization: EducationalOrganization
    rows: list[LearnerRow] = Field(min_length=1, max_length=500)


class LearnerRowResult(WireModel):
    row: Int
    outcome: Literal["created", "updated", "unchanged", "failed", "held"] = Field(
        description="`held`: the support desk checks the row before it enters the register; "
        "no reason is given (it would tell whether someone's birth date matched)."
    )
    learner_id: str | None = None
    errors: list[ImportRowError] = Field(default_factory=list)


class ImportLearnersResult(WireModel):
    rows: list[LearnerRowResult]


class ListLearnerHolds(WireModel):
    """The support desk's queue of held rows, oldest first."""

    after: Cursor | None = Field(default=None, description="The last `hold_id` seen.")
    limit: Int = Field(default=50, ge=1, le=100)


class LearnerHold(WireModel):
    hold_id: str
    organization: EducationalOrganization
    row: LearnerRow = Field(description="The row as the organization sent it.")
    held_at: datetime
    reason: str = Field(description="For the desk only: why the row was held.")


class LearnerHoldsPage(WireModel):
    items: list[LearnerHold]
    next_cursor: str | None = None


class GetLearner(WireModel):
    snils: Snils = Field(description="A learner reads only their own.")


class Study(EventData):  # in events: unknown fields ignored
    organization_ogrn: str
    organization_name: str
    programme_code: str
    speciality: str
    speciality_code: str | None = None
    level: ProgrammeLevel
    status: StudyStatus
    started_on: date | None = None
    graduated_on: date | None = None
    diploma_number: str | None = None


class LearnerView(WireModel):
    learner_id: str
    snils: str
    last_name: str
    first_name: str
    middle_name: str | None = None
    birth_date: date
    studies: list[Study]
    email: str | None = None
    phone: str | None = None
    version: Int


class LearnerRecorded(EventData):
    """A learner's whole record after an import changed it: a consumer keeps the highest
    `record_version`."""

    learner_id: str
    snils: str
    last_name: str
    first_name: str
    middle_name: str | None = None
    birth_date: date
    studies: list[Study]
    email: str | None = Field(default=None, description="Never in the public form.")
    phone: str | None = Field(default=None, description="Never in the public form.")
    record_version: Int

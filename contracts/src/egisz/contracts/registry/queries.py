"""FRMR: staff lists, public verification, the change feed and bulk import."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import ConfigDict, Field

from egisz.contracts.bounds import (
    NON_EMPTY,
    Code,
    Cursor,
    Date,
    Instant,
    Int,
    Oid,
    PersonName,
    Rate,
    Title,
)
from egisz.contracts.envelope import WireModel
from egisz.contracts.registry.vocabulary import (
    PAGE_MAX,
    Category,
    EducationLevel,
    EmploymentKind,
    ReviewStatus,
)
from egisz.contracts.registry.workers import SPECIALITY_BOOK, EmploymentRecord, NewPerson
from egisz.contracts.standing import StandingStatus


# --- queries --------------------------------------------------------------------------------
class ListStaff(WireModel):
    """An organization's workers, 100 a page, in a stable order."""

    organization_oid: Oid | None = Field(default=None, description="Defaults to the officer's.")
    position_code: Code | None = Field(
        default=None, description="Only those with a job there in this positions' book code."
    )
    speciality_code: Code | None = Field(
        default=None, description="Only those practising this specialities' book code."
    )
    after: Cursor | None = Field(default=None, description="Cursor from the previous page.")
    limit: Int = Field(default=PAGE_MAX, ge=1, le=PAGE_MAX)


class StaffEntry(WireModel):
    worker_id: str
    snils: str
    last_name: str
    first_name: str
    middle_name: str | None
    review: ReviewStatus
    positions: list[str] = Field(description="Current positions at this organization.")
    jobs: list[EmploymentRecord] = Field(
        default_factory=list, description="The current jobs at this organization, whole."
    )
    specialities: list[str] = Field(
        default_factory=list,
        description="What the person practises: accreditations' and valid certificates'.",
    )


class StaffPage(WireModel):
    items: list[StaffEntry]
    next_cursor: str | None = None


class VerifyPractitioner(WireModel):
    """Public verification: by the public worker id, or by full name. No personal data back."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["worker_id"], "properties": {"worker_id": NON_EMPTY}},
                {
                    "required": ["last_name", "first_name"],
                    "properties": {"last_name": NON_EMPTY, "first_name": NON_EMPTY},
                },
            ]
        }
    )

    worker_id: Cursor | None = None
    last_name: PersonName | None = None
    first_name: PersonName | None = None
    middle_name: PersonName | None = None


class PublicAccreditation(WireModel):
    speciality: str
    speciality_code: str | None = Field(default=None, description=SPECIALITY_BOOK)
    valid_until: date
    valid: bool = Field(description="In force today: in its term, neither suspended nor revoked.")
    standing: StandingStatus = Field(
        default="active", description="active, suspended, revoked, expired (or not yet)."
    )
    standing_title: str = "действует"
    standing_since: date | None = None
    standing_until: date | None = Field(default=None, description="A suspension's last day.")
    standing_reason: str | None = Field(
        default=None, description="The center's grounds for a suspension or revocation."
    )


class PublicEducation(WireModel):
    """A diploma or course as a patient may see it: no document number or date, only the year."""

    level: EducationLevel
    institution: str
    speciality: str
    speciality_code: str | None = Field(default=None, description=SPECIALITY_BOOK)
    year: Int
    hours: Int | None = None


class PublicCertificate(WireModel):
    speciality: str
    speciality_code: str | None = Field(default=None, description=SPECIALITY_BOOK)
    issuer: str
    valid_until: date
    valid: bool
    kind: str | None = Field(default=None, description="«Тип сертификата», as the book names it.")


class PublicCategory(WireModel):
    category: Category
    speciality: str
    speciality_code: str | None = Field(default=None, description=SPECIALITY_BOOK)
    year: Int


class PublicEmployer(WireModel):
    oid: str
    name: str | None = Field(description="From FRMO; None when the OID is not in it.")
    positions: list[str]


class PublicPractitioner(WireModel):
    worker_id: str
    last_name: str
    first_name: str
    middle_name: str | None
    specialities: list[str]
    organizations: list[str] = Field(description="Current employers' OIDs.")
    employers: list[PublicEmployer] = Field(default_factory=list)
    accreditations: list[PublicAccreditation]
    education: list[PublicEducation] = Field(default_factory=list)
    certificates: list[PublicCertificate] = Field(default_factory=list)
    categories: list[PublicCategory] = Field(default_factory=list)


class VerificationResult(WireModel):
    practitioners: list[PublicPractitioner]


class ListChanges(WireModel):
    """Every registry event after a cursor (the stream sequence), oldest first."""

    after: Int = Field(default=0, ge=0, le=2**63 - 1)
    since: Instant | None = Field(
        default=None,
        description="With `after` 0: from the first event stored at or after this instant.",
    )
    limit: Int = Field(default=100, ge=1, le=500)


class ChangesPage(WireModel):
    events: list[dict[str, Any]] = Field(description="CloudEvents as published.")
    next_cursor: Int
    has_more: bool


class ImportRow(NewPerson):
    """One CSV row: a worker and, optionally, their job at the officer's organization."""

    row: Int = Field(ge=1, le=10_000_000)
    position: Title | None = None
    position_code: Code | None = Field(
        default=None, description="In the positions' book (its name wins over `position`)."
    )
    rate: Rate | None = None
    kind: EmploymentKind | None = None
    start_date: Date | None = None


class ImportWorkers(WireModel):
    rows: list[ImportRow] = Field(min_length=1, max_length=500)


class ImportRowError(WireModel):
    field: str
    message: str
    code: str


class ImportRowResult(WireModel):
    row: Int
    outcome: Literal["created", "employed", "unchanged", "failed"]
    worker_id: str | None = None
    errors: list[ImportRowError] = Field(default_factory=list)


class ImportResult(WireModel):
    rows: list[ImportRowResult]

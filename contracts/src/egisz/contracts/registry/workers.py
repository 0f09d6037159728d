"""FRMR: the parts of a worker record and the commands that change it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import ConfigDict, Field, JsonValue

from egisz.contracts.bounds import (
    NON_EMPTY,
    AddressText,
    Code,
    Cursor,
    Date,
    Digits,
    Email,
    Filled,
    Hours,
    Int,
    Number,
    Oid,
    PersonName,
    Phone,
    Rate,
    Snils,
    Text,
    Title,
)
from egisz.contracts.envelope import EventData, WireModel
from egisz.contracts.registry.vocabulary import (
    Category,
    EducationLevel,
    EmploymentKind,
    EntryKind,
    ReviewStatus,
    RevisionAction,
    Sex,
)
from egisz.contracts.standing import StandingStatus, StandingStep


# --- parts of a worker record ---------------------------------------------------------------
class PersonalData(WireModel):
    last_name: PersonName = Field(description="Фамилия")
    first_name: PersonName = Field(description="Имя")
    middle_name: PersonName | None = Field(default=None, description="Отчество (if any)")
    birth_date: Date
    sex: Sex | None = None
    citizenship: Code | None = Field(default=None, description="ISO 3166 alpha-2, e.g. `RU`.")
    birth_place: Title | None = Field(
        default=None, description="Место рождения, as in the passport."
    )
    inn: Digits | None = Field(default=None, description="Personal ИНН, 12 digits.")


class IdentityDocument(WireModel):
    kind: Code = Field(default="passport_rf", description="`passport_rf` or another document kind.")
    kind_code: Code | None = Field(
        default=None,
        description="Its code in the identity documents' book (1.2.643.5.1.13.13.99.2.48; `1`: "
        "the passport of the Russian Federation); its name is then the book's.",
    )
    series: Number | None = None
    number: Number
    issued_on: Date
    issuer: Title


class Address(WireModel):
    postcode: Digits | None = Field(default=None, description="6 digits.")
    text: AddressText


class Contacts(WireModel):
    email: Email | None = None
    phone: Phone | None = Field(default=None, description="10 digits, no country code.")


SPECIALITY_BOOK = "Its code in the specialities' book (1.2.643.5.1.13.13.11.1066); absent: text."
CERTIFICATE_KIND = (
    "«Тип сертификата»: its code in the certificate kinds' book (`medical`, `pharmaceutical`, "
    "`technical` in the starter set), checked on the day of issue."
)
SPECIALITY_CODE = Field(default=None, description="Code in the specialities' book; its name wins.")
# «A speciality by its code, or as text where no code fits»: the schema says it.
SPECIALITY_GIVEN: dict[str, JsonValue] = {
    "anyOf": [
        {"required": ["speciality_code"], "properties": {"speciality_code": NON_EMPTY}},
        {"required": ["speciality"], "properties": {"speciality": NON_EMPTY}},
    ]
}


class Education(EventData):  # in events: unknown fields ignored
    education_id: str
    level: EducationLevel
    institution: str
    speciality: str
    speciality_code: str | None = Field(default=None, description=SPECIALITY_BOOK)
    document_number: str
    document_date: date
    hours: Int | None = Field(default=None, description="Required for additional education.")


class Certificate(EventData):  # in events: unknown fields ignored
    certificate_id: str
    number: str
    issuer: str
    speciality: str
    speciality_code: str | None = Field(default=None, description=SPECIALITY_BOOK)
    issued_on: date
    valid_until: date
    kind_code: str | None = Field(default=None, description=CERTIFICATE_KIND)
    kind: str | None = Field(default=None, description="The kind's name in the book then.")


class AccreditationRecord(EventData):  # in events: unknown fields ignored
    record_id: str
    kind: str
    speciality: str
    speciality_code: str | None = Field(default=None, description=SPECIALITY_BOOK)
    passed_on: date
    valid_until: date
    protocol_number: str | None = None
    standing: list[StandingStep] = Field(
        default_factory=list,
        description="The center's suspensions, reinstatements and revocation, oldest first.",
    )
    standing_status: StandingStatus | None = Field(
        default=None, description="What it is today: active, suspended, revoked, expired."
    )


class QualificationCategory(EventData):  # in events: unknown fields ignored
    category_id: str
    category: Category
    speciality: str
    speciality_code: str | None = Field(default=None, description=SPECIALITY_BOOK)
    assigned_on: date


class EmploymentRecord(EventData):  # in events: unknown fields ignored
    employment_id: str
    organization_oid: str
    subdivision_oid: str | None = None
    position: str = Field(description="The book's name of the position as it read then, or text.")
    position_code: str | None = Field(
        default=None, description="Its code in 1.2.643.5.1.13.13.11.1002; absent: uncoded text."
    )
    rate: Decimal
    kind: EmploymentKind
    start_date: date
    end_date: date | None = None
    dismissal_reason: str | None = None
    dismissal_reason_code: str | None = None


class EntryRevision(WireModel):
    """A correction or annulment of an entry, kept in the record: what the entry said before
    (in the field of its kind), why, by which organization, and the worker's request it answered."""

    revision: Int = Field(description="1, 2, … in the order the record was revised.")
    kind: EntryKind
    entry_id: str
    action: RevisionAction
    reason: str
    by_org: str | None = None
    at: datetime
    correction_id: str | None = None
    education: Education | None = None
    certificate: Certificate | None = None
    category: QualificationCategory | None = None
    employment: EmploymentRecord | None = None


# --- worker commands ------------------------------------------------------------------------
class NewPerson(WireModel):
    """Who a new worker is: what registration and an import row both carry."""

    snils: Snils = Field(description="СНИЛС: 11 digits, with or without `-` and space separators.")
    last_name: PersonName = Field(description="Фамилия")
    first_name: PersonName = Field(description="Имя")
    middle_name: PersonName | None = Field(default=None, description="Отчество (if any)")
    birth_date: Date
    sex: Sex | None = None
    email: Email | None = None
    phone: Phone | None = Field(default=None, description="10 digits, no country code.")


class RegisterWorker(NewPerson):
    """An org officer adds a worker to FRMR."""

    citizenship: Code | None = None
    birth_place: Title | None = Field(
        default=None, description="Место рождения, as in the passport."
    )
    inn: Digits | None = None
    identity_document: IdentityDocument | None = None
    registration_address: Address | None = None
    actual_address: Address | None = None


class GetWorker(WireModel):
    """Look a worker up by id or SNILS; a worker without either gets their own record."""

    worker_id: Cursor | None = None
    snils: Snils | None = None


class WorkerView(WireModel):
    worker_id: str
    snils: str
    last_name: str
    first_name: str
    middle_name: str | None
    birth_date: date
    sex: Sex | None = None
    citizenship: str | None = None
    birth_place: str | None = None
    inn: str | None = None
    identity_document: IdentityDocument | None = None
    registration_address: Address | None = None
    actual_address: Address | None = None
    contacts: Contacts = Field(default_factory=Contacts)
    education: list[Education] = Field(default_factory=list)
    certificates: list[Certificate] = Field(default_factory=list)
    accreditations: list[AccreditationRecord] = Field(default_factory=list)
    categories: list[QualificationCategory] = Field(default_factory=list)
    employments: list[EmploymentRecord] = Field(default_factory=list)
    specialities: list[str] = Field(
        default_factory=list,
        description="What the person practises today: accreditations' and valid certificates'.",
    )
    history: list[EntryRevision] = Field(
        default_factory=list, description="Entries corrected or annulled, oldest first."
    )
    review: ReviewStatus = Field(
        default="active",
        description="`in_review`: a likely duplicate of `possible_duplicate_of`, "
        "kept out of FRMR until an officer resolves it.",
    )
    possible_duplicate_of: list[str] = Field(default_factory=list)
    registered_by_org: str | None = None
    registered_at: datetime
    version: Int


class UpdateWorker(WireModel):
    """Replace whole sections of a record. A worker may send `personal`, `identity_document`,
    the addresses and `contacts` (notify writes to them); an officer any section."""

    worker_id: Cursor | None = Field(default=None, description="Omitted by a worker: their own.")
    personal: PersonalData | None = None
    identity_document: IdentityDocument | None = None
    registration_address: Address | None = None
    actual_address: Address | None = None
    contacts: Contacts | None = None
    correction_id: Cursor | None = Field(
        default=None,
        description="An officer answering a worker's correction request: it is closed by this "
        "change, in the same transaction.",
    )


class JobTerms(WireModel):
    """A job's terms as the employment contract and the order of hiring name them. The position
    by its code in the positions' reference book (`position_code`, OID
    1.2.643.5.1.13.13.11.1002; its name is then the book's), or as text where no code fits."""

    # The use case holds to it; the schema says it, so that clients and fuzzers know.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["position_code"], "properties": {"position_code": NON_EMPTY}},
                {"required": ["position"], "properties": {"position": NON_EMPTY}},
            ]
        }
    )

    subdivision_oid: Oid | None = None
    position_code: Code | None = Field(
        default=None, description="Code in the positions' book (1.2.643.5.1.13.13.11.1002)."
    )
    position: Annotated[Title, Filled] | None = Field(
        default=None, description="The position as text, where no code is given."
    )
    rate: Rate = Field(default=Decimal("1.0"), description="Ставка, e.g. 0.5, 1.0, 1.25.")
    kind: EmploymentKind = "main"
    start_date: Date
    end_date: Date | None = None
    dismissal_reason_code: Code | None = Field(
        default=None, description="Code in the dismissal reasons' book, with an end date."
    )
    dismissal_reason: Title | None = None


class NewJob(JobTerms):
    organization_oid: Oid | None = Field(default=None, description="Defaults to the officer's.")


class StartEmployment(NewJob):
    """A job for a worker the organization maintains (entered it, or employs them now)."""

    worker_id: Cursor


class HireWorker(NewJob):
    """Hire a person already in FRMR, named as in the employment contract: SNILS and birth date
    (a mismatch is `worker_not_found`, never a hint). The record is not entered again."""

    snils: Snils
    birth_date: Date


class EndEmployment(WireModel):
    """The reason by its code in the dismissal reasons' book, or as text where no code fits."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {
                    "required": ["dismissal_reason_code"],
                    "properties": {"dismissal_reason_code": NON_EMPTY},
                },
                {"required": ["dismissal_reason"], "properties": {"dismissal_reason": NON_EMPTY}},
            ]
        }
    )

    worker_id: Cursor
    employment_id: Cursor
    end_date: Date
    dismissal_reason_code: Code | None = None
    dismissal_reason: Annotated[Title, Filled] | None = None


class AddEducation(WireModel):
    # The use case holds to it; the schema says it, so that clients and fuzzers know.
    model_config = ConfigDict(json_schema_extra=SPECIALITY_GIVEN)

    worker_id: Cursor
    level: EducationLevel
    institution: Annotated[Title, Filled]
    speciality_code: Code | None = SPECIALITY_CODE
    speciality: Annotated[Title, Filled] | None = None
    document_number: Annotated[Number, Filled]
    document_date: Date
    hours: Hours | None = None


class AddCertificate(WireModel):
    # The use case holds to it; the schema says it, so that clients and fuzzers know.
    model_config = ConfigDict(json_schema_extra=SPECIALITY_GIVEN)

    worker_id: Cursor
    number: Annotated[Number, Filled]
    issuer: Annotated[Title, Filled]
    speciality_code: Code | None = SPECIALITY_CODE
    speciality: Annotated[Title, Filled] | None = None
    issued_on: Date
    valid_until: Date
    kind_code: Code | None = Field(default=None, description=CERTIFICATE_KIND)


class AssignCategory(WireModel):
    # The use case holds to it; the schema says it, so that clients and fuzzers know.
    model_config = ConfigDict(json_schema_extra=SPECIALITY_GIVEN)

    worker_id: Cursor
    category: Category
    speciality_code: Code | None = SPECIALITY_CODE
    speciality: Annotated[Title, Filled] | None = None
    assigned_on: Date


# --- corrections and annulments of entries --------------------------------------------------
class Revising(WireModel):
    """Why an entry changes; `correction_id` when the change answers a worker's request."""

    reason: Text = Field(description="Why, in words the worker will read: «опечатка в номере».")
    correction_id: Cursor | None = Field(
        default=None, description="The correction request this change answers: closed with it."
    )


class CorrectEducation(AddEducation, Revising):
    """Every field of the entry as it should read."""

    education_id: Cursor


class CorrectCertificate(AddCertificate, Revising):
    certificate_id: Cursor


class CorrectCategory(AssignCategory, Revising):
    category_id: Cursor


class CorrectEmployment(JobTerms, Revising):
    """Every term of the job as it should read; its organization is not corrected (annul the
    job, record another)."""

    worker_id: Cursor
    employment_id: Cursor


class AnnulEntry(Revising):
    """An entry made in error leaves the record; the history keeps what it said."""

    worker_id: Cursor
    kind: EntryKind
    entry_id: Cursor

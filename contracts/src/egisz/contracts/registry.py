"""Registry (FRMO + FRMR) commands, replies and events.

Field names follow FRMR's own vocabulary where it has one (DOMAIN.md): `last_name`, `birth_date`,
`hours`, `end_date`, `rate`, `dismissal_reason`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from egisz.contracts.bounds import (
    AddressText,
    Code,
    Cursor,
    Date,
    Digits,
    Email,
    FullName,
    Hours,
    Kpp,
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
from egisz.contracts.files import FilePart, ReadFile, StoredFile, UploadFilePart, UploadProgress

__all__ = ["FilePart", "ReadFile", "StoredFile", "UploadFilePart", "UploadProgress"]

Sex = Literal["male", "female"]
EducationLevel = Literal[
    "secondary_general",
    "secondary_professional",
    "higher",
    "internship",
    "residency",
    "advanced_training",
    "retraining",
]
EmploymentKind = Literal["main", "part_time"]
Category = Literal["second", "first", "highest"]
ReviewStatus = Literal["active", "in_review"]
DuplicateDecision = Literal["distinct", "duplicate"]
CorrectionStatus = Literal["open", "corrected", "declined"]
CorrectionSection = Literal[
    "personal",
    "identity_document",
    "addresses",
    "contacts",
    "education",
    "certificates",
    "accreditations",
    "categories",
    "employments",
    "other",
]

PAGE_MAX = 100


# --- parts of a worker record ---------------------------------------------------------------
class PersonalData(WireModel):
    last_name: PersonName = Field(description="Фамилия")
    first_name: PersonName = Field(description="Имя")
    middle_name: PersonName | None = Field(default=None, description="Отчество (if any)")
    birth_date: Date
    sex: Sex | None = None
    citizenship: Code | None = Field(default=None, description="ISO 3166 alpha-2, e.g. `RU`.")
    inn: Digits | None = Field(default=None, description="Personal ИНН, 12 digits.")


class IdentityDocument(WireModel):
    kind: Code = Field(default="passport_rf", description="`passport_rf` or another document kind.")
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


class Education(EventData):  # in events: unknown fields ignored
    education_id: str
    level: EducationLevel
    institution: str
    speciality: str
    document_number: str
    document_date: date
    hours: int | None = Field(default=None, description="Required for additional education.")


class Certificate(EventData):  # in events: unknown fields ignored
    certificate_id: str
    number: str
    issuer: str
    speciality: str
    issued_on: date
    valid_until: date


class AccreditationRecord(EventData):  # in events: unknown fields ignored
    record_id: str
    kind: str
    speciality: str
    passed_on: date
    valid_until: date
    protocol_number: str | None = None


class QualificationCategory(EventData):  # in events: unknown fields ignored
    category_id: str
    category: Category
    speciality: str
    assigned_on: date


class EmploymentRecord(EventData):  # in events: unknown fields ignored
    employment_id: str
    organization_oid: str
    subdivision_oid: str | None = None
    position: str
    rate: Decimal
    kind: EmploymentKind
    start_date: date
    end_date: date | None = None
    dismissal_reason: str | None = None


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
    review: ReviewStatus = Field(
        default="active",
        description="`in_review`: a likely duplicate of `possible_duplicate_of`, "
        "kept out of FRMR until an officer resolves it.",
    )
    possible_duplicate_of: list[str] = Field(default_factory=list)
    registered_by_org: str | None = None
    registered_at: datetime
    version: int


class UpdateWorker(WireModel):
    """Replace whole sections of a record. A worker may send only `personal`,
    `identity_document` and the addresses; an officer any section."""

    worker_id: Cursor | None = Field(default=None, description="Omitted by a worker: their own.")
    personal: PersonalData | None = None
    identity_document: IdentityDocument | None = None
    registration_address: Address | None = None
    actual_address: Address | None = None
    contacts: Contacts | None = None


class ResolveDuplicate(WireModel):
    worker_id: Cursor
    decision: DuplicateDecision = Field(
        description="`distinct`: another person, enter FRMR; `duplicate`: withdraw this record."
    )
    comment: Text | None = None


class DuplicateResolution(WireModel):
    worker_id: str
    decision: DuplicateDecision
    worker: WorkerView | None = Field(default=None, description="The record, unless withdrawn.")


class StartEmployment(WireModel):
    """A job for a worker: one of the organization's own (`worker_id`), or a person already in
    FRMR hired now, named by SNILS and birth date as in the employment contract."""

    worker_id: Cursor | None = Field(
        default=None, description="A worker the organization employs now; else snils + birth_date."
    )
    snils: Snils | None = Field(default=None, description="To hire someone already in FRMR.")
    birth_date: Date | None = Field(default=None, description="With `snils`: the person's.")
    organization_oid: Oid | None = Field(default=None, description="Defaults to the officer's.")
    subdivision_oid: Oid | None = None
    position: Title
    rate: Rate = Field(default=Decimal("1.0"), description="Ставка, e.g. 0.5, 1.0, 1.25.")
    kind: EmploymentKind = "main"
    start_date: Date
    end_date: Date | None = None
    dismissal_reason: Title | None = None


class EndEmployment(WireModel):
    worker_id: Cursor
    employment_id: Cursor
    end_date: Date
    dismissal_reason: Title


class AddEducation(WireModel):
    worker_id: Cursor
    level: EducationLevel
    institution: Title
    speciality: Title
    document_number: Number
    document_date: Date
    hours: Hours | None = None


class AddCertificate(WireModel):
    worker_id: Cursor
    number: Number
    issuer: Title
    speciality: Title
    issued_on: Date
    valid_until: Date


class AssignCategory(WireModel):
    worker_id: Cursor
    category: Category
    speciality: Title
    assigned_on: Date


# --- corrections ----------------------------------------------------------------------------
class ReportInaccuracy(WireModel):
    """«Сообщить о неточности»: a worker asks an organization to correct their record."""

    organization_oid: Oid
    section: CorrectionSection
    description: Text


class ResolveCorrection(WireModel):
    correction_id: Cursor
    status: Literal["corrected", "declined"]
    comment: Text | None = Field(default=None, description="Required when declined.")


class ListCorrections(WireModel):
    status: CorrectionStatus | None = "open"
    after: Cursor | None = Field(default=None, description="Cursor from the previous page.")
    limit: int = Field(default=PAGE_MAX, ge=1, le=PAGE_MAX)


class CorrectionView(WireModel):
    correction_id: str
    worker_id: str
    organization_oid: str
    section: CorrectionSection
    description: str
    status: CorrectionStatus
    resolution_comment: str | None = None
    created_at: datetime
    resolved_at: datetime | None = None


class CorrectionPage(WireModel):
    items: list[CorrectionView]
    next_cursor: str | None = None


# --- queries --------------------------------------------------------------------------------
class ListStaff(WireModel):
    """An organization's workers, 100 a page, in a stable order."""

    organization_oid: Oid | None = Field(default=None, description="Defaults to the officer's.")
    after: Cursor | None = Field(default=None, description="Cursor from the previous page.")
    limit: int = Field(default=PAGE_MAX, ge=1, le=PAGE_MAX)


class StaffEntry(WireModel):
    worker_id: str
    snils: str
    last_name: str
    first_name: str
    middle_name: str | None
    review: ReviewStatus
    positions: list[str] = Field(description="Current positions at this organization.")


class StaffPage(WireModel):
    items: list[StaffEntry]
    next_cursor: str | None = None


class VerifyPractitioner(WireModel):
    """Public verification: by the public worker id, or by full name. No personal data back."""

    worker_id: Cursor | None = None
    last_name: PersonName | None = None
    first_name: PersonName | None = None
    middle_name: PersonName | None = None


class PublicAccreditation(WireModel):
    speciality: str
    valid_until: date
    valid: bool


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


class VerificationResult(WireModel):
    practitioners: list[PublicPractitioner]


class ListChanges(WireModel):
    """Every registry event after a cursor (the stream sequence), oldest first."""

    after: int = Field(default=0, ge=0, le=2**63 - 1)
    limit: int = Field(default=100, ge=1, le=500)


class ChangesPage(WireModel):
    events: list[dict[str, Any]] = Field(description="CloudEvents as published.")
    next_cursor: int
    has_more: bool


class ImportRow(NewPerson):
    """One CSV row: a worker and, optionally, their job at the officer's organization."""

    row: int = Field(ge=1, le=10_000_000)
    position: Title | None = None
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
    row: int
    outcome: Literal["created", "employed", "unchanged", "failed"]
    worker_id: str | None = None
    errors: list[ImportRowError] = Field(default_factory=list)


class ImportResult(WireModel):
    rows: list[ImportRowResult]


# --- events ---------------------------------------------------------------------------------
class WorkerChange(EventData):
    """What every event about a worker record carries."""

    worker_id: str
    snils: str
    record_version: int = Field(
        default=0,
        description="The record's version after this change: a consumer keeps the highest, so "
        "events redelivered or out of order do not roll its projection back.",
    )


class WorkerRegistered(WorkerChange):
    last_name: str
    first_name: str
    middle_name: str | None = None
    birth_date: date
    registered_by_org: str | None = Field(default=None, description="OID of the officer's org.")
    email: str | None = None
    phone: str | None = None


class WorkerFlaggedAsDuplicate(EventData):
    worker_id: str
    similar_to: list[str]
    registered_by_org: str | None = None


class DuplicateResolved(EventData):
    worker_id: str
    decision: DuplicateDecision
    comment: str | None = None


class WorkerUpdated(WorkerChange):
    """The record's current personal data and contacts, and which sections changed."""

    sections: list[str]
    last_name: str
    first_name: str
    middle_name: str | None = None
    birth_date: date
    email: str | None = None
    phone: str | None = None


class EmploymentStarted(WorkerChange):
    employment: EmploymentRecord


class EmploymentEnded(WorkerChange):
    employment: EmploymentRecord


class EducationAdded(WorkerChange):
    education: Education


class CertificateAdded(WorkerChange):
    certificate: Certificate


class CategoryAssigned(WorkerChange):
    category: QualificationCategory


class AccreditationRecorded(WorkerChange):
    accreditation: AccreditationRecord


class CorrectionRequested(EventData):
    correction_id: str
    worker_id: str
    organization_oid: str
    section: str
    description: str


class CorrectionResolved(EventData):
    correction_id: str
    worker_id: str
    organization_oid: str
    status: CorrectionStatus
    comment: str | None = None


# --- FRMO: files, registration requests, organizations ---------------------------------------
OrganizationType = Literal["medical", "insurance", "educational", "research"]
RequestStatus = Literal[
    "accepted",
    "documents_checked",
    "clarification_requested",
    "resubmitted",
    "approved",
    "rejected",
]
DocumentKind = Literal["charter", "registration_certificate", "licence"]


class Requisites(WireModel):
    name: FullName
    ogrn: Digits = Field(description="ОГРН, 13 digits with a check digit.")
    inn: Digits = Field(description="ИНН организации, 10 digits with a check digit.")
    kpp: Kpp = Field(description="КПП: NNNNPPXXX, PP digits or A–Z.")
    okpo: Digits = Field(description="ОКПО, 8 digits with a check digit.")
    legal_address: Address
    phone: Phone
    email: Email


class Licence(WireModel):
    number: Number
    issued_on: Date
    valid_until: Date | None = Field(default=None, description="None: indefinite.")
    activities: list[Title] = Field(max_length=30)


class ResponsibleEmployee(WireModel):
    last_name: PersonName
    first_name: PersonName
    middle_name: PersonName | None = None
    snils: Snils
    email: Email = Field(description="Unique per user across FRMO.")


class AttachedScan(WireModel):
    file_id: Cursor
    kind: DocumentKind


class SubmitRegistrationRequest(WireModel):
    type: OrganizationType
    requisites: Requisites
    licences: list[Licence] = Field(max_length=20, default_factory=list)
    employees: list[ResponsibleEmployee] = Field(max_length=50)
    scans: list[AttachedScan] = Field(max_length=20)


class ResubmitRegistrationRequest(SubmitRegistrationRequest):
    request_id: Cursor
    comment: Text | None = None


class ReviewRegistrationRequest(WireModel):
    """The support desk moves a request: check documents, ask for clarification, approve, reject."""

    request_id: Cursor
    action: Literal["check_documents", "request_clarification", "approve", "reject"]
    reason: Text | None = Field(default=None, description="Required to clarify or reject.")


class GetRegistrationRequest(WireModel):
    request_id: Cursor


class ListRegistrationRequests(WireModel):
    status: RequestStatus | None = None
    after: Cursor | None = None
    limit: int = Field(default=PAGE_MAX, ge=1, le=PAGE_MAX)


class RequestTransition(EventData):
    status: RequestStatus
    status_title: str
    actor: str
    at: datetime
    reason: str | None = None


class ScanView(EventData):
    file_id: str
    kind: DocumentKind
    filename: str
    content_type: str
    size: int


class RegistrationRequestView(WireModel):
    request_id: str
    status: RequestStatus
    status_title: str
    type: OrganizationType
    requisites: Requisites
    licences: list[Licence]
    employees: list[ResponsibleEmployee]
    scans: list[ScanView]
    history: list[RequestTransition]
    organization_oid: str | None = None
    created_at: datetime
    version: int


class RegistrationRequestPage(WireModel):
    items: list[RegistrationRequestView]
    next_cursor: str | None = None


class Subdivision(EventData):
    oid: str
    name: str
    kind: str
    beds: dict[str, int] = Field(default_factory=dict, description="Bed counts by profile.")


class Equipment(EventData):
    equipment_id: str
    kind: str
    model: str
    serial_number: str
    commissioned_on: date


class Head(WireModel):
    last_name: PersonName
    first_name: PersonName
    middle_name: PersonName | None = None
    position: Title


class GetOrganization(WireModel):
    oid: Oid | None = Field(default=None, description="Defaults to the officer's organization.")


class OrganizationView(WireModel):
    oid: str
    type: OrganizationType
    requisites: Requisites
    licences: list[Licence]
    subdivisions: list[Subdivision]
    equipment: list[Equipment]
    head: Head | None = None
    founders: list[str] = Field(default_factory=list)
    registered_at: datetime
    version: int


class UpdateOrganization(WireModel):
    """An officer changes their organization's record; each given section is replaced or added."""

    requisites: Requisites | None = None
    add_licence: Licence | None = None
    head: Head | None = None
    founders: list[FullName] | None = Field(default=None, max_length=20)


class AddSubdivision(WireModel):
    name: FullName
    kind: Code = Field(description="e.g. `отделение`, `кабинет`, `филиал`.")


class SetBeds(WireModel):
    subdivision_oid: Oid
    profile: Code = Field(description="Bed profile, e.g. `терапевтические`.")
    count: int = Field(ge=0, le=100_000)


class AddEquipment(WireModel):
    kind: Code
    model: Title
    serial_number: Number
    commissioned_on: Date


class RegistrationRequestStatusChanged(EventData):
    request_id: str
    status: RequestStatus
    status_title: str
    reason: str | None = None
    applicant: str = Field(description="The submitter's user id.")
    organization_name: str
    inn: str
    contact_email: str
    organization_oid: str | None = None


class OrganizationRegistered(EventData):
    oid: str
    type: OrganizationType
    name: str
    inn: str
    ogrn: str
    region: str
    request_id: str
    head_name: str | None = Field(
        default=None, description="The head's full name as FRMO records it (if recorded)."
    )


class AccessGranted(EventData):
    organization_oid: str
    employees: list[ResponsibleEmployee]


# --- access of responsible employees ----------------------------------------------------------
AccessRequestStatus = Literal["pending", "granted", "refused"]


class RequestAccess(WireModel):
    """An organization already in FRMO (its officer) asks for access for more employees."""

    employees: list[ResponsibleEmployee] = Field(min_length=1, max_length=50)
    comment: Text | None = None


class ReviewAccessRequest(WireModel):
    request_id: Cursor
    decision: Literal["grant", "refuse"]
    reason: Text | None = Field(default=None, description="Required to refuse.")


class ListAccessRequests(WireModel):
    status: AccessRequestStatus | None = "pending"
    after: Cursor | None = None
    limit: int = Field(default=PAGE_MAX, ge=1, le=PAGE_MAX)


class AccessRequestView(WireModel):
    request_id: str
    organization_oid: str
    employees: list[ResponsibleEmployee]
    comment: str | None = None
    status: AccessRequestStatus
    reason: str | None = None
    submitted_at: datetime
    decided_at: datetime | None = None


class AccessRequestPage(WireModel):
    items: list[AccessRequestView]
    next_cursor: str | None = None


class RevokeAccess(WireModel):
    organization_oid: Oid
    snils: Snils
    reason: Text


class ListAccess(WireModel):
    organization_oid: Oid | None = Field(default=None, description="An officer: their own.")


class AccessHolder(WireModel):
    last_name: str
    first_name: str
    middle_name: str | None = None
    snils: str
    email: str


class AccessList(WireModel):
    organization_oid: str
    holders: list[AccessHolder]


class AccessRequested(EventData):
    request_id: str
    organization_oid: str
    employees: int = Field(description="How many employees the request names.")
    submitted_by: str


class AccessRequestDecided(EventData):
    request_id: str
    organization_oid: str
    status: AccessRequestStatus
    reason: str | None = None
    submitted_by: str = Field(description="The submitter's user id: notify tells them.")


class AccessRevoked(EventData):
    organization_oid: str
    snils: str
    email: str | None = None
    reason: str


class OrganizationUpdated(EventData):
    oid: str
    name: str
    sections: list[str]
    head_name: str | None = Field(
        default=None, description="The head's full name as FRMO records it now (if recorded)."
    )


class SubdivisionAdded(EventData):
    organization_oid: str
    subdivision: Subdivision

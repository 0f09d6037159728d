"""Accreditation commands, replies and events."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import ConfigDict, Field

from egisz.contracts.accreditation_standing import (
    AccreditationStandingChanged as AccreditationStandingChanged,
    ChangeStanding as ChangeStanding,
    StandingStep as StandingStep,
    StandingView as StandingView,
)
from egisz.contracts.bounds import (
    Bytes,
    Code,
    Cursor,
    Date,
    Email,
    Flag,
    Int,
    Number,
    PersonName,
    Phone,
    Snils,
    Text,
    Title,
)
from egisz.contracts.envelope import EventData, WireModel
from egisz.contracts.issued import ExtractSignature as ExtractSignature, VerifyIssuedDocument
from egisz.contracts.registry.workers import SPECIALITY_BOOK, SPECIALITY_CODE, SPECIALITY_GIVEN


class GetApplicant(WireModel):
    """Whether accreditation knows a worker from FRMR (applications go only through the cabinet)."""

    worker_id: Cursor | None = None


class ApplicantView(WireModel):
    worker_id: str
    in_frmr: bool
    known_since: datetime | None


class AccreditationPassed(EventData):
    """The commission decided «сдано»: the registry writes it into the worker's record."""

    application_id: str = Field(description="Becomes the accreditation's record id in FRMR.")
    worker_id: str
    snils: str
    kind: str = Field(description="`primary`, `primary_specialized` or `periodic`.")
    speciality: str
    speciality_code: str | None = Field(default=None, description=SPECIALITY_BOOK)
    passed_on: date
    valid_until: date
    protocol_number: str
    standing: list[StandingStep] = Field(
        default_factory=list,
        description="Changes made before FRMR had the person (a pass outside FRMR, recorded "
        "when they enter it).",
    )


# --- applications ---------------------------------------------------------------------------
ApplicationKind = Literal["primary", "primary_specialized", "periodic"]
ApplicationStatus = Literal[
    "formed", "under_review", "not_delivered", "rejected", "cancelled", "failed", "passed"
]


class FormApplication(WireModel):
    """Сформировать заявление: the worker's own, for a speciality (by its code in the
    specialities' book, or as text) and education level."""

    model_config = ConfigDict(json_schema_extra=SPECIALITY_GIVEN)

    kind: ApplicationKind
    speciality_code: Code | None = SPECIALITY_CODE
    speciality: Title | None = None
    education_level: Code = Field(description="e.g. `higher`, `secondary_professional`.")
    consent: Flag = Field(description="Consent to personal-data processing; required to submit.")
    comment: Text | None = None
    email: Email | None = Field(
        default=None,
        description="«Контакты для связи»: where the center and the application's notices reach "
        "the applicant. Left out, the record's (FRMR's, or the register of learners' for a "
        "graduate) as the application is formed.",
    )
    phone: Phone | None = Field(default=None, description="10 digits, no country code.")


class RegisterPaperApplication(WireModel):
    """The center takes in an application that came by post from someone not in FRMR: what the
    paper says, the day it arrived, and the scans the operator uploaded
    (`application.document_upload`). Under review from that day, reviewed like any other."""

    model_config = ConfigDict(json_schema_extra=SPECIALITY_GIVEN)

    snils: Snils
    last_name: PersonName
    first_name: PersonName
    middle_name: PersonName | None = None
    birth_date: Date
    kind: ApplicationKind
    speciality_code: Code | None = SPECIALITY_CODE
    speciality: Title | None = None
    education_level: Code
    received_on: Date
    file_ids: list[Cursor] = Field(min_length=1, max_length=30)


class ApplicationRef(WireModel):
    application_id: Cursor


class AttachApplicationDocument(WireModel):
    """An extra PDF for the application, uploaded with `application.document_upload`."""

    application_id: Cursor
    file_id: Cursor


class ApplicationDocument(WireModel):
    document_id: Cursor
    filename: Title
    size: Bytes


class ListApplications(WireModel):
    after: Cursor | None = None
    limit: Int = Field(default=50, ge=1, le=100)


class ApplicationTransition(WireModel):
    status: ApplicationStatus
    status_title: str
    actor: str
    at: datetime
    reason: str | None = None


class ApplicantPersonalData(WireModel):
    """Taken from the worker's FRMR record when the application is formed."""

    last_name: PersonName
    first_name: PersonName
    middle_name: PersonName | None = None
    birth_date: Date
    email: Email | None = None
    phone: Phone | None = None


class ApplicationContacts(WireModel):
    """«Контакты для связи» of one application, as the applicant gave them (or their record's
    when formed); they stay as given when the record's change."""

    email: str | None = None
    phone: str | None = None


class ApplicationView(WireModel):
    application_id: str
    worker_id: str
    applicant: ApplicantPersonalData | None = Field(
        default=None, description="None: the worker is not in FRMR (applies by post only)."
    )
    contacts: ApplicationContacts = Field(default_factory=ApplicationContacts)
    kind: ApplicationKind
    speciality: str
    speciality_code: str | None = Field(default=None, description=SPECIALITY_BOOK)
    education_level: str
    consent: bool
    comment: str | None = None
    documents: list[ApplicationDocument] = Field(default_factory=list)
    snapshot_id: str | None = Field(
        default=None, description="Its «portfolio.xml» once submitted (portfolio `snapshot.get`)."
    )
    channel: Literal["portal", "post"] = Field(
        default="portal", description="`post`: a paper application the center took in."
    )
    frmr_pending: bool = Field(
        default=False, description="Passed by someone not in FRMR yet: recorded when they enter."
    )
    status: ApplicationStatus
    status_title: str
    history: list[ApplicationTransition]
    intake_number: str | None = Field(
        default=None, description="The center's registration number, from its receipt."
    )
    documents_check_due: date | None = None
    documents_checked_on: date | None = Field(
        default=None, description="«Документы проверены»: the commission's days run from it."
    )
    decision_due: date | None = None
    protocol_number: str | None = None
    decided_on: date | None = None
    valid_until: date | None = Field(default=None, description="A pass: 5 years from decision.")
    standing: StandingView | None = Field(
        default=None, description="A pass: what it is today (suspended, revoked…) and its changes."
    )
    created_at: datetime
    version: Int


class ApplicationsPage(WireModel):
    items: list[ApplicationView]
    next_cursor: str | None = None


class ApplicationStatusChanged(EventData):
    application_id: str
    worker_id: str
    snils: str
    kind: ApplicationKind
    speciality: str
    status: ApplicationStatus
    status_title: str
    actor: str
    reason: str | None = None
    email: str | None = Field(
        default=None,
        description="The application's contact e-mail (its notices go there too); never in the "
        "public form.",
    )


class ApplicationSubmitted(EventData):
    """The checks passed: the package is on its way to the accreditation center."""

    application_id: str
    worker_id: str
    snils: str
    kind: ApplicationKind
    speciality: str
    speciality_code: str | None = Field(default=None, description=SPECIALITY_BOOK)
    education_level: str
    snapshot_id: str | None = Field(default=None, description="Periodic: the portfolio snapshot.")
    submitted_at: datetime


# --- the center's review (fac_operator) -----------------------------------------------------
class ReviewQueue(WireModel):
    status: ApplicationStatus = "under_review"
    after: Cursor | None = None
    limit: Int = Field(default=50, ge=1, le=100)


class RejectApplication(WireModel):
    """Отклонено: errors in the application, each the applicant can fix."""

    application_id: Cursor
    reasons: list[Text] = Field(max_length=20, min_length=1)
    paper_approval_invalid: bool = Field(
        default=False,
        description="The report's paper approval (its scan, `paperConfirmed` false in "
        "«portfolio.xml») is not accepted: the standard reason with what to do comes first.",
    )


class DownloadApplicationDocument(WireModel):
    """A document of an application, part by part (512 KiB each): its applicant, or the center's
    staff once the package was delivered."""

    application_id: Cursor
    document_id: Cursor
    part: Int = Field(default=0, ge=0, le=10_000)


class CheckDocuments(WireModel):
    """«Документы проверены»: the center closes the first review stage (before the commission
    decides). `checked_on`: the day it did, today when left out."""

    application_id: Cursor
    checked_on: Date | None = None


class DecideApplication(WireModel):
    application_id: Cursor
    passed: bool
    protocol_number: Number
    decided_on: Date


class DeadlineMissed(EventData):
    """An application is past a review stage's deadline (for notify and the center's desk)."""

    application_id: str
    worker_id: str
    snils: str
    speciality: str
    stage: Literal["documents_check", "decision"]
    due: date


class DocumentsChecked(EventData):
    """The center checked the documents: the application goes to the commission."""

    application_id: str
    worker_id: str
    snils: str
    speciality: str
    checked_on: date
    decision_due: date | None = None


# --- extracts (выписки) -----------------------------------------------------------------------
ExtractStatus = Literal["requested", "issued", "refused"]


class OrderExtract(WireModel):
    """Заказать выписку: for the worker's own passed accreditation."""

    application_id: Cursor


class ExtractRef(WireModel):
    extract_id: Cursor


class ListExtracts(WireModel):
    after: Cursor | None = None
    limit: Int = Field(default=50, ge=1, le=100)


class ExtractQueue(WireModel):
    status: ExtractStatus = "requested"
    after: Cursor | None = None
    limit: Int = Field(default=50, ge=1, le=100)


class RefuseExtract(WireModel):
    extract_id: Cursor
    reason: Text = Field(description="Shown to the worker.")


class DownloadExtract(WireModel):
    """The issued PDF, part by part (512 KiB each); its owner or the center's staff."""

    extract_id: Cursor
    part: Int = Field(default=0, ge=0, le=10_000)


class ExtractTransition(WireModel):
    status: ExtractStatus
    status_title: str
    actor: str
    at: datetime
    reason: str | None = None


class CertifiedAccreditation(WireModel):
    """What an extract certifies."""

    application_id: str
    full_name: str
    kind: ApplicationKind
    kind_title: str
    speciality: str
    protocol_number: str
    passed_on: date
    valid_until: date


class ExtractView(WireModel):
    extract_id: str
    status: ExtractStatus
    status_title: str
    history: list[ExtractTransition]
    accreditation: CertifiedAccreditation
    requested_at: datetime
    verification_code: str | None = Field(default=None, description="Printed on the extract.")
    issued_on: date | None = None
    filename: str | None = None
    size: Int | None = None
    signature: ExtractSignature | None = None
    version: Int


class ExtractsPage(WireModel):
    items: list[ExtractView]
    next_cursor: str | None = None


class VerifyExtract(VerifyIssuedDocument):
    """Check an extract by the code printed on it; no token needed."""


class ExtractVerification(WireModel):
    """What anyone may learn from an extract's code: never SNILS or the birth date."""

    verification_code: str
    extract_id: str
    issued_on: date
    accreditation: CertifiedAccreditation
    in_force: bool = Field(description="The accreditation is in force today (term and standing).")
    standing: StandingView | None = Field(
        default=None, description="What it is today — suspended or revoked since the extract too."
    )
    signature: ExtractSignature
    document_matches: bool | None = Field(
        default=None, description="Whether the given `sha256` is this extract's file."
    )


class ExtractStatusChanged(EventData):
    extract_id: str
    application_id: str
    worker_id: str
    snils: str
    speciality: str
    status: ExtractStatus
    status_title: str
    actor: str
    reason: str | None = None

"""Portfolio commands, replies and events."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from egisz.contracts.bounds import (
    Code,
    Cursor,
    Date,
    Hours,
    Int,
    Number,
    PersonName,
    Snils,
    Title,
)
from egisz.contracts.envelope import EventData, WireModel
from egisz.contracts.portfolio_approval import (
    ApprovalDecided as ApprovalDecided,
    ApprovalMethod as ApprovalMethod,
    ApprovalOutcome as ApprovalOutcome,
    ApprovalRequested as ApprovalRequested,
    ApprovalStatus as ApprovalStatus,
    ConfirmPaperApproval as ConfirmPaperApproval,
    DecideApproval as DecideApproval,
    DeclareNotRequired as DeclareNotRequired,
    GetReportToSign as GetReportToSign,
    ListPendingApprovals as ListPendingApprovals,
    NotRequiredReason as NotRequiredReason,
    PendingApproval as PendingApproval,
    PendingApprovalsPage as PendingApprovalsPage,
    RegisterSigningKey as RegisterSigningKey,
    ReportToSign as ReportToSign,
    RequestApproval as RequestApproval,
    SigningKeyRegistered as SigningKeyRegistered,
    SigningKeyView as SigningKeyView,
)
from egisz.contracts.portfolio_professional import (
    AddExperienceLine as AddExperienceLine,
    ExperienceEntry as ExperienceEntry,
    ExperienceLineRef as ExperienceLineRef,
    MarkDismissal as MarkDismissal,
    OwnExperienceLine as OwnExperienceLine,
    ProfessionalPart as ProfessionalPart,
    ReportPeriod as ReportPeriod,
    Source as Source,
    Tenure as Tenure,
    UpdateProfessionalPart as UpdateProfessionalPart,
)


class GetPortfolio(WireModel):
    """A worker reads their own portfolio (no id needed); staff name the worker."""

    worker_id: Cursor | None = None


class ApprovalView(WireModel):
    status: ApprovalStatus
    organization_oid: str | None = None
    head_name: str | None = None
    comment: str | None = None
    requested_at: datetime | None = None
    report_version: Int | None = Field(default=None, description="The version sent for approval.")
    method: ApprovalMethod | None = None
    reason: str | None = Field(default=None, description="A refusal's reason.")
    decided_at: datetime | None = None
    not_required_reason: NotRequiredReason | None = None
    paper_confirmed: bool | None = Field(
        default=None,
        description="A paper approval (the worker's scan): whether the head has confirmed it in "
        "the system. None for any other method.",
    )


DocumentPurpose = Literal[
    "additional", "paper_approval", "motivated_refusal", "name_change", "employment_proof"
]


class AttachedDocument(EventData):
    document_id: str
    purpose: DocumentPurpose
    filename: str
    size: Int
    attached_at: datetime
    employment_id: str | None = None


EducationKind = Literal[
    "secondary_general",
    "secondary_professional",
    "higher",
    "internship",
    "residency",
    "advanced_training",
    "retraining",
    "nmo_program",
    "specialist_certificate",
    "accreditation",
    "qualification_category",
]


class EducationItem(EventData):
    item_id: str
    kind: EducationKind
    title: str = Field(description="Institution, program, or the certificate's issuer.")
    speciality: str | None = None
    speciality_code: str | None = Field(
        default=None, description="In the specialities' book, where FRMR records it."
    )
    document_number: str | None = None
    issued_on: date
    valid_until: date | None = None
    hours: Int | None = None
    registry_confirmed: bool = Field(description="True: from FRMR; False: self-declared.")
    confirmed_by: str | None = Field(
        default=None, description="Another register that confirms it: «НМФО» (the NMO portal)."
    )
    holder_last_name: str | None = Field(
        default=None, description="The surname on the document, when not the current one."
    )


class PortfolioView(WireModel):
    portfolio_id: str
    worker_id: str
    approval_status: ApprovalStatus
    approval: ApprovalView | None = None
    professional: ProfessionalPart | None = None
    documents: list[AttachedDocument] = Field(default_factory=list)
    education: list[EducationItem] = Field(default_factory=list)
    created_at: datetime
    version: Int


class PrintReport(WireModel):
    """The professional-activity report as a printable PDF (the head signs and stamps it on
    paper), part by part (512 KiB each): a worker their own; a head one sent to them."""

    portfolio_id: Cursor | None = Field(default=None, description="A head: the report's.")
    part: Int = Field(default=0, ge=0, le=10_000)


class PortfolioCreated(EventData):
    portfolio_id: str
    worker_id: str


class ProfessionalPartUpdated(EventData):
    portfolio_id: str
    worker_id: str
    professional_version: Int
    source: Source
    approval_status: ApprovalStatus
    approval_reset: bool = Field(
        description="An approval given or pending no longer holds: the report changed."
    )


# --- documents ------------------------------------------------------------------------------
class AttachDocument(WireModel):
    """Attach a PDF uploaded with `document.upload`. `paper_approval`: the head's signed paper
    report (records a paper approval of the pending report); `motivated_refusal`: the head's
    paper refusal (the report then needs no approval); `name_change`: explains another surname;
    `employment_proof`: an employment contract, a certificate from work or the work record book
    proving the job `employment_id` (or, without it, work FRMR has no record of) — it stands in
    for the organization data FRMR or FRMO lack."""

    file_id: Cursor
    purpose: DocumentPurpose = "additional"
    employment_id: Cursor | None = Field(
        default=None, description="`employment_proof`: the job it proves."
    )


class RemoveDocument(WireModel):
    document_id: Cursor


class DownloadPortfolioDocument(WireModel):
    """A portfolio document, part by part (512 KiB each). A worker reads their own portfolio's;
    the center reads those of a package's «portfolio.xml» (`snapshot_id`), even if removed since;
    a head those of a report waiting on them (`portfolio_id`), the paper scan among them."""

    document_id: Cursor
    snapshot_id: Cursor | None = None
    portfolio_id: Cursor | None = Field(
        default=None, description="A head: the report waiting on them whose document it is."
    )
    part: Int = Field(default=0, ge=0, le=10_000)


class DocumentAttached(EventData):
    portfolio_id: str
    worker_id: str
    document: AttachedDocument


class DocumentRemoved(EventData):
    portfolio_id: str
    worker_id: str
    document_id: str


# --- the educational part and readiness -----------------------------------------------------
class DeclareEducation(WireModel):
    """A self-declared item (accreditation and categories come only from FRMR)."""

    kind: EducationKind
    title: Title
    speciality: Title | None = None
    document_number: Number | None = None
    issued_on: Date
    valid_until: Date | None = None
    hours: Hours | None = Field(default=None, description="Academic hours; required for programs.")
    holder_last_name: PersonName | None = None


class NmoProgramme(WireModel):
    """One completed programme as the NMO portal's file gives it, by the person's SNILS."""

    snils: Snils
    document_number: Number = Field(description="The certificate's number: one item per number.")
    title: Title
    speciality: Title | None = None
    hours: Hours
    completed_on: Date
    kind: Literal["nmo_program", "advanced_training"] = "nmo_program"


class ImportNmo(WireModel):
    """Completed programmes from the NMO portal (НМФО): each becomes an item of the person's
    portfolio confirmed «из НМФО»; the same row again changes nothing."""

    rows: list[NmoProgramme] = Field(min_length=1, max_length=1000)


class NmoRowRefused(WireModel):
    row: Int = Field(description="1-based, in the order sent.")
    field: str
    message: str


class NmoImported(WireModel):
    imported: Int
    unchanged: Int
    refused: list[NmoRowRefused] = Field(default_factory=list)


class RemoveEducation(WireModel):
    item_id: Cursor


class EducationUpdated(EventData):
    portfolio_id: str
    worker_id: str
    item: EducationItem
    removed: bool = False


class GetReadiness(WireModel):
    worker_id: Cursor | None = Field(default=None, description="Staff name the worker.")
    speciality: Title | None = Field(
        default=None, description="The speciality applied for: hours are counted in it."
    )
    speciality_code: Code | None = Field(
        default=None,
        description="Its code in the specialities' book (1.2.643.5.1.13.13.11.1066): items "
        "with a code are matched by it, the rest by the name.",
    )


class Obstacle(WireModel):
    code: str
    message: str
    fixable_by: Literal["worker", "organization", "support"]


class HoursNotCounted(WireModel):
    """A program in the cycle that does not count, and why (too short, no hours given)."""

    item_id: str
    title: str
    hours: Int | None = None
    reason: str


class HoursView(WireModel):
    total: Int
    advanced_in_speciality: Int
    since: date
    required_total: Int
    required_advanced: Int
    legal_act: str
    not_counted: list[HoursNotCounted] = Field(default_factory=list)


class Readiness(WireModel):
    ready: bool
    obstacles: list[Obstacle]
    hours: HoursView


# --- snapshots («portfolio.xml») --------------------------------------------------------------
class SnapshotWorker(WireModel):
    worker_id: str
    snils: str
    last_name: str | None = None


class PortfolioDocument(WireModel):
    """A versioned snapshot of the whole portfolio, as accreditation receives it."""

    portfolio_id: str
    snapshot_version: Int
    created_at: datetime
    worker: SnapshotWorker
    professional: ProfessionalPart
    approval: ApprovalView
    education: list[EducationItem]
    documents: list[AttachedDocument]


class CreateSnapshot(WireModel):
    worker_id: Cursor | None = Field(default=None, description="Staff name the worker.")


class SnapshotView(WireModel):
    snapshot_id: str
    version: Int
    created_at: datetime
    sha256: str = Field(description="SHA-256 of the XML form.")
    document: PortfolioDocument


class GetSnapshot(WireModel):
    snapshot_id: Cursor
    format: Literal["json", "xml"] = "json"


class SnapshotContent(WireModel):
    snapshot_id: str
    format: Literal["json", "xml"]
    content: str


class SnapshotCreated(EventData):
    portfolio_id: str
    worker_id: str
    snapshot_id: str
    version: Int
    created_at: datetime

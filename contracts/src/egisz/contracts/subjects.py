"""Every subject of the system, in one place.

Naming rule (tested): commands `egisz.<service>.cmd.<aggregate>.<verb>`, events
`egisz.<service>.evt.<aggregate>.<event>` (past tense), dead letters
`egisz.<service>.dlq.<consumer>`. Event types are `ru.egisz.<service>.<aggregate>.<event>.v<N>`.
Each service owns one JetStream stream holding its events and its dead letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from egisz.contracts import accreditation, fac, files, notify, portfolio, registry
from egisz.contracts.events import DeadLetter

SERVICES = ("registry", "portfolio", "accreditation", "notify")

SUBJECT_RULE = re.compile(
    r"^egisz\.(?P<service>registry|portfolio|accreditation|notify|fac)"
    r"\.(?P<kind>cmd|evt)\.(?P<aggregate>[a-z][a-z_]*)\.(?P<name>[a-z][a-z_]*)$"
)


@dataclass(frozen=True)
class Command:
    subject: str
    request: type[BaseModel]
    result: type[BaseModel]
    summary: str
    served_by: str | None = None  # when another service serves this subject (the FAC intake)

    @property
    def service(self) -> str:
        return self.subject.split(".")[1]

    @property
    def server(self) -> str:
        return self.served_by or self.service


@dataclass(frozen=True)
class Event:
    subject: str
    data: type[BaseModel]
    summary: str
    version: int = 1

    @property
    def service(self) -> str:
        return self.subject.split(".")[1]

    @property
    def type(self) -> str:
        _, service, _, aggregate, name = self.subject.split(".")
        return f"ru.egisz.{service}.{aggregate}.{name}.v{self.version}"

    @property
    def stream(self) -> str:
        return stream_name(self.service)


def stream_name(service: str) -> str:
    """JetStream stream owned by `service` (events and dead letters)."""
    return f"EGISZ_{service.upper()}"


def stream_subjects(service: str) -> list[str]:
    return [f"egisz.{service}.evt.>", f"egisz.{service}.dlq.>"]


def dead_letter_subject(service: str, consumer: str) -> str:
    return f"egisz.{service}.dlq.{consumer}"


def events_wildcard(service: str | None = None) -> str:
    return f"egisz.{service}.evt.>" if service else "egisz.*.evt.>"


# --- registry -------------------------------------------------------------------------------
def _r(
    aggregate: str, verb: str, request: type[BaseModel], result: type[BaseModel], summary: str
) -> Command:
    return Command(f"egisz.registry.cmd.{aggregate}.{verb}", request, result, summary)


def _re(aggregate: str, name: str, data: type[BaseModel], summary: str) -> Event:
    return Event(f"egisz.registry.evt.{aggregate}.{name}", data, summary)


WORKER_REGISTER = _r(
    "worker",
    "register",
    registry.RegisterWorker,
    registry.WorkerView,
    "An org officer adds a worker to FRMR (flagged for review when a likely duplicate).",
)
WORKER_GET = _r(
    "worker",
    "get",
    registry.GetWorker,
    registry.WorkerView,
    "A worker by id or SNILS, scoped by role.",
)
WORKER_UPDATE = _r(
    "worker",
    "update",
    registry.UpdateWorker,
    registry.WorkerView,
    "Replace sections of a record: a worker their personal data, document and addresses.",
)
WORKER_RESOLVE_DUPLICATE = _r(
    "worker",
    "resolve_duplicate",
    registry.ResolveDuplicate,
    registry.DuplicateResolution,
    "An officer decides whether a flagged record is another person or a duplicate.",
)
WORKER_IMPORT = _r(
    "worker",
    "import",
    registry.ImportWorkers,
    registry.ImportResult,
    "Bulk import of up to 500 rows; each row answered on its own, re-sent rows change nothing.",
)
EMPLOYMENT_START = _r(
    "employment",
    "start",
    registry.StartEmployment,
    registry.WorkerView,
    "An officer records a job at their organization.",
)
EMPLOYMENT_END = _r(
    "employment",
    "end",
    registry.EndEmployment,
    registry.WorkerView,
    "An officer closes a job with a dismissal date and reason.",
)
EDUCATION_ADD = _r(
    "education",
    "add",
    registry.AddEducation,
    registry.WorkerView,
    "An officer adds an education document.",
)
CERTIFICATE_ADD = _r(
    "certificate",
    "add",
    registry.AddCertificate,
    registry.WorkerView,
    "An officer adds a specialist certificate (unique by number and issuer).",
)
CATEGORY_ASSIGN = _r(
    "category",
    "assign",
    registry.AssignCategory,
    registry.WorkerView,
    "An officer records a qualification category.",
)
CORRECTION_REPORT = _r(
    "correction",
    "report",
    registry.ReportInaccuracy,
    registry.CorrectionView,
    "A worker reports an inaccuracy in their record to an organization.",
)
CORRECTION_RESOLVE = _r(
    "correction",
    "resolve",
    registry.ResolveCorrection,
    registry.CorrectionView,
    "An officer of the organization named resolves a correction request.",
)
CORRECTION_LIST = _r(
    "correction",
    "list",
    registry.ListCorrections,
    registry.CorrectionPage,
    "Correction requests addressed to the officer's organization, or the worker's own.",
)
STAFF_LIST = _r(
    "staff",
    "list",
    registry.ListStaff,
    registry.StaffPage,
    "An organization's workers, 100 a page, with a stable cursor.",
)
PRACTITIONER_VERIFY = _r(
    "practitioner",
    "verify",
    registry.VerifyPractitioner,
    registry.VerificationResult,
    "Public: where a practitioner works and until when they are accredited; no personal data.",
)
CHANGES_LIST = _r(
    "changes",
    "list",
    registry.ListChanges,
    registry.ChangesPage,
    "Every registry event after a cursor, so a new subscriber can catch up.",
)

WORKER_REGISTERED = _re("worker", "registered", registry.WorkerRegistered, "A worker entered FRMR.")
WORKER_FLAGGED_AS_DUPLICATE = _re(
    "worker",
    "flagged",
    registry.WorkerFlaggedAsDuplicate,
    "A new record has the name and birth date of another: kept in review.",
)
WORKER_DUPLICATE_RESOLVED = _re(
    "worker",
    "duplicate_resolved",
    registry.DuplicateResolved,
    "An officer resolved a likely duplicate.",
)
WORKER_UPDATED = _re(
    "worker", "updated", registry.WorkerUpdated, "Sections of a worker record changed."
)
EMPLOYMENT_STARTED = _re("employment", "started", registry.EmploymentStarted, "A job was recorded.")
EMPLOYMENT_ENDED = _re(
    "employment", "ended", registry.EmploymentEnded, "A job was closed (dismissal)."
)
EDUCATION_ADDED = _re(
    "education", "added", registry.EducationAdded, "An education document was added."
)
CERTIFICATE_ADDED = _re(
    "certificate", "added", registry.CertificateAdded, "A specialist certificate was added."
)
CATEGORY_ASSIGNED = _re(
    "category", "assigned", registry.CategoryAssigned, "A qualification category was recorded."
)
ACCREDITATION_RECORDED = _re(
    "accreditation",
    "recorded",
    registry.AccreditationRecorded,
    "A passed accreditation entered the worker's record.",
)
CORRECTION_REQUESTED = _re(
    "correction",
    "requested",
    registry.CorrectionRequested,
    "A worker reported an inaccuracy to an organization.",
)
CORRECTION_RESOLVED = _re(
    "correction",
    "resolved",
    registry.CorrectionResolved,
    "An organization corrected or declined a reported inaccuracy.",
)

FILE_UPLOAD = _r(
    "file",
    "upload",
    files.UploadFilePart,
    files.UploadProgress,
    "Upload a scan in parts; PDF/JPEG/PNG by content, size-limited; answered with its id.",
)
FILE_READ = _r(
    "file",
    "read",
    files.ReadFile,
    files.FilePart,
    "Read a stored scan part by part: its owner or the support desk.",
)
REQUEST_SUBMIT = _r(
    "registration_request",
    "submit",
    registry.SubmitRegistrationRequest,
    registry.RegistrationRequestView,
    "An organization applies to enter FRMO (status `accepted`).",
)
REQUEST_RESUBMIT = _r(
    "registration_request",
    "resubmit",
    registry.ResubmitRegistrationRequest,
    registry.RegistrationRequestView,
    "The applicant amends a request the support desk asked to clarify.",
)
REQUEST_REVIEW = _r(
    "registration_request",
    "review",
    registry.ReviewRegistrationRequest,
    registry.RegistrationRequestView,
    "The support desk checks documents, asks for clarification, approves or rejects.",
)
REQUEST_GET = _r(
    "registration_request",
    "get",
    registry.GetRegistrationRequest,
    registry.RegistrationRequestView,
    "A request with its history, for its applicant or the support desk.",
)
REQUEST_LIST = _r(
    "registration_request",
    "list",
    registry.ListRegistrationRequests,
    registry.RegistrationRequestPage,
    "The support desk's queue of requests, by status.",
)
ORGANIZATION_GET = _r(
    "organization",
    "get",
    registry.GetOrganization,
    registry.OrganizationView,
    "An FRMO organization's record.",
)
ORGANIZATION_UPDATE = _r(
    "organization",
    "update",
    registry.UpdateOrganization,
    registry.OrganizationView,
    "An officer changes requisites, adds a licence, sets the head or founders.",
)
SUBDIVISION_ADD = _r(
    "subdivision",
    "add",
    registry.AddSubdivision,
    registry.OrganizationView,
    "An officer adds a subdivision; it gets the OID `<org oid>.0.<n>`.",
)
SUBDIVISION_SET_BEDS = _r(
    "subdivision",
    "set_beds",
    registry.SetBeds,
    registry.OrganizationView,
    "An officer sets a subdivision's bed count for a profile.",
)
EQUIPMENT_ADD = _r(
    "equipment",
    "add",
    registry.AddEquipment,
    registry.OrganizationView,
    "An officer records a piece of equipment.",
)
REQUEST_STATUS_CHANGED = _re(
    "registration_request",
    "status_changed",
    registry.RegistrationRequestStatusChanged,
    "A registration request moved (accepted, checked, clarification, resubmitted, decided).",
)
ORGANIZATION_REGISTERED = _re(
    "organization",
    "registered",
    registry.OrganizationRegistered,
    "An organization entered FRMO with its OID.",
)
ACCESS_GRANTED = _re(
    "organization",
    "access_granted",
    registry.AccessGranted,
    "The responsible employees of a new organization got FRMO/FRMR access.",
)
ACCESS_REQUEST = _r(
    "access",
    "request",
    registry.RequestAccess,
    registry.AccessRequestView,
    "An officer of an organization in FRMO asks access for more responsible employees.",
)
ACCESS_REVIEW = _r(
    "access",
    "review",
    registry.ReviewAccessRequest,
    registry.AccessRequestView,
    "The support desk grants or refuses an access request (a reason to refuse).",
)
ACCESS_QUEUE = _r(
    "access",
    "queue",
    registry.ListAccessRequests,
    registry.AccessRequestPage,
    "The support desk's queue of access requests, by status.",
)
ACCESS_REVOKE = _r(
    "access",
    "revoke",
    registry.RevokeAccess,
    registry.AccessList,
    "The support desk takes a person's access to an organization away, with a reason.",
)
ACCESS_LIST = _r(
    "access",
    "list",
    registry.ListAccess,
    registry.AccessList,
    "Who holds access to an organization (its officers, or the support desk).",
)
ACCESS_REQUESTED = _re(
    "access",
    "requested",
    registry.AccessRequested,
    "An organization asked access for more responsible employees.",
)
ACCESS_REQUEST_DECIDED = _re(
    "access",
    "decided",
    registry.AccessRequestDecided,
    "The support desk granted or refused an access request.",
)
ACCESS_REVOKED = _re(
    "access",
    "revoked",
    registry.AccessRevoked,
    "A person's access to an organization was revoked.",
)
ORGANIZATION_UPDATED = _re(
    "organization",
    "updated",
    registry.OrganizationUpdated,
    "Sections of an organization's record changed.",
)
SUBDIVISION_ADDED = _re(
    "subdivision",
    "added",
    registry.SubdivisionAdded,
    "An organization added a subdivision.",
)

# --- portfolio ------------------------------------------------------------------------------
PORTFOLIO_GET = Command(
    "egisz.portfolio.cmd.portfolio.get",
    portfolio.GetPortfolio,
    portfolio.PortfolioView,
    "A worker's portfolio.",
)
PROFESSIONAL_PART_UPDATE = Command(
    "egisz.portfolio.cmd.professional_part.update",
    portfolio.UpdateProfessionalPart,
    portfolio.PortfolioView,
    "The worker writes their key skills and notes into the report.",
)
PROFESSIONAL_PART_UPDATED = Event(
    "egisz.portfolio.evt.professional_part.updated",
    portfolio.ProfessionalPartUpdated,
    "The report changed (from FRMR or by the worker); an approval of it may be reset.",
)
APPROVAL_REQUEST = Command(
    "egisz.portfolio.cmd.approval.request",
    portfolio.RequestApproval,
    portfolio.PortfolioView,
    "The worker sends the report to a head for approval (status pending).",
)
APPROVAL_NOT_REQUIRED = Command(
    "egisz.portfolio.cmd.approval.not_required",
    portfolio.DeclareNotRequired,
    portfolio.PortfolioView,
    "The worker states why the report goes without approval (one of four reasons).",
)
APPROVAL_PENDING = Command(
    "egisz.portfolio.cmd.approval.pending",
    portfolio.ListPendingApprovals,
    portfolio.PendingApprovalsPage,
    "A head's list of reports waiting for them.",
)
APPROVAL_REPORT = Command(
    "egisz.portfolio.cmd.approval.report",
    portfolio.GetReportToSign,
    portfolio.ReportToSign,
    "The exact bytes of the report a head is asked to sign.",
)
APPROVAL_DECIDE = Command(
    "egisz.portfolio.cmd.approval.decide",
    portfolio.DecideApproval,
    portfolio.ApprovalOutcome,
    "A head approves or rejects with a detached electronic signature.",
)
SIGNING_KEY_REGISTER = Command(
    "egisz.portfolio.cmd.signing_key.register",
    portfolio.RegisterSigningKey,
    portfolio.SigningKeyView,
    "A head registers the public key their signatures are checked with.",
)
APPROVAL_REQUESTED = Event(
    "egisz.portfolio.evt.approval.requested",
    portfolio.ApprovalRequested,
    "A report was sent to a head for approval.",
)
APPROVAL_DECIDED = Event(
    "egisz.portfolio.evt.approval.decided",
    portfolio.ApprovalDecided,
    "A report was approved, rejected, or declared not requiring approval.",
)
DOCUMENT_UPLOAD = Command(
    "egisz.portfolio.cmd.document.upload",
    files.UploadFilePart,
    files.UploadProgress,
    "Upload a PDF in parts (PDF by content; the portfolio's total within its limit).",
)
DOCUMENT_ATTACH = Command(
    "egisz.portfolio.cmd.document.attach",
    portfolio.AttachDocument,
    portfolio.PortfolioView,
    "Attach an uploaded PDF: additional, paper approval, motivated refusal, name change.",
)
DOCUMENT_REMOVE = Command(
    "egisz.portfolio.cmd.document.remove",
    portfolio.RemoveDocument,
    portfolio.PortfolioView,
    "Remove an attached document.",
)
DOCUMENT_ATTACHED = Event(
    "egisz.portfolio.evt.document.attached",
    portfolio.DocumentAttached,
    "A document was attached to a portfolio (a reference, never the file).",
)
DOCUMENT_REMOVED = Event(
    "egisz.portfolio.evt.document.removed",
    portfolio.DocumentRemoved,
    "A document was removed from a portfolio.",
)
EDUCATION_DECLARE = Command(
    "egisz.portfolio.cmd.education.declare",
    portfolio.DeclareEducation,
    portfolio.PortfolioView,
    "The worker adds a self-declared education item (a program with its hours, a diploma).",
)
EDUCATION_REMOVE = Command(
    "egisz.portfolio.cmd.education.remove",
    portfolio.RemoveEducation,
    portfolio.PortfolioView,
    "The worker removes a self-declared item (FRMR's are corrected by the organization).",
)
READINESS_GET = Command(
    "egisz.portfolio.cmd.readiness.get",
    portfolio.GetReadiness,
    portfolio.Readiness,
    "Every reason an accreditation application would be refused today, and who can fix it.",
)
EDUCATION_UPDATED = Event(
    "egisz.portfolio.evt.education.updated",
    portfolio.EducationUpdated,
    "An education item entered (from FRMR or self-declared) or left a portfolio.",
)
SNAPSHOT_CREATE = Command(
    "egisz.portfolio.cmd.snapshot.create",
    portfolio.CreateSnapshot,
    portfolio.SnapshotView,
    "A versioned snapshot of the whole portfolio, checked against portfolio.xsd.",
)
SNAPSHOT_GET = Command(
    "egisz.portfolio.cmd.snapshot.get",
    portfolio.GetSnapshot,
    portfolio.SnapshotContent,
    "A stored snapshot as JSON or as «portfolio.xml».",
)
SNAPSHOT_CREATED = Event(
    "egisz.portfolio.evt.snapshot.created",
    portfolio.SnapshotCreated,
    "A portfolio snapshot was taken (accreditation attaches it to an application).",
)
PORTFOLIO_CREATED = Event(
    "egisz.portfolio.evt.portfolio.created",
    portfolio.PortfolioCreated,
    "A portfolio was opened for a worker who entered FRMR.",
)

# --- accreditation --------------------------------------------------------------------------
APPLICANT_GET = Command(
    "egisz.accreditation.cmd.applicant.get",
    accreditation.GetApplicant,
    accreditation.ApplicantView,
    "Whether accreditation knows the worker from FRMR.",
)

APPLICATION_FORM = Command(
    "egisz.accreditation.cmd.application.form",
    accreditation.FormApplication,
    accreditation.ApplicationView,
    "The worker forms an application (one active per speciality).",
)
APPLICATION_SUBMIT = Command(
    "egisz.accreditation.cmd.application.submit",
    accreditation.ApplicationRef,
    accreditation.ApplicationView,
    "Run every submission check (portfolio readiness and snapshot for periodic) and send.",
)
APPLICATION_DOCUMENT_UPLOAD = Command(
    "egisz.accreditation.cmd.application.document_upload",
    files.UploadFilePart,
    files.UploadProgress,
    "Upload an extra PDF for an application, in parts (25 MB together, a setting).",
)
APPLICATION_DOCUMENT_ATTACH = Command(
    "egisz.accreditation.cmd.application.document_attach",
    accreditation.AttachApplicationDocument,
    accreditation.ApplicationView,
    "Attach an uploaded PDF to an application before it is sent.",
)
APPLICATION_CANCEL = Command(
    "egisz.accreditation.cmd.application.cancel",
    accreditation.ApplicationRef,
    accreditation.ApplicationView,
    "The applicant cancels before a decision.",
)
APPLICATION_GET = Command(
    "egisz.accreditation.cmd.application.get",
    accreditation.ApplicationRef,
    accreditation.ApplicationView,
    "An application with its history: its applicant, FAC staff, services.",
)
APPLICATION_LIST = Command(
    "egisz.accreditation.cmd.application.list",
    accreditation.ListApplications,
    accreditation.ApplicationsPage,
    "The worker's own applications.",
)
APPLICATION_QUEUE = Command(
    "egisz.accreditation.cmd.application.queue",
    accreditation.ReviewQueue,
    accreditation.ApplicationsPage,
    "The center's queue of applications by status.",
)
APPLICATION_REJECT = Command(
    "egisz.accreditation.cmd.application.reject",
    accreditation.RejectApplication,
    accreditation.ApplicationView,
    "The center rejects an application under review, listing what to fix.",
)
APPLICATION_DECIDE = Command(
    "egisz.accreditation.cmd.application.decide",
    accreditation.DecideApplication,
    accreditation.ApplicationView,
    "The commission's decision with protocol number and date; a pass goes to FRMR.",
)
APPLICATION_STATUS_CHANGED = Event(
    "egisz.accreditation.evt.application.status_changed",
    accreditation.ApplicationStatusChanged,
    "An application moved (formed, delivered or not, rejected, cancelled, decided).",
)
APPLICATION_SUBMITTED = Event(
    "egisz.accreditation.evt.application.submitted",
    accreditation.ApplicationSubmitted,
    "An application passed its checks and goes to the accreditation center.",
)
FAC_INTAKE = Command(
    "egisz.fac.cmd.package.intake",
    fac.ApplicationPackage,
    fac.IntakeReceipt,
    "The accreditation center receives an application's package and answers with its receipt.",
    served_by="accreditation",
)
APPLICATION_DEADLINE_MISSED = Event(
    "egisz.accreditation.evt.application.deadline_missed",
    accreditation.DeadlineMissed,
    "An application under review went past a stage's deadline (documents or decision).",
)
ACCREDITATION_PASSED = Event(
    "egisz.accreditation.evt.accreditation.passed",
    accreditation.AccreditationPassed,
    "The commission decided «сдано»; the registry records it in FRMR.",
)

EXTRACT_ORDER = Command(
    "egisz.accreditation.cmd.extract.order",
    accreditation.OrderExtract,
    accreditation.ExtractView,
    "The worker orders an extract of their passed accreditation.",
)
EXTRACT_LIST = Command(
    "egisz.accreditation.cmd.extract.list",
    accreditation.ListExtracts,
    accreditation.ExtractsPage,
    "The worker's own extracts with their statuses.",
)
EXTRACT_GET = Command(
    "egisz.accreditation.cmd.extract.get",
    accreditation.ExtractRef,
    accreditation.ExtractView,
    "One extract: its owner or the center's staff.",
)
EXTRACT_QUEUE = Command(
    "egisz.accreditation.cmd.extract.queue",
    accreditation.ExtractQueue,
    accreditation.ExtractsPage,
    "The center's extracts by status (requested first of all).",
)
EXTRACT_ISSUE = Command(
    "egisz.accreditation.cmd.extract.issue",
    accreditation.ExtractRef,
    accreditation.ExtractView,
    "The center issues an extract: a PDF signed by the service key, with a verification code.",
)
EXTRACT_REFUSE = Command(
    "egisz.accreditation.cmd.extract.refuse",
    accreditation.RefuseExtract,
    accreditation.ExtractView,
    "The center refuses an extract, with the reason.",
)
EXTRACT_DOWNLOAD = Command(
    "egisz.accreditation.cmd.extract.download",
    accreditation.DownloadExtract,
    files.FilePart,
    "The issued extract's PDF, part by part: its owner or the center's staff.",
)
EXTRACT_VERIFY = Command(
    "egisz.accreditation.cmd.extract.verify",
    accreditation.VerifyExtract,
    accreditation.ExtractVerification,
    "Anyone checks an extract by its code (no token): what it certifies and its signature.",
)
EXTRACT_STATUS_CHANGED = Event(
    "egisz.accreditation.evt.extract.status_changed",
    accreditation.ExtractStatusChanged,
    "An extract was ordered, issued or refused.",
)

# --- notify ---------------------------------------------------------------------------------
INBOX_LIST = Command(
    "egisz.notify.cmd.inbox.list",
    notify.ListInbox,
    notify.InboxPage,
    "The caller's inbox page and unread count (the bell).",
)
INBOX_MARK_READ = Command(
    "egisz.notify.cmd.inbox.mark_read",
    notify.MarkRead,
    notify.MarkReadResult,
    "Mark one or all of the caller's notifications read.",
)
NOTIFICATION_CREATED = Event(
    "egisz.notify.evt.notification.created",
    notify.NotificationCreated,
    "A notification reached a recipient's inbox.",
)
PREFERENCES_GET = Command(
    "egisz.notify.cmd.preferences.get",
    notify.GetPreferences,
    notify.PreferencesView,
    "The caller's delivery preferences and where e-mail and SMS go (masked).",
)
PREFERENCES_UPDATE = Command(
    "egisz.notify.cmd.preferences.update",
    notify.UpdatePreferences,
    notify.PreferencesView,
    "Turn e-mail or SMS on or off, or choose the language.",
)
DELIVERY_ATTEMPTED = Event(
    "egisz.notify.evt.delivery.attempted",
    notify.DeliveryAttempted,
    "An e-mail or SMS attempt and its outcome: sent, retrying (with when) or failed (why).",
)

COMMANDS: tuple[Command, ...] = tuple(v for v in list(globals().values()) if isinstance(v, Command))
EVENTS: tuple[Event, ...] = tuple(v for v in list(globals().values()) if isinstance(v, Event))


def all_models() -> dict[str, type[BaseModel]]:
    """Every message model by a stable schema name, for JSON Schema export."""
    models: dict[str, type[BaseModel]] = {"DeadLetter": DeadLetter}
    for c in COMMANDS:
        models[c.request.__name__] = c.request
        models[c.result.__name__] = c.result
    for e in EVENTS:
        models[e.data.__name__] = e.data
    return models


def describe() -> list[dict[str, Any]]:
    """A row per subject, for docs."""
    rows: list[dict[str, Any]] = [
        {
            "subject": c.subject,
            "kind": "command",
            "message": c.request.__name__,
            "reply": c.result.__name__,
            "summary": c.summary,
        }
        for c in COMMANDS
    ]
    rows += [
        {
            "subject": e.subject,
            "kind": "event",
            "message": e.data.__name__,
            "type": e.type,
            "stream": e.stream,
            "summary": e.summary,
        }
        for e in EVENTS
    ]
    return rows

"""The portfolio's commands and events."""

from __future__ import annotations

from egisz.contracts import files, portfolio
from egisz.contracts.subjects.naming import Command, Event

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
EXPERIENCE_LINE_ADD = Command(
    "egisz.portfolio.cmd.experience.add_line",
    portfolio.AddExperienceLine,
    portfolio.PortfolioView,
    "The worker adds a line of their experience FRMR lacks (their word until FRMR bears it out).",
)
EXPERIENCE_LINE_REMOVE = Command(
    "egisz.portfolio.cmd.experience.remove_line",
    portfolio.ExperienceLineRef,
    portfolio.PortfolioView,
    "The worker removes a line of their own.",
)
EXPERIENCE_DISMISSAL_MARK = Command(
    "egisz.portfolio.cmd.experience.mark_dismissal",
    portfolio.MarkDismissal,
    portfolio.PortfolioView,
    "The worker marks the dismissal date of a job FRMR shows open: the report period ends there.",
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
REPORT_PRINT = Command(
    "egisz.portfolio.cmd.report.print",
    portfolio.PrintReport,
    files.FilePart,
    "The professional-activity report as a PDF to print, sign and stamp.",
)
APPROVAL_PAPER_CONFIRM = Command(
    "egisz.portfolio.cmd.approval.paper_confirm",
    portfolio.ConfirmPaperApproval,
    portfolio.ApprovalOutcome,
    "The head confirms (or disowns) a report approved by the scan of a paper report.",
)
SIGNING_KEY_REGISTER = Command(
    "egisz.portfolio.cmd.signing_key.register",
    portfolio.RegisterSigningKey,
    portfolio.SigningKeyView,
    "A head registers the public key their signatures are checked with.",
)
SIGNING_KEY_REGISTERED = Event(
    "egisz.portfolio.evt.signing_key.registered",
    portfolio.SigningKeyRegistered,
    "A head registered a signing key with its validity (notify reminds before it runs out).",
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
DOCUMENT_DOWNLOAD = Command(
    "egisz.portfolio.cmd.document.download",
    portfolio.DownloadPortfolioDocument,
    files.FilePart,
    "A portfolio document, in parts: the worker's own, or one of a package's «portfolio.xml».",
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
EDUCATION_IMPORT_NMO = Command(
    "egisz.portfolio.cmd.education.import_nmo",
    portfolio.ImportNmo,
    portfolio.NmoImported,
    "Completed programmes from the NMO portal's file, confirmed «из НМФО», by SNILS.",
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

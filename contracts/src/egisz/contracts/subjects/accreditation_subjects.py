"""The accreditation service's commands and events."""

from __future__ import annotations

from egisz.contracts import accreditation, files
from egisz.contracts.subjects.naming import Command, Event

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
APPLICATION_REGISTER_PAPER = Command(
    "egisz.accreditation.cmd.application.register_paper",
    accreditation.RegisterPaperApplication,
    accreditation.ApplicationView,
    "The center takes in a paper application from someone not in FRMR, its scans attached.",
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
APPLICATION_DOCUMENT_DOWNLOAD = Command(
    "egisz.accreditation.cmd.application.document_download",
    accreditation.DownloadApplicationDocument,
    files.FilePart,
    "A document of an application, in parts: its applicant, or the center once delivered.",
)
APPLICATION_DOCUMENTS_CHECK = Command(
    "egisz.accreditation.cmd.application.documents_check",
    accreditation.CheckDocuments,
    accreditation.ApplicationView,
    "«Документы проверены»: the center closes the first stage; the commission's days start.",
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
APPLICATION_DOCUMENTS_CHECKED = Event(
    "egisz.accreditation.evt.application.documents_checked",
    accreditation.DocumentsChecked,
    "The center checked an application's documents; the commission decides next.",
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
ACCREDITATION_STANDING_CHANGE = Command(
    "egisz.accreditation.cmd.accreditation.change_standing",
    accreditation.ChangeStanding,
    accreditation.ApplicationView,
    "The center suspends, reinstates or revokes a pass, with the grounds and the day.",
)
ACCREDITATION_STANDING_CHANGED = Event(
    "egisz.accreditation.evt.accreditation.standing_changed",
    accreditation.AccreditationStandingChanged,
    "A pass was suspended, reinstated or revoked (its whole history): FRMR, the person and "
    "their employers follow.",
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

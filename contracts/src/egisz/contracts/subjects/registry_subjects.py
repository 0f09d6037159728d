"""The registry's commands and events (FRMR and FRMO)."""

from __future__ import annotations

from pydantic import BaseModel

from egisz.contracts import files, registry
from egisz.contracts.subjects.naming import Command, Event


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
WORKER_HIRE = _r(
    "worker",
    "hire",
    registry.HireWorker,
    registry.WorkerView,
    "An officer hires a person already in FRMR, named by SNILS and birth date.",
)
WORKER_REVIEW_QUEUE = _r(
    "worker",
    "review_queue",
    registry.ListDuplicateReview,
    registry.DuplicateReviewPage,
    "Records waiting in duplicate review, oldest first: all for the support desk, an org's own.",
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
    "An officer records a job for a worker their organization maintains.",
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
EDUCATION_CORRECT = _r(
    "education",
    "correct",
    registry.CorrectEducation,
    registry.WorkerView,
    "An officer corrects an education entry; what it said stays in the record's history.",
)
CERTIFICATE_CORRECT = _r(
    "certificate",
    "correct",
    registry.CorrectCertificate,
    registry.WorkerView,
    "An officer corrects a certificate entry (still unique by number and issuer).",
)
CATEGORY_CORRECT = _r(
    "category",
    "correct",
    registry.CorrectCategory,
    registry.WorkerView,
    "An officer corrects a qualification category entry.",
)
EMPLOYMENT_CORRECT = _r(
    "employment",
    "correct",
    registry.CorrectEmployment,
    registry.WorkerView,
    "An officer of the job's organization corrects a job entry.",
)
ENTRY_ANNUL = _r(
    "entry",
    "annul",
    registry.AnnulEntry,
    registry.WorkerView,
    "An officer annuls an entry made in error (a job: only its organization), with the reason.",
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
ENTRY_CORRECTED = _re(
    "entry",
    "corrected",
    registry.EntryCorrected,
    "An education, certificate, category or job entry was corrected.",
)
ENTRY_ANNULLED = _re(
    "entry",
    "annulled",
    registry.EntryAnnulled,
    "An entry made in error left the record.",
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
    "An organization declined a reported inaccuracy, or corrected it (`fix` names the change).",
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
SUBDIVISION_UPDATE = _r(
    "subdivision",
    "update",
    registry.UpdateSubdivision,
    registry.OrganizationView,
    "An officer renames a subdivision or changes its kind.",
)
SUBDIVISION_CLOSE = _r(
    "subdivision",
    "close",
    registry.CloseSubdivision,
    registry.OrganizationView,
    "An officer closes a subdivision from a day on (its OID stays its own).",
)
EQUIPMENT_UPDATE = _r(
    "equipment",
    "update",
    registry.UpdateEquipment,
    registry.OrganizationView,
    "An officer corrects an item of equipment.",
)
EQUIPMENT_REMOVE = _r(
    "equipment",
    "remove",
    registry.RemoveEquipment,
    registry.OrganizationView,
    "An officer writes an item of equipment off.",
)
LICENCE_REMOVE = _r(
    "licence",
    "remove",
    registry.RemoveLicence,
    registry.OrganizationView,
    "An officer removes an annulled or replaced licence.",
)
ORGANIZATION_SEARCH = _r(
    "organization",
    "search",
    registry.SearchOrganizations,
    registry.OrganizationPage,
    "Public: FRMO organizations by INN, OGRN or words of the name, 100 a page; contacts to staff.",
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

"""The registry's commands and events: FRMR (FRMO's are in `registry_frmo_subjects`)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from egisz.contracts import registry
from egisz.contracts.registry import practice
from egisz.contracts.subjects.naming import Command, Event


# --- registry -------------------------------------------------------------------------------
def _r(
    aggregate: str, verb: str, request: type[BaseModel], result: type[BaseModel], summary: str
) -> Command:
    return Command(f"egisz.registry.cmd.{aggregate}.{verb}", request, result, summary)


def _re(aggregate: str, name: str, data: type[BaseModel], summary: str) -> Event[Any]:
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
PRACTITIONER_MAY_PRACTISE = _r(
    "practitioner",
    "may_practise",
    practice.AskMayPractise,
    practice.PracticeAnswer,
    "Public: may the person practise the speciality on the day, and why (accreditation's standing, "
    "certificate); no personal data.",
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

# --- the register of students and graduates -------------------------------------------------
LEARNER_IMPORT = _r(
    "learner",
    "import",
    registry.ImportLearners,
    registry.ImportLearnersResult,
    "An educational organization's file of up to 500 rows (students and graduates); each row "
    "answered on its own, re-sent rows change nothing.",
)
LEARNER_GET = _r(
    "learner",
    "get",
    registry.GetLearner,
    registry.LearnerView,
    "A learner's record by SNILS: the learner their own, FAC staff, the support desk, services.",
)
LEARNER_REVIEW_QUEUE = _r(
    "learner",
    "review_queue",
    registry.ListLearnerHolds,
    registry.LearnerHoldsPage,
    "The support desk's queue of learner rows held for review (a SNILS already in the register "
    "with another birth date), oldest first.",
)
LEARNER_RECORDED = _re(
    "learner",
    "recorded",
    registry.LearnerRecorded,
    "A learner's record was created or changed by an import (the whole record).",
)

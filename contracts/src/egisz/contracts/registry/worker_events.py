"""FRMR: events about worker records."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from egisz.contracts.bounds import Int
from egisz.contracts.envelope import EventData
from egisz.contracts.registry.vocabulary import DuplicateDecision, EntryKind, Sex
from egisz.contracts.registry.workers import (
    AccreditationRecord,
    Certificate,
    Education,
    EmploymentRecord,
    QualificationCategory,
)


# --- events ---------------------------------------------------------------------------------
class WorkerChange(EventData):
    """What every event about a worker record carries."""

    worker_id: str
    snils: str
    record_version: Int = Field(
        default=0,
        description="The record's version after this change: a consumer keeps the highest, so "
        "events redelivered or out of order do not roll its projection back.",
    )


class WorkerRegistered(WorkerChange):
    last_name: str
    first_name: str
    middle_name: str | None = None
    birth_date: date
    sex: Sex | None = Field(default=None, description="As the record says; absent if unsaid.")
    registered_by_org: str | None = Field(default=None, description="OID of the officer's org.")
    email: str | None = None
    phone: str | None = None


class WorkerFlaggedAsDuplicate(EventData):
    worker_id: str
    similar_to: list[str]
    registered_by_org: str | None = None
    reasons: list[str] = Field(
        default_factory=list, description="Why each of `similar_to` is likely this person."
    )


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
    sex: Sex | None = Field(default=None, description="As the record says; absent if unsaid.")
    email: str | None = None
    phone: str | None = None


class EmploymentStarted(WorkerChange):
    employment: EmploymentRecord
    current: bool | None = Field(
        default=None,
        description="The registry's word on whether the job is current on the day of the "
        "change (not ended then: one starting later is). Absent in events before 0.7.0.",
    )


class EmploymentEnded(WorkerChange):
    employment: EmploymentRecord
    current: bool | None = Field(
        default=None,
        description="True while an end date still lies ahead: the job goes on until then. "
        "Absent in events before 0.7.0.",
    )


class EducationAdded(WorkerChange):
    education: Education


class CertificateAdded(WorkerChange):
    certificate: Certificate


class CategoryAssigned(WorkerChange):
    category: QualificationCategory


class AccreditationRecorded(WorkerChange):
    accreditation: AccreditationRecord


class EntryRevised(WorkerChange):
    kind: EntryKind
    entry_id: str
    revision: Int
    reason: str
    correction_id: str | None = None


class EntryCorrected(EntryRevised):
    """The entry as it reads now, in the field of its kind (the others are absent)."""

    education: Education | None = None
    certificate: Certificate | None = None
    category: QualificationCategory | None = None
    employment: EmploymentRecord | None = None


class EntryAnnulled(EntryRevised):
    """The entry is gone from the record: a projection drops it."""

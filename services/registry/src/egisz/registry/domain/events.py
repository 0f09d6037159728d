"""What happens to a worker record: the events the aggregate records, each carrying the record
as it is after the change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from egisz.registry.domain.parts import (
    AccreditationRecord,
    Certificate,
    DuplicateDecision,
    Education,
    EmploymentRecord,
    Entry,
    EntryRevision,
    QualificationCategory,
)

if TYPE_CHECKING:
    from egisz.registry.domain.model import Worker


@dataclass(frozen=True)
class WorkerRegistered:
    worker: Worker


@dataclass(frozen=True)
class WorkerFlaggedAsDuplicate:
    worker: Worker
    similar_to: tuple[str, ...]


@dataclass(frozen=True)
class DuplicateResolved:
    worker_id: str
    decision: DuplicateDecision
    comment: str | None


@dataclass(frozen=True)
class WorkerUpdated:
    worker: Worker
    sections: tuple[str, ...]


@dataclass(frozen=True)
class EmploymentStarted:
    worker: Worker
    employment: EmploymentRecord
    current: bool  # the job has not ended on the day of the change (`has_ended`)


@dataclass(frozen=True)
class EmploymentEnded:
    worker: Worker
    employment: EmploymentRecord
    current: bool  # an end date still ahead: the job goes on until then


@dataclass(frozen=True)
class EducationAdded:
    worker: Worker
    education: Education


@dataclass(frozen=True)
class CertificateAdded:
    worker: Worker
    certificate: Certificate


@dataclass(frozen=True)
class CategoryAssigned:
    worker: Worker
    category: QualificationCategory


@dataclass(frozen=True)
class AccreditationRecorded:
    worker: Worker
    accreditation: AccreditationRecord


@dataclass(frozen=True)
class EntryCorrected:
    worker: Worker
    revision: EntryRevision
    entry: Entry  # as it reads now


@dataclass(frozen=True)
class EntryAnnulled:
    worker: Worker
    revision: EntryRevision


DomainEvent = (
    WorkerRegistered
    | WorkerFlaggedAsDuplicate
    | DuplicateResolved
    | WorkerUpdated
    | EmploymentStarted
    | EmploymentEnded
    | EducationAdded
    | CertificateAdded
    | CategoryAssigned
    | AccreditationRecorded
    | EntryCorrected
    | EntryAnnulled
)

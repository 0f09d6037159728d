"""What happens to a worker record: the events the aggregate records, each carrying the record's
state as the change leaves it (`RecordState`), never the aggregate itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from egisz.registry.domain.people import Contacts, FullName, Sex
from egisz.registry.frmr.domain.parts import (
    AccreditationRecord,
    Certificate,
    DuplicateDecision,
    Education,
    EmploymentRecord,
    Entry,
    EntryRevision,
    QualificationCategory,
)


@dataclass(frozen=True)
class RecordState:
    """The record as a change leaves it, taken when the event is recorded: what every event about
    a worker says of the record. Frozen and apart from the aggregate, so a later change never
    reaches an event already recorded."""

    worker_id: str
    snils: str
    record_version: int  # the version the change makes: a record is saved once per change
    name: FullName
    birth_date: date
    contacts: Contacts
    registered_by_org: str | None
    sex: Sex | None = None  # for the workforce's structure (reporting), never the person's name


@dataclass(frozen=True)
class WorkerRegistered:
    record: RecordState


@dataclass(frozen=True)
class WorkerFlaggedAsDuplicate:
    record: RecordState
    similar_to: tuple[str, ...]
    reasons: tuple[str, ...] = ()  # why each is likely the same person


@dataclass(frozen=True)
class DuplicateResolved:
    worker_id: str
    decision: DuplicateDecision
    comment: str | None


@dataclass(frozen=True)
class WorkerUpdated:
    record: RecordState
    sections: tuple[str, ...]


@dataclass(frozen=True)
class EmploymentStarted:
    record: RecordState
    employment: EmploymentRecord
    current: bool  # the job has not ended on the day of the change (`has_ended`)


@dataclass(frozen=True)
class EmploymentEnded:
    record: RecordState
    employment: EmploymentRecord
    current: bool  # an end date still ahead: the job goes on until then


@dataclass(frozen=True)
class EducationAdded:
    record: RecordState
    education: Education


@dataclass(frozen=True)
class CertificateAdded:
    record: RecordState
    certificate: Certificate


@dataclass(frozen=True)
class CategoryAssigned:
    record: RecordState
    category: QualificationCategory


@dataclass(frozen=True)
class AccreditationRecorded:
    record: RecordState
    accreditation: AccreditationRecord


@dataclass(frozen=True)
class EntryCorrected:
    record: RecordState
    revision: EntryRevision
    entry: Entry  # as it reads now


@dataclass(frozen=True)
class EntryAnnulled:
    record: RecordState
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

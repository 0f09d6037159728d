"""FRMR worker record (личное дело). The aggregate checks every rule and records the events it
causes; no I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from egisz.registry.domain import identifiers
from egisz.registry.domain.checks import Problems
from egisz.registry.domain.people import (
    Address,
    Contacts,
    FullName,
    IdentityDocument,
    PersonalData,
    check_address,
    check_contacts,
    check_identity_document,
    check_personal,
    normalized_contacts,
    normalized_personal,
)
from egisz.registry.frmr.domain.errors import (
    EmploymentNotFoundError,
    EntryNotFoundError,
    NotInReviewError,
    OverlappingMainJobError,
)
from egisz.registry.frmr.domain.events import (
    AccreditationRecorded,
    CategoryAssigned,
    CertificateAdded,
    DomainEvent,
    DuplicateResolved,
    EducationAdded,
    EmploymentEnded,
    EmploymentStarted,
    EntryAnnulled,
    EntryCorrected,
    RecordState,
    WorkerFlaggedAsDuplicate,
    WorkerRegistered,
    WorkerUpdated,
)
from egisz.registry.frmr.domain.likeness import Likeness
from egisz.registry.frmr.domain.parts import (
    MAX_RATE,
    AccreditationRecord,
    Certificate,
    DuplicateDecision,
    Education,
    EmploymentKind,
    EmploymentRecord,
    Entry,
    EntryKind,
    EntryRevision,
    QualificationCategory,
    ReviewStatus,
    RevisionAction,
    check_category,
    check_certificate,
    check_education,
    check_revision,
    kind_of as kind_of,
)
from egisz.registry.frmr.domain.uncoded import UncodedField, uncoded_fields


@dataclass
class Worker:
    id: str
    snils: str
    personal: PersonalData
    registered_at: datetime
    registered_by_org: str | None = None
    identity_document: IdentityDocument | None = None
    registration_address: Address | None = None
    actual_address: Address | None = None
    contacts: Contacts = field(default_factory=Contacts)
    education: list[Education] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)
    accreditations: list[AccreditationRecord] = field(default_factory=list)
    categories: list[QualificationCategory] = field(default_factory=list)
    employments: list[EmploymentRecord] = field(default_factory=list)
    history: list[EntryRevision] = field(default_factory=list)
    review: ReviewStatus = ReviewStatus.ACTIVE
    similar_to: tuple[str, ...] = ()
    similar_because: tuple[str, ...] = ()  # why each of `similar_to` is likely this person
    version: int = 0
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @property
    def name(self) -> FullName:
        return self.personal.name

    def state(self) -> RecordState:
        """What an event recorded now says of the record (the version its save makes)."""
        p, org = self.personal, self.registered_by_org
        return RecordState(
            self.id, self.snils, self.version + 1, p.name, p.birth_date, self.contacts, org, p.sex
        )

    @property
    def organizations(self) -> list[str]:
        """Organizations the record was ever linked to: the one that added it and every
        employer, past ones included (a worker may report an inaccuracy to any of them)."""
        orgs = [self.registered_by_org] if self.registered_by_org else []
        orgs += [e.organization_oid for e in self.employments]
        return list(dict.fromkeys(orgs))

    def linked_to(self, org: str | None) -> bool:
        return org is not None and org in self.organizations

    # --- registration -----------------------------------------------------------------------
    @classmethod
    def register(
        cls,
        *,
        worker_id: str,
        snils: str,
        personal: PersonalData,
        identity_document: IdentityDocument | None = None,
        registration_address: Address | None = None,
        actual_address: Address | None = None,
        contacts: Contacts | None = None,
        today: date,
        now: datetime,
        registered_by_org: str | None,
    ) -> Worker:
        """Check every field at once, so the caller learns all that is wrong in one answer."""
        p = Problems()
        p.snils("snils", snils)
        check_personal(p, personal, today=today)
        if identity_document is not None:
            check_identity_document(p, identity_document, today=today, at="identity_document")
        for at, address in (
            ("registration_address", registration_address),
            ("actual_address", actual_address),
        ):
            if address is not None:
                check_address(p, address, at=at)
        check_contacts(p, contacts or Contacts())
        p.raise_if_any()
        return cls(
            id=worker_id,
            snils=identifiers.normalize_snils(snils),
            personal=normalized_personal(personal),
            identity_document=identity_document,
            registration_address=registration_address,
            actual_address=actual_address,
            contacts=normalized_contacts(contacts or Contacts()),
            registered_at=now,
            registered_by_org=registered_by_org,
        )

    def enter(self, similar: list[tuple[str, Likeness]]) -> None:
        """Enter FRMR, or wait for review when another record is likely the same person
        (`likeness.py`: each with why)."""
        if similar:
            self.review = ReviewStatus.IN_REVIEW
            self.similar_to = tuple(id for id, _ in similar)
            self.similar_because = tuple(found.reason for _, found in similar)
            self.events.append(
                WorkerFlaggedAsDuplicate(self.state(), self.similar_to, self.similar_because)
            )
        else:
            self.events.append(WorkerRegistered(self.state()))

    def resolve_duplicate(
        self, decision: DuplicateDecision, comment: str | None, *, today: date
    ) -> None:
        if self.review is not ReviewStatus.IN_REVIEW:
            raise NotInReviewError()
        self.events.append(DuplicateResolved(self.id, decision, comment))
        if decision is DuplicateDecision.DISTINCT:
            self.review = ReviewStatus.ACTIVE
            self.similar_to = ()
            self.similar_because = ()
            self.events.append(WorkerRegistered(self.state()))
            # Jobs recorded while in review (bulk import) become news only now.
            self.events.extend(
                EmploymentStarted(self.state(), job, not job.has_ended(today))
                for job in self.employments
            )

    # --- edits ------------------------------------------------------------------------------
    def update(
        self,
        *,
        today: date,
        personal: PersonalData | None = None,
        identity_document: IdentityDocument | None = None,
        registration_address: Address | None = None,
        actual_address: Address | None = None,
        contacts: Contacts | None = None,
    ) -> tuple[str, ...]:
        """Replace the given sections; returns the names of those that changed."""
        p = Problems()
        if personal is not None:
            check_personal(p, personal, today=today, prefix="personal.")
        if identity_document is not None:
            check_identity_document(p, identity_document, today=today, at="identity_document")
        for at, address in (
            ("registration_address", registration_address),
            ("actual_address", actual_address),
        ):
            if address is not None:
                check_address(p, address, at=at)
        if contacts is not None:
            check_contacts(p, contacts)
        p.raise_if_any()
        changed: list[str] = []
        candidates = {
            "personal": normalized_personal(personal) if personal else None,
            "identity_document": identity_document,
            "registration_address": registration_address,
            "actual_address": actual_address,
            "contacts": normalized_contacts(contacts) if contacts else None,
        }
        for section, value in candidates.items():
            if value is not None and getattr(self, section) != value:
                setattr(self, section, value)
                changed.append(section)
        if changed:
            self.events.append(WorkerUpdated(self.state(), tuple(changed)))
        return tuple(changed)

    # --- employment -------------------------------------------------------------------------
    def start_employment(self, job: EmploymentRecord, *, today: date) -> EmploymentRecord:
        self._check_employment(job, today=today)
        self.employments.append(job)
        if self.review is ReviewStatus.ACTIVE:
            self.events.append(EmploymentStarted(self.state(), job, not job.has_ended(today)))
        return job

    def _check_employment(self, job: EmploymentRecord, *, today: date) -> None:
        """A job's own fields, then its place among the record's other jobs (a correction is
        not compared with the entry it replaces)."""
        p = Problems()
        p.text("position", job.position)
        if not Decimal(0) < job.rate <= MAX_RATE:
            p.add("rate", f"Ставка — больше 0 и не больше {MAX_RATE}", "range")
        p.past_date("start_date", job.start_date, today=today)
        p.period("start_date", job.start_date, "end_date", job.end_date)
        if job.end_date is not None and job.dismissal_reason is None:
            p.add(
                "dismissal_reason", "Для завершённой работы укажите причину увольнения", "missing"
            )
        p.raise_if_any()
        if job.kind is EmploymentKind.MAIN:
            for other in self.employments:
                if (
                    other.id != job.id
                    and other.kind is EmploymentKind.MAIN
                    and other.overlaps(job.start_date, job.end_date)
                ):
                    raise OverlappingMainJobError(
                        f"Основное место работы пересекается с работой в {other.organization_oid} "
                        f"с {other.start_date.isoformat()}: сначала укажите дату увольнения"
                    )

    def end_employment(
        self,
        employment_id: str,
        *,
        end_date: date,
        reason: str,
        today: date,
        reason_code: str | None = None,
    ) -> EmploymentRecord:
        job = next((e for e in self.employments if e.id == employment_id), None)
        if job is None:
            raise EmploymentNotFoundError()
        p = Problems()
        p.text("dismissal_reason", reason)
        p.period("start_date", job.start_date, "end_date", end_date)
        if job.end_date is not None:
            p.add("employment_id", "Эта работа уже завершена", "already_ended")
        if end_date > today + timedelta(days=366):
            p.add("end_date", "Дата увольнения — не дальше года вперёд", "too_far")
        p.raise_if_any()
        ended = replace(
            job,
            end_date=end_date,
            dismissal_reason=reason.strip(),
            dismissal_reason_code=reason_code,
        )
        self.employments[self.employments.index(job)] = ended
        self.events.append(EmploymentEnded(self.state(), ended, not ended.has_ended(today)))
        return ended

    @property
    def uncoded_fields(self) -> list[UncodedField]:
        """Fields of the entries in text only, waiting for a code (the reference books' queue)."""
        return uncoded_fields(e for kind in EntryKind for e in self.entries(kind))

    def current_employments(self, today: date) -> list[EmploymentRecord]:
        return [e for e in self.employments if e.is_current(today)]

    def positions_at(self, org: str, today: date) -> list[str]:
        """The positions the person holds at `org` today."""
        return [e.position for e in self.current_employments(today) if e.organization_oid == org]

    def public_specialities(self, today: date) -> list[str]:
        """What public verification shows a person practises: every accreditation's speciality
        and every certificate still valid, each once."""
        found = [a.speciality for a in self.accreditations if a.in_force(today)]
        found += [c.speciality for c in self.certificates if c.valid_until >= today]
        return list(dict.fromkeys(found))

    # --- education, certificates, categories, accreditation ---------------------------------
    def add_education(self, item: Education, *, today: date) -> Education:
        self._check_education(item, today=today)
        self.education.append(item)
        self.events.append(EducationAdded(self.state(), item))
        return item

    def _check_education(self, item: Education, *, today: date) -> None:
        check_education(item, today=today, others=self.education)

    def add_certificate(self, cert: Certificate, *, today: date) -> Certificate:
        self._check_certificate(cert, today=today)
        self.certificates.append(cert)
        self.events.append(CertificateAdded(self.state(), cert))
        return cert

    def _check_certificate(self, cert: Certificate, *, today: date) -> None:
        check_certificate(cert, today=today, others=self.certificates)

    def assign_category(self, item: QualificationCategory, *, today: date) -> None:
        self._check_category(item, today=today)
        self.categories.append(item)
        self.events.append(CategoryAssigned(self.state(), item))

    def _check_category(self, item: QualificationCategory, *, today: date) -> None:
        check_category(item, today=today)

    # --- corrections and annulments ---------------------------------------------------------
    def entries(self, kind: EntryKind) -> list[Entry]:
        found: list[Entry] = {
            EntryKind.EDUCATION: self.education,
            EntryKind.CERTIFICATE: self.certificates,
            EntryKind.CATEGORY: self.categories,
            EntryKind.EMPLOYMENT: self.employments,
        }[kind]  # type: ignore[assignment]
        return found

    def entry(self, kind: EntryKind, entry_id: str) -> Entry:
        found = next((e for e in self.entries(kind) if e.id == entry_id), None)
        if found is None:
            raise EntryNotFoundError()
        return found

    def correct_entry(
        self,
        corrected: Entry,
        *,
        reason: str,
        by_org: str | None,
        today: date,
        now: datetime,
        correction_id: str | None = None,
    ) -> EntryRevision:
        """The entry with `corrected.id` now reads `corrected`, checked as when it was added;
        what it said before stays in the history with the reason."""
        kind = kind_of(corrected)
        previous = self.entry(kind, corrected.id)
        if (
            isinstance(previous, EmploymentRecord)
            and isinstance(corrected, EmploymentRecord)
            and corrected.organization_oid != previous.organization_oid
        ):
            raise ValueError("a job's organization is not corrected: annul it, add another")
        check_revision(reason, previous=previous, corrected=corrected)
        match corrected:
            case Education():
                self._check_education(corrected, today=today)
            case Certificate():
                self._check_certificate(corrected, today=today)
            case QualificationCategory():
                self._check_category(corrected, today=today)
            case EmploymentRecord():
                self._check_employment(corrected, today=today)
        entries = self.entries(kind)
        entries[entries.index(previous)] = corrected
        revision = self._revise(
            kind, previous, RevisionAction.CORRECTED, reason, by_org, now, correction_id
        )
        self.events.append(EntryCorrected(self.state(), revision, corrected))
        return revision

    def annul_entry(
        self,
        kind: EntryKind,
        entry_id: str,
        *,
        reason: str,
        by_org: str | None,
        now: datetime,
        correction_id: str | None = None,
    ) -> EntryRevision:
        """An entry made in error leaves the record; the history keeps it with the reason."""
        previous = self.entry(kind, entry_id)
        check_revision(reason, previous=previous, corrected=None)
        self.entries(kind).remove(previous)
        revision = self._revise(
            kind, previous, RevisionAction.ANNULLED, reason, by_org, now, correction_id
        )
        self.events.append(EntryAnnulled(self.state(), revision))
        return revision

    def _revise(
        self,
        kind: EntryKind,
        previous: Entry,
        action: RevisionAction,
        reason: str,
        by_org: str | None,
        now: datetime,
        correction_id: str | None,
    ) -> EntryRevision:
        revision = EntryRevision(
            number=len(self.history) + 1,
            kind=kind,
            entry_id=previous.id,
            action=action,
            previous=previous,
            reason=reason.strip(),
            by_org=by_org,
            at=now,
            correction_id=correction_id,
        )
        self.history.append(revision)
        return revision

    def record_accreditation(self, record: AccreditationRecord) -> bool:
        """Record a passed accreditation, then each later word of the center on its standing
        (a history only grows: a shorter one is an older event); the same again changes nothing."""
        known = next((a for a in self.accreditations if a.id == record.id), None)
        if known is not None and len(known.standing) >= len(record.standing):
            return False
        at = self.accreditations.index(known) if known else len(self.accreditations)
        self.accreditations[at : at + 1] = [
            replace(known, standing=record.standing) if known else record
        ]
        self.events.append(AccreditationRecorded(self.state(), self.accreditations[at]))
        return True

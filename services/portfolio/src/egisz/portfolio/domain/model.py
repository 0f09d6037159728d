"""One portfolio per worker, opened when the worker appears in FRMR.

The professional part (отчёт о профессиональной деятельности) is projected from the registry's
employment events — the snapshot with the highest record version wins, so redelivered or
out-of-order events never roll it back — plus what the worker writes: key skills and notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from egisz.kernel.errors import InvalidInputError, Problems
from egisz.portfolio.domain import documents
from egisz.portfolio.domain.approval import (
    ApprovalDecision,
    ApprovalRequest,
    ApprovalStatus,
    Decision,
    FrmoOrganization,
    Method,
    NotRequiredReason,
    SignatureScheme,
    canonical_report,
    grounds_refused,
)
from egisz.portfolio.domain.documents import AttachedDocument, Limits, Purpose, check_room
from egisz.portfolio.domain.education import SELF_DECLARABLE, EducationItem
from egisz.portfolio.domain.errors import (
    ApprovalAlreadyGivenError,
    ApprovalNotFoundError,
    ApprovalNotPendingError,
    DocumentNotFoundError,
    PaperApprovalNotFoundError,
    SignatureInvalidError,
)
from egisz.portfolio.domain.events import (
    ApprovalDecided,
    ApprovalNotRequired,
    ApprovalRequested,
    DocumentAttached,
    DocumentRemoved,
    DomainEvent,
    EducationUpdated,
    PortfolioOpened,
    PortfolioState,
    ProfessionalPartUpdated,
    SnapshotTaken,
    Source,
)
from egisz.portfolio.domain.experience import REPORT_YEARS, ExperienceEntry, in_report
from egisz.portfolio.domain.names import person_key
from egisz.portfolio.domain.own_experience import OwnLine, WorkersWord, with_dismissals

SKILLS_MAX = 30
SKILL_MAX_CHARS = 200
NOTES_MAX_CHARS = 5000


@dataclass
class Portfolio(WorkersWord):
    id: str
    worker_id: str
    snils: str
    created_at: datetime
    approval_status: ApprovalStatus = ApprovalStatus.CREATED
    experience: list[ExperienceEntry] = field(default_factory=list)
    key_skills: list[str] = field(default_factory=list)
    experience_notes: str | None = None
    own_experience: list[OwnLine] = field(default_factory=list)  # the worker's word
    dismissals: dict[str, date] = field(default_factory=dict)  # job → the worker's date
    professional_version: int = 0  # bumps on every change of the report's content
    approval_request: ApprovalRequest | None = None
    approval_decision: ApprovalDecision | None = None
    not_required_reason: NotRequiredReason | None = None
    documents: list[AttachedDocument] = field(default_factory=list)
    education: list[EducationItem] = field(default_factory=list)
    last_name: str | None = None  # as FRMR has it now: documents under another name need proof
    full_name: str | None = None  # as FRMR has it now: is the worker the head FRMO records?
    # FRMR entries annulled: their `added` or `corrected`, arriving late, bring nothing back.
    annulled: list[str] = field(default_factory=list)
    snapshots_taken: int = 0
    version: int = 0
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    def state(self) -> PortfolioState:
        """What an event recorded now says of the portfolio."""
        return PortfolioState(
            self.id, self.worker_id, self.professional_version, self.approval_status
        )

    @classmethod
    def open_for(cls, *, portfolio_id: str, worker_id: str, snils: str, now: datetime) -> Portfolio:
        portfolio = cls(id=portfolio_id, worker_id=worker_id, snils=snils, created_at=now)
        portfolio.events.append(PortfolioOpened(portfolio_id, worker_id))
        return portfolio

    # --- the professional part --------------------------------------------------------------
    def _professional_changed(self, source: Source) -> None:
        """The report is another one now: an approval given or asked for no longer holds."""
        self.professional_version += 1
        reset = self.approval_status in (ApprovalStatus.APPROVED, ApprovalStatus.PENDING)
        if reset:
            self.approval_status = ApprovalStatus.CREATED
            self.approval_request = self.approval_decision = None
        self.events.append(ProfessionalPartUpdated(self.state(), source, reset))

    def _worker_changed(self) -> None:
        self._professional_changed(Source.WORKER)

    def apply_employment(self, entry: ExperienceEntry) -> bool:
        """Take the registry's snapshot of a job unless a later one is already here."""
        if entry.employment_id in self.annulled:
            return False
        index = next(
            (i for i, e in enumerate(self.experience) if e.employment_id == entry.employment_id),
            None,
        )
        if index is None:
            self.experience.append(entry)
            self.experience.sort(key=lambda e: (e.start_date, e.employment_id))
        elif self.experience[index].record_version >= entry.record_version:
            return False
        else:
            self.experience[index] = entry
        self.employer_spoke(entry)
        self._professional_changed(Source.REGISTRY)
        return True

    def edit_professional(self, *, key_skills: list[str], notes: str | None) -> bool:
        p = Problems()
        skills = [s.strip() for s in key_skills if s.strip()]
        if len(skills) > SKILLS_MAX:
            p.add("key_skills", f"Не больше {SKILLS_MAX} ключевых навыков", "too_many")
        for i, skill in enumerate(skills):
            if len(skill) > SKILL_MAX_CHARS:
                p.add(f"key_skills.{i}", f"Не длиннее {SKILL_MAX_CHARS} символов", "too_long")
        if notes is not None and len(notes) > NOTES_MAX_CHARS:
            p.add("experience_notes", f"Не длиннее {NOTES_MAX_CHARS} символов", "too_long")
        p.raise_if_any()
        cleaned = (notes or "").strip() or None
        if (skills, cleaned) == (self.key_skills, self.experience_notes):
            return False
        self.key_skills, self.experience_notes = list(dict.fromkeys(skills)), cleaned
        self._professional_changed(Source.WORKER)
        return True

    @property
    def reported_experience(self) -> list[ExperienceEntry]:
        """FRMR's jobs as the report counts them: with the worker's dismissal dates."""
        return with_dismissals(self.experience, self.dismissals)

    def employed_on(self, day: date) -> bool:
        return any(e.current(day) for e in self.reported_experience)

    # --- approval (согласование) ------------------------------------------------------------
    def request_approval(
        self,
        *,
        request_id: str,
        organization_oid: str,
        head_name: str,
        comment: str | None,
        now: datetime,
    ) -> ApprovalRequest:
        """Send this version of the report to the head of an organization of the report."""
        if self.approval_status in (ApprovalStatus.PENDING, ApprovalStatus.APPROVED):
            raise ApprovalAlreadyGivenError()
        p = Problems()
        if organization_oid not in {e.organization_oid for e in self.report(now.date())}:
            p.add(
                "organization_oid",
                "Отчёт согласует руководитель организации, где вы работали в отчётном периоде",
                "not_in_report",
            )
        name = " ".join(head_name.split())
        if len(name.split()) < 2 or any(ch.isdigit() for ch in name):
            p.add("head_name", "Укажите фамилию, имя и отчество руководителя", "format")
        if comment is not None and len(comment) > 1000:
            p.add("comment", "Не длиннее 1000 символов", "too_long")
        p.raise_if_any()
        request = ApprovalRequest(
            request_id,
            organization_oid,
            name,
            (comment or "").strip() or None,
            now,
            self.professional_version,
        )
        self.approval_request, self.approval_decision = request, None
        self.not_required_reason = None
        self.approval_status = ApprovalStatus.PENDING
        self.events.append(ApprovalRequested(self.state(), request))
        return request

    def addressed_to(self, organization_oid: str | None, head_name: str | None) -> bool:
        r = self.approval_request
        return (
            self.approval_status is ApprovalStatus.PENDING
            and r is not None
            and r.organization_oid == organization_oid
            and r.head_key == person_key(head_name or "")
        )

    def awaits_head(self, organization_oid: str | None, head_name: str | None) -> bool:
        """A report waiting on this head's decision, or on their word on its paper approval."""
        if self.addressed_to(organization_oid, head_name):
            return True
        r, d = self.approval_request, self.approval_decision
        return (
            self.approval_status is ApprovalStatus.APPROVED
            and d is not None
            and d.paper_confirmed is False
            and r is not None
            and r.organization_oid == organization_oid
            and r.head_key == person_key(head_name or "")
        )

    def confirm_paper_approval(
        self,
        *,
        organization_oid: str | None,
        head_name: str | None,
        by: str,
        confirmed: bool,
        reason: str | None,
        now: datetime,
    ) -> ApprovalDecision:
        """The head says in the system whether the scanned paper report is theirs: confirmed, it
        stands as given; disowned, the report is «Не согласовано» with their reason."""
        d = self.approval_decision
        pending = self.addressed_to(organization_oid, head_name)
        if d is None or pending or not self.awaits_head(organization_oid, head_name):
            raise PaperApprovalNotFoundError()
        if confirmed:
            made = replace(d, confirmed_by=by, confirmed_at=now)
        else:
            if not (reason or "").strip():
                p = Problems()
                p.add("reason", "Укажите, почему вы не подтверждаете согласование", "missing")
                p.raise_if_any()
            made = replace(
                d,
                decision=Decision.REJECTED,
                reason="Руководитель не подтвердил согласование бумажного отчёта: "
                + (reason or "").strip(),
                confirmed_by=by,
                confirmed_at=now,
            )
            self.approval_status = ApprovalStatus.REJECTED
        self.approval_decision = made
        self.events.append(ApprovalDecided(self.state(), made))
        return made

    def decide(
        self,
        *,
        decision: Decision,
        organization_oid: str | None,
        head_name: str | None,
        by: str,
        reason: str | None,
        signature: bytes,
        signature_b64: str,
        scheme: SignatureScheme,
        public_key: bytes,
        now: datetime,
    ) -> ApprovalDecision:
        """The head's decision, signed over the exact version of the report they were sent."""
        if not self.addressed_to(organization_oid, head_name):
            raise ApprovalNotFoundError()
        if decision is Decision.REJECTED and not (reason or "").strip():
            p = Problems()
            p.add("reason", "Укажите причину отказа в согласовании", "missing")
            p.raise_if_any()
        if not scheme.verify(public_key, canonical_report(self), signature):
            raise SignatureInvalidError()
        made = ApprovalDecision(
            decision,
            Method.SIGNATURE,
            by,
            now,
            (reason or "").strip() or None,
            scheme.name,
            signature_b64,
        )
        return self._record(made)

    def _record(self, made: ApprovalDecision) -> ApprovalDecision:
        if self.approval_status is not ApprovalStatus.PENDING:
            raise ApprovalNotPendingError()
        self.approval_decision = made
        self.approval_status = (
            ApprovalStatus.APPROVED
            if made.decision is Decision.APPROVED
            else ApprovalStatus.REJECTED
        )
        self.events.append(ApprovalDecided(self.state(), made))
        return made

    def take_snapshot(self, snapshot_id: str, now: datetime) -> int:
        """Number the next snapshot of this portfolio."""
        self.snapshots_taken += 1
        self.events.append(SnapshotTaken(self.state(), snapshot_id, self.snapshots_taken, now))
        return self.snapshots_taken

    # --- the educational part -----------------------------------------------------------------
    def apply_registry_education(self, item: EducationItem) -> bool:
        """An item as FRMR says it, unless a later word of FRMR is already here (the same item
        again, a correction processed first, an annulment)."""
        if item.id in self.annulled:
            return False
        known = next((i for i in self.education if i.id == item.id), None)
        if known is not None:
            if known.record_version >= item.record_version:
                return False
            self.education.remove(known)
        self.education.append(item)
        self.education.sort(key=lambda i: (i.issued_on, i.id))
        self.events.append(EducationUpdated(self.state(), item))
        return True

    def drop_registry_entry(self, entry_id: str) -> bool:
        """FRMR annulled an entry: an education item or a job leaves the portfolio for good."""
        if entry_id in self.annulled:
            return False
        self.annulled.append(entry_id)
        item = next((i for i in self.education if i.id == entry_id and i.registry_confirmed), None)
        if item is not None:
            self.education.remove(item)
            self.events.append(EducationUpdated(self.state(), item, removed=True))
        job = next((e for e in self.experience if e.employment_id == entry_id), None)
        if job is not None:
            self.experience.remove(job)
            self._professional_changed(Source.REGISTRY)
        return True

    def declare_education(self, item: EducationItem, *, today: date) -> None:
        """An item the worker adds: self-declared, checked like any other."""
        p = Problems()
        if item.kind not in SELF_DECLARABLE:
            p.add("kind", "Аккредитацию и категорию вносит организация через ФРМР", "registry_only")
        if not item.title.strip():
            p.add("title", "Укажите организацию или программу", "missing")
        if item.issued_on > today:
            p.add("issued_on", "Дата не может быть в будущем", "future")
        if item.valid_until is not None and item.valid_until <= item.issued_on:
            p.add("valid_until", "Срок действия должен быть позже даты выдачи", "before_start")
        if item.kind.counts_for_hours and not item.hours:
            p.add("hours", "Укажите число академических часов", "missing")
        if item.hours is not None and not 0 < item.hours <= 10_000:
            p.add("hours", "Число часов — от 1 до 10000", "range")
        p.raise_if_any()
        self.education.append(item)
        self.education.sort(key=lambda i: (i.issued_on, i.id))
        self.events.append(EducationUpdated(self.state(), item))

    def remove_education(self, item_id: str) -> EducationItem:
        item = next((i for i in self.education if i.id == item_id), None)
        if item is None:
            raise DocumentNotFoundError("В образовании нет такой записи")
        if item.confirmed:
            raise InvalidInputError.of("item_id", item.who_corrects, "registry")
        self.education.remove(item)
        self.events.append(EducationUpdated(self.state(), item, removed=True))
        return item

    # --- documents ----------------------------------------------------------------------------
    def attach(self, document: AttachedDocument, *, limits: Limits, by: str) -> None:
        """Attach a stored PDF; the head's paper report records a paper approval, a paper
        refusal makes the report one that needs no approval."""
        if any(d.document_id == document.document_id for d in self.documents):
            return
        if document.purpose is Purpose.PAPER_APPROVAL and (
            self.approval_status is not ApprovalStatus.PENDING
        ):
            p = Problems()
            p.add(
                "purpose",
                "Скан подписанного отчёта прикладывают к отчёту на согласовании: сначала "
                "отправьте его руководителю",
                "not_pending",
            )
            p.raise_if_any()
        documents.check_proof(document, {e.employment_id for e in self.experience})
        check_room(self.documents, document, limits)
        self.documents.append(document)
        self.events.append(DocumentAttached(self.state(), document))
        if document.purpose is Purpose.ADDITIONAL:  # part of the report itself
            self._professional_changed(Source.WORKER)
        elif document.purpose is Purpose.PAPER_APPROVAL:
            self._record(
                ApprovalDecision(
                    Decision.APPROVED,
                    Method.PAPER,
                    by,
                    document.attached_at,
                    document_id=document.document_id,
                )
            )
        elif document.purpose is Purpose.MOTIVATED_REFUSAL:
            self._not_required(NotRequiredReason.MOTIVATED_REFUSAL, document.attached_at)

    def remove_document(self, document_id: str) -> AttachedDocument:
        document = next((d for d in self.documents if d.document_id == document_id), None)
        if document is None:
            raise DocumentNotFoundError()
        self.documents.remove(document)
        self.events.append(DocumentRemoved(self.state(), document))
        if document.purpose is Purpose.ADDITIONAL:
            self._professional_changed(Source.WORKER)
        grounds = self.approval_decision.document_id if self.approval_decision else None
        if document_id == grounds or (
            document.purpose is Purpose.MOTIVATED_REFUSAL
            and self.not_required_reason is NotRequiredReason.MOTIVATED_REFUSAL
        ):
            # What the approval (or its absence) rested on is gone.
            self.approval_status = ApprovalStatus.CREATED
            self.approval_request = self.approval_decision = None
            self.not_required_reason = None
        return document

    def declare_not_required(
        self,
        reason: NotRequiredReason,
        *,
        now: datetime,
        workplaces: Sequence[FrmoOrganization] = (),
    ) -> None:
        """An application may go without an approved report only on these grounds, as FRMR and
        FRMO bear them out (`workplaces`: what FRMO says of the current jobs' organizations)."""
        if self.approval_status is ApprovalStatus.APPROVED:
            raise ApprovalAlreadyGivenError()
        employed = self.employed_on(now.date())
        if refused := grounds_refused(reason, employed, self.full_name, list(workplaces)):
            raise InvalidInputError.of("reason", *refused)
        self._not_required(reason, now)

    def _not_required(self, reason: NotRequiredReason, now: datetime) -> None:
        self.approval_status = ApprovalStatus.NOT_REQUIRED
        self.not_required_reason = reason
        self.approval_request = None
        self.events.append(ApprovalNotRequired(self.state(), reason, now))

    def report(self, today: date, years: int = REPORT_YEARS) -> list[ExperienceEntry]:
        return in_report(self.reported_experience, today, years)

"""An accreditation application (заявление): its life from forming to the commission's decision
and the review deadlines in working days (its kinds and statuses are in `status.py`). Pure: no
I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from egisz.accreditation.domain.errors import (
    DocumentsAlreadyCheckedError,
    DocumentsNotCheckedError,
    IllegalTransitionError,
)
from egisz.accreditation.domain.model import ContactDetails, PersonalData
from egisz.accreditation.domain.standing import (
    Standing,
    StandingAction,
    StandingChange,
    check_change,
    standing_on,
)
from egisz.accreditation.domain.status import TRANSITIONS, Kind, Status, valid_until
from egisz.accreditation.domain.working_days import ReviewTerms
from egisz.kernel.coding import same_coded
from egisz.kernel.errors import InvalidInputError, Problems

PAPER_APPROVAL_INVALID = (
    "Согласование отчёта по скану бумажного документа не принято: попросите руководителя "
    "подтвердить его в системе или согласовать отчёт электронной подписью"
)


# --- the application ------------------------------------------------------------------------
@dataclass(frozen=True)
class ApplicationDocument:
    document_id: str
    filename: str
    size: int


@dataclass(frozen=True)
class Transition:
    status: Status
    actor: str
    at: datetime
    reason: str | None = None


@dataclass(frozen=True)
class Decision:
    passed: bool
    protocol_number: str
    decided_on: date
    valid_until: date | None


@dataclass(frozen=True)
class StatusChanged:
    application: Application
    transition: Transition


@dataclass(frozen=True)
class DeadlineMissed:
    application: Application
    stage: str  # documents_check | decision
    due: date


@dataclass(frozen=True)
class DocumentsChecked:
    """«Документы проверены»: the first stage closed; the commission's 15 days run from here."""

    application: Application
    checked_on: date
    actor: str


@dataclass(frozen=True)
class Submitted:
    application: Application
    at: datetime


@dataclass(frozen=True)
class Passed:
    """A pass, for the registry to write into the worker's record."""

    application: Application
    decision: Decision


@dataclass(frozen=True)
class StandingChanged:
    application: Application
    change: StandingChange


ApplicationEvent = (
    StatusChanged | DeadlineMissed | DocumentsChecked | Submitted | Passed | StandingChanged
)


@dataclass
class Application:
    id: str
    worker_id: str
    snils: str
    kind: Kind
    speciality: str
    education_level: str
    consent: bool
    comment: str | None
    created_at: datetime
    personal: PersonalData | None = None  # from FRMR (or the register of graduates) when formed
    speciality_code: str | None = None  # in the specialities' book; None: the speciality as text
    status: Status = Status.FORMED
    history: list[Transition] = field(default_factory=list)
    snapshot_id: str | None = None
    submitted_at: datetime | None = None
    documents: list[ApplicationDocument] = field(default_factory=list)
    intake_number: str | None = None  # the center's, from its receipt
    documents_check_due: date | None = None
    documents_checked_on: date | None = None
    documents_checked_by: str | None = None
    decision_due: date | None = None
    missed: list[str] = field(default_factory=list)
    decision: Decision | None = None
    channel: str = "portal"  # portal | post: a paper application the center registered
    frmr_pending: bool = False  # passed by someone not in FRMR yet: recorded when they enter
    contacts: ContactDetails = field(default_factory=ContactDetails)  # «контакты для связи»
    standing: list[StandingChange] = field(default_factory=list)  # a pass: suspended, revoked…
    version: int = 0
    events: list[ApplicationEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def form(
        cls,
        *,
        application_id: str,
        worker_id: str,
        snils: str,
        kind: Kind,
        speciality: str,
        education_level: str,
        consent: bool,
        comment: str | None,
        actor: str,
        now: datetime,
        personal: PersonalData | None = None,
        speciality_code: str | None = None,
        contacts: ContactDetails | None = None,
    ) -> Application:
        """`contacts`: as the applicant gave them (checked by `ContactDetails.given`); each one
        left out is the record's as of now."""
        p = Problems()
        if not speciality.strip():
            p.add("speciality", "Укажите специальность", "missing")
        if not education_level.strip():
            p.add("education_level", "Укажите уровень образования", "missing")
        if comment is not None and len(comment) > 2000:
            p.add("comment", "Не длиннее 2000 символов", "too_long")
        p.raise_if_any()
        application = cls(
            application_id,
            worker_id,
            snils,
            kind,
            speciality.strip(),
            education_level.strip(),
            consent,
            (comment or "").strip() or None,
            now,
            personal,
            speciality_code,
        )
        application.contacts = (contacts or ContactDetails()).or_else(personal)
        application._record(Transition(Status.FORMED, actor, now))
        return application

    @classmethod
    def by_post(
        cls,
        *,
        application_id: str,
        snils: str,
        personal: PersonalData,
        kind: Kind,
        speciality: str,
        education_level: str,
        actor: str,
        received_on: date,
        now: datetime,
        terms: ReviewTerms,
        speciality_code: str | None = None,
    ) -> Application:
        """A paper application from someone not in FRMR (seed 000: by post only then), taken in
        by the center: under review from the day it arrived, with its deadlines."""
        if received_on > now.date():
            raise InvalidInputError.of(
                "received_on", "Дата поступления не может быть в будущем", "future"
            )
        application = cls.form(
            application_id=application_id,
            worker_id="",  # not in FRMR
            snils=snils,
            kind=kind,
            speciality=speciality,
            education_level=education_level,
            consent=True,  # signed on the paper application
            comment=None,
            actor=actor,
            now=now,
            personal=personal,
            speciality_code=speciality_code,
        )
        application.channel = "post"
        application.submitted_at = now
        arrived = datetime.combine(received_on, now.timetz())
        application.delivered(now=arrived, terms=terms)
        return application

    def entered_frmr(self, worker_id: str) -> bool:
        """The person who passed while not in FRMR (by post, or a graduate) has entered it: the pass
        goes to their record now."""
        if not self.frmr_pending or self.decision is None:
            return False
        self.worker_id, self.frmr_pending = worker_id, False
        self.events.append(Passed(self, self.decision))
        return True

    @property
    def active(self) -> bool:
        return not self.status.final

    def same_speciality(self, other: Application) -> bool:
        """By the book's code where both have one; else by name (case, «ё», spacing aside)."""
        return same_coded(
            self.speciality_code, self.speciality, other.speciality_code, other.speciality
        )

    def _record(self, step: Transition) -> None:
        self.history.append(step)
        self.events.append(StatusChanged(self, step))

    def _move(self, to: Status, *, actor: str, now: datetime, reason: str | None = None) -> None:
        if to not in TRANSITIONS[self.status]:
            raise IllegalTransitionError(
                f"Заявление в статусе «{self.status.label}» нельзя перевести в «{to.label}»"
            )
        self.status = to
        self._record(Transition(to, actor, now, (reason or "").strip() or None))

    @property
    def documents_bytes(self) -> int:
        return sum(d.size for d in self.documents)

    def attach(self, document: ApplicationDocument, *, max_bytes: int) -> None:
        """Extra documents, until the application is sent; their total within the limit."""
        if self.status not in (Status.FORMED, Status.NOT_DELIVERED):
            raise IllegalTransitionError(
                f"Документы добавляют до отправки, а заявление — «{self.status.label}»"
            )
        if any(d.document_id == document.document_id for d in self.documents):
            return
        total = self.documents_bytes + document.size
        if total > max_bytes:
            raise InvalidInputError.of(
                "file_id",
                f"Ошибка валидации: документы заявления займут {total / 2**20:.1f} МБ, а можно "
                f"не больше {max_bytes / 2**20:.0f} МБ",
                "too_large_together",
            )
        self.documents.append(document)

    def submit(
        self, *, snapshot_id: str | None, personal: PersonalData | None, now: datetime
    ) -> None:
        """Checks passed: the package, with the applicant's FRMR data as of now, goes to the
        accreditation center (delivery follows)."""
        if self.status not in (Status.FORMED, Status.NOT_DELIVERED):
            raise IllegalTransitionError(
                f"Отправить можно сформированное или недоставленное заявление, а это — "
                f"«{self.status.label}»"
            )
        self.snapshot_id, self.submitted_at = snapshot_id, now
        self.personal = personal or self.personal
        self.events.append(Submitted(self, now))

    def delivered(
        self,
        *,
        now: datetime,
        terms: ReviewTerms,
        intake_number: str | None = None,
    ) -> None:
        """The center's intake acknowledged the package: review starts, with its deadlines."""
        self._move(Status.UNDER_REVIEW, actor="fac:intake", now=now)
        self.intake_number = intake_number or self.intake_number
        self.documents_check_due = terms.documents_due(now.date())
        self.decision_due = terms.decision_due(self.documents_check_due)

    def not_delivered(self, *, now: datetime, reason: str) -> None:
        self._move(Status.NOT_DELIVERED, actor="delivery", now=now, reason=reason)

    def cancel(self, *, actor: str, now: datetime) -> None:
        self._move(Status.CANCELLED, actor=actor, now=now)

    @property
    def review_started_on(self) -> date | None:
        """The day the center's intake took the package (the last move to «На рассмотрении»)."""
        started = [t.at for t in self.history if t.status is Status.UNDER_REVIEW]
        return started[-1].date() if started else None

    def check_documents(
        self,
        *,
        checked_on: date,
        actor: str,
        today: date,
        terms: ReviewTerms,
    ) -> bool:
        """«Документы проверены»: the first stage closes on the day it did, and the commission's
        deadline counts from that day. The same mark again changes nothing (False)."""
        if self.status is not Status.UNDER_REVIEW:
            raise IllegalTransitionError(
                f"Документы проверяют у заявления на рассмотрении, а это — «{self.status.label}»"
            )
        if self.documents_checked_on is not None:
            if checked_on == self.documents_checked_on:
                return False
            raise DocumentsAlreadyCheckedError()
        started = self.review_started_on
        if checked_on > today or (started is not None and checked_on < started):
            raise InvalidInputError.of(
                "checked_on",
                f"Дата проверки — между днём поступления заявления "
                f"({started.strftime('%d.%m.%Y') if started else '—'}) и сегодняшним днём",
                "out_of_range",
            )
        self.documents_checked_on, self.documents_checked_by = checked_on, actor
        self.decision_due = terms.decision_due(checked_on)
        self.events.append(DocumentsChecked(self, checked_on, actor))
        return True

    def reject(
        self,
        *,
        actor: str,
        now: datetime,
        reasons: list[str],
        paper_approval_invalid: bool = False,
    ) -> None:
        if self.status is Status.UNDER_REVIEW and self.documents_checked_on is not None:
            raise DocumentsAlreadyCheckedError()
        if paper_approval_invalid:
            reasons = [PAPER_APPROVAL_INVALID, *reasons]
        if not [r for r in reasons if r.strip()]:
            raise InvalidInputError.of(
                "reasons", "Перечислите ошибки в заявлении, чтобы заявитель мог их исправить"
            )
        self._move(
            Status.REJECTED, actor=actor, now=now, reason="; ".join(r.strip() for r in reasons)
        )

    def decide(
        self, *, passed: bool, protocol_number: str, decided_on: date, actor: str, now: datetime
    ) -> Decision:
        if self.status is Status.UNDER_REVIEW and self.documents_checked_on is None:
            raise DocumentsNotCheckedError()
        p = Problems()
        if not protocol_number.strip():
            p.add("protocol_number", "Укажите номер протокола", "missing")
        if decided_on > now.date():
            p.add("decided_on", "Дата решения не может быть в будущем", "future")
        elif self.documents_checked_on and decided_on < self.documents_checked_on:
            p.add(
                "decided_on",
                "Комиссия решает после проверки документов "
                f"({self.documents_checked_on.strftime('%d.%m.%Y')}): исправьте дату решения",
                "before_documents_check",
            )
        p.raise_if_any()
        decision = Decision(
            passed,
            protocol_number.strip(),
            decided_on,
            valid_until(decided_on) if passed else None,
        )
        self._move(Status.PASSED if passed else Status.FAILED, actor=actor, now=now)
        self.decision = decision
        if passed and not self.worker_id:  # not in FRMR (post, graduate): when they enter it
            self.frmr_pending = True
        elif passed:
            self.events.append(Passed(self, decision))
        return decision

    def check_deadlines(self, today: date) -> list[str]:
        """Flag each stage past its deadline, once; returns the stages newly flagged. The
        documents check is missed only if it closed late or is still open after its day."""
        if self.status is not Status.UNDER_REVIEW:
            return []
        flagged = []
        for stage, due, closed_on in (
            ("documents_check", self.documents_check_due, self.documents_checked_on),
            ("decision", self.decision_due, None),
        ):
            if due is not None and (closed_on or today) > due and stage not in self.missed:
                self.missed.append(stage)
                self.events.append(DeadlineMissed(self, stage, due))
                flagged.append(stage)
        return flagged

    def change_standing(
        self,
        action: StandingAction,
        *,
        reason: str,
        effective_from: date,
        until: date | None,
        by: str,
        now: datetime,
    ) -> StandingChange:
        """The center suspends, reinstates or revokes a pass (`domain/standing.py`)."""
        d = self.decision
        if self.status is not Status.PASSED or d is None or d.valid_until is None:
            raise IllegalTransitionError("Приостановить или отозвать можно пройденную аккредитацию")
        check_change(
            action,
            reason=reason,
            effective_from=effective_from,
            until=until,
            passed_on=d.decided_on,
            valid_until=d.valid_until,
            changes=self.standing,
        )
        change = StandingChange(action, reason.strip(), effective_from, until, by, now)
        self.standing.append(change)
        self.events.append(StandingChanged(self, change))
        return change

    def standing_on(self, day: date) -> Standing | None:
        d = self.decision
        if self.status is not Status.PASSED or d is None or d.valid_until is None:
            return None
        return standing_on(
            day, passed_on=d.decided_on, valid_until=d.valid_until, changes=self.standing
        )

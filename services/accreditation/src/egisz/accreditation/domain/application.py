"""An accreditation application (заявление): its kinds, statuses and the moves between them, the
checks a submission must pass, and the review deadlines in working days. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Literal, Protocol

from egisz.accreditation.domain.errors import IllegalTransitionError
from egisz.accreditation.domain.model import PersonalData
from egisz.runtime.clock import months_before
from egisz.runtime.errors import InvalidInputError, Problems

VALIDITY_YEARS = 5
FixableBy = Literal["worker", "organization", "support"]


class Kind(StrEnum):
    PRIMARY = "primary"  # первичная
    PRIMARY_SPECIALIZED = "primary_specialized"  # первичная специализированная
    PERIODIC = "periodic"  # периодическая

    @property
    def label(self) -> str:
        return {
            Kind.PRIMARY: "первичная",
            Kind.PRIMARY_SPECIALIZED: "первичная специализированная",
            Kind.PERIODIC: "периодическая",
        }[self]


class Status(StrEnum):
    FORMED = "formed"
    UNDER_REVIEW = "under_review"
    NOT_DELIVERED = "not_delivered"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    FAILED = "failed"
    PASSED = "passed"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def final(self) -> bool:
        return self in (Status.REJECTED, Status.CANCELLED, Status.FAILED, Status.PASSED)


_LABELS = {
    Status.FORMED: "Сформировано",
    Status.UNDER_REVIEW: "На рассмотрении",
    Status.NOT_DELIVERED: "Не доставлено",
    Status.REJECTED: "Отклонено",
    Status.CANCELLED: "Отменено",
    Status.FAILED: "Аккредитация не пройдена",
    Status.PASSED: "Аккредитация пройдена",
}

TRANSITIONS: dict[Status, set[Status]] = {
    Status.FORMED: {Status.UNDER_REVIEW, Status.NOT_DELIVERED, Status.CANCELLED},
    Status.NOT_DELIVERED: {Status.UNDER_REVIEW, Status.NOT_DELIVERED, Status.CANCELLED},
    Status.UNDER_REVIEW: {Status.REJECTED, Status.FAILED, Status.PASSED, Status.CANCELLED},
    Status.REJECTED: set(),
    Status.CANCELLED: set(),
    Status.FAILED: set(),
    Status.PASSED: set(),
}


# --- submission checks ----------------------------------------------------------------------
@dataclass(frozen=True)
class Obstacle:
    code: str
    message: str
    fixable_by: FixableBy


@dataclass(frozen=True)
class Circumstances:
    """What the checks need to know, gathered by the use case from the other services."""

    in_frmr: bool
    portfolio_obstacles: tuple[Obstacle, ...] = ()  # from the portfolio's readiness
    snapshot_error: str | None = None  # why «portfolio.xml» could not be built
    current_valid_until: date | None = None  # the accreditation in force in this speciality
    documents_bytes: int = 0


@dataclass(frozen=True)
class Rules:
    documents_max_bytes: int = 25 * 2**20
    earliest_months_before_expiry: int = 12


def submission_obstacles(
    kind: Kind, *, consent: bool, today: date, facts: Circumstances, rules: Rules
) -> list[Obstacle]:
    """Every reason the application cannot go to the accreditation center today."""
    found: list[Obstacle] = []
    if not facts.in_frmr:
        found.append(
            Obstacle(
                "worker_not_in_frmr",
                "Сотрудник с указанным СНИЛС не найден в системе ФРМР: заявление можно подать "
                "только почтой, или работодателю нужно внести вас в ФРМР",
                "organization",
            )
        )
    if not consent:
        found.append(
            Obstacle(
                "consent_missing",
                "Нужно согласие на обработку персональных данных",
                "worker",
            )
        )
    if facts.documents_bytes > rules.documents_max_bytes:
        found.append(
            Obstacle(
                "file_too_large",
                f"Ошибка валидации: документы заявления — {facts.documents_bytes / 2**20:.1f} МБ, "
                f"а можно не больше {rules.documents_max_bytes / 2**20:.0f} МБ",
                "worker",
            )
        )
    if kind is Kind.PERIODIC:
        if facts.snapshot_error is not None:
            found.append(
                Obstacle(
                    "portfolio_xml_failed",
                    f"Не удалось сформировать «portfolio.xml»: {facts.snapshot_error}",
                    "support",
                )
            )
        found.extend(facts.portfolio_obstacles)
    if facts.current_valid_until is not None:
        earliest = months_before(facts.current_valid_until, rules.earliest_months_before_expiry)
        if today < earliest:
            found.append(
                Obstacle(
                    "too_early",
                    f"Действующая аккредитация до {facts.current_valid_until.strftime('%d.%m.%Y')}"
                    f": подать заявление можно не раньше {earliest.strftime('%d.%m.%Y')}",
                    "worker",
                )
            )
    return found


def valid_until(decided_on: date) -> date:
    try:
        return decided_on.replace(year=decided_on.year + VALIDITY_YEARS)
    except ValueError:  # 29 February
        return decided_on.replace(year=decided_on.year + VALIDITY_YEARS, day=28)


# --- working days ---------------------------------------------------------------------------
class WorkingCalendar(Protocol):
    def is_working_day(self, day: date) -> bool: ...


@dataclass(frozen=True)
class Weekdays:
    """Monday to Friday but the given days off; the service uses the production calendar."""

    days_off: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.days_off


def add_working_days(start: date, days: int, calendar: WorkingCalendar = Weekdays()) -> date:
    """The date `days` working days after `start`, by the calendar."""
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if calendar.is_working_day(current):
            left -= 1
    return current


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
class Submitted:
    application: Application
    at: datetime


@dataclass(frozen=True)
class Passed:
    """A pass, for the registry to write into the worker's record."""

    application: Application
    decision: Decision


ApplicationEvent = StatusChanged | DeadlineMissed | Submitted | Passed


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
    personal: PersonalData | None = None  # from FRMR when formed; None: not in FRMR (post only)
    status: Status = Status.FORMED
    history: list[Transition] = field(default_factory=list)
    snapshot_id: str | None = None
    submitted_at: datetime | None = None
    documents: list[ApplicationDocument] = field(default_factory=list)
    documents_check_due: date | None = None
    decision_due: date | None = None
    missed: list[str] = field(default_factory=list)
    decision: Decision | None = None
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
    ) -> Application:
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
        )
        application._record(Transition(Status.FORMED, actor, now))
        return application

    @property
    def active(self) -> bool:
        return not self.status.final

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
        check_days: int,
        decision_days: int,
        calendar: WorkingCalendar = Weekdays(),
    ) -> None:
        """The center's intake acknowledged the package: review starts, with its deadlines."""
        self._move(Status.UNDER_REVIEW, actor="fac:intake", now=now)
        self.documents_check_due = add_working_days(now.date(), check_days, calendar)
        self.decision_due = add_working_days(self.documents_check_due, decision_days, calendar)

    def not_delivered(self, *, now: datetime, reason: str) -> None:
        self._move(Status.NOT_DELIVERED, actor="delivery", now=now, reason=reason)

    def cancel(self, *, actor: str, now: datetime) -> None:
        self._move(Status.CANCELLED, actor=actor, now=now)

    def reject(self, *, actor: str, now: datetime, reasons: list[str]) -> None:
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
        p = Problems()
        if not protocol_number.strip():
            p.add("protocol_number", "Укажите номер протокола", "missing")
        if decided_on > now.date():
            p.add("decided_on", "Дата решения не может быть в будущем", "future")
        p.raise_if_any()
        decision = Decision(
            passed,
            protocol_number.strip(),
            decided_on,
            valid_until(decided_on) if passed else None,
        )
        self._move(Status.PASSED if passed else Status.FAILED, actor=actor, now=now)
        self.decision = decision
        if passed:
            self.events.append(Passed(self, decision))
        return decision

    def check_deadlines(self, today: date) -> list[str]:
        """Flag each stage past its deadline, once; returns the stages newly flagged."""
        if self.status is not Status.UNDER_REVIEW:
            return []
        flagged = []
        for stage, due in (
            ("documents_check", self.documents_check_due),
            ("decision", self.decision_due),
        ):
            if due is not None and today > due and stage not in self.missed:
                self.missed.append(stage)
                self.events.append(DeadlineMissed(self, stage, due))
                flagged.append(stage)
        return flagged

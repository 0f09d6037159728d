"""An extract (выписка) of a passed accreditation: ordered by the worker, issued or refused by the
accreditation center. The issued extract is a signed PDF anyone can check by its verification
code. Pure: the PDF, the signature and the code come from outside."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from egisz.accreditation.domain.application import Application
from egisz.accreditation.domain.errors import AccreditationNotPassedError, IllegalTransitionError
from egisz.accreditation.domain.standing import Standing, StandingChange, standing_on
from egisz.accreditation.domain.status import Status
from egisz.kernel.errors import InvalidInputError
from egisz.kernel.issued import IssuedDocument


class ExtractStatus(StrEnum):
    REQUESTED = "requested"
    ISSUED = "issued"
    REFUSED = "refused"

    @property
    def label(self) -> str:
        return {
            ExtractStatus.REQUESTED: "Запрошена",
            ExtractStatus.ISSUED: "Выдана",
            ExtractStatus.REFUSED: "Отказано в выдаче",
        }[self]


@dataclass(frozen=True)
class AccreditationRecord:
    """What the extract certifies, copied from the passed application when ordered."""

    application_id: str
    full_name: str
    birth_date: date | None
    snils: str
    kind: str
    kind_title: str
    speciality: str
    protocol_number: str
    passed_on: date
    valid_until: date
    standing: tuple[StandingChange, ...] = ()  # as the center had changed it when ordered

    def standing_on(self, day: date) -> Standing:
        return standing_on(
            day, passed_on=self.passed_on, valid_until=self.valid_until, changes=self.standing
        )

    def in_force(self, today: date) -> bool:
        return self.standing_on(today).in_force


@dataclass(frozen=True)
class ExtractTransition:
    status: ExtractStatus
    actor: str
    at: datetime
    reason: str | None = None


@dataclass(frozen=True)
class ExtractStatusChanged:
    extract: Extract
    transition: ExtractTransition


@dataclass
class Extract:
    id: str
    worker_id: str
    snils: str
    record: AccreditationRecord
    requested_at: datetime
    status: ExtractStatus = ExtractStatus.REQUESTED
    history: list[ExtractTransition] = field(default_factory=list)
    document: IssuedDocument | None = None
    version: int = 0
    events: list[ExtractStatusChanged] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def order(
        cls, application: Application, *, extract_id: str, actor: str, now: datetime
    ) -> Extract:
        decision = application.decision
        if (
            application.status is not Status.PASSED
            or decision is None
            or decision.valid_until is None
        ):
            raise AccreditationNotPassedError(
                f"Выписку заказывают по пройденной аккредитации, а заявление — "
                f"«{application.status.label}»"
            )
        personal = application.personal
        record = AccreditationRecord(
            application_id=application.id,
            full_name=personal.full_name if personal else "",
            birth_date=personal.birth_date if personal else None,
            snils=application.snils,
            kind=application.kind.value,
            kind_title=application.kind.label,
            speciality=application.speciality,
            protocol_number=decision.protocol_number,
            passed_on=decision.decided_on,
            valid_until=decision.valid_until,
            standing=tuple(application.standing),
        )
        extract = cls(extract_id, application.worker_id, application.snils, record, now)
        extract._record(ExtractTransition(ExtractStatus.REQUESTED, actor, now))
        return extract

    @property
    def open(self) -> bool:
        return self.status is ExtractStatus.REQUESTED

    def _record(self, step: ExtractTransition) -> None:
        self.history.append(step)
        self.events.append(ExtractStatusChanged(self, step))

    def ensure_open(self) -> None:
        if not self.open:
            raise IllegalTransitionError(
                f"Выписка уже в статусе «{self.status.label}»: закажите новую"
            )

    def issue(self, document: IssuedDocument, *, actor: str, now: datetime) -> None:
        self.ensure_open()
        self.status, self.document = ExtractStatus.ISSUED, document
        self._record(ExtractTransition(ExtractStatus.ISSUED, actor, now))

    def refuse(self, *, reason: str, actor: str, now: datetime) -> None:
        if not reason.strip():
            raise InvalidInputError.of(
                "reason", "Укажите причину отказа: заявитель её увидит", "missing"
            )
        self.ensure_open()
        self.status = ExtractStatus.REFUSED
        self._record(ExtractTransition(ExtractStatus.REFUSED, actor, now, reason.strip()))

"""Access to an organization's records in FRMO/FRMR: who may act for it as its officer.

Access is granted to a person (by SNILS, with a work e-mail) for one organization: to the
responsible employees named in the approved FRMO request, and later to more of them when an
organization already in FRMO asks the support desk («заявка … на предоставление доступа
ответственным сотрудникам»), which grants or refuses; the support desk can revoke it. Every
grant and revocation is an event, so notify tells the person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from egisz.registry.domain.checks import Problems
from egisz.registry.frmo.domain.errors import IllegalTransitionError
from egisz.registry.frmo.domain.organization import AccessGranted
from egisz.registry.frmo.domain.requisites import (
    ResponsibleEmployee,
    check_employees,
    normalized_employee,
)

MAX_EMPLOYEES = 50


class AccessRequestStatus(StrEnum):
    PENDING = "pending"  # На рассмотрении
    GRANTED = "granted"  # Доступ предоставлен
    REFUSED = "refused"  # Отказано


@dataclass(frozen=True)
class AccessRequested:
    request: AccessRequest


@dataclass(frozen=True)
class AccessRequestDecided:
    request: AccessRequest


AccessEvent = AccessRequested | AccessRequestDecided | AccessGranted


@dataclass
class AccessRequest:
    """An organization already in FRMO asks for access for more responsible employees."""

    id: str
    organization_oid: str
    employees: list[ResponsibleEmployee]
    comment: str | None
    submitted_by: str
    submitted_at: datetime
    status: AccessRequestStatus = AccessRequestStatus.PENDING
    reason: str | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    version: int = 0
    events: list[AccessEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def submit(
        cls,
        *,
        request_id: str,
        organization_oid: str,
        employees: list[ResponsibleEmployee],
        comment: str | None,
        by: str,
        now: datetime,
    ) -> AccessRequest:
        p = Problems()
        check_employees(p, employees)
        if len(employees) > MAX_EMPLOYEES:
            p.add("employees", f"Не больше {MAX_EMPLOYEES} сотрудников в одной заявке", "too_many")
        p.raise_if_any()
        people = [normalized_employee(e) for e in employees]
        request = cls(request_id, organization_oid, people, comment or None, by, now)
        request.events.append(AccessRequested(request))
        return request

    def _decide(self, status: AccessRequestStatus, *, by: str, now: datetime) -> None:
        if self.status is not AccessRequestStatus.PENDING:
            raise IllegalTransitionError(
                f"Заявка на доступ уже рассмотрена ({self.status.value}): подайте новую, если нужно"
            )
        self.status, self.decided_by, self.decided_at = status, by, now
        self.events.append(AccessRequestDecided(self))

    def grant(self, *, by: str, now: datetime) -> None:
        self._decide(AccessRequestStatus.GRANTED, by=by, now=now)
        self.events.append(AccessGranted(self.organization_oid, tuple(self.employees)))

    def refuse(self, reason: str, *, by: str, now: datetime) -> None:
        if not reason.strip():
            p = Problems()
            p.add("reason", "Укажите причину отказа: её прочтёт организация", "missing")
            p.raise_if_any()
        self.reason = reason.strip()
        self._decide(AccessRequestStatus.REFUSED, by=by, now=now)

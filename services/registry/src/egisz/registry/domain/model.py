"""FRMR worker record (личное дело). Aggregates record the events they cause; no I/O here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from egisz.registry.domain.identifiers import normalize_snils, snils_problem
from egisz.runtime.errors import FieldProblem, InvalidInputError

# Letters of any alphabet, with the space, hyphen and apostrophe names really have.
_NAME = re.compile(r"^[^\W\d_]+(?:[ '’-][^\W\d_]+)*$")
NAME_MAX = 100
OLDEST_BIRTH_DATE = date(1900, 1, 1)


@dataclass(frozen=True)
class Snils:
    digits: str

    def __str__(self) -> str:
        return self.digits


@dataclass(frozen=True)
class FullName:
    last: str
    first: str
    middle: str | None = None


@dataclass(frozen=True)
class WorkerRegistered:
    worker_id: str
    snils: str
    name: FullName
    birth_date: date
    registered_by_org: str | None


DomainEvent = WorkerRegistered


def _name_problem(field_name: str, value: str | None, *, required: bool) -> FieldProblem | None:
    if value is None or not value.strip():
        if required:
            return FieldProblem(field_name, "Обязательное поле: заполните его", "missing")
        return None
    if len(value) > NAME_MAX:
        return FieldProblem(field_name, f"Не длиннее {NAME_MAX} символов", "too_long")
    if not _NAME.match(value.strip()):
        return FieldProblem(
            field_name, "Только буквы, пробел, дефис или апостроф — без цифр и символов", "format"
        )
    return None


@dataclass
class Worker:
    id: str
    snils: Snils
    name: FullName
    birth_date: date
    registered_at: datetime
    registered_by_org: str | None = None
    version: int = 0
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def register(
        cls,
        *,
        worker_id: str,
        snils: str,
        last_name: str,
        first_name: str,
        middle_name: str | None,
        birth_date: date,
        today: date,
        now: datetime,
        registered_by_org: str | None,
    ) -> Worker:
        """Check every field at once, so the caller learns all that is wrong in one answer."""
        problems: list[FieldProblem] = []
        if (snils_msg := snils_problem(snils)) is not None:
            problems.append(
                FieldProblem(
                    "snils", snils_msg, "checksum" if "контроль" in snils_msg else "format"
                )
            )
        for field_name, value, required in (
            ("last_name", last_name, True),
            ("first_name", first_name, True),
            ("middle_name", middle_name, False),
        ):
            if (p := _name_problem(field_name, value, required=required)) is not None:
                problems.append(p)
        if birth_date > today:
            problems.append(
                FieldProblem("birth_date", "Дата рождения не может быть в будущем", "future")
            )
        elif birth_date < OLDEST_BIRTH_DATE:
            problems.append(FieldProblem("birth_date", "Проверьте год рождения", "too_old"))
        if problems:
            raise InvalidInputError(fields=problems)

        name = FullName(last_name.strip(), first_name.strip(), (middle_name or "").strip() or None)
        worker = cls(
            id=worker_id,
            snils=Snils(normalize_snils(snils)),
            name=name,
            birth_date=birth_date,
            registered_at=now,
            registered_by_org=registered_by_org,
        )
        worker.events.append(
            WorkerRegistered(worker_id, worker.snils.digits, name, birth_date, registered_by_org)
        )
        return worker

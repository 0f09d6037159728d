"""The register of students and graduates: an educational organization's import, and reading a
learner's record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from egisz.contracts.envelope import Role
from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import ConcurrencyError, DomainError, FieldProblem, InvalidInputError
from egisz.registry.caller import Caller, new_id
from egisz.registry.domain.coding import SPECIALITIES, CodeBook
from egisz.registry.domain.errors import TooManyIdentityMissesError
from egisz.registry.domain.identifiers import normalize_snils, ogrn_problem
from egisz.registry.domain.people import Contacts, FullName
from egisz.registry.identity_misses import misses_today, record_miss
from egisz.registry.learners.domain.errors import (
    LearnerBirthDateMismatchError,
    LearnerNotFoundError,
    NotYourEducationalOrganizationError,
)
from egisz.registry.learners.domain.learner import Learner, LearnerHold, Study

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.registry.repository import RegistryUnitOfWork

IMPORT_ATTEMPTS = 3  # another import of the same people raced this one: the rows are re-read


@dataclass(frozen=True)
class LearnerLine:
    row: int
    snils: str
    name: FullName
    birth_date: date
    study: Study
    contacts: Contacts = field(default_factory=Contacts)


@dataclass(frozen=True)
class LearnerOutcome:
    row: int
    outcome: str  # created | updated | unchanged | failed | held
    learner_id: str | None = None
    problems: tuple[FieldProblem, ...] = ()


def check_organization(caller: Caller, ogrn: str, name: str) -> None:
    """An educational organization's system sends only its own learners (its token names its
    ОГРН; a service token naming none is not an educational organization's); the support desk
    may load any organization's file it was sent."""
    problems = []
    if problem := ogrn_problem(ogrn):
        problems.append(FieldProblem("organization.ogrn", problem, "invalid"))
    if not name.strip():
        problems.append(FieldProblem("organization.name", "Укажите название", "missing"))
    if problems:
        raise InvalidInputError(
            "Проверьте сведения об образовательной организации", fields=problems
        )
    if caller.role is Role.SERVICE and caller.org != ogrn:
        raise NotYourEducationalOrganizationError()


async def import_learners(
    new_uow: Callable[[], RegistryUnitOfWork],
    caller: Caller,
    lines: list[LearnerLine],
    *,
    codes: CodeBook,
    clock: Clock = utcnow,
) -> list[LearnerOutcome]:
    """Each row on its own: a bad row is reported and the rest go on; a row sent again changes
    nothing. The good rows are written in one transaction."""
    now = clock()
    outcomes: dict[int, LearnerOutcome] = {}
    checked: list[LearnerLine] = []
    for line in lines:
        try:
            snils, name, study, contacts = Learner.check_row(
                snils=line.snils,
                name=line.name,
                birth_date=line.birth_date,
                study=line.study,
                contacts=line.contacts,
                today=now.date(),
            )
            study = await _coded(study, codes, today=now.date())
        except DomainError as exc:
            outcomes[line.row] = _failed(line.row, exc)
        else:
            checked.append(LearnerLine(line.row, snils, name, line.birth_date, study, contacts))
    for attempt in range(IMPORT_ATTEMPTS):
        try:
            outcomes |= await _record_together(new_uow(), caller, checked, now)
            break
        except ConcurrencyError:
            if attempt == IMPORT_ATTEMPTS - 1:
                raise
    return [outcomes[line.row] for line in lines]


async def _coded(study: Study, codes: CodeBook, *, today: date) -> Study:
    """The programme's speciality by its code in the specialities' book, on the day it was
    completed (or begun); the book's name is kept."""
    if not study.speciality_code:
        return study
    on = study.graduated_on or study.started_on or today
    found = await codes.code(SPECIALITIES, study.speciality_code, field="speciality_code", on=on)
    return replace(study, speciality=found.name, speciality_code=found.code)


def _failed(row: int, exc: DomainError) -> LearnerOutcome:
    if isinstance(exc, InvalidInputError) and exc.fields:
        return LearnerOutcome(row, "failed", problems=tuple(exc.fields))
    return LearnerOutcome(row, "failed", problems=(FieldProblem("row", exc.message, exc.code),))


async def _record_together(
    uow: RegistryUnitOfWork, caller: Caller, lines: list[LearnerLine], now: datetime
) -> dict[int, LearnerOutcome]:
    outcomes: dict[int, LearnerOutcome] = {}
    async with uow:
        budget = await misses_today(uow, caller, now)
        known = {x.snils: x for x in await uow.learners.get_many_by_snils([x.snils for x in lines])}
        created: dict[str, Learner] = {}
        changed: dict[str, Learner] = {}
        for line in lines:
            current = known.get(line.snils) or created.get(line.snils)
            if current is None:
                created[line.snils] = Learner.enter(
                    learner_id=new_id(),
                    snils=line.snils,
                    name=line.name,
                    birth_date=line.birth_date,
                    study=line.study,
                    contacts=line.contacts,
                    now=now,
                )
                outcomes[line.row] = LearnerOutcome(line.row, "created", created[line.snils].id)
                continue
            try:
                if budget.exhausted:
                    raise TooManyIdentityMissesError()
                outcome = current.record(
                    name=line.name,
                    birth_date=line.birth_date,
                    study=line.study,
                    contacts=line.contacts,
                )
            except LearnerBirthDateMismatchError:
                budget.spend()
                await record_miss(uow, caller, line.snils, "learner.import", now)
                await uow.learners.hold(_hold(line, now))
                outcomes[line.row] = LearnerOutcome(line.row, "held")
                continue
            except DomainError as exc:
                outcomes[line.row] = _failed(line.row, exc)
                continue
            if outcome == "updated" and line.snils in known:
                changed[current.id] = current
            outcomes[line.row] = LearnerOutcome(line.row, outcome, current.id)
        await uow.learners.add_many(list(created.values()))
        for learner in changed.values():
            await uow.learners.save(learner)
        await uow.commit()
    return outcomes


def _hold(line: LearnerLine, now: datetime) -> LearnerHold:
    return LearnerHold(
        new_id(),
        line.row,
        line.snils,
        line.name,
        line.birth_date,
        line.study,
        held_at=now,
        contacts=line.contacts,
    )


async def held_rows(uow: RegistryUnitOfWork, *, after: str | None, limit: int) -> list[LearnerHold]:
    """The support desk's queue of held rows, oldest first."""
    async with uow:
        return await uow.learners.holds(after=after, limit=limit)


async def read_learner(uow: RegistryUnitOfWork, caller: Caller, *, snils: str) -> Learner:
    """A learner reads only their own record; staff and services any."""
    wanted = normalize_snils(snils)
    if caller.role is Role.WORKER and normalize_snils(caller.snils or "") != wanted:
        raise LearnerNotFoundError()
    async with uow:
        learner = await uow.learners.get_by_snils(wanted)
    if learner is None:
        raise LearnerNotFoundError()
    return learner

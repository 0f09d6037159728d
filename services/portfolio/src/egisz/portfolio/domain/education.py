"""The educational part: every block of docs/domain.md, each item registry-confirmed (projected from
FRMR) or self-declared (added by the worker), and the continuing-education rule that periodic
accreditation checks (settings, versioned by the legal act)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from egisz.kernel.coding import folded, same_coded


class Kind(StrEnum):
    SECONDARY_GENERAL = "secondary_general"
    SECONDARY_PROFESSIONAL = "secondary_professional"
    HIGHER = "higher"
    INTERNSHIP = "internship"  # postgraduate
    RESIDENCY = "residency"  # postgraduate
    ADVANCED_TRAINING = "advanced_training"  # additional professional: повышение квалификации
    RETRAINING = "retraining"  # additional professional: профессиональная переподготовка
    NMO_PROGRAM = "nmo_program"  # a program of the continuing-education portal (НМО/НМФО)
    SPECIALIST_CERTIFICATE = "specialist_certificate"
    ACCREDITATION = "accreditation"
    QUALIFICATION_CATEGORY = "qualification_category"

    @property
    def professional(self) -> bool:
        """Education that gives a profession (what «missing education» looks for)."""
        return self in (Kind.SECONDARY_PROFESSIONAL, Kind.HIGHER)

    @property
    def counts_for_hours(self) -> bool:
        return self in (Kind.ADVANCED_TRAINING, Kind.NMO_PROGRAM, Kind.RETRAINING)


NMO = "НМФО"  # the continuing-education portal, as the portfolio shows it
SELF_DECLARABLE = frozenset(Kind) - {Kind.ACCREDITATION, Kind.QUALIFICATION_CATEGORY}


@dataclass(frozen=True)
class EducationItem:
    id: str
    kind: Kind
    title: str  # institution or program
    speciality: str | None
    document_number: str | None
    issued_on: date
    valid_until: date | None = None
    hours: int | None = None
    registry_confirmed: bool = False
    confirmed_by: str | None = None  # another register that says so: «НМФО» for the NMO portal
    holder_last_name: str | None = None  # the surname on the document, when another
    record_version: int = 0  # FRMR's record version that said so (registry-confirmed only)
    speciality_code: str | None = None  # in the specialities' book, where FRMR has it

    @property
    def confirmed(self) -> bool:
        """Said by a register (FRMR or the NMO portal), not by the worker: theirs to correct."""
        return self.registry_confirmed or self.confirmed_by is not None

    @property
    def who_corrects(self) -> str:
        if self.confirmed_by is not None:
            return f"Сведения из {self.confirmed_by} исправляет портал НМО, а не портфолио"
        return "Сведения из ФРМР исправляет организация: «Сообщить о неточности»"

    @classmethod
    def from_nmo(
        cls,
        *,
        snils: str,
        document_number: str,
        title: str,
        speciality: str | None,
        hours: int,
        completed_on: date,
        kind: Kind = Kind.NMO_PROGRAM,
    ) -> EducationItem:
        """A programme the NMO portal says was completed: its id follows from the person and
        the certificate's number, so the same row imported again is the same item."""
        item_id = uuid.uuid5(uuid.NAMESPACE_URL, f"nmo:{snils}:{document_number}").hex
        return cls(
            item_id,
            kind,
            title.strip(),
            speciality,
            document_number,
            completed_on,
            hours=hours,
            confirmed_by=NMO,
        )

    @classmethod
    def declared(
        cls,
        kind: Kind,
        title: str,
        speciality: str | None,
        document_number: str | None,
        issued_on: date,
        valid_until: date | None,
        hours: int | None,
        *,
        holder_last_name: str | None = None,
    ) -> EducationItem:
        """An item the worker declares: a new id, not confirmed by any registry."""
        return cls(
            uuid.uuid4().hex,
            kind,
            title.strip(),
            speciality,
            document_number,
            issued_on,
            valid_until,
            hours,
            registry_confirmed=False,
            holder_last_name=holder_last_name,
        )


@dataclass(frozen=True)
class Speciality:
    """The speciality hours are counted in: by the specialities' book's code where both the
    item and the question have one (a renamed speciality is still the same one), else by name,
    case and spaces aside. Neither given: every speciality."""

    name: str | None = None
    code: str | None = None

    def __bool__(self) -> bool:
        return bool(self.code or folded(self.name))

    def holds(self, item: EducationItem) -> bool:
        return not self or same_coded(self.code, self.name, item.speciality_code, item.speciality)


@dataclass(frozen=True)
class HoursRule:
    """Continuing education for periodic accreditation (docs/domain.md; sources disagree, so:
    settings)."""

    legal_act: str = "Приказ Минздрава России от 28.10.2022 № 709н"
    effective_from: date = date(2023, 9, 1)
    period_years: int = 5
    total_hours: int = 144
    advanced_hours: int = 72  # of them, advanced training in the speciality
    min_program_hours: int = 16
    min_retraining_hours: int = 250  # профессиональная переподготовка: shorter is not one

    def __post_init__(self) -> None:
        # Read from settings by field name (PORTFOLIO_CONTINUING_EDUCATION_RULES): checked here.
        if self.period_years < 1:
            raise ValueError("period_years: at least 1")
        hours = (
            self.total_hours,
            self.advanced_hours,
            self.min_program_hours,
            self.min_retraining_hours,
        )
        if min(hours) < 0:
            raise ValueError("hours: none below 0")

    def shortfall(self, item: EducationItem) -> str | None:
        """Why a program of a counting kind does not count, or None when it does."""
        retraining = item.kind is Kind.RETRAINING
        least = self.min_retraining_hours if retraining else self.min_program_hours
        if item.hours is None:
            return "не указано число часов"
        if item.hours < least:
            what = "переподготовка" if retraining else "программа"
            return f"{what} короче {least} ч ({item.hours} ч) не засчитывается"
        return None


def rule_in_force(rules: list[HoursRule], today: date) -> HoursRule:
    """The latest rule in force on `today` (the earliest one if none is yet)."""
    ordered = sorted(rules, key=lambda r: r.effective_from)
    in_force = [r for r in ordered if r.effective_from <= today]
    return in_force[-1] if in_force else ordered[0]


@dataclass(frozen=True)
class HoursCount:
    total: int
    advanced_in_speciality: int
    since: date
    not_counted: tuple[tuple[EducationItem, str], ...] = ()  # in the cycle, but too short


def count_hours(
    items: list[EducationItem], *, today: date, speciality: Speciality, rule: HoursRule
) -> HoursCount:
    """Hours within the current five-year cycle — since the last accreditation in the
    speciality, or the last `period_years` when there is none; programs under the minimum (and
    retraining under its own) do not count, and say why."""
    since = cycle_start(items, today=today, speciality=speciality, rule=rule)
    in_cycle = [i for i in items if i.kind.counts_for_hours and since <= i.issued_on <= today]
    counted = [i for i in in_cycle if rule.shortfall(i) is None]
    not_counted = tuple((i, why) for i in in_cycle if (why := rule.shortfall(i)) is not None)
    total = sum(i.hours or 0 for i in counted)
    advanced = sum(
        i.hours or 0
        for i in counted
        if i.kind in (Kind.ADVANCED_TRAINING, Kind.NMO_PROGRAM) and speciality.holds(i)
    )
    return HoursCount(total, advanced, since, not_counted)


def cycle_start(
    items: list[EducationItem], *, today: date, speciality: Speciality, rule: HoursRule
) -> date:
    passed = [
        i.issued_on
        for i in items
        if i.kind is Kind.ACCREDITATION and i.issued_on <= today and speciality.holds(i)
    ]
    return max([_years_before(today, rule.period_years), *passed])


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)

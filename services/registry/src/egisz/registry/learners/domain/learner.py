"""The register of students and graduates («Регистр обучающихся»): a person by SNILS and the
programmes they study or completed, as their educational organizations report them. One record
per person; each organization's programme is updated only by that organization's rows."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from egisz.registry.domain import identifiers
from egisz.registry.domain.checks import Problems
from egisz.registry.domain.people import (
    Contacts,
    FullName,
    check_contacts,
    name_key,
    normalized_contacts,
)
from egisz.registry.learners.domain.errors import LearnerBirthDateMismatchError


class StudyStatus(StrEnum):
    STUDYING = "studying"
    GRADUATED = "graduated"
    EXPELLED = "expelled"


LEVELS = (
    "secondary_professional",
    "specialist",
    "bachelor",
    "master",
    "residency",
    "retraining",
)


@dataclass(frozen=True)
class Study:
    """One programme at one educational organization."""

    organization_ogrn: str
    organization_name: str
    programme_code: str
    speciality: str
    level: str
    status: StudyStatus
    started_on: date | None = None
    graduated_on: date | None = None
    diploma_number: str | None = None
    speciality_code: str | None = None  # in the specialities' book; None: the name only

    @property
    def key(self) -> tuple[str, str]:
        return self.organization_ogrn, self.programme_code

    def check(self, p: Problems, *, today: date) -> None:
        """Every problem of the row's programme part, by the row's field names."""
        p.text("programme_code", self.programme_code)
        p.text("speciality", self.speciality)
        if self.level not in LEVELS:
            p.add("level", f"Уровень — один из: {', '.join(LEVELS)}", "invalid")
        p.past_date("started_on", self.started_on, today=today)
        if self.status is StudyStatus.GRADUATED:
            if self.graduated_on is None:
                p.add("graduated_on", "Для выпускника укажите дату окончания обучения", "missing")
            if not (self.diploma_number or "").strip():
                p.add("diploma_number", "Для выпускника укажите номер диплома", "missing")
        elif self.graduated_on is not None:
            p.add(
                "graduated_on",
                "Дату окончания указывают только выпускникам (status = graduated)",
                "not_graduated",
            )
        p.past_date("graduated_on", self.graduated_on, today=today)
        if self.started_on and self.graduated_on:
            p.period("started_on", self.started_on, "graduated_on", self.graduated_on)

    def graduated_in(self, speciality: str, *, today: date) -> bool:
        return (
            self.status is StudyStatus.GRADUATED
            and self.graduated_on is not None
            and self.graduated_on <= today
            and name_key(self.speciality, "") == name_key(speciality, "")
        )


@dataclass(frozen=True)
class LearnerRecorded:
    learner: Learner


@dataclass
class Learner:
    id: str
    snils: str
    name: FullName
    birth_date: date
    recorded_at: datetime
    studies: list[Study] = field(default_factory=list)
    version: int = 0
    # Where notify writes to a graduate FRMR does not know yet (seed 001: the cabinet is theirs
    # once the register of learners has them); each organization's row may bring them.
    contacts: Contacts = field(default_factory=Contacts)
    events: list[LearnerRecorded] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def check_row(
        cls,
        *,
        snils: str,
        name: FullName,
        birth_date: date,
        study: Study,
        contacts: Contacts,
        today: date,
    ) -> tuple[str, FullName, Study, Contacts]:
        """A row's person, programme and contacts checked and normalized; every problem at
        once."""
        p = Problems()
        p.snils("snils", snils)
        p.person_name("last_name", name.last, required=True)
        p.person_name("first_name", name.first, required=True)
        p.person_name("middle_name", name.middle, required=False)
        p.past_date("birth_date", birth_date, today=today)
        study.check(p, today=today)
        check_contacts(p, contacts)
        p.raise_if_any()
        name = FullName(name.last.strip(), name.first.strip(), (name.middle or "").strip() or None)
        study = replace(
            study,
            programme_code=study.programme_code.strip(),
            speciality=" ".join(study.speciality.split()),
            diploma_number=(study.diploma_number or "").strip() or None,
        )
        return identifiers.normalize_snils(snils), name, study, normalized_contacts(contacts)

    @classmethod
    def enter(
        cls,
        *,
        learner_id: str,
        snils: str,
        name: FullName,
        birth_date: date,
        study: Study,
        contacts: Contacts,
        now: datetime,
    ) -> Learner:
        learner = cls(learner_id, snils, name, birth_date, now, [study], contacts=contacts)
        learner.events.append(LearnerRecorded(learner))
        return learner

    def record(self, *, name: FullName, birth_date: date, study: Study, contacts: Contacts) -> str:
        """An organization's row for someone already here: `updated` or `unchanged`. The same
        SNILS with another birth date is another person's mistake, not an update. A contact the
        row gives replaces ours; one it leaves out is kept (another organization's row may
        carry none)."""
        if birth_date != self.birth_date:
            raise LearnerBirthDateMismatchError()
        studies = [s for s in self.studies if s.key != study.key] + [study]
        studies.sort(key=lambda s: s.key)
        kept = Contacts(
            email=contacts.email or self.contacts.email, phone=contacts.phone or self.contacts.phone
        )
        before = (self.name, sorted(self.studies, key=lambda s: s.key), self.contacts)
        if (name, studies, kept) == before:
            return "unchanged"
        self.name, self.studies, self.contacts = name, studies, kept
        if not self.events:  # one event per record and save: it carries the record as saved
            self.events.append(LearnerRecorded(self))
        return "updated"

    def graduated_in(self, speciality: str, *, today: date) -> bool:
        return any(s.graduated_in(speciality, today=today) for s in self.studies)


@dataclass(frozen=True)
class LearnerHold:
    """A row the support desk checks before it enters: its SNILS is in the register with
    another birth date (`domain.identity_check`: the organization is told only «held»)."""

    id: str
    row: int
    snils: str
    name: FullName
    birth_date: date
    study: Study
    held_at: datetime
    reason: str = "СНИЛС уже есть в Регистре обучающихся с другой датой рождения"
    contacts: Contacts = field(default_factory=Contacts)

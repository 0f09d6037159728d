"""Applicants: accreditation's own copy of who is in FRMR, with their personal data and contacts,
and of who studied what (the register of students and graduates). Applications go through the
cabinet; someone in neither register applies by post only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from egisz.kernel import contacts
from egisz.kernel.coding import same_coded


@dataclass(frozen=True)
class PersonalData:
    """What an application takes from the worker's FRMR record when it is formed."""

    last_name: str
    first_name: str
    middle_name: str | None
    birth_date: date
    email: str | None = None
    phone: str | None = None

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)


@dataclass(frozen=True)
class ContactDetails:
    """«Контакты для связи» of an application: where the center and its notices reach the
    applicant."""

    email: str | None = None
    phone: str | None = None

    @classmethod
    def given(cls, email: str | None, phone: str | None) -> ContactDetails:
        """As the applicant typed them: checked (every problem at once) and normalized."""
        return cls(*contacts.checked(email, phone))

    def or_else(self, personal: PersonalData | None) -> ContactDetails:
        """Each contact left out is the record's."""
        if personal is None:
            return self
        return ContactDetails(self.email or personal.email, self.phone or personal.phone)


PAPER = "post:"  # an applicant who passed outside FRMR (by post or as a graduate), not in it yet


@dataclass
class Applicant:
    worker_id: str  # FRMR's, or `post:<SNILS>` for someone who passed outside FRMR
    snils: str
    known_since: datetime
    personal: PersonalData | None = None
    record_version: int = 0
    # Paper applications passed before the person entered FRMR: recorded there when they do.
    pending_passes: list[str] = field(default_factory=list)

    @property
    def in_frmr(self) -> bool:
        return not self.worker_id.startswith(PAPER)

    def newer(self, record_version: int) -> bool:
        """Events may come twice or out of order: only a later record version replaces ours."""
        return record_version >= self.record_version


@dataclass(frozen=True)
class Study:
    """A programme from the register of students and graduates, as far as accreditation cares."""

    speciality: str
    level: str
    status: str  # studying | graduated | expelled
    graduated_on: date | None = None
    speciality_code: str | None = None  # in the specialities' book, where the register has it

    def is_in(self, speciality: str, code: str | None) -> bool:
        return same_coded(self.speciality_code, self.speciality, code, speciality)


@dataclass(frozen=True)
class Learner:
    """Our copy of a person in the register of students and graduates (seed 001: primary
    accreditation is open to those «в ФРМР или Регистр Обучающихся»)."""

    snils: str
    personal: PersonalData
    studies: tuple[Study, ...]
    record_version: int = 0

    def graduated_in(self, speciality: str, code: str | None = None, *, today: date) -> bool:
        """Graduated by `today` in the speciality (by its code where both have one)."""
        return any(
            s.status == "graduated"
            and s.graduated_on is not None
            and s.graduated_on <= today
            and s.is_in(speciality, code)
            for s in self.studies
        )

    def studies_towards(self, speciality: str, code: str | None = None) -> Study | None:
        """A programme in this speciality not finished yet, if any."""
        return next(
            (s for s in self.studies if s.status == "studying" and s.is_in(speciality, code)),
            None,
        )

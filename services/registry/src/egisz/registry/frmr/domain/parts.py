"""The parts of a worker record: jobs, education, certificates, categories, accreditations, and
the revisions that correct or annul them. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from egisz.kernel.standing import Standing, StandingChange, standing_on
from egisz.registry.domain.checks import Problems
from egisz.registry.frmr.domain.errors import CertificateAlreadyRecordedError

ACCREDITATION_YEARS = 5


MAX_RATE = Decimal("1.5")


class ReviewStatus(StrEnum):
    ACTIVE = "active"
    IN_REVIEW = "in_review"  # a likely duplicate of another record, waiting for an officer


class DuplicateDecision(StrEnum):
    DISTINCT = "distinct"  # another person after all: the record becomes active
    DUPLICATE = "duplicate"  # the same person under a mistyped SNILS: the record is withdrawn


class EducationLevel(StrEnum):
    SECONDARY_GENERAL = "secondary_general"
    SECONDARY_PROFESSIONAL = "secondary_professional"
    HIGHER = "higher"
    INTERNSHIP = "internship"  # postgraduate: интернатура
    RESIDENCY = "residency"  # postgraduate: ординатура
    ADVANCED_TRAINING = "advanced_training"  # additional professional: повышение квалификации
    RETRAINING = "retraining"  # additional professional: профессиональная переподготовка

    @property
    def is_additional(self) -> bool:
        return self in (EducationLevel.ADVANCED_TRAINING, EducationLevel.RETRAINING)


class EmploymentKind(StrEnum):
    MAIN = "main"
    PART_TIME = "part_time"


class Category(StrEnum):
    SECOND = "second"
    FIRST = "first"
    HIGHEST = "highest"


@dataclass(frozen=True)
class Education:
    id: str
    level: EducationLevel
    institution: str
    speciality: str
    document_number: str
    document_date: date
    hours: int | None = None
    speciality_code: str | None = None  # in the specialities' book; None: text only


@dataclass(frozen=True)
class Certificate:
    id: str
    number: str
    issuer: str
    speciality: str
    issued_on: date
    valid_until: date
    speciality_code: str | None = None  # in the specialities' book; None: text only
    kind_code: str | None = None  # «тип сертификата», in the certificate kinds' book
    kind: str | None = None  # the book's name of it then

    @property
    def key(self) -> str:
        """Unique across FRMR: a number is unique within its issuer."""
        return f"{self.issuer.strip().casefold()}|{self.number.strip().casefold()}"


@dataclass(frozen=True)
class AccreditationRecord:
    id: str  # the accreditation's record number (application id at the center)
    kind: str
    speciality: str
    passed_on: date
    valid_until: date
    protocol_number: str | None = None
    speciality_code: str | None = None  # in the specialities' book; None: text only
    standing: tuple[StandingChange, ...] = ()  # the center's suspensions, reinstatements…

    def standing_on(self, day: date) -> Standing:
        return standing_on(
            day, passed_on=self.passed_on, valid_until=self.valid_until, changes=self.standing
        )

    def in_force(self, today: date) -> bool:
        """In its term and neither suspended nor revoked on the day."""
        return self.standing_on(today).in_force


@dataclass(frozen=True)
class QualificationCategory:
    id: str
    category: Category
    speciality: str
    assigned_on: date
    speciality_code: str | None = None  # in the specialities' book; None: text only


@dataclass(frozen=True)
class EmploymentRecord:
    id: str
    organization_oid: str
    subdivision_oid: str | None
    position: str
    rate: Decimal
    kind: EmploymentKind
    start_date: date
    end_date: date | None = None
    dismissal_reason: str | None = None
    position_code: str | None = None  # in the positions' book; None: the position as text
    dismissal_reason_code: str | None = None

    def overlaps(self, start: date, end: date | None) -> bool:
        mine_end = self.end_date or date.max
        return start <= mine_end and self.start_date <= (end or date.max)

    def is_current(self, today: date) -> bool:
        return self.start_date <= today and not self.has_ended(today)

    def has_ended(self, today: date) -> bool:
        return self.end_date is not None and self.end_date < today


class EntryKind(StrEnum):
    """The entries of a record an organization adds one by one, and so corrects or annuls one by
    one; each answers the section of the same name in «Сообщить о неточности»."""

    EDUCATION = "education"
    CERTIFICATE = "certificate"
    CATEGORY = "category"
    EMPLOYMENT = "employment"

    @property
    def section(self) -> str:
        return _SECTIONS[self]


_SECTIONS = {
    EntryKind.EDUCATION: "education",
    EntryKind.CERTIFICATE: "certificates",
    EntryKind.CATEGORY: "categories",
    EntryKind.EMPLOYMENT: "employments",
}


class RevisionAction(StrEnum):
    CORRECTED = "corrected"  # the entry now says something else
    ANNULLED = "annulled"  # the entry was entered in error and is gone from the record


Entry = Education | Certificate | QualificationCategory | EmploymentRecord


def kind_of(entry: Entry) -> EntryKind:
    match entry:
        case Education():
            return EntryKind.EDUCATION
        case Certificate():
            return EntryKind.CERTIFICATE
        case QualificationCategory():
            return EntryKind.CATEGORY
        case EmploymentRecord():
            return EntryKind.EMPLOYMENT


@dataclass(frozen=True)
class EntryRevision:
    """One correction or annulment, kept in the record for good: what the entry said before, why
    it changed, who changed it and, when a worker asked for it, the correction request."""

    number: int
    kind: EntryKind
    entry_id: str
    action: RevisionAction
    previous: Entry
    reason: str
    by_org: str | None
    at: datetime
    correction_id: str | None = None


def check_revision(reason: str, *, previous: Entry, corrected: Entry | None) -> None:
    """A correction or annulment says why; a correction changes something."""
    p = Problems()
    p.text("reason", reason)
    if corrected is not None and corrected == previous:
        p.add(
            "entry_id", "Исправление совпадает с записью: измените хотя бы одно поле", "unchanged"
        )
    p.raise_if_any()


def accreditation_valid_until(passed_on: date) -> date:
    try:
        return passed_on.replace(year=passed_on.year + ACCREDITATION_YEARS)
    except ValueError:  # 29 February
        return passed_on.replace(year=passed_on.year + ACCREDITATION_YEARS, day=28)


def check_education(item: Education, *, today: date, others: list[Education]) -> None:
    """An education entry as it may enter a record that already has `others`."""
    p = Problems()
    p.text("institution", item.institution)
    p.text("speciality", item.speciality)
    p.text("document_number", item.document_number)
    p.past_date("document_date", item.document_date, today=today)
    if item.level.is_additional and not item.hours:
        p.add("hours", "Для дополнительного образования укажите число часов", "missing")
    if item.hours is not None and not 0 < item.hours <= 10_000:
        p.add("hours", "Число часов — от 1 до 10000", "range")
    if any(
        e.id != item.id and e.level == item.level and e.document_number == item.document_number
        for e in others
    ):
        p.add("document_number", "Документ с этим номером уже внесён", "duplicate")
    p.raise_if_any()


def check_certificate(cert: Certificate, *, today: date, others: list[Certificate]) -> None:
    p = Problems()
    p.text("number", cert.number)
    p.text("issuer", cert.issuer)
    p.text("speciality", cert.speciality)
    p.past_date("issued_on", cert.issued_on, today=today)
    if cert.valid_until <= cert.issued_on:
        p.add("valid_until", "Срок действия должен быть позже даты выдачи", "before_start")
    p.raise_if_any()
    if any(c.id != cert.id and c.key == cert.key for c in others):
        raise CertificateAlreadyRecordedError()


def check_category(item: QualificationCategory, *, today: date) -> None:
    p = Problems()
    p.text("speciality", item.speciality)
    p.past_date("assigned_on", item.assigned_on, today=today)
    p.raise_if_any()

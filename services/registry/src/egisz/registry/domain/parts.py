"""The parts of a worker record (личное дело): personal data, documents, education, jobs, and how
they are checked and compared. Pure values; the aggregate lives in `model.py`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from egisz.registry.domain import identifiers
from egisz.registry.domain.checks import Problems

ACCREDITATION_YEARS = 5
MAX_RATE = Decimal("1.5")


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


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


# --- value objects --------------------------------------------------------------------------
@dataclass(frozen=True)
class FullName:
    last: str
    first: str
    middle: str | None = None


@dataclass(frozen=True)
class PersonalData:
    name: FullName
    birth_date: date
    sex: Sex | None = None
    citizenship: str | None = None
    birth_place: str | None = None  # «место рождения», as in the passport
    inn: str | None = None


@dataclass(frozen=True)
class IdentityDocument:
    kind: str
    series: str | None
    number: str
    issued_on: date
    issuer: str


@dataclass(frozen=True)
class Address:
    postcode: str | None
    text: str


@dataclass(frozen=True)
class Contacts:
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Education:
    id: str
    level: EducationLevel
    institution: str
    speciality: str
    document_number: str
    document_date: date
    hours: int | None = None


@dataclass(frozen=True)
class Certificate:
    id: str
    number: str
    issuer: str
    speciality: str
    issued_on: date
    valid_until: date

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

    def in_force(self, today: date) -> bool:
        return self.valid_until >= today


@dataclass(frozen=True)
class QualificationCategory:
    id: str
    category: Category
    speciality: str
    assigned_on: date


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


def name_key(last: str, first: str, middle: str | None = None) -> str:
    """How names are compared: case- and ё-insensitive, spaces squeezed."""
    parts = [last, first] + ([middle] if middle else [])
    return "|".join(" ".join(p.split()).casefold().replace("ё", "е") for p in parts)


def person_key(p: PersonalData) -> str:
    """Full name and birth date: two records sharing it are likely one person."""
    return f"{name_key(p.name.last, p.name.first, p.name.middle)}|{p.birth_date.isoformat()}"


# --- checks of the record's parts -----------------------------------------------------------
def check_personal(p: Problems, data: PersonalData, *, today: date, prefix: str = "") -> None:
    p.person_name(f"{prefix}last_name", data.name.last, required=True)
    p.person_name(f"{prefix}first_name", data.name.first, required=True)
    p.person_name(f"{prefix}middle_name", data.name.middle, required=False)
    p.past_date(f"{prefix}birth_date", data.birth_date, today=today)
    if data.inn is not None:
        p.identifier(f"{prefix}inn", identifiers.inn_problem(data.inn, length=12))
    p.text(f"{prefix}birth_place", data.birth_place, required=False)
    if data.citizenship is not None and not (
        len(data.citizenship) == 2 and data.citizenship.isalpha() and data.citizenship.isupper()
    ):
        p.add(f"{prefix}citizenship", "Код страны из двух заглавных букв, например RU", "format")


def check_identity_document(p: Problems, doc: IdentityDocument, *, today: date, at: str) -> None:
    p.text(f"{at}.number", doc.number)
    p.text(f"{at}.issuer", doc.issuer)
    p.past_date(f"{at}.issued_on", doc.issued_on, today=today)
    if doc.kind == "passport_rf":
        if (
            not (doc.series or "").replace(" ", "").isdigit()
            or len((doc.series or "").replace(" ", "")) != 4
        ):
            p.add(f"{at}.series", "Серия паспорта РФ — 4 цифры", "format")
        if not (doc.number.isdigit() and len(doc.number) == 6):
            p.add(f"{at}.number", "Номер паспорта РФ — 6 цифр", "format")


def check_address(p: Problems, address: Address, *, at: str) -> None:
    p.text(f"{at}.text", address.text)
    p.postcode(f"{at}.postcode", address.postcode)


def check_contacts(p: Problems, contacts: Contacts) -> None:
    p.email("email", contacts.email)
    p.phone("phone", contacts.phone)


def normalized_personal(data: PersonalData) -> PersonalData:
    name = FullName(
        data.name.last.strip(), data.name.first.strip(), (data.name.middle or "").strip() or None
    )
    inn = identifiers.digits_only(data.inn) if data.inn else None
    place = " ".join((data.birth_place or "").split()) or None
    return replace(data, name=name, inn=inn, birth_place=place)


def normalized_contacts(c: Contacts) -> Contacts:
    return Contacts(
        email=identifiers.normalize_email(c.email) if c.email else None,
        phone=identifiers.normalize_phone(c.phone) if c.phone else None,
    )


def accreditation_valid_until(passed_on: date) -> date:
    try:
        return passed_on.replace(year=passed_on.year + ACCREDITATION_YEARS)
    except ValueError:  # 29 February
        return passed_on.replace(year=passed_on.year + ACCREDITATION_YEARS, day=28)

"""What the reporting service keeps of the registers' events: facts, never people's names or
documents. Each fact has a key and says which of two versions of it wins, so events delivered
twice or out of order, live or replayed from the start, leave the same facts. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class OrganizationFact:
    """An organization as FRMO registered it: its type and region (the INN's) do not change;
    its INN and OGRN are public requisites (open data)."""

    oid: str
    name: str | None
    type: str | None
    region: str | None
    inn: str | None = None
    ogrn: str | None = None


@dataclass(frozen=True)
class PersonFact:
    """What the workforce's structure needs of a person: the year they were born and their sex."""

    worker_id: str
    birth_date: date
    sex: str | None
    version: int


@dataclass(frozen=True)
class NameFact:
    """A practitioner's name, as the register shows it to anyone: for the open-data files only
    (reports never read it)."""

    worker_id: str
    last_name: str
    first_name: str
    middle_name: str | None
    version: int


@dataclass(frozen=True)
class JobFact:
    """An employment record as its latest version reads (annulled: gone from the record)."""

    employment_id: str
    worker_id: str
    version: int
    organization_oid: str | None = None
    subdivision_oid: str | None = None
    position_code: str | None = None
    position: str | None = None
    rate: Decimal = Decimal(0)
    start_date: date | None = None
    end_date: date | None = None  # the last day worked
    reason_code: str | None = None
    reason: str | None = None
    annulled: bool = False


@dataclass(frozen=True)
class PostFact:
    """A staffing line: a post's units from a day until the next line of the same post."""

    line_id: str
    organization_oid: str
    subdivision_oid: str
    position_code: str
    position: str
    fte: Decimal
    effective_from: date
    recorded_at: datetime  # orders two lines of one post from the same day


@dataclass(frozen=True)
class AccreditationFact:
    record_id: str
    worker_id: str
    speciality_code: str | None
    speciality: str
    passed_on: date
    valid_until: date
    version: int


Fact = OrganizationFact | PersonFact | NameFact | JobFact | PostFact | AccreditationFact


def key_of(fact: Fact) -> str:
    """What identifies a fact: a later fact with the same key is another version of it."""
    match fact:
        case OrganizationFact():
            return fact.oid
        case PersonFact() | NameFact():
            return fact.worker_id
        case JobFact():
            return fact.employment_id
        case PostFact():
            return fact.line_id
        case AccreditationFact():
            return fact.record_id


def merged(old: Fact, new: Fact) -> Fact:
    """Two versions of one fact as the store keeps them: the newer version of a person, a job or
    an accreditation; a staffing line as first said (a line never changes); an organization's
    latest name with its type and region as first said."""
    match old, new:
        case OrganizationFact(), OrganizationFact():
            return OrganizationFact(
                old.oid,
                new.name or old.name,
                old.type or new.type,
                old.region or new.region,
                old.inn or new.inn,
                old.ogrn or new.ogrn,
            )
        case PostFact(), PostFact():
            return old
        case PersonFact(), PersonFact():
            return new if new.version > old.version else old
        case NameFact(), NameFact():
            return new if new.version > old.version else old
        case JobFact(), JobFact():
            return new if new.version > old.version else old
        case AccreditationFact(), AccreditationFact():
            return new if new.version >= old.version else old
    raise TypeError(f"not two versions of one fact: {old!r}, {new!r}")


def latest(facts: list[Fact]) -> list[Fact]:
    """Each fact once, its versions in the list merged in order (a batch written at once)."""
    found: dict[tuple[type, str], Fact] = {}
    for fact in facts:
        key = (type(fact), key_of(fact))
        found[key] = merged(found[key], fact) if key in found else fact
    return list(found.values())

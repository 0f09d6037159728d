"""Who a person is, as every register of the service records it: name, personal data, identity
document, address, contacts, and the keys that match a person across records. Pure."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from egisz.registry.domain import identifiers
from egisz.registry.domain.checks import Problems


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


# --- value objects --------------------------------------------------------------------------
@dataclass(frozen=True)
class FullName:
    last: str
    first: str
    middle: str | None = None

    @property
    def text(self) -> str:
        """«Фамилия Имя Отчество», as written on a document."""
        return " ".join(p for p in (self.last, self.first, self.middle) if p)


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
    kind_code: str | None = None  # in the identity documents' book; None: the kind as text


@dataclass(frozen=True)
class Address:
    postcode: str | None
    text: str


@dataclass(frozen=True)
class Contacts:
    email: str | None = None
    phone: str | None = None


def name_key(last: str, first: str, middle: str | None = None) -> str:
    """How names are compared: case- and ё-insensitive, spaces squeezed."""
    parts = [last, first] + ([middle] if middle else [])
    return "|".join(" ".join(p.split()).casefold().replace("ё", "е") for p in parts)


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

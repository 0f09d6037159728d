"""What identifies an organization in FRMO and who acts for it: requisites, licences, responsible
employees, the OID, and how they are checked."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from egisz.registry.domain import identifiers
from egisz.registry.domain.checks import Problems
from egisz.registry.domain.people import Address, FullName

OID_ROOT = "1.2.643.5.1.13.13.12.2"


class OrganizationType(StrEnum):
    MEDICAL = "medical"
    INSURANCE = "insurance"
    EDUCATIONAL = "educational"
    RESEARCH = "research"


class LegalForm(StrEnum):
    LEGAL_ENTITY = "legal_entity"  # юридическое лицо
    INDIVIDUAL_ENTREPRENEUR = "individual_entrepreneur"  # индивидуальный предприниматель

    @property
    def is_entrepreneur(self) -> bool:
        return self is LegalForm.INDIVIDUAL_ENTREPRENEUR


@dataclass(frozen=True)
class Requisites:
    name: str
    ogrn: str  # ОГРН, 13 digits; an ИП's ОГРНИП, 15
    inn: str  # 10 digits; an ИП's personal ИНН, 12
    kpp: str | None  # none for an ИП
    okpo: str  # 8 digits; an ИП's, 10
    legal_address: Address
    phone: str
    email: str
    legal_form: LegalForm = LegalForm.LEGAL_ENTITY

    @property
    def region(self) -> str:
        """The tax office's region: the first two digits of the INN."""
        return self.inn[:2]


@dataclass(frozen=True)
class Licence:
    number: str
    issued_on: date
    valid_until: date | None
    activities: tuple[str, ...]


@dataclass(frozen=True)
class ResponsibleEmployee:
    name: FullName
    snils: str
    email: str


# --- checks ---------------------------------------------------------------------------------
def check_requisites(p: Problems, r: Requisites, *, at: str = "requisites") -> None:
    """Each number by the legal form's rule: a legal entity's 13-digit ОГРН, 10-digit ИНН, КПП
    and 8-digit ОКПО; a sole proprietor's 15-digit ОГРНИП, 12-digit ИНН, 10-digit ОКПО, no КПП."""
    p.text(f"{at}.name", r.name)
    p.identifier(f"{at}.ogrn", identifiers.ogrn_problem(r.ogrn))
    ip = r.legal_form.is_entrepreneur
    ogrn_digits, okpo_digits = (len(identifiers.digits_only(x)) for x in (r.ogrn, r.okpo))
    if ip and ogrn_digits == 13:
        p.add(f"{at}.ogrn", "Индивидуальный предприниматель указывает 15-значный ОГРНИП", "format")
    if not ip and ogrn_digits == 15:
        p.add(f"{at}.ogrn", "Организации указывают 13-значный ОГРН, не ОГРНИП", "format")
    p.identifier(f"{at}.inn", identifiers.inn_problem(r.inn, length=12 if ip else 10))
    if ip and r.kpp:
        p.add(f"{at}.kpp", "У индивидуального предпринимателя нет КПП: оставьте пустым", "format")
    elif not ip and not r.kpp:
        p.add(f"{at}.kpp", "Укажите КПП организации", "missing")
    elif r.kpp:
        p.identifier(f"{at}.kpp", identifiers.kpp_problem(r.kpp), "format")
    p.identifier(f"{at}.okpo", identifiers.okpo_problem(r.okpo))
    if okpo_digits == (8 if ip else 10):
        p.add(
            f"{at}.okpo", f"ОКПО {'ИП' if ip else 'организации'} — {10 if ip else 8} цифр", "format"
        )
    p.text(f"{at}.legal_address.text", r.legal_address.text)
    if r.legal_address.postcode is None:
        p.add(f"{at}.legal_address.postcode", "Укажите почтовый индекс: 6 цифр", "missing")
    p.postcode(f"{at}.legal_address.postcode", r.legal_address.postcode)
    p.phone(f"{at}.phone", r.phone)
    p.email(f"{at}.email", r.email)


def check_licences(p: Problems, licences: list[Licence], *, today: date, required: bool) -> None:
    if required and not licences:
        p.add("licences", "Медицинская организация прикладывает лицензию", "missing")
    for i, lic in enumerate(licences):
        check_licence(p, lic, at=f"licences.{i}", today=today)


def check_licence(p: Problems, lic: Licence, *, at: str, today: date) -> None:
    """A licence as FRMO accepts it: issued, its activities named, and in force today (seed 003:
    the support desk «проверяет их актуальность»)."""
    p.text(f"{at}.number", lic.number)
    p.past_date(f"{at}.issued_on", lic.issued_on, today=today)
    p.period(f"{at}.issued_on", lic.issued_on, f"{at}.valid_until", lic.valid_until)
    if lic.valid_until is not None and lic.issued_on <= lic.valid_until < today:
        p.add(f"{at}.valid_until", LICENCE_EXPIRED, "expired")
    if not [a for a in lic.activities if a.strip()]:
        p.add(f"{at}.activities", "Перечислите виды деятельности по лицензии", "missing")


LICENCE_EXPIRED = "Срок действия лицензии истёк: приложите действующую лицензию"


def lapsed(licences: list[Licence], today: date) -> list[Licence]:
    return [lic for lic in licences if lic.valid_until is not None and lic.valid_until < today]


def licence_in_force(licences: list[Licence], today: date) -> bool | None:
    """False when every licence has lapsed (the organization is flagged); None when there is
    none (an organization that needs no licence)."""
    return len(lapsed(licences, today)) < len(licences) if licences else None


def check_employees(p: Problems, employees: list[ResponsibleEmployee]) -> None:
    if not employees:
        p.add("employees", "Укажите хотя бы одного ответственного сотрудника", "missing")
    seen: dict[str, int] = {}
    for i, e in enumerate(employees):
        p.person_name(f"employees.{i}.last_name", e.name.last, required=True)
        p.person_name(f"employees.{i}.first_name", e.name.first, required=True)
        p.person_name(f"employees.{i}.middle_name", e.name.middle, required=False)
        p.snils(f"employees.{i}.snils", e.snils)
        p.email(f"employees.{i}.email", e.email)
        key = e.email.strip().casefold()
        if key in seen:
            p.add(
                f"employees.{i}.email",
                f"Этот адрес уже указан у сотрудника {seen[key] + 1}: у каждого свой e-mail",
                "duplicate",
            )
        seen.setdefault(key, i)


def normalized_employee(e: ResponsibleEmployee) -> ResponsibleEmployee:
    return ResponsibleEmployee(
        FullName(e.name.last.strip(), e.name.first.strip(), (e.name.middle or "").strip() or None),
        identifiers.normalize_snils(e.snils),
        identifiers.normalize_email(e.email),
    )


def normalized_requisites(r: Requisites) -> Requisites:
    return replace(
        r,
        name=r.name.strip(),
        ogrn=identifiers.digits_only(r.ogrn),
        inn=identifiers.digits_only(r.inn),
        kpp=(r.kpp or "").strip() or None,
        okpo=identifiers.digits_only(r.okpo),
        phone=identifiers.normalize_phone(r.phone),
        email=identifiers.normalize_email(r.email),
    )


def organization_oid(region: str, number: int) -> str:
    return f"{OID_ROOT}.{int(region)}.{number}"

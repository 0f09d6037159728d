"""Contact formats a person gives: a Russian phone number and an e-mail address. The registry
checks them on a worker's record and a learner's row, accreditation on an application's
«контакты для связи». Each `*_problem` returns None for a valid value, else what is wrong, in
Russian."""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email

from egisz.kernel.errors import Problems


def normalize_phone(raw: str) -> str:
    """Ten digits: separators, `+7` and a leading trunk `8` are dropped."""
    digits = re.sub(r"[^0-9]", "", raw)
    if len(digits) == 11 and digits[0] in "78":
        digits = digits[1:]
    return digits


def phone_problem(raw: str) -> str | None:
    if re.search(r"[^0-9 ()+-]", raw) or len(normalize_phone(raw)) != 10:
        return "Телефон — 10 цифр без кода страны, например 4951234567"
    return None


def email_problem(raw: str) -> str | None:
    try:
        validate_email(raw, check_deliverability=False)
    except EmailNotValidError:
        return "Адрес электронной почты должен выглядеть как имя@домен.ru"
    return None


def normalize_email(raw: str) -> str:
    return str(validate_email(raw, check_deliverability=False).normalized).lower()


def checked(email: str | None, phone: str | None) -> tuple[str | None, str | None]:
    """Contacts as a person typed them (fields `email`, `phone`): every problem at once, then
    each normalized; one left out stays None."""
    p = Problems()
    if email is not None and (problem := email_problem(email)):
        p.add("email", problem, "format")
    if phone is not None and (problem := phone_problem(phone)):
        p.add("phone", problem, "format")
    p.raise_if_any()
    return (normalize_email(email) if email else None, normalize_phone(phone) if phone else None)

"""Field checks shared by the registry's records: collect every problem, then refuse once.

A caller learns all that is wrong with a request in one answer, each problem naming its field by
the dotted path of the request (`identity_document.number`, `licences.0.valid_until`).
"""

from __future__ import annotations

import re
from datetime import date

from egisz.kernel.errors import Problems as BaseProblems
from egisz.registry.domain import identifiers

# Letters of any alphabet, with the space, hyphen and apostrophe names really have.
_NAME = re.compile(r"^[^\W\d_]+(?:[ '’-][^\W\d_]+)*$")
NAME_MAX = 100
TEXT_MAX = 500
OLDEST_DATE = date(1900, 1, 1)

MISSING = "Обязательное поле: заполните его"


class Problems(BaseProblems):
    """The registry's field checks on top of the shared collector."""

    def person_name(self, field: str, value: str | None, *, required: bool) -> None:
        if value is None or not value.strip():
            if required:
                self.add(field, MISSING, "missing")
            return
        if len(value) > NAME_MAX:
            self.add(field, f"Не длиннее {NAME_MAX} символов", "too_long")
        elif not _NAME.match(value.strip()):
            self.add(
                field, "Только буквы, пробел, дефис или апостроф — без цифр и символов", "format"
            )

    def text(self, field: str, value: str | None, *, required: bool = True) -> None:
        if value is None or not value.strip():
            if required:
                self.add(field, MISSING, "missing")
        elif len(value) > TEXT_MAX:
            self.add(field, f"Не длиннее {TEXT_MAX} символов", "too_long")

    def past_date(self, field: str, value: date | None, *, today: date) -> None:
        """A date that has happened: not in the future, not before 1900."""
        if value is None:
            return
        if value > today:
            self.add(field, "Дата не может быть в будущем", "future")
        elif value < OLDEST_DATE:
            self.add(field, "Проверьте год: дата раньше 1900 года", "too_old")

    def period(self, start_field: str, start: date, end_field: str, end: date | None) -> None:
        if end is not None and end < start:
            self.add(
                end_field, f"Дата окончания раньше даты начала ({start_field})", "before_start"
            )

    def identifier(self, field: str, problem: str | None, code: str = "checksum") -> None:
        if problem is not None:
            code = code if "контрольн" in problem else "format"
            self.add(field, problem, code)

    def snils(self, field: str, value: str) -> None:
        self.identifier(field, identifiers.snils_problem(value))

    def phone(self, field: str, value: str | None) -> None:
        if value is not None and (p := identifiers.phone_problem(value)):
            self.add(field, p, "format")

    def email(self, field: str, value: str | None) -> None:
        if value is not None and (p := identifiers.email_problem(value)):
            self.add(field, p, "format")

    def postcode(self, field: str, value: str | None) -> None:
        if value is not None and (p := identifiers.postcode_problem(value)):
            self.add(field, p, "format")

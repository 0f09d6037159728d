"""Fields coded by the reference books (НСИ): which book codes which field, the value a record
keeps (code and the name as it read then), and the port every context asks a code through. A
record keeps the name it was given: a code renamed or retired later leaves old records as they
were. Pure."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Protocol


def provisional(name: str) -> str:
    """An OID for a book whose ФНСИ identifier could not be verified: under the ITU-T X.667 arc
    `2.25` (an OID from a UUID), so no guess is presented as ФНСИ's (docs/reference-books.md)."""
    return f"2.25.{uuid.uuid5(uuid.NAMESPACE_URL, 'urn:egisz-workforce:nsi:' + name).int}"


POSITIONS = "1.2.643.5.1.13.13.11.1002"
SPECIALITIES = "1.2.643.5.1.13.13.11.1066"
REGIONS = "1.2.643.5.1.13.13.99.2.206"
IDENTITY_DOCUMENTS = "1.2.643.5.1.13.13.99.2.48"
PASSPORT_RF = "1"  # the identity documents' code of the passport of the Russian Federation
EDUCATION_LEVELS = provisional("education_levels")
QUALIFICATION_CATEGORIES = provisional("qualification_categories")
ORGANIZATION_TYPES = provisional("organization_types")
BED_PROFILES = provisional("bed_profiles")
EQUIPMENT_KINDS = provisional("equipment_kinds")
SUBDIVISION_KINDS = provisional("subdivision_kinds")
DISMISSAL_REASONS = provisional("dismissal_reasons")
INSTITUTION_TYPES = provisional("institution_types")  # the nomenclature of 529н
CERTIFICATE_KINDS = provisional("certificate_kinds")  # seed 003: «тип сертификата»


@dataclass(frozen=True)
class Coded:
    oid: str
    code: str
    name: str  # as the book read on the day that mattered


class CodeBook(Protocol):
    async def code(self, oid: str, code: str, *, field: str, on: date) -> Coded:
        """The entry's code and name, or a refusal of `field`: a code the book does not have,
        or one not in force on the day that matters (`unknown_code`, `retired_code`)."""
        ...

    async def by_name(self, oid: str, text: str, *, on: date) -> Coded | None:
        """The one entry in force that day whose name is the text (case, «ё» and spacing aside),
        or None: no entry, or more than one."""
        ...

    async def near(self, oid: str, text: str, *, on: date, limit: int) -> list[Coded]:
        """Entries in force that day sharing the most words with the text: candidates."""
        ...

    def forget(self, oid: str) -> None:
        """A version of the book was loaded here: read its versions anew."""
        ...

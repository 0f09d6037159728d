"""A record's coded fields, read through the reference books: a job's position by its code on the
day the job starts and its dismissal reason on the day it ends; the speciality of a diploma,
certificate or category on its date. The book's name is what the record keeps; text stays
allowed where no code is given (an uncoded entry)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from egisz.kernel.errors import InvalidInputError
from egisz.registry.domain import people
from egisz.registry.domain.coding import (
    CERTIFICATE_KINDS,
    DISMISSAL_REASONS,
    IDENTITY_DOCUMENTS,
    PASSPORT_RF,
    POSITIONS,
    SPECIALITIES,
    CodeBook,
)


async def coded_job(
    codes: CodeBook,
    terms: dict[str, Any],
    *,
    position_code: str | None,
    dismissal_reason_code: str | None,
) -> dict[str, Any]:
    """`terms` (as `inputs.employment` reads them) with the codes resolved."""
    resolved = dict(terms)
    if position_code:
        position = await codes.code(
            POSITIONS, position_code, field="position_code", on=terms["start_date"]
        )
        resolved |= {"position": position.name, "position_code": position.code}
    elif not terms["position"]:
        raise InvalidInputError.of(
            "position_code",
            "Укажите должность: код из справочника должностей (position_code) или текстом",
            "missing",
        )
    if dismissal_reason_code:
        reason = await dismissal_reason(
            codes, dismissal_reason_code, on=terms["end_date"] or terms["start_date"]
        )
        resolved |= {"dismissal_reason": reason[1], "dismissal_reason_code": reason[0]}
    return resolved


async def dismissal_reason(codes: CodeBook, code: str, *, on: date) -> tuple[str, str]:
    """The reason's code and its name in the book, on the day the job ends."""
    found = await codes.code(DISMISSAL_REASONS, code, field="dismissal_reason_code", on=on)
    return found.code, found.name


async def coded_speciality(
    codes: CodeBook, fields: dict[str, Any], code: str | None, *, on: date
) -> dict[str, Any]:
    """An entry's speciality by its code in the specialities' book, on the entry's date (the
    book's name is what the record keeps), or as text where no code is given."""
    if code:
        found = await codes.code(SPECIALITIES, code, field="speciality_code", on=on)
        return fields | {"speciality": found.name, "speciality_code": found.code}
    if not fields["speciality"]:
        raise InvalidInputError.of(
            "speciality_code",
            "Укажите специальность: код из номенклатуры специальностей (speciality_code) "
            "или текстом",
            "missing",
        )
    return fields


async def coded_certificate_kind(
    codes: CodeBook, fields: dict[str, Any], code: str | None
) -> dict[str, Any]:
    """A certificate's kind («тип сертификата», seed 003) by its code in the book, on the day it
    was issued; the book's name is kept beside the code."""
    if not code:
        return fields
    found = await codes.code(CERTIFICATE_KINDS, code, field="kind_code", on=fields["issued_on"])
    return fields | {"kind_code": found.code, "kind": found.name}


async def coded_document(
    codes: CodeBook, document: people.IdentityDocument | None
) -> people.IdentityDocument | None:
    """An identity document's kind by its code in the book, on the day it was issued; the
    book's passport of the Russian Federation is checked as one (series and number)."""
    if document is None or document.kind_code is None:
        return document
    found = await codes.code(
        IDENTITY_DOCUMENTS,
        document.kind_code,
        field="identity_document.kind_code",
        on=document.issued_on,
    )
    kind = "passport_rf" if found.code == PASSPORT_RF else found.name
    return replace(document, kind=kind, kind_code=found.code)

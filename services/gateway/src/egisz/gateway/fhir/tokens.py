"""What a search's tokens mean: a reference book's code (with the book's system or none), the
positions' and specialities' books behind `role` and `specialty`, the organization types' book
behind `type`, and the identifier systems a parameter knows."""

from __future__ import annotations

from egisz.contracts import registry as wire
from egisz.gateway.fhir import resources, search


def book_code(q: dict[str, str], parameter: str, book: str) -> str:
    """A token of a reference book: its code, with the book's system or none."""
    system, code = search.identifier(q[parameter], parameter)
    if system not in (None, f"urn:oid:{book}"):
        raise unknown_system(system, [f"urn:oid:{book}"], parameter)
    return code


def role_codes(q: dict[str, str]) -> dict[str, str]:
    """`role` and `specialty` as tokens of the positions' and specialities' books: the codes
    the registry narrows the staff to."""
    asked = (
        ("role", wire.POSITIONS, "position_code"),
        ("specialty", wire.SPECIALITIES, "speciality_code"),
    )
    return {field: book_code(q, name, book) for name, book, field in asked if name in q}


def organization_type(token: str) -> str:
    """`type` as a token of the organization types' book: its code, with or without the book."""
    code = book_code({"type": token}, "type", wire.ORGANIZATION_TYPES)
    if code not in resources.ORGANIZATION_TYPE:
        known = ", ".join(resources.ORGANIZATION_TYPE)
        raise search.SearchError(
            "type", f"type: в справочнике типов организаций нет «{code}» ({known})"
        )
    return code


def unknown_system(
    system: str | None, known: list[str], parameter: str = "identifier"
) -> search.SearchError:
    return search.SearchError(
        parameter,
        f"{parameter}: система {system} не поддерживается: {', '.join(known)}",
        "unknown_identifier_system",
    )

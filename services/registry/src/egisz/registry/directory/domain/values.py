"""FHIR values every resource of the directory writes alike: a reference book's code, an OID
as an identifier, a reference, a short stand-in for a text in an id. Pure."""

from __future__ import annotations

import hashlib
from typing import Any

from egisz.registry.directory.domain import keys

URI = "urn:ietf:rfc:3986"  # an OID as `urn:oid:…`: FHIR's way to name a thing by its OID


def coded(book: str, code: str | None, name: str) -> dict[str, Any]:
    """A value of a reference book (НСИ) as FHIR codes it, its OID the system; text without a
    code stays text."""
    if code is None:
        return {"text": name}
    return {"coding": [{"system": f"urn:oid:{book}", "code": code, "display": name}], "text": name}


def concept_keys(concepts: list[dict[str, Any]]) -> list[str]:
    """The token keys of CodeableConcepts: each coding's (text alone finds nothing)."""
    return keys.tokens(
        (c["system"], c["code"]) for concept in concepts for c in concept.get("coding", [])
    )


def oid_identifier(oid: str) -> dict[str, str]:
    return {"system": URI, "value": f"urn:oid:{oid}"}


def oid_keys(oid: str) -> list[str]:
    """An OID is found as FHIR writes it and bare."""
    return [*keys.token(URI, f"urn:oid:{oid}"), oid]


def reference(type: str, id: str) -> dict[str, str]:
    return {"reference": f"{type}/{id}"}


def short(text: str) -> str:
    """Eight hex digits standing for a text in an id (ids are at most 64 characters)."""
    return hashlib.sha256(text.encode()).hexdigest()[:8]

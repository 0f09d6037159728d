"""Each `/fhir` route's part of the OpenAPI document: its parameters, from the one table the
CapabilityStatement reads, and answers in `application/fhir+json`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from egisz.contracts.registry import ORGANIZATION_TYPES
from egisz.gateway.fhir.capability import PARAMETERS
from egisz.gateway.fhir.resources import ORGANIZATION_TYPE
from egisz.gateway.fhir.search import COUNT_MAX, instant_pattern

ID_PATTERN = r"^[A-Za-z0-9.-]{1,64}$"  # FHIR's id


def _fhir(what: str) -> dict[str, Any]:
    schema = {
        "type": "object",
        "required": ["resourceType"],
        "properties": {"resourceType": {"type": "string"}},
        "description": what,
    }
    return {"content": {"application/fhir+json": {"schema": schema}}}


def _query(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string", "maxLength": 512},
    }


# What the server holds each paging and date parameter to (search.py), stated.
COUNT = {"type": "integer", "minimum": 1, "maximum": COUNT_MAX}
FEED_CURSOR = {"type": "string", "pattern": "^[0-9]{1,19}$"}
PAGE_CURSOR = {"type": "string", "maxLength": 128}
LAST_UPDATED = {"type": "string", "pattern": instant_pattern(("ge", "gt"))}
SINCE = {"type": "string", "pattern": instant_pattern(("",))}


ERRORS = {
    "400": {
        "description": "A search parameter cannot be used: the OperationOutcome names it",
        **_fhir("OperationOutcome"),
    },
    "401": {"description": "This read needs a token", **_fhir("OperationOutcome")},
    "403": {"description": "Not this caller's to read", **_fhir("OperationOutcome")},
    "404": {"description": "No such resource for this caller", **_fhir("OperationOutcome")},
    "406": {
        "description": "`_format` or `Accept` admits no JSON: this server speaks FHIR JSON",
        **_fhir("OperationOutcome"),
    },
    "413": {"description": "The request is too large", **_fhir("OperationOutcome")},
    "422": {
        "description": "The registry refused a value of the query (its code in `details`)",
        **_fhir("OperationOutcome"),
    },
    "429": {"description": "Too many requests: wait `Retry-After` seconds"},
    "503": {"description": "The registry did not answer: try again", **_fhir("OperationOutcome")},
}


def _paging(cursor: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        _query("_count", "Page size, 1–100", COUNT),
        _query("_cursor", "From the `next` link of the previous page", cursor),
    ]


def read(kind: str) -> dict[str, Any]:
    return {
        "parameters": [
            {
                "name": "id",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "pattern": ID_PATTERN},
                "description": "FHIR id: 1–64 of A–Z, a–z, 0–9, `-`, `.`",
            }
        ],
        "responses": {"200": {"description": f"The {kind}", **_fhir(kind)}, **ERRORS},
    }


def _book_token(oid: str, codes: Iterable[str]) -> dict[str, Any]:
    """A token of a reference book: one of its codes, with or without the book's system."""
    alternatives = "|".join(re.escape(c) for c in codes)
    system = re.escape(f"urn:oid:{oid}|")
    return {"type": "string", "pattern": f"^({system})?({alternatives})$"}


# Tokens the server holds to a book's codes (routes.py), stated.
TOKENS = {("Organization", "type"): _book_token(ORGANIZATION_TYPES, ORGANIZATION_TYPE)}
# Parameters every kind shares, stated once.
SHARED: dict[str, dict[str, Any]] = {
    "_id": {"type": "string", "pattern": ID_PATTERN},
    "active": {"type": "string", "enum": ["true", "false"]},
}


def search(kind: str) -> dict[str, Any]:
    named = [
        _query(name, doc, TOKENS.get((kind, name)) or SHARED.get(name))
        for name, _, doc in PARAMETERS[kind]
    ]
    named.append(
        _query("_lastUpdated", "ge/gt an instant: changed since (the change feed)", LAST_UPDATED)
    )
    if kind == "PractitionerRole":
        include = {"type": "string", "enum": ["PractitionerRole:practitioner"]}
        named.append(_query("_include", "PractitionerRole:practitioner", include))
    return {
        "parameters": [*named, *_paging(PAGE_CURSOR)],
        "responses": {
            "200": {"description": f"A searchset Bundle of {kind}", **_fhir("Bundle")},
            **ERRORS,
        },
    }


def history() -> dict[str, Any]:
    return {
        "parameters": [
            _query("_since", "Changes at or after this instant", SINCE),
            *_paging(FEED_CURSOR),
        ],
        "responses": {"200": {"description": "A history Bundle", **_fhir("Bundle")}, **ERRORS},
    }


def metadata() -> dict[str, Any]:
    return {
        "responses": {
            "200": {"description": "What this server reads", **_fhir("CapabilityStatement")},
            "406": ERRORS["406"],
        }
    }

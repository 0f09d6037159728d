"""Each `/fhir` route's part of the OpenAPI document: its parameters, from the one table the
CapabilityStatement reads, and answers in `application/fhir+json`."""

from __future__ import annotations

from typing import Any

from egisz.gateway.fhir.capability import PARAMETERS

ID_PATTERN = r"^[A-Za-z0-9\-.]{1,64}$"  # FHIR's id


def _fhir(what: str) -> dict[str, Any]:
    schema = {
        "type": "object",
        "required": ["resourceType"],
        "properties": {"resourceType": {"type": "string"}},
        "description": what,
    }
    return {"content": {"application/fhir+json": {"schema": schema}}}


def _query(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "string", "maxLength": 512},
    }


ERRORS = {
    "400": {
        "description": "A search parameter cannot be used: the OperationOutcome names it",
        **_fhir("OperationOutcome"),
    },
    "401": {"description": "This read needs a token", **_fhir("OperationOutcome")},
    "403": {"description": "Not this caller's to read", **_fhir("OperationOutcome")},
    "404": {"description": "No such resource for this caller", **_fhir("OperationOutcome")},
    "413": {"description": "The request is too large", **_fhir("OperationOutcome")},
    "422": {
        "description": "The registry refused a value of the query (its code in `details`)",
        **_fhir("OperationOutcome"),
    },
    "429": {"description": "Too many requests: wait `Retry-After` seconds"},
    "503": {"description": "The registry did not answer: try again", **_fhir("OperationOutcome")},
}
PAGING = [
    _query("_count", "Page size, 1–100"),
    _query("_cursor", "From the `next` link of the previous page"),
]


def read(kind: str) -> dict[str, Any]:
    return {
        "parameters": [
            {
                "name": "id",
                "in": "path",
                "required": True,
                # The pattern is checked by the route (400), not published: a generator's regex
                # engine choked on it in schemathesis, and the answer is the same.
                "schema": {"type": "string", "minLength": 1, "maxLength": 64},
                "description": "FHIR id: 1–64 of A–Z, a–z, 0–9, `-`, `.`",
            }
        ],
        "responses": {"200": {"description": f"The {kind}", **_fhir(kind)}, **ERRORS},
    }


def search(kind: str) -> dict[str, Any]:
    named = [_query(name, doc) for name, _, doc in PARAMETERS[kind]]
    named.append(_query("_lastUpdated", "ge/gt an instant: changed since (the change feed)"))
    if kind == "PractitionerRole":
        named.append(_query("_include", "PractitionerRole:practitioner"))
    return {
        "parameters": [*named, *PAGING],
        "responses": {
            "200": {"description": f"A searchset Bundle of {kind}", **_fhir("Bundle")},
            **ERRORS,
        },
    }


def history() -> dict[str, Any]:
    return {
        "parameters": [_query("_since", "Changes at or after this instant"), *PAGING],
        "responses": {"200": {"description": "A history Bundle", **_fhir("Bundle")}, **ERRORS},
    }


def metadata() -> dict[str, Any]:
    return {
        "responses": {
            "200": {"description": "What this server reads", **_fhir("CapabilityStatement")}
        }
    }

"""Each `/fhir` route's part of the OpenAPI document: its parameters, from the contracts' table
the CapabilityStatement reads too, and answers in `application/fhir+json`."""

from __future__ import annotations

from typing import Any

from egisz.contracts.bounds import DATE_FORM, TIME_FORM
from egisz.contracts.registry.directory import COUNT_MAX, REFERENCE_TARGETS, SEARCH_PARAMETERS

ID_PATTERN = r"^[A-Za-z0-9.-]{1,64}$"  # FHIR's id
PREFIXED_DATE = rf"^(eq|ne|gt|lt|ge|le|sa|eb)?{DATE_FORM}{TIME_FORM}$"
SINCE = {"type": "string", "pattern": rf"^{DATE_FORM}{TIME_FORM}$"}


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


ERRORS = {
    "400": {
        "description": "A search parameter cannot be used: the OperationOutcome names it",
        **_fhir("OperationOutcome"),
    },
    "401": {"description": "The token is not valid", **_fhir("OperationOutcome")},
    "403": {
        "description": "Not this caller's to ask (SNILS needs a token)",
        **_fhir("OperationOutcome"),
    },
    "404": {"description": "No such resource or version", **_fhir("OperationOutcome")},
    "406": {
        "description": "`_format` or `Accept` admits no JSON: this server speaks FHIR JSON",
        **_fhir("OperationOutcome"),
    },
    "410": {
        "description": "The resource was deleted; its history stays",
        **_fhir("OperationOutcome"),
    },
    "413": {"description": "The request is too large", **_fhir("OperationOutcome")},
    "429": {"description": "Too many requests: wait `Retry-After` seconds"},
    "503": {"description": "The registry did not answer: try again", **_fhir("OperationOutcome")},
}
COUNT = {"type": "integer", "minimum": 0, "maximum": COUNT_MAX}
CURSOR = {"type": "string", "maxLength": 128}
SCHEMAS: dict[str, dict[str, Any]] = {
    "_id": {"type": "string", "pattern": ID_PATTERN},
    "active": {"type": "string", "enum": ["true", "false"]},
    "_lastUpdated": {"type": "string", "pattern": PREFIXED_DATE},
    "date": {"type": "string", "pattern": PREFIXED_DATE},
    "_summary": {"type": "string", "enum": ["count", "false"]},
    "_total": {"type": "string", "enum": ["none", "estimate", "accurate"]},
}


def _id(name: str = "id") -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "string", "pattern": ID_PATTERN},
        "description": "FHIR id: 1–64 of A–Z, a–z, 0–9, `-`, `.`",
    }


def read(type: str) -> dict[str, Any]:
    answer = {"description": f'The {type} (ETag W/"version", Last-Modified)', **_fhir(type)}
    return {"parameters": [_id()], "responses": {"200": answer, **ERRORS}}


def vread(type: str) -> dict[str, Any]:
    version = {
        "name": "vid",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "pattern": "^[1-9][0-9]{0,8}$"},
        "description": "The version (meta.versionId)",
    }
    answer = {"description": f"That version of the {type}", **_fhir(type)}
    return {"parameters": [_id(), version], "responses": {"200": answer, **ERRORS}}


def search(type: str) -> dict[str, Any]:
    named = [
        _query(name, kind, SCHEMAS.get(name)) for name, kind in SEARCH_PARAMETERS[type].items()
    ]
    includes = [f"{s}:{p}" for s, p in REFERENCE_TARGETS if s == type]
    revincludes = [f"{s}:{p}" for (s, p), t in REFERENCE_TARGETS.items() if t == type]
    named += [
        _query("_id", "The resource's id", SCHEMAS["_id"]),
        _query(
            "_lastUpdated", "eq, ne, gt, lt, ge, le, sa, eb and a date", SCHEMAS["_lastUpdated"]
        ),
        _query("_count", f"Page size, 0–{COUNT_MAX} (0: the total only)", COUNT),
        _query("_cursor", "From the `next` link of the previous page", CURSOR),
        _query("_summary", "count: the total only", SCHEMAS["_summary"]),
        _query("_total", "accurate or estimate: the total with the page", SCHEMAS["_total"]),
    ]
    if includes:
        named.append(_query("_include", ", ".join(includes), {"type": "string", "enum": includes}))
    if revincludes:
        named.append(
            _query("_revinclude", ", ".join(revincludes), {"type": "string", "enum": revincludes})
        )
    answer = {"description": f"A searchset Bundle of {type}", **_fhir("Bundle")}
    return {"parameters": named, "responses": {"200": answer, **ERRORS}}


def history(instance: bool = False) -> dict[str, Any]:
    params = [
        _query("_since", "Versions after this instant", SINCE),
        _query("_count", f"Page size, 1–{COUNT_MAX}", {**COUNT, "minimum": 1}),
        _query("_cursor", "From the `next` link of the previous page", CURSOR),
    ]
    answer = {"description": "A history Bundle, newest first", **_fhir("Bundle")}
    return {
        "parameters": [_id(), *params] if instance else params,
        "responses": {"200": answer, **ERRORS},
    }


def metadata() -> dict[str, Any]:
    return {
        "responses": {
            "200": {"description": "What this server reads", **_fhir("CapabilityStatement")},
            "406": ERRORS["406"],
        }
    }

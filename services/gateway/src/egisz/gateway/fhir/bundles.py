"""Bundles and OperationOutcomes from the directory's pages. Pure: no I/O, and no model
validation on the way — the registry built each resource, and the suite checks every body the
gateway gives against the official FHIR R4 schema."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

# The envelope's `kind` of a refusal → OperationOutcome.issue.code (FHIR's IssueType).
ISSUE_OF_KIND = {
    "invalid": "invalid",
    "unauthenticated": "login",
    "forbidden": "forbidden",
    "not_found": "not-found",
    "conflict": "conflict",
    "rule": "business-rule",
    "unavailable": "transient",
    "internal": "exception",
}
ERROR_CODES = "urn:egisz:error-code"
STATUS = {"POST": "201 Created", "PUT": "200 OK", "DELETE": "204 No Content"}


def printable(value: str) -> str:
    """A FHIR `string`: a parameter's name or value as a client sent it may hold any character,
    and FHIR allows no whitespace but space, tab and line breaks."""
    return "".join(c if c in " \r\n\t" or not c.isspace() else " " for c in value).strip()


def outcome(kind: str, code: str, message: str, fields: list[str] | None = None) -> dict[str, Any]:
    """One error issue: FHIR's code from the refusal's kind, ours in `details`, the Russian
    message as `diagnostics`, the fields named in `expression`."""
    message = printable(message) or "Ошибка"
    issue: dict[str, Any] = {
        "severity": "error",
        "code": ISSUE_OF_KIND.get(kind, "exception"),
        "details": {"coding": [{"system": ERROR_CODES, "code": printable(code)}], "text": message},
        "diagnostics": message,
    }
    named = [f for f in map(printable, fields or []) if f]
    if named:
        issue["expression"] = named
    return {"resourceType": "OperationOutcome", "issue": [issue]}


def _link(base: str, path: str, query: list[tuple[str, str]]) -> str:
    return f"{base}/{path}?{urlencode(query)}" if query else f"{base}/{path}"


def searchset(
    base: str, type: str, page: dict[str, Any], query: list[tuple[str, str]]
) -> dict[str, Any]:
    """A page of a search: its matches and what they include, `self` with the parameters the
    registry honoured, `next` with the same and the cursor."""
    honoured = [(p["name"], p["value"]) for p in page.get("parameters") or []]
    same = [(n, v) for n, v in (honoured or query) if n != "_cursor"]
    links = [{"relation": "self", "url": _link(base, type, honoured or query)}]
    if page.get("next_cursor"):
        links.append(
            {
                "relation": "next",
                "url": _link(base, type, [*same, ("_cursor", page["next_cursor"])]),
            }
        )
    bundle: dict[str, Any] = {"resourceType": "Bundle", "type": "searchset"}
    if page.get("total") is not None:
        bundle["total"] = page["total"]
    bundle["link"] = links
    entries = [
        {
            "fullUrl": f"{base}/{e['type']}/{e['id']}",
            "resource": e["resource"],
            "search": {"mode": e["mode"]},
        }
        for e in page["entries"]
    ]
    if entries:
        bundle["entry"] = entries
    return bundle


def history(
    base: str, path: str, page: dict[str, Any], query: list[tuple[str, str]]
) -> dict[str, Any]:
    """Versions newest first, each with what was done (POST, PUT, DELETE) and when; `meta`'s
    `lastUpdated` is the instant the history holds every version up to: the `_since` of the
    next sync."""
    same = [(n, v) for n, v in query if n != "_cursor"]
    links = [{"relation": "self", "url": _link(base, path, query)}]
    if page.get("next_cursor"):
        links.append(
            {
                "relation": "next",
                "url": _link(base, path, [*same, ("_cursor", page["next_cursor"])]),
            }
        )
    bundle: dict[str, Any] = {"resourceType": "Bundle", "type": "history"}
    if page.get("as_of"):
        bundle["meta"] = {"lastUpdated": instant(page["as_of"])}
    bundle["link"] = links
    entries = [_version(base, e) for e in page["entries"]]
    if entries:
        bundle["entry"] = entries
    return bundle


def _version(base: str, e: dict[str, Any]) -> dict[str, Any]:
    url = f"{e['type']}/{e['id']}"
    entry: dict[str, Any] = {"fullUrl": f"{base}/{url}"}
    if e.get("resource") is not None:
        entry["resource"] = e["resource"]
    entry["request"] = {"method": e["method"], "url": e["type"] if e["method"] == "POST" else url}
    entry["response"] = {
        "status": STATUS[e["method"]],
        "etag": etag(e["version"]),
        "lastModified": instant(e["last_updated"]),
    }
    return entry


def etag(version: int) -> str:
    return f'W/"{version}"'


def instant(value: str) -> str:
    """An instant as the wire writes it (`…+00:00`) in FHIR's form (`…Z`)."""
    return value.replace("+00:00", "Z")

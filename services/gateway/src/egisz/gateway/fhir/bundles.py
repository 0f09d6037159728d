"""Bundles, OperationOutcomes and which resource a registry event changed. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from egisz.gateway.fhir.resources import role_id, validated

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


def printable(value: str) -> str:
    """A FHIR `string`: a parameter's name or value as a client sent it may hold any character,
    and FHIR allows no whitespace but space, tab and line breaks."""
    return "".join(c if c in " \r\n\t" or not c.isspace() else " " for c in value).strip()


def outcome(kind: str, code: str, message: str, fields: list[str] | None = None) -> dict[str, Any]:
    """One error issue: FHIR's code from the refusal's kind, ours in `details`, the Russian
    message as `diagnostics`, the fields named in `expression`."""
    message = printable(message) or "Ошибка"
    named = [f for f in map(printable, fields or []) if f]
    issue = {
        "severity": "error",
        "code": ISSUE_OF_KIND.get(kind, "exception"),
        "details": {"coding": [{"system": ERROR_CODES, "code": code}], "text": message},
        "diagnostics": message,
        "expression": named or None,
    }
    return validated("OperationOutcome", {"issue": [issue]})


@dataclass(frozen=True)
class Entry:
    kind: str
    resource: dict[str, Any]
    mode: str = "match"  # `include` for what `_include` added


def searchset(
    base: str, kind: str, entries: list[Entry], query: dict[str, str], next_cursor: str | None
) -> dict[str, Any]:
    links = [{"relation": "self", "url": f"{base}/{kind}?{urlencode(query)}"}]
    if next_cursor is not None:
        following = {**query, "_cursor": next_cursor}
        links.append({"relation": "next", "url": f"{base}/{kind}?{urlencode(following)}"})
    return _bundle(
        {
            "type": "searchset",
            # Only a single, whole page knows the total; a paged search does not count ahead.
            "total": sum(e.mode == "match" for e in entries) if next_cursor is None else None,
            "link": links,
            "entry": [
                {
                    "fullUrl": f"{base}/{e.kind}/{e.resource['id']}",
                    "resource": e.resource,
                    "search": {"mode": e.mode},
                }
                for e in entries
            ]
            or None,
        }
    )


@dataclass(frozen=True)
class Change:
    """What one registry event did to one mCSD resource."""

    kind: str
    id: str
    method: str  # POST (created), PUT (changed), DELETE (gone)
    at: str
    version: int | None
    worker_id: str | None = None  # the record a Practitioner(Role) is read from
    organization_oid: str | None = None  # the record an Organization or Location is read from


STATUS = {"POST": "201 Created", "PUT": "200 OK", "DELETE": "204 No Content"}
ABOUT_A_PERSON = {"worker", "education", "certificate", "category", "accreditation", "entry"}
CREATES = {
    "worker.registered",
    "employment.started",
    "organization.registered",
    "subdivision.added",
}


def change_of(event: dict[str, Any]) -> Change | None:
    """The mCSD resource an event changed, or None (corrections, learners, access, requests
    are not in mCSD)."""
    data = event.get("data") or {}
    name = ".".join(str(event.get("type", "")).split(".")[3:5])  # ru.egisz.registry.<a>.<v>.v1
    method = "POST" if name in CREATES else "PUT"
    at, version = str(event.get("time")), data.get("record_version")
    worker, aggregate = str(data.get("worker_id", "")), name.split(".")[0]
    if worker and (
        aggregate == "employment" or (aggregate == "entry" and data.get("kind") == "employment")
    ):
        job = data.get("employment") or {}
        employment_id = str(job.get("employment_id") or data.get("entry_id"))
        if name == "entry.annulled":
            method = "DELETE"
        return Change("PractitionerRole", role_id(worker, employment_id), method, at, None, worker)
    if worker and aggregate in ABOUT_A_PERSON:
        if name == "worker.duplicate_resolved" and data.get("decision") == "duplicate":
            method = "DELETE"  # a withdrawn duplicate leaves the register
        return Change("Practitioner", worker, method, at, version, worker)
    if aggregate == "organization" and "oid" in data:
        return Change("Organization", data["oid"], method, at, None, organization_oid=data["oid"])
    if name == "subdivision.added":
        sub, org = data["subdivision"]["oid"], data["organization_oid"]
        return Change("Location", sub, method, at, None, organization_oid=org)
    return None


EVERY_SUBDIVISION = "*"  # a Location change that names no subdivision: all of the organization's


def changes_of(event: dict[str, Any]) -> list[Change]:
    """As `change_of`, and the subdivisions an organization's change touched: FRMO records a
    subdivision renamed, closed or given beds as a change of the organization's `subdivisions`
    section, without saying which, so each of them is read again."""
    found = change_of(event)
    if found is None:
        return []
    data = event.get("data") or {}
    if found.kind == "Organization" and "subdivisions" in (data.get("sections") or []):
        every = Change("Location", EVERY_SUBDIVISION, "PUT", found.at, None, None, found.id)
        return [found, every]
    return [found]


def history(
    base: str,
    path: str,
    changes: list[tuple[Change, dict[str, Any] | None]],
    query: dict[str, str],
    next_cursor: int | None,
) -> dict[str, Any]:
    """Newest last, as the change feed runs; each entry carries the resource as it reads now
    (the feed keeps what changed, not every version whole)."""
    links = [{"relation": "self", "url": f"{base}/{path}?{urlencode(query)}"}]
    if next_cursor is not None:
        following = {k: v for k, v in query.items() if k != "_since"}
        following["_cursor"] = str(next_cursor)
        links.append({"relation": "next", "url": f"{base}/{path}?{urlencode(following)}"})
    entries = []
    for change, resource in changes:
        url = f"{change.kind}/{change.id}"
        gone = change.method == "DELETE" or resource is None
        entries.append(
            {
                "fullUrl": f"{base}/{url}",
                "resource": None if gone else resource,
                "request": {
                    "method": "DELETE" if gone else change.method,
                    "url": change.kind if change.method == "POST" and not gone else url,
                },
                "response": {
                    "status": STATUS[change.method if not gone else "DELETE"],
                    "lastModified": change.at,
                    "etag": f'W/"{change.version}"' if change.version is not None else None,
                },
            }
        )
    return _bundle({"type": "history", "link": links, "entry": entries or None})


def _bundle(body: dict[str, Any]) -> dict[str, Any]:
    return validated("Bundle", body)

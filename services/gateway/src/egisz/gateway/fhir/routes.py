"""The register read as IHE mCSD over FHIR R4 REST, at `/fhir`: read and search of Practitioner,
PractitionerRole, Organization and Location, `_history` from the registry's change feed, the
CapabilityStatement at `/fhir/metadata`. Each read is a registry query under the caller's token,
so a resource holds what the registry lets that caller see; without a token, a Practitioner is
public verification's view (no personal data)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse

from egisz.contracts import registry as wire
from egisz.contracts import subjects
from egisz.contracts.bounds import OID
from egisz.contracts.envelope import ErrorKind
from egisz.gateway.fhir import openapi as doc
from egisz.gateway.fhir import resources, search, tokens
from egisz.gateway.fhir.bundles import Entry, history, outcome, searchset
from egisz.gateway.fhir.capability import KINDS, SEARCH, capability_statement
from egisz.gateway.fhir.negotiation import json_acceptable
from egisz.gateway.fhir.reader import Reader, RefusalError
from egisz.gateway.routes import Forward, caller_for, envelope_error

FHIR_JSON = "application/fhir+json"
Endpoint = Callable[..., Awaitable[JSONResponse]]


def fhir(body: dict[str, Any], status: int = 200) -> JSONResponse:
    return JSONResponse(body, status, media_type=FHIR_JSON)


def install(app: FastAPI, forward: Forward) -> None:
    """The `/fhir` routes and the answer to their refusals."""

    async def refused(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RefusalError)
        return fhir(exc.body, exc.status)

    async def bad_search(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, search.SearchError)
        return fhir(outcome("invalid", exc.code, exc.message, [exc.parameter]), 400)

    app.add_exception_handler(RefusalError, refused)
    app.add_exception_handler(search.SearchError, bad_search)
    app.state.forward = forward
    app.include_router(router)


# The HTTP layer's own refusals (no such path, method or type; a form over its limits), in the
# shape the path speaks: an OperationOutcome under /fhir, the reply envelope elsewhere.
HTTP_REFUSALS: dict[int, tuple[str, ErrorKind, str]] = {
    400: ("bad_request", "invalid", "Запрос не прочитан: проверьте его"),
    404: ("not_found", "not_found", "Нет такого адреса: проверьте путь (список — /docs)"),
    405: ("method_not_allowed", "invalid", "Этот адрес не принимает такой метод"),
    406: ("not_acceptable", "invalid", "Ответ бывает только в JSON"),
    415: ("unsupported_media_type", "invalid", "Такой тип тела не принимается"),
}


# Starlette's form parser speaks English: what it refuses, said in the users' language.
FORM_REFUSALS = {
    "Too many fields": "Форма загрузки несёт только файл в поле «file»: уберите другие поля",
    "Too many files": "Форма загрузки несёт один файл, в поле «file»",
}


def http_refusal(request: Request, status: int, detail: object) -> Response:
    code, kind, message = HTTP_REFUSALS.get(status, ("http_error", "invalid", "Запрос отклонён"))
    if status == 400 and isinstance(detail, str) and detail:
        said = next((ru for en, ru in FORM_REFUSALS.items() if detail.startswith(en)), None)
        message = said or f"Запрос не прочитан: {detail[:200]}"
    if request.url.path.startswith("/fhir"):
        return fhir(outcome(kind, code, message), status)
    return Response(envelope_error(code, kind, message), status, media_type="application/json")


router = APIRouter(prefix="/fhir", tags=["fhir"], dependencies=[Depends(json_acceptable)])


def reader(request: Request) -> Reader:
    """The registry under this request's token (`install` keeps the gateway's forwarding on
    the app)."""
    # Signed in is what the registry will see: the header (FHIR takes no `access_token`).
    signed_in = "authorization" in request.headers
    return Reader(
        caller_for(request, request.app.state.forward),
        signed_in=signed_in,
        today=datetime.now(UTC).date(),
    )


def base(request: Request) -> str:
    return str(request.base_url).rstrip("/") + "/fhir"


def matches(
    request: Request, kind: str, found: list[dict[str, Any]], q: dict[str, str]
) -> JSONResponse:
    """A searchset of one whole page: what the query found."""
    return fhir(searchset(base(request), kind, _entries(kind, found), q, None))


def get(path: str, summary: str, spec: dict[str, Any]) -> Callable[[Endpoint], Endpoint]:
    return router.get(path, summary=summary, response_class=JSONResponse, openapi_extra=spec)


@get("/metadata", "The CapabilityStatement: what this server reads and searches", doc.metadata())
async def metadata(request: Request) -> JSONResponse:
    return fhir(capability_statement(base(request)))


@get("/_history", "Every mCSD resource's changes, from the registry's change feed", doc.history())
async def system_history(request: Request) -> JSONResponse:
    return await _history(request, "_history", set(KINDS))


async def _history(request: Request, path: str, kinds: set[str]) -> JSONResponse:
    q = search.parameters(request.query_params, {"_since", "_count", "_cursor"})
    since = search.instant("_since", q["_since"]) if "_since" in q else None
    found, cursor = await reader(request).changes(
        kinds, since=since, cursor=search.feed_cursor(q), limit=search.count(q)
    )
    return fhir(history(base(request), path, found, q, cursor))


def _type_history(kind: str) -> Endpoint:
    async def endpoint(request: Request) -> JSONResponse:
        return await _history(request, f"{kind}/_history", {kind})

    endpoint.__name__ = f"{kind.lower()}_history"
    return endpoint


for kind in KINDS:
    router.get(
        f"/{kind}/_history",
        summary=f"Changes to {kind} resources, from the registry's change feed",
        response_class=JSONResponse,
        openapi_extra=doc.history(),
    )(_type_history(kind))


async def _updated(request: Request, kind: str, q: dict[str, str]) -> JSONResponse:
    since = search.instant("_lastUpdated", q["_lastUpdated"], prefixes=("ge", "gt"))
    found, cursor = await reader(request).changes(
        {kind}, since=since, cursor=search.feed_cursor(q), limit=search.count(q)
    )
    after = q["_lastUpdated"].startswith("gt")  # the feed starts at the instant: drop it
    latest = {
        c.id: resource
        for c, resource in found
        if resource is not None and not (after and datetime.fromisoformat(c.at) <= since)
    }
    entries = [Entry(kind, resource) for resource in latest.values()]
    return fhir(searchset(base(request), kind, entries, q, str(cursor) if cursor else None))


# --- Practitioner --------------------------------------------------------------------------
@get(
    "/Practitioner/{id}",
    "A person in FRMR (without a token: the public view)",
    doc.read("Practitioner"),
)
async def read_practitioner(request: Request) -> JSONResponse:
    id = _id(request)
    found = await _practitioner(reader(request), id)
    if found is None:
        raise _not_found("Practitioner", id)
    return fhir(found)


async def _by_id(
    request: Request, kind: str, q: dict[str, str], find: Callable[[str], Awaitable[Any]]
) -> JSONResponse:
    """`_id`: the one resource a read would give, as a searchset (empty when there is none)."""
    others = set(q) - {"_id", "active", "_count"}
    if others:
        raise search.SearchError(
            sorted(others)[0],
            "_id находит одну запись: с ним задаются только active и _count, не "
            + ", ".join(sorted(others)),
        )
    id = q["_id"]
    if not re.match(doc.ID_PATTERN, id):
        raise search.SearchError(
            "_id", "_id — id ресурса FHIR: 1–64 знака из A–Z, a–z, 0–9, «-», «.»"
        )
    one = await find(id)
    return matches(request, kind, search.active_only([one] if one else [], q), q)


@get(
    "/Practitioner",
    "Search FRMR: identifier (SNILS, id), name, _lastUpdated",
    doc.search("Practitioner"),
)
async def search_practitioners(request: Request) -> JSONResponse:
    q = search.parameters(request.query_params, SEARCH["Practitioner"])
    rd = reader(request)
    if "_id" in q:
        return await _by_id(request, "Practitioner", q, lambda id: _practitioner(rd, id))
    if "_lastUpdated" in q:
        return await _updated(request, "Practitioner", q)
    if "identifier" in q:
        system, value = search.identifier(q["identifier"])
        if system == resources.SNILS or (system is None and search.SNILS_DIGITS.match(value)):
            worker = await rd.maybe(subjects.WORKER_GET, {"snils": value})
            found = [resources.practitioner(worker)] if worker else []
        elif system in (None, resources.WORKER_ID):
            found = [p for p in [await _practitioner(rd, value)] if p]
        else:
            raise tokens.unknown_system(system, [resources.SNILS, resources.WORKER_ID])
    elif q.keys() & {"name", "family", "given"}:
        last, first, middle = search.person_name(q)
        verified: wire.VerificationResult = await rd.ask(
            subjects.PRACTITIONER_VERIFY,
            {"last_name": last, "first_name": first, "middle_name": middle},
        )
        found = [resources.public_practitioner(p) for p in verified.practitioners]
    else:
        raise search.one_of("Practitioner", "identifier, name (family, given), _id, _lastUpdated")
    return matches(request, "Practitioner", search.active_only(found, q), q)


# --- PractitionerRole ----------------------------------------------------------------------
@get(
    "/PractitionerRole/{id}",
    "A job: position, specialty, organization, subdivision",
    doc.read("PractitionerRole"),
)
async def read_role(request: Request) -> JSONResponse:
    id = _id(request)
    found = await _role(reader(request), id)
    if found is None:
        raise _not_found("PractitionerRole", id)
    return fhir(found)


async def _role(rd: Reader, id: str) -> dict[str, Any] | None:
    worker = await rd.worker(id.split("-", 1)[0]) if "-" in id else None
    roles = resources.roles_of(worker, rd.today) if worker else []
    return next((role for role in roles if role["id"] == id), None)


@get(
    "/PractitionerRole",
    "Jobs: of a practitioner, or an organization's staff, paged",
    doc.search("PractitionerRole"),
)
async def search_roles(request: Request) -> JSONResponse:
    q = search.parameters(request.query_params, SEARCH["PractitionerRole"])
    rd = reader(request)
    include = q.get("_include")
    if include not in (None, "PractitionerRole:practitioner"):
        raise search.SearchError("_include", "_include: только PractitionerRole:practitioner")
    if "_id" in q:
        return await _by_id(request, "PractitionerRole", q, lambda id: _role(rd, id))
    if "_lastUpdated" in q:
        return await _updated(request, "PractitionerRole", q)
    entries: list[Entry] = []
    cursor = None
    if "practitioner" in q:
        wid = search.reference("practitioner", q["practitioner"], "Practitioner")
        worker = await rd.worker(wid)
        codes = tokens.role_codes(q)
        held = resources.speciality_codes(worker).values() if worker else ()
        if worker is not None and codes.get("speciality_code", "") in ("", *held):
            roles = search.active_only(resources.roles_of(worker, rd.today), q)
            entries = _entries("PractitionerRole", _coded_as(roles, codes.get("position_code")))
            if include and entries:
                entries.append(Entry("Practitioner", resources.practitioner(worker), "include"))
    elif "organization" in q:
        oid = search.reference("organization", q["organization"], "Organization")
        codes = tokens.role_codes(q)
        page: wire.StaffPage = await rd.ask(
            subjects.STAFF_LIST,
            {"organization_oid": oid, "after": q.get("_cursor"), "limit": search.count(q)} | codes,
        )
        for person in page.items:
            roles = _coded_as(resources.roles_of(person, rd.today), codes.get("position_code"))
            roles = search.active_only(roles, q)
            entries += _entries("PractitionerRole", roles)
            if include and roles:
                practitioner = resources.staff_practitioner(person)
                entries.append(Entry("Practitioner", practitioner, "include"))
        cursor = page.next_cursor
    else:
        raise search.one_of("PractitionerRole", "practitioner, organization, _id, _lastUpdated")
    return fhir(searchset(base(request), "PractitionerRole", entries, q, cursor))


# --- Organization --------------------------------------------------------------------------
@get("/Organization/{id}", "An FRMO organization, by OID", doc.read("Organization"))
async def read_organization(request: Request) -> JSONResponse:
    id = _id(request)
    found = await _organization(reader(request), id)
    if found is None:
        raise _not_found("Organization", id)
    return fhir(found)


async def _organization(rd: Reader, id: str) -> dict[str, Any] | None:
    org = await rd.organization(id) if re.match(OID, id) else None
    return resources.organization(org) if org else None


@get(
    "/Organization",
    "Search FRMO: identifier (OID, INN, OGRN), name, _lastUpdated",
    doc.search("Organization"),
)
async def search_organizations(request: Request) -> JSONResponse:
    q = search.parameters(request.query_params, SEARCH["Organization"])
    rd = reader(request)
    if "_id" in q:
        return await _by_id(request, "Organization", q, lambda id: _organization(rd, id))
    if "_lastUpdated" in q:
        return await _updated(request, "Organization", q)
    by: dict[str, Any] = {}
    if "identifier" in q:
        system, value = search.identifier(q["identifier"])
        oid = value.removeprefix("urn:oid:")
        if system in (None, resources.URI) and search.OID.match(value):
            org = await rd.organization(oid)
            found = [resources.organization(org)] if org else []
            return matches(request, "Organization", search.active_only(found, q), q)
        if system not in (resources.INN, resources.OGRN):
            raise tokens.unknown_system(system, [resources.URI, resources.INN, resources.OGRN])
        by = {"inn" if system == resources.INN else "ogrn": value}
    if "name" in q:
        by["name"] = q["name"]
    if "type" in q:
        by["type"] = tokens.organization_type(q["type"])
    if not by:
        raise search.one_of("Organization", "identifier, name, type, _id, _lastUpdated")
    page: wire.OrganizationPage = await rd.ask(
        subjects.ORGANIZATION_SEARCH,
        {**by, "after": q.get("_cursor"), "limit": search.count(q)},
    )
    found = [resources.organization_summary(o) for o in page.items]
    entries = _entries("Organization", search.active_only(found, q))
    return fhir(searchset(base(request), "Organization", entries, q, page.next_cursor))


def _coded_as(roles: list[dict[str, Any]], position_code: str | None) -> list[dict[str, Any]]:
    """The roles whose position is that code (all of them when none is asked)."""
    if position_code is None:
        return roles
    return [
        r for r in roles if any(c["code"] == position_code for c in r["code"][0].get("coding", []))
    ]


# --- Location ------------------------------------------------------------------------------
@get("/Location/{id}", "A subdivision of an FRMO organization, by OID", doc.read("Location"))
async def read_location(request: Request) -> JSONResponse:
    id = _id(request)
    found = await _location(reader(request), id)
    if found is None:
        raise _not_found("Location", id)
    return fhir(found)


async def _location(rd: Reader, id: str) -> dict[str, Any] | None:
    of = resources.organization_of_location(id)
    org = await rd.organization(of) if re.match(OID, of) else None
    found = [s for s in (org.subdivisions if org else []) if s.oid == id]
    return resources.location(org.oid, found[0], rd.today) if org and found else None


@get("/Location", "An organization's subdivisions", doc.search("Location"))
async def search_locations(request: Request) -> JSONResponse:
    q = search.parameters(request.query_params, SEARCH["Location"])
    rd = reader(request)
    if "_id" in q:
        return await _by_id(request, "Location", q, lambda id: _location(rd, id))
    if "_lastUpdated" in q:
        return await _updated(request, "Location", q)
    if "organization" not in q:
        raise search.one_of("Location", "organization, _id, _lastUpdated")
    oid = search.reference("organization", q["organization"], "Organization")
    org = await rd.organization(oid)
    kind = tokens.book_code(q, "type", wire.SUBDIVISION_KINDS) if "type" in q else None
    found = [
        resources.location(oid, s, rd.today)
        for s in (org.subdivisions if org else [])
        if kind is None or s.kind_code == kind
    ]
    return matches(request, "Location", found, q)


async def _practitioner(rd: Reader, worker_id: str) -> dict[str, Any] | None:
    """Signed in: the record as the registry lets the caller see it; else the public view."""
    if rd.signed_in:
        worker = await rd.worker(worker_id)
        return resources.practitioner(worker) if worker else None
    public = await rd.public(worker_id)
    return resources.public_practitioner(public) if public else None


def _id(request: Request) -> str:
    """The path's id, if it can be one (FHIR's id: 1–64 of A–Z, a–z, 0–9, `-`, `.`)."""
    value = str(request.path_params["id"])
    if not re.match(doc.ID_PATTERN, value):
        raise search.SearchError("id", "id ресурса FHIR: 1–64 знака из A–Z, a–z, 0–9, «-», «.»")
    return value


def _entries(kind: str, found: list[dict[str, Any]]) -> list[Entry]:
    return [Entry(kind, resource) for resource in found]


def _not_found(kind: str, id: str) -> RefusalError:
    return RefusalError(404, outcome("not_found", "not_found", f"{kind}/{id} не найден"))

"""The register read as IHE mCSD over FHIR R4 REST, at `/fhir`: each of the seven resource types
searched (GET, and POST `_search` with a form), read, read by version and followed by
`_history` (system, type, instance), and the CapabilityStatement at `/fhir/metadata`. The
registry's directory answers (`directory.search|read|history`) under the caller's token; the
gateway passes the query on as sent, wraps the answer in a Bundle and adds FHIR's headers."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import datetime
from email.utils import format_datetime
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse

from egisz.contracts import subjects
from egisz.contracts.envelope import ErrorKind
from egisz.contracts.registry.directory import RESOURCE_TYPES
from egisz.gateway.fhir import openapi as doc
from egisz.gateway.fhir.bundles import etag, history, outcome, searchset
from egisz.gateway.fhir.capability import capability_statement
from egisz.gateway.fhir.negotiation import json_acceptable
from egisz.gateway.fhir.reader import RefusalError, ask
from egisz.gateway.routes import Forward, caller_for, envelope_error
from egisz.runtime.file_transfer import Call

FHIR_JSON = "application/fhir+json"
NOT_SENT_ON = {"_format", "_pretty"}  # the gateway answers them (JSON only, always the same)
Endpoint = Callable[..., Awaitable[Response]]


def fhir(
    body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return JSONResponse(body, status, headers=headers, media_type=FHIR_JSON)


def install(app: FastAPI, forward: Forward) -> None:
    """The `/fhir` routes and the answer to their refusals."""

    async def refused(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, RefusalError)
        return fhir(exc.body, exc.status)

    app.add_exception_handler(RefusalError, refused)
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
        if status == 404:
            message = (
                "Нет такого ресурса FHIR: " + ", ".join(RESOURCE_TYPES) + ", metadata, _history"
            )
        return fhir(outcome(kind, code, message), status)
    return Response(envelope_error(code, kind, message), status, media_type="application/json")


router = APIRouter(prefix="/fhir", tags=["fhir"], dependencies=[Depends(json_acceptable)])


def caller(request: Request) -> Call:
    """The registry under this request's token (the header: FHIR takes no `access_token`)."""
    return caller_for(request, request.app.state.forward)


def base(request: Request) -> str:
    return str(request.base_url).rstrip("/") + "/fhir"


def sent(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"name": n, "value": v} for n, v in pairs if n not in NOT_SENT_ON]


def get(path: str, summary: str, spec: dict[str, Any]) -> Callable[[Endpoint], Endpoint]:
    return router.get(path, summary=summary, response_class=JSONResponse, openapi_extra=spec)


@get("/metadata", "The CapabilityStatement: what this server reads and searches", doc.metadata())
async def metadata(request: Request) -> Response:
    return fhir(capability_statement(base(request)))


@get("/_history", "Every version of every resource, newest first (ITI-91)", doc.history())
async def system_history(request: Request) -> Response:
    return await _history(request, None, None)


async def _history(request: Request, type: str | None, id: str | None) -> Response:
    query = list(request.query_params.multi_items())
    body: dict[str, Any] = {"type": type, "id": id, "parameters": sent(query)}
    page = await ask(caller(request), subjects.DIRECTORY_HISTORY, body)
    path = "/".join(p for p in (type, id, "_history") if p)
    return fhir(history(base(request), path, page, query))


async def _search(request: Request, type: str, query: list[tuple[str, str]]) -> Response:
    body = {"type": type, "parameters": sent(query)}
    page = await ask(caller(request), subjects.DIRECTORY_SEARCH, body)
    return fhir(searchset(base(request), type, page, query))


async def _read(request: Request, type: str, version: int | None = None) -> Response:
    id = _path_id(request)
    body = {"type": type, "id": id} | ({"version": version} if version else {})
    entry = await ask(caller(request), subjects.DIRECTORY_READ, body)
    modified = datetime.fromisoformat(entry["last_updated"])
    headers = {
        "ETag": etag(entry["version"]),
        "Last-Modified": format_datetime(modified, usegmt=True),
        "Content-Location": f"{base(request)}/{type}/{id}/_history/{entry['version']}",
    }
    return fhir(entry["resource"], headers=headers)


async def _post_only(request: Request) -> Response:
    """`_search` takes its parameters in a form, by POST (a GET searches at the type's path)."""
    body = outcome("invalid", "method_not_allowed", "_search принимает только POST с формой")
    return fhir(body, 405, headers={"Allow": "POST"})


def _path_id(request: Request) -> str:
    """The path's id, if it can be one (FHIR's id: 1–64 of A–Z, a–z, 0–9, `-`, `.`)."""
    value = str(request.path_params["id"])
    if not re.match(doc.ID_PATTERN, value):
        raise RefusalError(
            400,
            outcome(
                "invalid",
                "invalid_search",
                "id ресурса FHIR: 1–64 знака из A–Z, a–z, 0–9, «-», «.»",
                ["id"],
            ),
        )
    return value


def _routes(type: str) -> None:
    """One type's interactions, declared in the order paths are matched (`_history` and
    `_search` before an id)."""

    async def search(request: Request) -> Response:
        return await _search(request, type, list(request.query_params.multi_items()))

    async def search_by_form(request: Request) -> Response:
        form = await request.form()
        pairs = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
        return await _search(request, type, [*request.query_params.multi_items(), *pairs])

    async def type_history(request: Request) -> Response:
        return await _history(request, type, None)

    async def read(request: Request) -> Response:
        return await _read(request, type)

    async def instance_history(request: Request) -> Response:
        return await _history(request, type, _path_id(request))

    async def vread(request: Request) -> Response:
        vid = str(request.path_params["vid"])
        if not re.match(r"^[1-9][0-9]{0,8}$", vid):
            raise RefusalError(
                400, outcome("invalid", "invalid_version", "Версия — число от 1", ["vid"])
            )
        return await _read(request, type, int(vid))

    name = type.lower()
    for fn, suffix in (
        (search, "search"),
        (search_by_form, "search_by_form"),
        (type_history, "history"),
        (read, "read"),
        (instance_history, "instance_history"),
        (vread, "vread"),
    ):
        fn.__name__ = f"{name}_{suffix}"
    get(f"/{type}", f"Search {type} (ITI-90)", doc.search(type))(search)
    router.post(
        f"/{type}/_search",
        summary=f"Search {type} with the parameters in a form",
        response_class=JSONResponse,
        openapi_extra=doc.search(type),
    )(search_by_form)
    router.api_route(
        f"/{type}/_search", methods=["GET", "PUT", "PATCH", "DELETE"], include_in_schema=False
    )(_post_only)
    get(f"/{type}/_history", f"Every version of every {type}", doc.history())(type_history)
    get(f"/{type}/{{id}}", f"A {type} as it is now", doc.read(type))(read)
    get(f"/{type}/{{id}}/_history", f"Every version of one {type}", doc.history(True))(
        instance_history
    )
    get(f"/{type}/{{id}}/_history/{{vid}}", f"One version of a {type}", doc.vread(type))(vread)


for _type in RESOURCE_TYPES:
    _routes(_type)

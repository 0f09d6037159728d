"""Content negotiation: this server speaks FHIR JSON. `_format` (which wins) or `Accept` that
admits JSON is answered; one that asks only for XML or another type is refused with 406 and an
OperationOutcome (in JSON, the one type there is), never a 200 in a type the client refused."""

from __future__ import annotations

from fastapi import Request

from egisz.gateway.fhir.bundles import outcome
from egisz.gateway.fhir.reader import RefusalError

JSON = {"application/fhir+json", "application/json", "application/json+fhir", "json"}
ANY = {"*/*", "application/*"}
FORMATS = JSON | {"text/json"}


def _types(header: str) -> list[tuple[str, float]]:
    found = []
    for part in header.split(","):
        media, *params = (p.strip().lower() for p in part.split(";"))
        weight = next((p.removeprefix("q=") for p in params if p.startswith("q=")), "1")
        try:
            q = float(weight)
        except ValueError:
            q = 1.0
        if media:
            found.append((media, q))
    return found


def not_acceptable(parameter: str, asked: str) -> RefusalError:
    message = f"Сервер отвечает только FHIR JSON (application/fhir+json); запрошено «{asked[:80]}»"
    return RefusalError(406, outcome("invalid", "not_acceptable", message, [parameter]))


async def json_acceptable(request: Request) -> None:
    """A router dependency: refuses a request whose `_format` or `Accept` admits no JSON (a
    coroutine: FastAPI runs a plain function in a thread, which cost a tenth of the edge)."""
    given = request.query_params.get("_format")
    if given is not None:
        if given.split(";")[0].strip().lower() not in FORMATS:
            raise not_acceptable("_format", given)
        return
    header = request.headers.get("accept")
    if not header:
        return
    if not any(q > 0 and (media in JSON or media in ANY) for media, q in _types(header)):
        raise not_acceptable("Accept", header)

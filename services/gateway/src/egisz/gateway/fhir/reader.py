"""One FHIR request's questions to the registry's directory, under the request's token: its
answer as the wire gives it, or its refusal as an OperationOutcome with FHIR's status."""

from __future__ import annotations

from typing import Any

from egisz.contracts.subjects import Command
from egisz.gateway.fhir.bundles import outcome
from egisz.gateway.statuses import status_of
from egisz.runtime.file_transfer import Call

# FHIR answers a search it cannot read with 400 (the REST API says 422 for a field), and a
# resource deleted from the directory with 410.
FHIR_STATUS_OF_CODE = {"resource_gone": 410}
FHIR_STATUS_OF_KIND = {"invalid": 400}


class RefusalError(Exception):
    """An answer that is an OperationOutcome: the status and the body."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(status)
        self.status = status
        self.body = body


async def ask(call: Call, command: Command, body: dict[str, Any]) -> dict[str, Any]:
    """The command's result as JSON (the registry built and checked it; the gateway passes it
    on), or `RefusalError` with the registry's own code and Russian message."""
    reply = await call(command.subject, body)
    if reply.get("ok"):
        result: dict[str, Any] = reply["result"]
        return result
    error = reply.get("error") or {}
    kind, code = str(error.get("kind")), str(error.get("code"))
    fields = [f["field"] for f in error.get("fields") or [] if f.get("field")]
    status = FHIR_STATUS_OF_CODE.get(code) or FHIR_STATUS_OF_KIND.get(kind) or status_of(reply)
    raise RefusalError(status, outcome(kind, code, str(error.get("message")), fields))

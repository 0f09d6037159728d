"""The OpenAPI 3.1 document: FastAPI's paths with the contracts' own JSON Schemas as components
(every request model and every reply envelope), so the document and the wire cannot differ."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from egisz.contracts.envelope import Reply
from egisz.contracts.identities import http_commands

_REF = "#/components/schemas/{model}"


def _component(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name).strip("_")


def contract_schemas() -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for command in http_commands():
        for name, model in (
            (command.request.__name__, command.request),
            (f"Reply_{command.result.__name__}", Reply[command.result]),  # type: ignore[name-defined]
        ):
            schema = model.model_json_schema(ref_template=_REF)
            schemas.update(schema.pop("$defs", {}))
            schemas[name] = schema
    return schemas


def document(app: FastAPI) -> dict[str, Any]:
    spec = get_openapi(
        title="egisz-workforce HTTP API",
        version=app.version,
        summary="Every command of the registers, portfolio, accreditation and notifications.",
        description=(
            "Each command is `POST /api/<service>/<aggregate>/<verb>` with the JSON body of its "
            "contract; the answer is the reply envelope `{ok, result | error}`, the error with "
            "its `code`, `kind`, Russian `message` and the `fields` to fix. Send the token as "
            "`Authorization: Bearer …`; `Idempotency-Key` makes a retry safe; "
            "`X-Correlation-ID` follows the request through every service's log."
        ),
        routes=app.routes,
    )
    spec.setdefault("components", {})["schemas"] = contract_schemas()
    spec["components"]["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    }
    spec["security"] = [{"bearer": []}, {}]  # public commands answer without a token
    text = json.dumps(spec, ensure_ascii=False)
    for name in list(spec["components"]["schemas"]):
        if _component(name) != name:
            text = text.replace(
                f'"#/components/schemas/{name}"', f'"#/components/schemas/{_component(name)}"'
            )
    fixed: dict[str, Any] = json.loads(text)
    fixed["components"]["schemas"] = {
        _component(k): v for k, v in fixed["components"]["schemas"].items()
    }
    return fixed

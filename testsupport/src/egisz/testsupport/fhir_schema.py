"""FHIR bodies checked against the official FHIR R4 (4.0.1) JSON Schema, vendored in `fhir_r4/`
with its source and licence: an independent check of what the gateway answers, not the library
that built it."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from jsonschema import Draft6Validator

SCHEMA = Path(__file__).with_name("fhir_r4") / "fhir.schema.json"


@functools.cache
def _definitions() -> dict[str, Any]:
    definitions: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))["definitions"]
    return definitions


@functools.cache
def _validator(resource_type: str) -> Draft6Validator:
    """The type's validator. A resource inside a Bundle's entry (or a response's outcome) is
    left to its own type's validator (`problems`): the schema's «one of every resource» there
    costs 25 ms an entry."""
    definitions = dict(_definitions())
    for name, field in (("Bundle_Entry", "resource"), ("Bundle_Response", "outcome")):
        holder = dict(definitions[name])
        holder["properties"] = {**holder["properties"], field: {"type": "object"}}
        definitions[name] = holder
    schema = {"$ref": f"#/definitions/{resource_type}", "definitions": definitions}
    return Draft6Validator(schema)


def problems(body: Any) -> list[str]:
    """What the R4 schema finds wrong with a resource (a Bundle's entries included): none when
    it conforms."""
    kind = body.get("resourceType") if isinstance(body, dict) else None
    if not isinstance(kind, str) or kind not in _definitions():
        return [f"not a FHIR R4 resource: resourceType {kind!r}"]
    found = [
        f"{kind}/{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}"
        for e in _validator(kind).iter_errors(body)
    ]
    if kind == "Bundle":
        for n, entry in enumerate(body.get("entry") or []):
            for inner in (entry.get("resource"), (entry.get("response") or {}).get("outcome")):
                if inner is not None:
                    found += [f"Bundle/entry/{n}/{p}" for p in problems(inner)]
    return found

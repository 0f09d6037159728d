"""AsyncAPI 3.0 documents, one per service, built from the same models as the JSON Schemas.

A service's document lists what it owns: the commands it serves (with their replies) and the
events it publishes (CloudEvents envelopes). What it consumes is in its README.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from egisz.contracts.envelope import Reply
from egisz.contracts.events import CloudEvent
from egisz.contracts.subjects import COMMANDS, EVENTS, SERVICES


def _key(subject: str) -> str:
    return subject.replace(".", "_")


def document(service: str) -> dict[str, Any]:
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for c in (c for c in COMMANDS if c.service == service):
        request_name, reply_name = c.request.__name__, f"Reply_{c.result.__name__}"
        schemas[request_name] = c.request.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
        schemas[reply_name] = Reply[c.result].model_json_schema(  # type: ignore[name-defined]
            ref_template="#/components/schemas/{model}"
        )
        key = _key(c.subject)
        channels[key] = {
            "address": c.subject,
            "description": c.summary,
            "messages": {
                request_name: {"payload": {"$ref": f"#/components/schemas/{request_name}"}}
            },
        }
        channels[key + "_reply"] = {
            "address": None,
            "messages": {reply_name: {"payload": {"$ref": f"#/components/schemas/{reply_name}"}}},
        }
        operations[key] = {
            "action": "receive",
            "channel": {"$ref": f"#/channels/{key}"},
            "summary": c.summary,
            "reply": {"channel": {"$ref": f"#/channels/{key}_reply"}},
        }
    for e in (e for e in EVENTS if e.service == service):
        name = f"CloudEvent_{e.data.__name__}"
        schemas[name] = CloudEvent[e.data].model_json_schema(  # type: ignore[name-defined]
            ref_template="#/components/schemas/{model}"
        )
        key = _key(e.subject)
        channels[key] = {
            "address": e.subject,
            "description": f"{e.summary} JetStream stream {e.stream}; CloudEvents type {e.type}.",
            "messages": {
                name: {
                    "payload": {"$ref": f"#/components/schemas/{name}"},
                    "contentType": "application/json",
                }
            },
        }
        operations[key] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{key}"},
            "summary": e.summary,
        }
    for schema in list(schemas.values()):
        for def_name, definition in schema.pop("$defs", {}).items():
            schemas.setdefault(def_name, definition)
    return {
        "asyncapi": "3.0.0",
        "info": {"title": f"egisz-workforce {service}", "version": "1"},
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": {"schemas": schemas},
    }


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for service in SERVICES:
        path = directory / f"{service}.asyncapi.json"
        path.write_text(
            json.dumps(document(service), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        written.append(path)
    return written

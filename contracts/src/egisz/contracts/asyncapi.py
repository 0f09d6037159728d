"""AsyncAPI 3.0 documents, one per service, built from the same models as the JSON Schemas.

A service's document lists what it owns: the commands it serves (with their replies) and the
events it publishes (CloudEvents envelopes). What it consumes is in its README.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from egisz.contracts.envelope import Reply
from egisz.contracts.events import CloudEvent
from egisz.contracts.subjects import COMMANDS, EVENTS, SERVICES, Command, Event


def _key(subject: str) -> str:
    return subject.replace(".", "_")


REF = "#/components/schemas/{model}"


@dataclass
class Document:
    """An AsyncAPI 3 document under construction: channels, operations, schemas."""

    channels: dict[str, Any] = field(default_factory=dict)
    operations: dict[str, Any] = field(default_factory=dict)
    schemas: dict[str, Any] = field(default_factory=dict)

    def add_command(self, c: Command) -> None:
        request_name, reply_name = c.request.__name__, f"Reply_{c.result.__name__}"
        self.schemas[request_name] = c.request.model_json_schema(ref_template=REF)
        reply = Reply[c.result]  # type: ignore[name-defined]
        self.schemas[reply_name] = reply.model_json_schema(ref_template=REF)
        key = _key(c.subject)
        self.channels[key] = {
            "address": c.subject,
            "description": c.summary,
            "messages": {
                request_name: {"payload": {"$ref": f"#/components/schemas/{request_name}"}}
            },
        }
        self.channels[key + "_reply"] = {
            "address": None,
            "messages": {reply_name: {"payload": {"$ref": f"#/components/schemas/{reply_name}"}}},
        }
        self.operations[key] = {
            "action": "receive",
            "channel": {"$ref": f"#/channels/{key}"},
            "summary": c.summary,
            "reply": {"channel": {"$ref": f"#/channels/{key}_reply"}},
        }

    def add_event(self, e: Event[Any]) -> None:
        name = f"CloudEvent_{e.data.__name__}"
        envelope = CloudEvent[e.data]  # type: ignore[name-defined]
        self.schemas[name] = envelope.model_json_schema(ref_template=REF)
        key = _key(e.subject)
        self.channels[key] = {
            "address": e.subject,
            "description": f"{e.summary} JetStream stream {e.stream}; CloudEvents type {e.type}.",
            "messages": {
                name: {
                    "payload": {"$ref": f"#/components/schemas/{name}"},
                    "contentType": "application/json",
                }
            },
        }
        self.operations[key] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{key}"},
            "summary": e.summary,
        }


def document(service: str) -> dict[str, Any]:
    doc = Document()
    for c in (c for c in COMMANDS if c.service == service):
        doc.add_command(c)
    for e in (e for e in EVENTS if e.service == service):
        doc.add_event(e)
    schemas = doc.schemas
    for schema in list(schemas.values()):  # every model's definitions, once, at the top
        for def_name, definition in schema.pop("$defs", {}).items():
            schemas.setdefault(def_name, definition)
    return {
        "asyncapi": "3.0.0",
        "info": {"title": f"egisz-workforce {service}", "version": "1"},
        "defaultContentType": "application/json",
        "channels": doc.channels,
        "operations": doc.operations,
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

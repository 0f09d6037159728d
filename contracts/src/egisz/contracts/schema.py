"""JSON Schema export for every message (`make docs`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from egisz.contracts.envelope import ErrorBody, Reply
from egisz.contracts.events import CloudEvent
from egisz.contracts.public import public_schema
from egisz.contracts.subjects import COMMANDS, EVENTS, all_models


def schemas() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {
        name: model.model_json_schema() for name, model in all_models().items()
    }
    out["ErrorBody"] = ErrorBody.model_json_schema()
    for c in COMMANDS:
        out[f"Reply[{c.result.__name__}]"] = Reply[c.result].model_json_schema()  # type: ignore[name-defined]
    for e in EVENTS:
        event = CloudEvent[e.data].model_json_schema()  # type: ignore[name-defined]
        out[f"CloudEvent[{e.data.__name__}]"] = event
        out[f"CloudEvent[{e.data.__name__}].public"] = public_schema(event)
    return out


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in sorted(schemas().items()):
        path = directory / f"{name}.schema.json"
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written

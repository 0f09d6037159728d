"""Every subject of the system, in one place.

Naming rule (tested): commands `egisz.<service>.cmd.<aggregate>.<verb>`, events
`egisz.<service>.evt.<aggregate>.<event>` (past tense), dead letters
`egisz.<service>.dlq.<consumer>`. Event types are `ru.egisz.<service>.<aggregate>.<event>.v<N>`.
Each service owns one JetStream stream holding its events and its dead letters.

One module per service; this package re-exports them all (`subjects.WORKER_REGISTER`).
"""

from typing import Any

from pydantic import BaseModel

from egisz.contracts.events import DeadLetter
from egisz.contracts.files import FilePart, UploadFilePart
from egisz.contracts.subjects import (
    accreditation_subjects,
    fac_subjects,
    notify_subjects,
    portfolio_subjects,
    registry_frmo_subjects,
    registry_subjects,
)
from egisz.contracts.subjects.accreditation_subjects import *  # noqa: F403
from egisz.contracts.subjects.fac_subjects import *  # noqa: F403
from egisz.contracts.subjects.naming import *  # noqa: F403
from egisz.contracts.subjects.naming import Command, Event
from egisz.contracts.subjects.notify_subjects import *  # noqa: F403
from egisz.contracts.subjects.portfolio_subjects import *  # noqa: F403
from egisz.contracts.subjects.registry_frmo_subjects import *  # noqa: F403
from egisz.contracts.subjects.registry_subjects import *  # noqa: F403

_TABLES = (
    registry_subjects,
    registry_frmo_subjects,
    portfolio_subjects,
    accreditation_subjects,
    notify_subjects,
    fac_subjects,
)
COMMANDS: tuple[Command, ...] = tuple(
    v for table in _TABLES for v in vars(table).values() if isinstance(v, Command)
)
EVENTS: tuple[Event[Any], ...] = tuple(
    v for table in _TABLES for v in vars(table).values() if isinstance(v, Event)
)
# Where files go in parts and come back in parts (`contracts.files`), by subject.
FILE_UPLOADS: dict[str, Command] = {
    c.subject: c for c in COMMANDS if issubclass(c.request, UploadFilePart)
}
FILE_DOWNLOADS: dict[str, Command] = {c.subject: c for c in COMMANDS if c.result is FilePart}


def all_models() -> dict[str, type[BaseModel]]:
    """Every message model by a stable schema name, for JSON Schema export."""
    models: dict[str, type[BaseModel]] = {"DeadLetter": DeadLetter}
    for c in COMMANDS:
        models[c.request.__name__] = c.request
        models[c.result.__name__] = c.result
    for e in EVENTS:
        models[e.data.__name__] = e.data
    return models


def describe() -> list[dict[str, Any]]:
    """A row per subject, for docs."""
    rows: list[dict[str, Any]] = [
        {
            "subject": c.subject,
            "kind": "command",
            "message": c.request.__name__,
            "reply": c.result.__name__,
            "summary": c.summary,
        }
        for c in COMMANDS
    ]
    rows += [
        {
            "subject": e.subject,
            "kind": "event",
            "message": e.data.__name__,
            "type": e.type,
            "stream": e.stream,
            "summary": e.summary,
        }
        for e in EVENTS
    ]
    return rows

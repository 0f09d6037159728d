"""The catalog of every command and event, read off the per-service tables: for the runtime
(file transfers), the docs and the JSON Schema export."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

import egisz.contracts.subjects.accreditation_subjects as accreditation_subjects
import egisz.contracts.subjects.audit_subjects as audit_subjects
import egisz.contracts.subjects.fac_subjects as fac_subjects
import egisz.contracts.subjects.notify_subjects as notify_subjects
import egisz.contracts.subjects.portfolio_subjects as portfolio_subjects
import egisz.contracts.subjects.registry_act_subjects as registry_act_subjects
import egisz.contracts.subjects.registry_directory_subjects as registry_directory_subjects
import egisz.contracts.subjects.registry_frmo_network_subjects as registry_frmo_network_subjects
import egisz.contracts.subjects.registry_frmo_subjects as registry_frmo_subjects
import egisz.contracts.subjects.registry_nsi_subjects as registry_nsi_subjects
import egisz.contracts.subjects.registry_staffing_subjects as registry_staffing_subjects
import egisz.contracts.subjects.registry_subjects as registry_subjects
import egisz.contracts.subjects.registry_support_subjects as registry_support_subjects
import egisz.contracts.subjects.registry_trust_subjects as registry_trust_subjects
import egisz.contracts.subjects.reporting_subjects as reporting_subjects
from egisz.contracts.events import DeadLetter
from egisz.contracts.files import FilePart, UploadFilePart
from egisz.contracts.subjects.naming import Command, Event

_TABLES = (
    registry_subjects,
    registry_frmo_subjects,
    registry_frmo_network_subjects,
    registry_nsi_subjects,
    registry_staffing_subjects,
    registry_directory_subjects,
    registry_trust_subjects,
    registry_act_subjects,
    registry_support_subjects,
    portfolio_subjects,
    accreditation_subjects,
    notify_subjects,
    fac_subjects,
    reporting_subjects,
    audit_subjects,
)
COMMANDS: tuple[Command, ...] = tuple(
    v for table in _TABLES for v in vars(table).values() if isinstance(v, Command)
)
# The audit journal's entries are events of the journal's stream that only the journal reads:
# they carry SNILS whole and have no public form, so they are not among the events others see.
JOURNAL_ENTRIES: tuple[Event[Any], ...] = tuple(audit_subjects.JOURNALED.values())
EVENTS: tuple[Event[Any], ...] = tuple(
    v
    for table in _TABLES
    for v in vars(table).values()
    if isinstance(v, Event) and v not in JOURNAL_ENTRIES
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
    for e in (*EVENTS, *JOURNAL_ENTRIES):
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
    rows += [
        {
            "subject": e.subject,
            "kind": "journal",
            "message": e.data.__name__,
            "type": e.type,
            "stream": e.stream,
            "summary": e.summary,
        }
        for e in JOURNAL_ENTRIES
    ]
    return rows

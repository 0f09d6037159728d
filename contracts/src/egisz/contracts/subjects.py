"""Every subject of the system, in one place.

Naming rule (tested): commands `egisz.<service>.cmd.<aggregate>.<verb>`, events
`egisz.<service>.evt.<aggregate>.<event>` (past tense), dead letters
`egisz.<service>.dlq.<consumer>`. Event types are `ru.egisz.<service>.<aggregate>.<event>.v<N>`.
Each service owns one JetStream stream holding its events and its dead letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from egisz.contracts import accreditation, notify, portfolio, registry
from egisz.contracts.events import DeadLetter

SERVICES = ("registry", "portfolio", "accreditation", "notify")

SUBJECT_RULE = re.compile(
    r"^egisz\.(?P<service>registry|portfolio|accreditation|notify)"
    r"\.(?P<kind>cmd|evt)\.(?P<aggregate>[a-z][a-z_]*)\.(?P<name>[a-z][a-z_]*)$"
)


@dataclass(frozen=True)
class Command:
    subject: str
    request: type[BaseModel]
    result: type[BaseModel]
    summary: str

    @property
    def service(self) -> str:
        return self.subject.split(".")[1]


@dataclass(frozen=True)
class Event:
    subject: str
    data: type[BaseModel]
    summary: str
    version: int = 1

    @property
    def service(self) -> str:
        return self.subject.split(".")[1]

    @property
    def type(self) -> str:
        _, service, _, aggregate, name = self.subject.split(".")
        return f"ru.egisz.{service}.{aggregate}.{name}.v{self.version}"

    @property
    def stream(self) -> str:
        return stream_name(self.service)


def stream_name(service: str) -> str:
    """JetStream stream owned by `service` (events and dead letters)."""
    return f"EGISZ_{service.upper()}"


def stream_subjects(service: str) -> list[str]:
    return [f"egisz.{service}.evt.>", f"egisz.{service}.dlq.>"]


def dead_letter_subject(service: str, consumer: str) -> str:
    return f"egisz.{service}.dlq.{consumer}"


def events_wildcard(service: str | None = None) -> str:
    return f"egisz.{service}.evt.>" if service else "egisz.*.evt.>"


# --- registry -------------------------------------------------------------------------------
WORKER_REGISTER = Command(
    "egisz.registry.cmd.worker.register",
    registry.RegisterWorker,
    registry.WorkerView,
    "An org officer adds a worker to FRMR.",
)
WORKER_GET = Command(
    "egisz.registry.cmd.worker.get",
    registry.GetWorker,
    registry.WorkerView,
    "A worker by id or SNILS, scoped by role.",
)
WORKER_REGISTERED = Event(
    "egisz.registry.evt.worker.registered",
    registry.WorkerRegistered,
    "A worker entered FRMR.",
)

# --- portfolio ------------------------------------------------------------------------------
PORTFOLIO_GET = Command(
    "egisz.portfolio.cmd.portfolio.get",
    portfolio.GetPortfolio,
    portfolio.PortfolioView,
    "A worker's portfolio.",
)
PORTFOLIO_CREATED = Event(
    "egisz.portfolio.evt.portfolio.created",
    portfolio.PortfolioCreated,
    "A portfolio was opened for a worker who entered FRMR.",
)

# --- accreditation --------------------------------------------------------------------------
APPLICANT_GET = Command(
    "egisz.accreditation.cmd.applicant.get",
    accreditation.GetApplicant,
    accreditation.ApplicantView,
    "Whether accreditation knows the worker from FRMR.",
)

# --- notify ---------------------------------------------------------------------------------
INBOX_LIST = Command(
    "egisz.notify.cmd.inbox.list",
    notify.ListInbox,
    notify.InboxPage,
    "The caller's inbox page and unread count (the bell).",
)
INBOX_MARK_READ = Command(
    "egisz.notify.cmd.inbox.mark_read",
    notify.MarkRead,
    notify.MarkReadResult,
    "Mark one or all of the caller's notifications read.",
)
NOTIFICATION_CREATED = Event(
    "egisz.notify.evt.notification.created",
    notify.NotificationCreated,
    "A notification reached a recipient's inbox.",
)

COMMANDS: tuple[Command, ...] = tuple(v for v in list(globals().values()) if isinstance(v, Command))
EVENTS: tuple[Event, ...] = tuple(v for v in list(globals().values()) if isinstance(v, Event))


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

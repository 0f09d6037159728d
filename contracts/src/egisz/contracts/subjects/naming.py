"""The naming rule of subjects, streams and dead letters, and the two kinds of entry."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import BaseModel

SERVICES = ("registry", "portfolio", "accreditation", "notify", "fac", "reporting", "audit")

SUBJECT_RULE = re.compile(
    r"^egisz\.(?P<service>registry|portfolio|accreditation|notify|fac|reporting|audit)"
    r"\.(?P<kind>cmd|evt)\.(?P<aggregate>[a-z][a-z_]*)\.(?P<name>[a-z][a-z_]*)$"
)


# Verbs of commands that change nothing (queries): their replies are never stored for an
# idempotency key, so a repeat is answered as the caller may see it now.
QUERY_VERBS = frozenset(
    {"get", "list", "search", "verify", "queue", "review_queue", "pending", "read", "check"}
    | {"download", "document_download", "print"}
)
QUERY_SUBJECTS = frozenset({"egisz.portfolio.cmd.approval.report"})


@dataclass(frozen=True)
class Command:
    subject: str
    request: type[BaseModel]
    result: type[BaseModel]
    summary: str

    @property
    def service(self) -> str:
        """The service that serves it."""
        return self.subject.split(".")[1]

    @property
    def is_query(self) -> bool:
        """It changes nothing: a read, a check, a file's bytes."""
        return self.subject.rsplit(".", 1)[1] in QUERY_VERBS or self.subject in QUERY_SUBJECTS


DataT = TypeVar("DataT", bound=BaseModel)


@dataclass(frozen=True)
class Event(Generic[DataT]):
    """An event's subject and the model of its data: `Event[WorkerRegistered]`, so a consumer
    registered for it is handed `CloudEvent[WorkerRegistered]`."""

    subject: str
    data: type[DataT]
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
    """Its events, their public form (`contracts.public`) and its dead letters."""
    return [f"egisz.{service}.evt.>", f"egisz.{service}.pub.>", f"egisz.{service}.dlq.>"]


def dead_letter_subject(service: str, consumer: str) -> str:
    return f"egisz.{service}.dlq.{consumer}"


def events_wildcard(service: str | None = None) -> str:
    return f"egisz.{service}.evt.>" if service else "egisz.*.evt.>"

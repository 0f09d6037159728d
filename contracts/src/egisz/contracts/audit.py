"""The audit journal of personal data: who read or changed whose data, through which command and
when. Each service that keeps personal data (`JOURNALED_SERVICES`) sends the `audit` service an
entry for every change it is asked for and for every read that disclosed somebody's data, on its
own subject (`egisz.audit.evt.entry.<service>`: the NATS server lets each service publish only
its own, so the journal knows the sender by the subject, not by what the entry says). Only the
`audit` service reads those subjects: an entry carries SNILS whole — the journal is a register of
personal data like the others, never an event for other teams.

The `audit` service chains the entries (each record's hash covers the one before it) and answers
three questions: a person's «кто смотрел мои данные», the support desk's and the regulator's
search, and whether the chain is whole."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal, Self

from pydantic import Field, model_validator

from egisz.contracts.bounds import Code, Flag, FullName, Id, Int, Position, Snils
from egisz.contracts.envelope import Role, WireModel

# The services that keep personal data; `reporting` keeps only figures, `fac` is the center's
# stand-in (an outside party keeps its own journal).
JOURNALED_SERVICES = ("registry", "portfolio", "accreditation", "notify", "audit")
MAX_PERSONS_PER_ENTRY = 500  # an import of 500 rows names 500 people; a read names fewer
MAX_ENTRIES_PER_MESSAGE = 64


class DataPart(StrEnum):
    """What of a person's data a command read or changed."""

    RECORD = "record"  # the register's record: name, birth date, SNILS, education, jobs
    PASSPORT = "passport"  # the identity document
    CONTACTS = "contacts"  # phone, e-mail, addresses
    DOCUMENTS = "documents"  # files: diplomas, certificates, scans
    PORTFOLIO = "portfolio"  # the portfolio and its reports
    APPLICATION = "application"  # an accreditation application and its extract
    NOTIFICATIONS = "notifications"  # the cabinet's notices and their settings
    JOURNAL = "journal"  # this journal: the desk's search names whom it looked for


class JournalPerson(WireModel):
    snils: Snils
    parts: list[DataPart] = Field(min_length=1, max_length=len(DataPart))


class JournalActor(WireModel):
    """Who sent the command, from their verified token (`envelope.Actor`)."""

    role: Role
    sub: Id
    snils: Snils | None = None
    org: Code | None = Field(default=None, description="OID or ОГРН of the caller's organization.")
    name: FullName | None = None


class JournalEntry(WireModel):
    """One command, as its service answered it. `outcome`: `ok` or the reply's error code."""

    command: str = Field(max_length=200, description="The command's subject.")
    kind: Literal["read", "change"]
    outcome: Code
    at: datetime
    actor: JournalActor
    persons: list[JournalPerson] = Field(default_factory=list, max_length=MAX_PERSONS_PER_ENTRY)
    correlation_id: Id


class JournalEntries(WireModel):
    """What a journaled service sends: the entries of the commands it answered while its last
    message was on its way, kept by the journal's stream with one acknowledgement (a group
    commit; a command answered alone goes alone). At most `MAX_ENTRIES_PER_MESSAGE`, naming at
    most `MAX_PERSONS_PER_ENTRY` people together; in the order they were answered."""

    entries: list[JournalEntry] = Field(min_length=1, max_length=MAX_ENTRIES_PER_MESSAGE)

    @model_validator(mode="before")
    @classmethod
    def _one_entry_alone(cls, data: Any) -> Any:
        # Sent before 2026-12-07 (a stream kept across the upgrade): the entry was the data.
        if isinstance(data, dict) and "entries" not in data and "command" in data:
            return {"entries": [data]}
        return data

    @model_validator(mode="after")
    def _people_bounded(self) -> Self:
        if sum(len(e.persons) for e in self.entries) > MAX_PERSONS_PER_ENTRY:
            raise ValueError(
                f"entries: at most {MAX_PERSONS_PER_ENTRY} people in one message, all its "
                "entries together; send the rest in the next"
            )
        return self


# --- what people ask of the journal -----------------------------------------------------------
class ListMyJournal(WireModel):
    """The caller's own: who read or changed their data (the caller is the token's SNILS)."""

    before: Position | None = Field(default=None, description="The last `position` seen.")
    limit: Int = Field(default=50, ge=1, le=100)
    others_only: Flag = Field(
        default=True, description="Leave out what the person did themselves (the default)."
    )


class SearchJournal(WireModel):
    """The support desk's and the regulator's search; at least one of the people or the
    organization must be named (the journal is not read whole by anyone). A region's regulator
    gets the records of its region's organizations only (`outside_your_region` for another's)."""

    person_snils: Snils | None = Field(default=None, description="Whose data was touched.")
    actor_snils: Snils | None = Field(default=None, description="Who touched it.")
    actor_org: Code | None = Field(default=None, description="The organization that did.")
    command: str | None = Field(default=None, max_length=200)
    since: datetime | None = None
    until: datetime | None = None
    before: Position | None = Field(default=None, description="The last `position` seen.")
    limit: Int = Field(default=50, ge=1, le=100)


class JournalRecord(WireModel):
    """An entry as the journal keeps it: its place in the chain and the chain's hash there."""

    position: int
    service: str
    entry: JournalEntry
    hash: str = Field(description="SHA-256 over the previous record's hash and this record.")


class JournalPage(WireModel):
    items: list[JournalRecord]
    next_before: int | None = Field(default=None, description="Pass as `before` for the next page.")


class AccessOfMine(WireModel):
    """One line of «кто смотрел мои данные»."""

    position: int
    at: datetime
    what: str = Field(description="What was done, in Russian: «просмотр записи регистра».")
    kind: Literal["read", "change"]
    parts: list[DataPart]
    by_role: Role
    by_name: str | None = None
    by_organization: str | None = None
    by_you: bool
    command: str


class MyJournalPage(WireModel):
    items: list[AccessOfMine]
    next_before: int | None = None


class VerifyJournal(WireModel):
    """Recompute the chain from `from_position` on, at most `limit` records a call."""

    from_position: Position = 1
    limit: Int = Field(default=10_000, ge=1, le=100_000)


class JournalVerification(WireModel):
    intact: bool
    checked: int
    from_position: int
    last_position: int | None = Field(default=None, description="The last record checked.")
    broken_at: int | None = Field(default=None, description="The first record that differs.")
    head_hash: str | None = None
    next_from: int | None = Field(default=None, description="More to check: call again from it.")

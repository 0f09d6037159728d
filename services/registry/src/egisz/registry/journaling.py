"""Whose data a registry reply shows, for the audit journal (`CommandContext.disclosed`): read off
the view the caller gets, so the journal names exactly what left — a record seen without its
passport and contacts is journaled as the record alone."""

from __future__ import annotations

from collections.abc import Iterable

from egisz.contracts import registry as wire
from egisz.contracts.audit import DataPart
from egisz.runtime.messaging import CommandContext


def worker_seen(ctx: CommandContext, view: wire.WorkerView) -> wire.WorkerView:
    parts = [DataPart.RECORD]
    if view.identity_document is not None:
        parts.append(DataPart.PASSPORT)
    contacts = view.contacts
    if view.registration_address or view.actual_address or contacts.email or contacts.phone:
        parts.append(DataPart.CONTACTS)
    ctx.disclosed(view.snils, *parts)
    return view


def people_seen(ctx: CommandContext, snils: Iterable[str | None]) -> None:
    """Rows of a list: each person's record (names, SNILS, jobs), no passport or contacts."""
    for s in snils:
        ctx.disclosed(s, DataPart.RECORD)


def request_seen(
    ctx: CommandContext, view: wire.RegistrationRequestView
) -> wire.RegistrationRequestView:
    """An FRMO request names its responsible employees, the head and an attorney."""
    people_seen(ctx, (e.snils for e in view.employees))
    people_seen(ctx, (p.snils for p in (view.head, view.attorney) if p is not None))
    return view


def access_seen(ctx: CommandContext, view: wire.AccessRequestView) -> wire.AccessRequestView:
    people_seen(ctx, (e.snils for e in view.employees))
    return view

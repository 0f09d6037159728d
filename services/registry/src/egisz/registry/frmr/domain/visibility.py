"""Who sees what of a worker's record: the one home of the rule. Pure.

An organization's officers find a record, and see its passport, addresses and contacts, only
while the organization maintains it (`maintains`: it employs the person now, or it entered
the record and no one employs them yet). The person, the support desk and the center see
all of it; an outside system following the register (a directory) sees the record without the
personal data, whatever it asks."""

from __future__ import annotations

from datetime import date
from enum import Enum

from egisz.registry.frmr.domain.model import Worker


class Sight(Enum):
    PERSONAL = "personal"  # the record with passport, addresses, contacts, INN
    RECORD = "record"  # the record without them


def maintains(worker: Worker, org: str | None, today: date) -> bool:
    """An organization maintains the record, and its officers see the personal data, only
    while it employs the person: a job not yet ended (one starting later included), or,
    having entered the record, until anyone employs them or it records a job of its own. A
    job that has ended, or was entered already ended, gives no sight of anyone's passport or
    contacts."""
    if org is None:
        return False
    open_jobs = [e.organization_oid for e in worker.employments if not e.has_ended(today)]
    if org in open_jobs:
        return True
    # Entered the record, no one employs them yet, and this organization never did.
    own_jobs = any(e.organization_oid == org for e in worker.employments)
    return worker.registered_by_org == org and not open_jobs and not own_jobs


def found_by_officer(worker: Worker, organization: str | None, today: date) -> bool:
    """An officer learns of a record only while their organization maintains it."""
    return maintains(worker, organization, today)


def sight(worker: Worker, *, officer_of: str | None, system: bool, today: date) -> Sight:
    """How much of the record the caller sees: `officer_of` names an officer's organization
    (None for anyone else), `system` an outside system."""
    if system:
        return Sight.RECORD
    if officer_of is not None and not maintains(worker, officer_of, today):
        return Sight.RECORD
    return Sight.PERSONAL

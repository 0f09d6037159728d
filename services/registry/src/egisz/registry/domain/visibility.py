"""Who sees what of a worker's record: the one home of the rule. Pure.

An organization's officers find a record, and see its passport, addresses and contacts, only
while the organization maintains it (`Worker.maintained_by`: it employs the person now, or it
entered the record and no one employs them yet). The person, the support desk and the center see
all of it; an outside system following the register (a directory) sees the record without the
personal data, whatever it asks."""

from __future__ import annotations

from datetime import date
from enum import Enum

from egisz.registry.domain.model import Worker


class Sight(Enum):
    PERSONAL = "personal"  # the record with passport, addresses, contacts, INN
    RECORD = "record"  # the record without them


def found_by_officer(worker: Worker, organization: str | None, today: date) -> bool:
    """An officer learns of a record only while their organization maintains it."""
    return worker.maintained_by(organization, today)


def sight(worker: Worker, *, officer_of: str | None, system: bool, today: date) -> Sight:
    """How much of the record the caller sees: `officer_of` names an officer's organization
    (None for anyone else), `system` an outside system."""
    if system:
        return Sight.RECORD
    if officer_of is not None and not worker.maintained_by(officer_of, today):
        return Sight.RECORD
    return Sight.PERSONAL

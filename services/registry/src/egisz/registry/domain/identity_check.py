"""Naming a person already in FRMR (or in the register of learners) by SNILS and birth date.

That a SNILS is in the register may be said: registering it again must be refused. Whether a
birth date matches must never be: a wrong pair is answered exactly as an unknown SNILS is
(`worker.hire`), or as a SNILS already entered is (`worker.import`), or held for the support
desk without a reason (`learner.import`). Each wrong pair is a miss, journaled with who, for
which organization, whom (a digest of the SNILS, never the SNILS itself), through which command
and when; a caller with `MISSES_PER_DAY` misses in the last day is stopped until the oldest is a
day old, so guessing a birth date takes years instead of one request of 500 rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

MISSES_PER_DAY = 5
WINDOW = timedelta(hours=24)


def person_digest(snils: str) -> str:
    """Whom a miss was about, for the journal: the same person gives the same digest."""
    return hashlib.sha256(f"egisz-identity-miss|{snils}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class IdentityMiss:
    caller: str  # the person acting (their SNILS) or the system (its identity)
    organization: str | None
    person: str  # person_digest of the SNILS named
    command: str
    at: datetime


@dataclass
class MissBudget:
    """How many more misses this caller may make today; spent as misses happen."""

    left: int

    @classmethod
    def after(cls, misses_today: int) -> MissBudget:
        return cls(max(0, MISSES_PER_DAY - misses_today))

    @property
    def exhausted(self) -> bool:
        return self.left <= 0

    def spend(self) -> None:
        self.left -= 1

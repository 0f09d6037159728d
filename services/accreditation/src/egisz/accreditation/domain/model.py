"""Applicants: accreditation's own copy of who is in FRMR and their personal data and contacts
(applications go only through the cabinet; a worker not in FRMR may apply by post only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class PersonalData:
    """What an application takes from the worker's FRMR record when it is formed."""

    last_name: str
    first_name: str
    middle_name: str | None
    birth_date: date
    email: str | None = None
    phone: str | None = None

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)


@dataclass
class Applicant:
    worker_id: str
    snils: str
    known_since: datetime
    personal: PersonalData | None = None
    record_version: int = 0

    def newer(self, record_version: int) -> bool:
        """Events may come twice or out of order: only a later record version replaces ours."""
        return record_version >= self.record_version

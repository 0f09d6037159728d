"""Applicants: accreditation's own copy of who is in FRMR and their personal data and contacts
(applications go only through the cabinet; a worker not in FRMR may apply by post only)."""

from __future__ import annotations

from dataclasses import dataclass, field
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


PAPER = "post:"  # an applicant known only from a paper application, not (yet) in FRMR


@dataclass
class Applicant:
    worker_id: str  # FRMR's, or `post:<SNILS>` for someone known only from paper
    snils: str
    known_since: datetime
    personal: PersonalData | None = None
    record_version: int = 0
    # Paper applications passed before the person entered FRMR: recorded there when they do.
    pending_passes: list[str] = field(default_factory=list)

    @property
    def in_frmr(self) -> bool:
        return not self.worker_id.startswith(PAPER)

    def newer(self, record_version: int) -> bool:
        """Events may come twice or out of order: only a later record version replaces ours."""
        return record_version >= self.record_version

"""Applicants: accreditation's own copy of who is in FRMR (applications go only through the
cabinet; a worker not in FRMR may apply by post only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass
class Applicant:
    worker_id: str
    snils: str
    known_since: datetime

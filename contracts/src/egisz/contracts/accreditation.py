"""Accreditation commands, replies and events."""

from __future__ import annotations

from datetime import datetime

from egisz.contracts.envelope import WireModel


class GetApplicant(WireModel):
    """Whether accreditation knows a worker from FRMR (applications go only through the cabinet)."""

    worker_id: str | None = None


class ApplicantView(WireModel):
    worker_id: str
    in_frmr: bool
    known_since: datetime | None

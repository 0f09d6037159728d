"""Accreditation commands, replies and events."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from egisz.contracts.envelope import EventData, WireModel


class GetApplicant(WireModel):
    """Whether accreditation knows a worker from FRMR (applications go only through the cabinet)."""

    worker_id: str | None = None


class ApplicantView(WireModel):
    worker_id: str
    in_frmr: bool
    known_since: datetime | None


class AccreditationPassed(EventData):
    """The commission decided «сдано»: the registry writes it into the worker's record."""

    application_id: str = Field(description="Becomes the accreditation's record id in FRMR.")
    worker_id: str
    snils: str
    kind: str = Field(description="`primary`, `primary_specialized` or `periodic`.")
    speciality: str
    passed_on: date
    valid_until: date
    protocol_number: str

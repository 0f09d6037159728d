"""The accreditation center's intake (ФАЦ). The accreditation service delivers each submitted
application's package here and counts it delivered only on the intake's receipt. Today the
accreditation service serves this intake itself; an external center can take it over by serving
the same subject."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from egisz.contracts.accreditation import (
    ApplicantPersonalData,
    ApplicationDocument,
    ApplicationKind,
)
from egisz.contracts.bounds import Code, Cursor, Snils, Text, Title
from egisz.contracts.envelope import WireModel


class ApplicationPackage(WireModel):
    application_id: Cursor
    worker_id: Cursor
    snils: Snils
    applicant: ApplicantPersonalData
    kind: ApplicationKind
    speciality: Title
    education_level: Code
    snapshot_id: Cursor | None = Field(default=None, description="Periodic: «portfolio.xml».")
    documents: list[ApplicationDocument] = Field(max_length=30, default_factory=list)
    comment: Text | None = None
    submitted_at: datetime


class IntakeReceipt(WireModel):
    application_id: str
    intake_number: str = Field(description="The center's registration number of the package.")
    received_on: date

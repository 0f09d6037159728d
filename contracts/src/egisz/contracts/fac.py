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
from egisz.contracts.envelope import WireModel


class ApplicationPackage(WireModel):
    application_id: str
    worker_id: str
    snils: str
    applicant: ApplicantPersonalData
    kind: ApplicationKind
    speciality: str
    education_level: str
    snapshot_id: str | None = Field(default=None, description="Periodic: «portfolio.xml».")
    documents: list[ApplicationDocument] = Field(default_factory=list)
    comment: str | None = None
    submitted_at: datetime


class IntakeReceipt(WireModel):
    application_id: str
    intake_number: str = Field(description="The center's registration number of the package.")
    received_on: date

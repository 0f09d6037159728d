"""The accreditation center (ФАЦ): its intake and its journal. The accreditation service delivers
each submitted application's package to the intake and counts it delivered only on the receipt.
The `fac` service is a stand-in for the center with its own database and NATS user; a real
center replaces it by serving the same subjects."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from egisz.contracts.accreditation import (
    ApplicantPersonalData,
    ApplicationDocument,
    ApplicationKind,
)
from egisz.contracts.bounds import Code, Cursor, Int, Snils, Text, Title
from egisz.contracts.envelope import WireModel


class ApplicationPackage(WireModel):
    """What the accreditation center receives: only the personal data it needs. SNILS: the
    accreditation is recorded under it (the extract and FRMR's record name it); name and birth
    date: the commission identifies the person against their identity document. No contacts
    (`applicant.email` / `phone` stay empty): the center's notices reach the applicant through
    our notify service. Sent without a token: the center knows the sender by the NATS user that
    alone may publish here (`accreditation`)."""

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


class ListPackages(WireModel):
    after: Cursor | None = Field(default=None, description="The last intake number seen.")
    limit: Int = Field(default=50, ge=1, le=100)


class ReceivedPackage(WireModel):
    intake_number: str
    application_id: str
    received_on: date
    kind: ApplicationKind
    speciality: str
    applicant_name: str
    snapshot_id: str | None = None
    documents: Int


class PackageJournal(WireModel):
    """Packages in the order they arrived."""

    items: list[ReceivedPackage]
    next_cursor: str | None = None

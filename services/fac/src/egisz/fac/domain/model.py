"""A package the accreditation center took in: its registration number in the center's own
journal and the day it arrived. Numbers run per year without gaps a reader would notice; the
same application sent again keeps its first number (delivery is at least once)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from egisz.fac.domain.errors import PackageIncompleteError


def intake_number(year: int, sequence: int) -> str:
    """«ФАЦ-2026-000042»: sorts in the order packages arrived."""
    return f"ФАЦ-{year}-{sequence:06d}"


@dataclass
class ReceivedPackage:
    intake_number: str
    application_id: str
    received_on: date
    received_at: datetime
    kind: str
    speciality: str
    applicant_name: str
    snils: str
    snapshot_id: str | None = None
    documents: int = 0
    version: int = 0
    events: list[object] = field(default_factory=list, repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.intake_number

    @staticmethod
    def check_complete(kind: str, snapshot_id: str | None) -> None:
        """Periodic accreditation is reviewed on the portfolio: a package without its
        «portfolio.xml» is not taken in (the sender's bug, not the applicant's)."""
        if kind == "periodic" and not snapshot_id:
            raise PackageIncompleteError()

    @classmethod
    def receive(
        cls,
        *,
        sequence: int,
        application_id: str,
        kind: str,
        speciality: str,
        applicant_name: str,
        snils: str,
        snapshot_id: str | None,
        documents: int,
        now: datetime,
    ) -> ReceivedPackage:
        cls.check_complete(kind, snapshot_id)
        return cls(
            intake_number(now.year, sequence),
            application_id,
            now.date(),
            now,
            kind,
            speciality,
            applicant_name,
            snils,
            snapshot_id,
            documents,
        )

"""What an applicant submits to enter FRMO (and amends on a clarification request), and every
check it must pass before the support desk sees it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from egisz.kernel.snils import normalize_snils
from egisz.registry.domain.checks import Problems
from egisz.registry.frmo.domain.request_documents import Scan, check_scans
from egisz.registry.frmo.domain.requisites import (
    Licence,
    OrganizationType,
    Requisites,
    ResponsibleEmployee,
    check_employees,
    check_licences,
    check_requisites,
    normalized_employee,
    normalized_requisites,
)
from egisz.registry.frmo.domain.signatories import PowerOfAttorney, RequestHead, check_signatories


@dataclass(frozen=True)
class Application:
    type: OrganizationType
    requisites: Requisites
    licences: list[Licence]
    employees: list[ResponsibleEmployee]
    scans: list[Scan]
    head: RequestHead | None = None
    attorney: PowerOfAttorney | None = None

    def checked(self, today: date) -> Application:
        p = Problems()
        check_requisites(p, self.requisites)
        check_signatories(p, self.head, self.attorney, self.scans, today)
        check_licences(
            p, self.licences, today=today, required=self.type is OrganizationType.MEDICAL
        )
        check_employees(p, self.employees)
        check_scans(p, self.requisites.legal_form, self.type, self.scans)
        p.raise_if_any()
        return replace(
            self,
            requisites=normalized_requisites(self.requisites),
            employees=[normalized_employee(e) for e in self.employees],
            head=self.head and replace(self.head, snils=normalize_snils(self.head.snils)),
            attorney=self.attorney
            and replace(self.attorney, snils=normalize_snils(self.attorney.snils)),
        )

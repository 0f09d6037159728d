"""The documents a FRMO request attaches (seed 003) and which an applicant must: by legal form and
organization type. Scans are stored once and referred to by id."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from egisz.registry.domain.checks import Problems
from egisz.registry.frmo.domain.requisites import LegalForm, OrganizationType


class DocumentKind(StrEnum):
    """The documents seed 003 lists for a request."""

    CHARTER = "charter"  # устав
    FOUNDING_AGREEMENT = "founding_agreement"  # учредительный договор: several founders
    REGISTRATION_CERTIFICATE = "registration_certificate"  # свидетельство о госрегистрации
    HEAD_APPOINTMENT = "head_appointment"  # приказ о назначении руководителя
    LEASE_AGREEMENT = "lease_agreement"  # договор аренды: premises elsewhere than the legal address
    POWER_OF_ATTORNEY = "power_of_attorney"  # доверенность: the applicant is not the head
    LICENCE = "licence"  # лицензия


# A legal entity's constituent documents; a sole proprietor has none of them.
_CONSTITUENT = {
    DocumentKind.CHARTER,
    DocumentKind.FOUNDING_AGREEMENT,
    DocumentKind.HEAD_APPOINTMENT,
}


def required_scans(form: LegalForm, kind: OrganizationType) -> set[DocumentKind]:
    """What must be attached («отсутствие любого из перечисленных файлов приводит к отказу»):
    the registration certificate; a legal entity's charter and head's appointment order; a
    medical organization's licence. The founding agreement, lease and power of attorney are
    attached when they apply."""
    needed = {DocumentKind.REGISTRATION_CERTIFICATE}
    if not form.is_entrepreneur:
        needed |= {DocumentKind.CHARTER, DocumentKind.HEAD_APPOINTMENT}
    if kind is OrganizationType.MEDICAL:
        needed.add(DocumentKind.LICENCE)
    return needed


@dataclass(frozen=True)
class Scan:
    """An attached file: stored once, referred to by id (never inlined in events)."""

    file_id: str
    kind: DocumentKind
    filename: str
    content_type: str
    size: int


def check_scans(p: Problems, form: LegalForm, kind: OrganizationType, scans: list[Scan]) -> None:
    missing = required_scans(form, kind) - {s.kind for s in scans}
    for doc in sorted(missing):
        p.add("scans", f"Приложите скан: {SCAN_TITLES[doc]}", "missing")
    if form.is_entrepreneur:
        for i, scan in enumerate(scans):
            if scan.kind in _CONSTITUENT:
                p.add(
                    f"scans.{i}.kind",
                    f"Индивидуальный предприниматель не прикладывает: {SCAN_TITLES[scan.kind]}",
                    "not_applicable",
                )


SCAN_TITLES = {
    DocumentKind.CHARTER: "устав",
    DocumentKind.FOUNDING_AGREEMENT: "учредительный договор",
    DocumentKind.REGISTRATION_CERTIFICATE: "свидетельство о государственной регистрации",
    DocumentKind.HEAD_APPOINTMENT: "приказ о назначении руководителя",
    DocumentKind.LEASE_AGREEMENT: "договор аренды помещения",
    DocumentKind.POWER_OF_ATTORNEY: "доверенность",
    DocumentKind.LICENCE: "лицензия",
}

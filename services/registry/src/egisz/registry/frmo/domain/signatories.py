"""Who may sign an FRMO request (seed 000: «подписать… у руководителя… печать»): the head the
request names, or the person holding the head's power of attorney; who signed is who their
qualified certificate says (its SNILS), never who the token claims to be."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from egisz.kernel.cades import CertifiedSigner
from egisz.registry.domain import identifiers
from egisz.registry.domain.checks import MISSING, Problems
from egisz.registry.domain.people import FullName
from egisz.registry.frmo.domain.errors import (
    CertificateOfAnotherOrganizationError,
    SignerNotEntitledError,
)
from egisz.registry.frmo.domain.request_documents import DocumentKind, Scan

SIGNATURE_FIELD = "signature.cades"


@dataclass(frozen=True)
class RequestHead:
    name: FullName
    position: str
    snils: str


@dataclass(frozen=True)
class PowerOfAttorney:
    name: FullName
    snils: str
    number: str
    issued_on: date
    valid_until: date

    def in_force(self, day: date) -> bool:
        return self.issued_on <= day <= self.valid_until


@dataclass(frozen=True)
class TrustedCa:
    """A CA the support desk loaded: people's certificates it issued sign requests."""

    sha256: str
    pem: str
    subject: str
    not_after: datetime
    added_by: str
    added_at: datetime


@dataclass(frozen=True)
class SignedBy:
    """The signer of a submission, as their certificate names them."""

    capacity: Literal["head", "attorney"]
    name: str
    snils: str
    certificate_serial: str
    certificate_issuer: str
    certificate_valid_until: datetime
    certificate_sha256: str


def _check_name(p: Problems, prefix: str, name: FullName) -> None:
    p.person_name(f"{prefix}.last_name", name.last, required=True)
    p.person_name(f"{prefix}.first_name", name.first, required=True)
    p.person_name(f"{prefix}.middle_name", name.middle, required=False)


def check_signatories(
    p: Problems,
    head: RequestHead | None,
    attorney: PowerOfAttorney | None,
    scans: list[Scan],
    today: date,
) -> None:
    """The head, with their SNILS, is named; a power of attorney is in force, names someone
    else and comes with its scan."""
    if head is None:
        p.add(
            "head", f"{MISSING}: руководитель подписывает заявку или выдаёт доверенность", "missing"
        )
    else:
        _check_name(p, "head", head.name)
        p.text("head.position", head.position)
        p.snils("head.snils", head.snils)
    if attorney is None:
        return
    _check_name(p, "attorney", attorney.name)
    p.snils("attorney.snils", attorney.snils)
    p.text("attorney.number", attorney.number)
    p.past_date("attorney.issued_on", attorney.issued_on, today=today)
    if attorney.valid_until < today:
        p.add("attorney.valid_until", "Срок действия доверенности истёк", "expired")
    if head is not None and _same(head.snils, attorney.snils):
        p.add("attorney.snils", "Руководитель подписывает сам: доверенность не нужна", "is_head")
    if DocumentKind.POWER_OF_ATTORNEY not in {s.kind for s in scans}:
        p.add("scans", "Приложите скан: доверенность", "missing")


def _same(a: str, b: str) -> bool:
    return identifiers.normalize_snils(a) == identifiers.normalize_snils(b)


def signed_by(
    signer: CertifiedSigner,
    *,
    head: RequestHead | None,
    attorney: PowerOfAttorney | None,
    ogrn: str,
    today: date,
) -> SignedBy:
    """The capacity the certificate's holder signs in, or the refusal saying who may sign."""
    if signer.ogrn and signer.ogrn != identifiers.digits_only(ogrn):
        raise CertificateOfAnotherOrganizationError.at(SIGNATURE_FIELD, "another_organization")
    snils = signer.snils or ""
    if head is not None and snils and _same(snils, head.snils):
        capacity: Literal["head", "attorney"] = "head"
    elif attorney is not None and snils and _same(snils, attorney.snils):
        if not attorney.in_force(today):
            raise SignerNotEntitledError.at(SIGNATURE_FIELD, "attorney_expired")
        capacity = "attorney"
    else:
        raise SignerNotEntitledError.at(SIGNATURE_FIELD, "not_entitled")
    return SignedBy(
        capacity=capacity,
        name=signer.full_name,
        snils=identifiers.normalize_snils(snils),
        certificate_serial=signer.serial,
        certificate_issuer=signer.issuer,
        certificate_valid_until=signer.not_after,
        certificate_sha256=signer.fingerprint,
    )

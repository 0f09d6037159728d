"""People's signatures on FRMO requests: checked against the CAs the registry trusts (the
deployment's setting and the support desk's list) and matched to the head or attorney the
request names (`domain/signatories.py`)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from egisz.kernel.cades import (
    CadesVerifier,
    CertificateSignatureError,
    SignatureMalformedError,
    ca_certificate,
)
from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import FieldProblem, InvalidInputError
from egisz.registry.caller import Caller
from egisz.registry.frmo.domain.application import Application
from egisz.registry.frmo.domain.errors import SignatureMissingError
from egisz.registry.frmo.domain.signatories import (
    SIGNATURE_FIELD,
    SignedBy,
    TrustedCa,
    signed_by,
)

if TYPE_CHECKING:
    from egisz.registry.repository import RegistryUnitOfWork


@dataclass(frozen=True)
class Signed:
    """The detached signature as sent (base64), and the exact bytes it must cover."""

    cades: str
    canonical: bytes


def _decoded(text: str) -> bytes:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise SignatureMalformedError.at(SIGNATURE_FIELD, "format") from None


async def verifier_for(
    uow: RegistryUnitOfWork, configured: Sequence[x509.Certificate]
) -> CadesVerifier:
    """The setting's CAs and the desk's, as they are at this moment."""
    loaded = [x509.load_pem_x509_certificate(ca.pem.encode()) for ca in await uow.trusted_cas.all()]
    return CadesVerifier([*configured, *loaded])


def signer_of(
    signed: Signed | None, application: Application, verifier: CadesVerifier, now: datetime
) -> SignedBy:
    """Who signed the (checked) application, or the refusal naming `signature.cades`."""
    if signed is None:
        raise SignatureMissingError(
            fields=[FieldProblem("signature", SignatureMissingError.default_message, "missing")]
        )
    try:
        signer = verifier.verify(_decoded(signed.cades), signed.canonical, now)
    except CertificateSignatureError as exc:
        if exc.fields:
            raise
        raise type(exc)(fields=[FieldProblem(SIGNATURE_FIELD, exc.message, exc.code)]) from None
    return signed_by(
        signer,
        head=application.head,
        attorney=application.attorney,
        ogrn=application.requisites.ogrn,
        today=now.date(),
    )


# --- the support desk's list of trusted CAs --------------------------------------------------
def _fingerprint(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex()


async def add_trusted_ca(
    uow: RegistryUnitOfWork, caller: Caller, pem: str, *, clock: Clock = utcnow
) -> TrustedCa:
    try:
        certificate = ca_certificate(pem.encode())
    except ValueError as exc:
        raise InvalidInputError.of("certificate_pem", str(exc), "format") from None
    now = clock()
    if certificate.not_valid_after_utc < now:
        raise InvalidInputError.of(
            "certificate_pem", "Срок действия сертификата центра истёк", "expired"
        )
    ca = TrustedCa(
        sha256=_fingerprint(certificate),
        pem=certificate.public_bytes(serialization.Encoding.PEM).decode(),
        subject=certificate.subject.rfc4514_string(),
        not_after=certificate.not_valid_after_utc,
        added_by=caller.sub,
        added_at=now,
    )
    async with uow:
        await uow.trusted_cas.add(ca)
        await uow.commit()
    return ca


async def remove_trusted_ca(uow: RegistryUnitOfWork, sha256: str) -> bool:
    async with uow:
        removed = await uow.trusted_cas.remove(sha256.lower())
        await uow.commit()
    return removed


async def trusted_cas(uow: RegistryUnitOfWork) -> list[TrustedCa]:
    async with uow:
        return await uow.trusted_cas.all()


def configured_view(certificate: x509.Certificate) -> tuple[str, str, datetime]:
    return (
        _fingerprint(certificate),
        certificate.subject.rfc4514_string(),
        certificate.not_valid_after_utc,
    )

"""The heads' qualified certificates: checked against the CAs the portfolio trusts
(`PORTFOLIO_TRUSTED_CA_FILE`); an approval is a detached CAdES-BES made with the very
certificate the head registered (`egisz.kernel.cades`)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from egisz.kernel.cades import (
    CadesVerifier,
    CertificateSignatureError,
    CertifiedSigner,
    SignatureInvalidError,
)
from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import FieldProblem, InvalidInputError

SCHEME = "cades"


def _at(field: str, exc: CertificateSignatureError) -> CertificateSignatureError:
    return type(exc)(fields=[FieldProblem(field, exc.message, exc.code)])


class HeadCertificates:
    """The `cades` scheme of the approval domain (`SignatureScheme`): the registered key is the
    certificate itself (DER)."""

    name = SCHEME

    def __init__(self, trusted: Sequence[x509.Certificate], clock: Clock = utcnow) -> None:
        self._verifier = CadesVerifier(trusted)
        self._clock = clock

    def certificate(self, pem: str) -> tuple[bytes, CertifiedSigner]:
        """The certificate (DER) and whom it names: trusted and valid now, or a refusal naming
        `certificate_pem`."""
        try:
            certificate = x509.load_pem_x509_certificate(pem.encode())
        except ValueError:
            raise InvalidInputError.of(
                "certificate_pem", "Ожидается сертификат X.509 в формате PEM", "format"
            ) from None
        try:
            signer = self._verifier.check_certificate(certificate, self._clock())
        except CertificateSignatureError as exc:
            raise _at("certificate_pem", exc) from None
        return certificate.public_bytes(serialization.Encoding.DER), signer

    def verify(self, public_key: bytes, message: bytes, signature: bytes) -> bool:
        """Signed by the registered certificate `public_key` (DER), trusted and valid now."""
        try:
            signer = self._verifier.verify(signature, message, self._clock())
        except SignatureInvalidError:
            return False  # not over this report: the domain says so in its own words
        except CertificateSignatureError as exc:
            raise _at("signature", exc) from None
        return signer.fingerprint == hashlib.sha256(public_key).hexdigest()

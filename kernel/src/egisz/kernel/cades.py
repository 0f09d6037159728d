"""People's signatures: detached CAdES-BES (RFC 5652 SignedData carrying the ESS
signing-certificate-v2 attribute, ETSI EN 319 122-1) by X.509 certificates. Who signed is who the
certificate says — SNILS, ОГРН, ИНН from its subject (Приказ ФСБ России № 795) — and a signature
counts only from a certificate that chains to a trusted CA and is valid when it is checked.

RSA (PKCS#1 v1.5 and PSS) and ECDSA are checked through `cryptography`, the chain by its X.509
path validation. GOST R 34.10-2012: no maintained library from PyPI, npm or Debian verifies it
from Python (gostcrypto's last release is of 2021, pygost is no longer published on PyPI, Debian's
gost engine plugs into OpenSSL's engine API, which `cryptography` does not load), so a GOST
signature is refused with its own code; a provider would plug in as another `Verifier`."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from asn1crypto import (
    algos,
    cms,
    tsp as _ess,  # noqa: F401 — registers the ESS signing-certificate attributes
    x509 as asn1_x509,
)
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509 import verification
from cryptography.x509.oid import NameOID

from egisz.kernel.errors import InvalidInputError

OID_SNILS = "1.2.643.100.3"
OID_OGRN = "1.2.643.100.1"
OID_OGRNIP = "1.2.643.100.5"
OID_INN = "1.2.643.3.131.1.1"  # a person's ИНН
OID_INN_LE = "1.2.643.100.4"  # a legal entity's ИНН
_GOST_PREFIX = "1.2.643.7.1"  # GOST R 34.10/34.11-2012 algorithms
_DIGESTS: dict[str, type[hashes.SHA256 | hashes.SHA384 | hashes.SHA512]] = {
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


class CertificateSignatureError(InvalidInputError):
    """A signature that does not prove who signed: each reason its own code."""


class SignatureMalformedError(CertificateSignatureError):
    code = "signature_malformed"
    default_message = "Подпись должна быть отсоединённой подписью CAdES-BES (CMS, DER, base64)"


class SignatureInvalidError(CertificateSignatureError):
    code = "signature_invalid"
    default_message = "Подпись не соответствует документу: подпишите его заново"


class SignatureAlgorithmUnsupportedError(CertificateSignatureError):
    code = "signature_algorithm_unsupported"
    default_message = (
        "Алгоритм подписи не поддерживается: принимаются RSA и ECDSA с SHA-256/384/512"
    )


class CertificateUntrustedError(CertificateSignatureError):
    code = "certificate_untrusted"
    default_message = "Сертификат выдан не аккредитованным удостоверяющим центром"


class CertificateExpiredError(CertificateSignatureError):
    code = "certificate_expired"
    default_message = "Срок действия сертификата подписи истёк или ещё не начался"


@dataclass(frozen=True)
class CertifiedSigner:
    """The signer as their certificate names them."""

    snils: str | None
    inn: str | None
    ogrn: str | None  # the organization's ОГРН (or a sole trader's ОГРНИП)
    surname: str | None
    given_name: str | None  # «Имя Отчество»
    common_name: str | None
    organization: str | None
    issuer: str
    serial: str  # hex
    fingerprint: str  # SHA-256 of the certificate, hex
    not_before: datetime
    not_after: datetime

    @property
    def full_name(self) -> str:
        parts = [p for p in (self.surname, self.given_name) if p]
        return " ".join(parts) if parts else (self.common_name or "")


class Verifier(Protocol):
    """Checks a detached signature over `content` at an instant; returns who signed."""

    def verify(self, signature: bytes, content: bytes, at: datetime) -> CertifiedSigner: ...


def _attribute(name: x509.Name, oid: str) -> str | None:
    found = name.get_attributes_for_oid(x509.ObjectIdentifier(oid))
    return str(found[0].value) if found else None


def certified_signer(certificate: x509.Certificate) -> CertifiedSigner:
    subject = certificate.subject
    return CertifiedSigner(
        snils=_attribute(subject, OID_SNILS),
        inn=_attribute(subject, OID_INN) or _attribute(subject, OID_INN_LE),
        ogrn=_attribute(subject, OID_OGRN) or _attribute(subject, OID_OGRNIP),
        surname=_attribute(subject, NameOID.SURNAME.dotted_string),
        given_name=_attribute(subject, NameOID.GIVEN_NAME.dotted_string),
        common_name=_attribute(subject, NameOID.COMMON_NAME.dotted_string),
        organization=_attribute(subject, NameOID.ORGANIZATION_NAME.dotted_string),
        issuer=certificate.issuer.rfc4514_string(),
        serial=format(certificate.serial_number, "x"),
        fingerprint=certificate.fingerprint(hashes.SHA256()).hex(),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
    )


def ca_certificate(pem: bytes) -> x509.Certificate:
    """One CA's certificate from PEM, or a ValueError saying, in Russian, what it is not."""
    try:
        found = x509.load_pem_x509_certificates(pem)
    except ValueError:
        raise ValueError("Ожидается сертификат X.509 в формате PEM") from None
    if len(found) != 1:
        raise ValueError("Ожидается ровно один сертификат")
    try:
        constraints = found[0].extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        constraints = None
    if constraints is None or not constraints.ca:
        raise ValueError("Это не сертификат удостоверяющего центра (basicConstraints: CA)")
    return found[0]


class CadesVerifier:
    """RSA and ECDSA signatures by certificates that chain to `trusted` (the CAs' roots)."""

    def __init__(self, trusted: Iterable[x509.Certificate]) -> None:
        self.trusted = list(trusted)

    def verify(self, signature: bytes, content: bytes, at: datetime) -> CertifiedSigner:
        signed_data = _signed_data(signature)
        signer_info, certificate, others = _signer(signed_data)
        encapsulated = signed_data["encap_content_info"]["content"].native
        if encapsulated is not None and encapsulated != content:
            raise SignatureInvalidError()
        digest = _digest_of(signer_info)
        _check_attributes(signer_info, digest, content, certificate)
        _check_signature(signer_info, digest, certificate)
        self._check_chain(certificate, others, at)
        return certified_signer(certificate)

    def check_certificate(self, certificate: x509.Certificate, at: datetime) -> CertifiedSigner:
        """A certificate on its own (a head registering theirs): trusted and valid at `at`."""
        self._check_chain(certificate, [], at)
        return certified_signer(certificate)

    def _check_chain(
        self, leaf: x509.Certificate, others: Sequence[x509.Certificate], at: datetime
    ) -> None:
        if not leaf.not_valid_before_utc <= at <= leaf.not_valid_after_utc:
            raise CertificateExpiredError()
        if not self.trusted:
            raise CertificateUntrustedError()
        verifier = (
            verification.PolicyBuilder()
            .store(verification.Store(self.trusted))
            .time(at)
            .extension_policies(
                ca_policy=verification.ExtensionPolicy.webpki_defaults_ca(),
                ee_policy=verification.ExtensionPolicy.permit_all(),
            )
            .build_client_verifier()
        )
        try:
            verifier.verify(leaf, list(others))
        except verification.VerificationError:
            raise CertificateUntrustedError() from None


def _signed_data(signature: bytes) -> Any:
    try:
        info = cms.ContentInfo.load(signature, strict=True)
        if info["content_type"].native != "signed_data":
            raise SignatureMalformedError()
        signed_data = info["content"]
        _ = signed_data.native  # parses the whole structure now, not halfway through the checks
    except (ValueError, TypeError, KeyError):
        raise SignatureMalformedError() from None
    return signed_data


def _signer(signed_data: Any) -> tuple[Any, x509.Certificate, list[x509.Certificate]]:
    """The one signer's info, their certificate and the others the signature carries."""
    infos = list(signed_data["signer_infos"])
    if len(infos) != 1:
        raise SignatureMalformedError("Ожидается ровно одна подпись")
    info = infos[0]
    carried = [c.chosen for c in signed_data["certificates"] or [] if c.name == "certificate"]
    sid = info["sid"]
    own = None
    for candidate in carried:
        if sid.name == "issuer_and_serial_number":
            same = (
                candidate.issuer == sid.chosen["issuer"]
                and candidate.serial_number == sid.chosen["serial_number"].native
            )
        else:
            same = candidate.key_identifier == sid.chosen.native
        if same:
            own = candidate
    if own is None:
        raise SignatureMalformedError("В подписи нет сертификата подписавшего")
    try:
        loaded = [x509.load_der_x509_certificate(c.dump()) for c in carried]
        return info, x509.load_der_x509_certificate(own.dump()), loaded
    except ValueError:
        raise SignatureMalformedError() from None


def _digest_of(signer_info: Any) -> hashes.HashAlgorithm:
    name = signer_info["digest_algorithm"]["algorithm"].native
    dotted = signer_info["digest_algorithm"]["algorithm"].dotted
    if dotted.startswith(_GOST_PREFIX) or name not in _DIGESTS:
        raise SignatureAlgorithmUnsupportedError()
    return _DIGESTS[name]()


def _hash(algorithm: hashes.HashAlgorithm, data: bytes) -> bytes:
    h = hashes.Hash(algorithm)
    h.update(data)
    return h.finalize()


def _check_attributes(
    signer_info: Any, digest: hashes.HashAlgorithm, content: bytes, certificate: x509.Certificate
) -> None:
    """CAdES-BES: the content type, the content's digest and the signer's certificate, signed."""
    attributes = signer_info["signed_attrs"]
    if not attributes:
        raise SignatureMalformedError("В подписи нет подписанных атрибутов (CAdES-BES)")
    by_type = {a["type"].native: a["values"][0] for a in attributes}
    if by_type.get("content_type") is None or by_type["content_type"].native != "data":
        raise SignatureMalformedError()
    message_digest = by_type.get("message_digest")
    if message_digest is None or message_digest.native != _hash(digest, content):
        raise SignatureInvalidError()
    own = certificate.public_bytes(serialization.Encoding.DER)
    if (v2 := by_type.get("signing_certificate_v2")) is not None:
        first = v2["certs"][0]
        hashed = first["hash_algorithm"]["algorithm"].native
        if hashed not in _DIGESTS or first["cert_hash"].native != _hash(_DIGESTS[hashed](), own):
            raise SignatureInvalidError()
    elif (v1 := by_type.get("signing_certificate")) is not None:
        if v1["certs"][0]["cert_hash"].native != hashlib.sha1(own).digest():
            raise SignatureInvalidError()
    else:
        raise SignatureMalformedError("В подписи нет атрибута signing-certificate (CAdES-BES)")


def _check_signature(
    signer_info: Any, digest: hashes.HashAlgorithm, certificate: x509.Certificate
) -> None:
    algorithm = signer_info["signature_algorithm"]
    if algorithm["algorithm"].dotted.startswith(_GOST_PREFIX):
        raise SignatureAlgorithmUnsupportedError()
    signed = b"\x31" + signer_info["signed_attrs"].dump()[1:]  # signed as a SET OF, not [0]
    signature = signer_info["signature"].native
    try:
        key = certificate.public_key()
        kind = algorithm.signature_algo
        if kind == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, signed, padding.PKCS1v15(), digest)
        elif kind == "rsassa_pss" and isinstance(key, rsa.RSAPublicKey):
            params = algorithm["parameters"]
            pss = padding.PSS(padding.MGF1(digest), params["salt_length"].native)
            key.verify(signature, signed, pss, digest)
        elif kind == "ecdsa" and isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, signed, ec.ECDSA(digest))
        else:
            raise SignatureAlgorithmUnsupportedError()
    except (UnsupportedAlgorithm, ValueError):
        raise SignatureAlgorithmUnsupportedError() from None
    except InvalidSignature:
        raise SignatureInvalidError() from None


def sign_detached(
    content: bytes,
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
    certificate: x509.Certificate,
    chain: Sequence[x509.Certificate] = (),
    *,
    at: datetime | None = None,
) -> bytes:
    """A detached CAdES-BES signature (SHA-256) over `content`, as a КЭП tool makes it: what
    `egisz sign` does with a head's `.pfx`, and what the tests sign with."""
    own = certificate.public_bytes(serialization.Encoding.DER)
    signing_certificate = {"certs": [{"cert_hash": hashlib.sha256(own).digest()}]}
    attributes = cms.CMSAttributes(
        [
            {"type": "content_type", "values": ["data"]},
            {"type": "signing_time", "values": [cms.Time({"utc_time": at or datetime.now(UTC)})]},
            {"type": "message_digest", "values": [hashlib.sha256(content).digest()]},
            {"type": "signing_certificate_v2", "values": [signing_certificate]},
        ]
    )
    to_sign = attributes.dump()
    if isinstance(key, rsa.RSAPrivateKey):
        signature = key.sign(to_sign, padding.PKCS1v15(), hashes.SHA256())
        algorithm = "sha256_rsa"
    else:
        signature = key.sign(to_sign, ec.ECDSA(hashes.SHA256()))
        algorithm = "sha256_ecdsa"
    parsed = asn1_x509.Certificate.load(own)
    signer_info = {
        "version": "v1",
        "sid": cms.SignerIdentifier(
            {
                "issuer_and_serial_number": {
                    "issuer": parsed.issuer,
                    "serial_number": parsed.serial_number,
                }
            }
        ),
        "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
        "signed_attrs": attributes,
        "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": algorithm}),
        "signature": signature,
    }
    carried = [parsed] + [
        asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in chain
    ]
    signed_data = cms.SignedData(
        {
            "version": "v1",
            "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
            "encap_content_info": {"content_type": "data"},
            "certificates": carried,
            "signer_infos": [signer_info],
        }
    )
    info = cms.ContentInfo({"content_type": "signed_data", "content": signed_data})
    return bytes(info.dump())


__all__ = [
    "CadesVerifier",
    "CertificateExpiredError",
    "CertificateSignatureError",
    "CertificateUntrustedError",
    "CertifiedSigner",
    "SignatureAlgorithmUnsupportedError",
    "SignatureInvalidError",
    "SignatureMalformedError",
    "Verifier",
    "ca_certificate",
    "certified_signer",
    "sign_detached",
]

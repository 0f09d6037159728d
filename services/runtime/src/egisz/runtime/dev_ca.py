"""A certification authority of the development stand: real X.509, as an accredited CA issues a
qualified certificate (Приказ ФСБ России № 795: SNILS, ИНН, ОГРН in the subject), so the local
stack, the demo and the tests sign with certificates the services check exactly as they check
a real one. Production trusts the accredited CAs' roots instead (`TRUSTED_CA_FILE`, and the
desk's `trust.ca.add`); nothing here is used there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from egisz.kernel.cades import OID_INN, OID_OGRN, OID_SNILS


@dataclass(frozen=True)
class Issued:
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    def pfx(self, password: bytes | None = None) -> bytes:
        """The key and certificate as the `.pfx` a head receives (seed 003)."""
        protection = (
            serialization.BestAvailableEncryption(password)
            if password
            else serialization.NoEncryption()
        )
        name = (self.certificate.subject.rfc4514_string() or "signer").encode()
        return pkcs12.serialize_key_and_certificates(
            name, self.key, self.certificate, None, protection
        )


class DevCertificationAuthority:
    def __init__(self, key: ec.EllipticCurvePrivateKey, certificate: x509.Certificate) -> None:
        self.key, self.certificate = key, certificate

    @classmethod
    def create(
        cls, name: str = "Тестовый УЦ ЕГИСЗ", *, valid_from: datetime | None = None
    ) -> DevCertificationAuthority:
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        now = valid_from or datetime.now(UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(_usage(ca=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .sign(key, hashes.SHA256())
        )
        return cls(key, certificate)

    @classmethod
    def at(cls, directory: Path) -> DevCertificationAuthority:
        """The stand's CA in `directory` (`dev-ca.pem`, `dev-ca-key.pem`), made once."""
        directory.mkdir(parents=True, exist_ok=True)
        cert_path, key_path = directory / "dev-ca.pem", directory / "dev-ca-key.pem"
        if not cert_path.exists():
            made = cls.create()
            key_path.write_bytes(
                made.key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            )
            key_path.chmod(0o600)
            cert_path.write_bytes(made.certificate.public_bytes(serialization.Encoding.PEM))
            return made
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return cls(key, x509.load_pem_x509_certificate(cert_path.read_bytes()))

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def issue(
        self,
        *,
        snils: str,
        surname: str,
        given_name: str,
        inn: str | None = None,
        ogrn: str | None = None,
        organization: str | None = None,
        title: str | None = None,
        valid_from: datetime | None = None,
        valid_days: int = 365,
    ) -> Issued:
        """A person's qualified certificate: with `ogrn` and `organization`, an organization's
        officer's (a head's) certificate."""
        key = ec.generate_private_key(ec.SECP256R1())
        attributes = [
            x509.NameAttribute(NameOID.COMMON_NAME, organization or f"{surname} {given_name}"),
            x509.NameAttribute(NameOID.SURNAME, surname),
            x509.NameAttribute(NameOID.GIVEN_NAME, given_name),
            x509.NameAttribute(x509.ObjectIdentifier(OID_SNILS), snils),
        ]
        if inn:
            attributes.append(x509.NameAttribute(x509.ObjectIdentifier(OID_INN), inn))
        if ogrn:
            attributes.append(x509.NameAttribute(x509.ObjectIdentifier(OID_OGRN), ogrn))
        if organization:
            attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
        if title:
            attributes.append(x509.NameAttribute(NameOID.TITLE, title))
        start = valid_from or datetime.now(UTC) - timedelta(hours=1)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(x509.Name(attributes))
            .issuer_name(self.certificate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(start + timedelta(days=valid_days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(ca=False), critical=True)
            .add_extension(
                x509.ExtendedKeyUsage(
                    [ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.EMAIL_PROTECTION]
                ),
                critical=False,
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), False
            )
            .sign(self.key, hashes.SHA256())
        )
        return Issued(key, certificate)


def _usage(*, ca: bool) -> x509.KeyUsage:
    """A CA signs certificates and lists; a person signs documents (non-repudiation)."""
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )

"""Detached CAdES-BES signatures by people's certificates (`egisz.kernel.cades`), signed by the
development stand's CA (`egisz.runtime.dev_ca`): who signed is who the certificate says, and
nothing else passes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from asn1crypto import cms
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from egisz.kernel import cades
from egisz.runtime.dev_ca import DevCertificationAuthority, Issued

CONTENT = "Заявка на регистрацию в ФРМО".encode()
NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
def ca() -> DevCertificationAuthority:
    return DevCertificationAuthority.create()


@pytest.fixture(scope="module")
def head(ca: DevCertificationAuthority) -> Issued:
    return ca.issue(
        snils="11223344595",
        surname="Главврачова",
        given_name="Анна Петровна",
        inn="500100732259",
        ogrn="1027700132195",
        organization="ГБУЗ Поликлиника № 1",
    )


def test_a_signature_by_a_trusted_certificate_names_its_signer(ca, head) -> None:
    signature = cades.sign_detached(CONTENT, head.key, head.certificate)
    signer = cades.CadesVerifier([ca.certificate]).verify(signature, CONTENT, NOW)
    assert (signer.snils, signer.ogrn, signer.inn) == (
        "11223344595",
        "1027700132195",
        "500100732259",
    )
    assert signer.full_name == "Главврачова Анна Петровна"
    assert signer.not_after == head.certificate.not_valid_after_utc


def test_an_rsa_certificate_signs_too(ca) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    issued = ca.issue(snils="11223344595", surname="Рсаев", given_name="Иван")
    # the same subject, an RSA key: re-issue the certificate for it
    from cryptography import x509

    certificate = (
        x509.CertificateBuilder()
        .subject_name(issued.certificate.subject)
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(issued.certificate.not_valid_before_utc)
        .not_valid_after(issued.certificate.not_valid_after_utc)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), False
        )
        .sign(ca.key, hashes.SHA256())
    )
    signature = cades.sign_detached(CONTENT, key, certificate)
    assert cades.CadesVerifier([ca.certificate]).verify(signature, CONTENT, NOW).surname == "Рсаев"


def test_a_changed_document_is_refused(ca, head) -> None:
    signature = cades.sign_detached(CONTENT, head.key, head.certificate)
    with pytest.raises(cades.SignatureInvalidError):
        cades.CadesVerifier([ca.certificate]).verify(signature, CONTENT + b" ", NOW)


def test_a_certificate_from_another_ca_is_untrusted(ca) -> None:
    stranger = DevCertificationAuthority.create("Чужой УЦ").issue(
        snils="11223344595", surname="Главврачова", given_name="Анна Петровна"
    )
    signature = cades.sign_detached(CONTENT, stranger.key, stranger.certificate)
    with pytest.raises(cades.CertificateUntrustedError):
        cades.CadesVerifier([ca.certificate]).verify(signature, CONTENT, NOW)


def test_no_trusted_ca_trusts_nobody(head) -> None:
    signature = cades.sign_detached(CONTENT, head.key, head.certificate)
    with pytest.raises(cades.CertificateUntrustedError):
        cades.CadesVerifier([]).verify(signature, CONTENT, NOW)


def test_an_expired_certificate_is_refused(ca) -> None:
    old = ca.issue(
        snils="11223344595",
        surname="Просрочкина",
        given_name="Анна",
        valid_from=NOW - timedelta(days=400),
        valid_days=365,
    )
    signature = cades.sign_detached(CONTENT, old.key, old.certificate)
    with pytest.raises(cades.CertificateExpiredError):
        cades.CadesVerifier([ca.certificate]).verify(signature, CONTENT, NOW)


def test_a_key_that_is_not_the_certificates_is_refused(ca, head) -> None:
    other = ec.generate_private_key(ec.SECP256R1())
    signature = cades.sign_detached(CONTENT, other, head.certificate)
    with pytest.raises(cades.SignatureInvalidError):
        cades.CadesVerifier([ca.certificate]).verify(signature, CONTENT, NOW)


def test_a_swapped_certificate_breaks_the_signing_certificate_attribute(ca, head) -> None:
    """CAdES-BES signs the signer's certificate: carrying another one with the same issuer and
    serial is caught by its hash, before any key is tried."""
    another = ca.issue(snils="11223344595", surname="Подменова", given_name="Анна")
    signature = cades.sign_detached(CONTENT, head.key, head.certificate)
    info = cms.ContentInfo.load(signature)
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization

    forged = asn1_x509.Certificate.load(
        another.certificate.public_bytes(serialization.Encoding.DER)
    )
    info["content"]["certificates"] = [forged]
    info["content"]["signer_infos"][0]["sid"] = cms.SignerIdentifier(
        {
            "issuer_and_serial_number": {
                "issuer": forged.issuer,
                "serial_number": forged.serial_number,
            }
        }
    )
    with pytest.raises(cades.SignatureInvalidError):
        cades.CadesVerifier([ca.certificate]).verify(info.dump(force=True), CONTENT, NOW)


@pytest.mark.parametrize(
    "garbage", [b"", b"not a signature", b"\x30\x03\x02\x01\x01", b"\x30\x80" + b"\x00" * 64]
)
def test_what_is_not_a_cms_signature_is_called_malformed(ca, garbage: bytes) -> None:
    with pytest.raises(cades.SignatureMalformedError):
        cades.CadesVerifier([ca.certificate]).verify(garbage, CONTENT, NOW)


def test_a_gost_signature_is_refused_with_its_own_code(ca, head) -> None:
    signature = cades.sign_detached(CONTENT, head.key, head.certificate)
    info = cms.ContentInfo.load(signature)
    info["content"]["signer_infos"][0]["digest_algorithm"] = {"algorithm": "1.2.643.7.1.1.2.2"}
    with pytest.raises(cades.SignatureAlgorithmUnsupportedError) as refused:
        cades.CadesVerifier([ca.certificate]).verify(info.dump(force=True), CONTENT, NOW)
    assert refused.value.code == "signature_algorithm_unsupported"


def test_openssl_and_the_verifier_read_each_others_signatures(
    ca, head, tmp_path, system_tool
) -> None:
    """Interoperability with another CMS implementation: OpenSSL's `cms -sign -cades` is accepted,
    and OpenSSL verifies what `sign_detached` makes (the format a КЭП tool produces)."""
    import subprocess

    from cryptography.hazmat.primitives import serialization

    openssl = system_tool("openssl", "openssl")
    (tmp_path / "doc").write_bytes(CONTENT)
    (tmp_path / "ca.pem").write_bytes(ca.pem)
    (tmp_path / "cert.pem").write_bytes(head.certificate.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(
        head.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    subprocess.run(
        [openssl, "cms", "-sign", "-cades", "-binary", "-outform", "DER", "-in", "doc",
         "-signer", "cert.pem", "-inkey", "key.pem", "-out", "openssl.der"],
        cwd=tmp_path, check=True, capture_output=True,
    )  # fmt: skip
    signer = cades.CadesVerifier([ca.certificate]).verify(
        (tmp_path / "openssl.der").read_bytes(), CONTENT, NOW
    )
    assert signer.snils == "11223344595"
    (tmp_path / "ours.der").write_bytes(cades.sign_detached(CONTENT, head.key, head.certificate))
    verified = subprocess.run(
        [openssl, "cms", "-verify", "-binary", "-inform", "DER", "-in", "ours.der",
         "-content", "doc", "-CAfile", "ca.pem", "-purpose", "any", "-out", "/dev/null"],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert verified.returncode == 0, verified.stderr

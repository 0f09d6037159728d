"""Who may sign an FRMO request (pure domain): the head the request names or the holder of their
power of attorney, recognised by the SNILS in their certificate."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from egisz.kernel.cades import CertifiedSigner
from egisz.kernel.errors import InvalidInputError
from egisz.registry.domain.checks import Problems
from egisz.registry.domain.people import FullName
from egisz.registry.frmo.domain.errors import (
    CertificateOfAnotherOrganizationError,
    SignerNotEntitledError,
)
from egisz.registry.frmo.domain.request_documents import DocumentKind, Scan
from egisz.registry.frmo.domain.signatories import (
    PowerOfAttorney,
    RequestHead,
    check_signatories,
    signed_by,
)

TODAY = date(2026, 12, 6)
OGRN = "1027700132195"
HEAD = RequestHead(FullName("Главврачова", "Анна", "Петровна"), "главный врач", "11223344595")
ATTORNEY = PowerOfAttorney(
    FullName("Доверенная", "Ольга"),
    "08765430300",
    "77 АБ 1234567",
    date(2026, 1, 10),
    date(2027, 1, 10),
)
SCAN = Scan("f1", DocumentKind.POWER_OF_ATTORNEY, "poa.pdf", "application/pdf", 1000)


def certificate(snils: str | None, ogrn: str | None = None) -> CertifiedSigner:
    return CertifiedSigner(
        snils=snils,
        inn=None,
        ogrn=ogrn,
        surname="Главврачова",
        given_name="Анна Петровна",
        common_name=None,
        organization=None,
        issuer="CN=УЦ",
        serial="1f",
        fingerprint="ab" * 32,
        not_before=datetime(2026, 1, 1, tzinfo=UTC),
        not_after=datetime(2027, 6, 1, tzinfo=UTC),
    )


def problems(
    head: RequestHead | None, attorney: PowerOfAttorney | None, scans: list[Scan]
) -> set[tuple[str, str]]:
    p = Problems()
    check_signatories(p, head, attorney, scans, TODAY)
    return {(f.field, f.code) for f in p.items}


def test_the_head_signs_with_their_own_certificate() -> None:
    by = signed_by(
        certificate("112-233-445 95", OGRN), head=HEAD, attorney=None, ogrn=OGRN, today=TODAY
    )
    assert (by.capacity, by.snils, by.name) == ("head", "11223344595", "Главврачова Анна Петровна")


def test_the_holder_of_a_power_of_attorney_signs_in_the_heads_stead() -> None:
    by = signed_by(certificate("08765430300"), head=HEAD, attorney=ATTORNEY, ogrn=OGRN, today=TODAY)
    assert by.capacity == "attorney"


def test_anyone_else_is_refused_however_they_are_named() -> None:
    with pytest.raises(SignerNotEntitledError) as refused:
        signed_by(certificate("00000000000"), head=HEAD, attorney=ATTORNEY, ogrn=OGRN, today=TODAY)
    assert [(f.field, f.code) for f in refused.value.fields] == [
        ("signature.cades", "not_entitled")
    ]


def test_a_certificate_without_snils_signs_for_no_one() -> None:
    with pytest.raises(SignerNotEntitledError):
        signed_by(certificate(None), head=HEAD, attorney=None, ogrn=OGRN, today=TODAY)


def test_a_power_of_attorney_out_of_force_signs_nothing() -> None:
    lapsed = replace(ATTORNEY, valid_until=date(2026, 12, 5))
    with pytest.raises(SignerNotEntitledError) as refused:
        signed_by(certificate("08765430300"), head=HEAD, attorney=lapsed, ogrn=OGRN, today=TODAY)
    assert refused.value.fields[0].code == "attorney_expired"


def test_a_certificate_of_another_organization_is_refused() -> None:
    with pytest.raises(CertificateOfAnotherOrganizationError):
        signed_by(
            certificate("11223344595", "1037739010891"),
            head=HEAD,
            attorney=None,
            ogrn=OGRN,
            today=TODAY,
        )


def test_the_request_names_its_head() -> None:
    assert problems(None, None, []) == {("head", "missing")}
    bad = replace(HEAD, snils="11223344590")
    assert problems(bad, None, []) == {("head.snils", "checksum")}


def test_a_power_of_attorney_comes_with_its_scan_in_force_and_names_someone_else() -> None:
    assert problems(HEAD, ATTORNEY, [SCAN]) == set()
    assert problems(HEAD, ATTORNEY, []) == {("scans", "missing")}
    expired = replace(ATTORNEY, valid_until=date(2026, 12, 1))
    assert problems(HEAD, expired, [SCAN]) == {("attorney.valid_until", "expired")}
    same = replace(ATTORNEY, snils=HEAD.snils)
    assert problems(HEAD, same, [SCAN]) == {("attorney.snils", "is_head")}


def test_the_refusals_are_invalid_input_naming_the_signature() -> None:
    assert issubclass(SignerNotEntitledError, InvalidInputError)

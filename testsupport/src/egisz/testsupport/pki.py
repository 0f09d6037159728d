"""The test session's certification authority: the registry trusts it (its PEM written where the
service's `TRUSTED_CA_FILE` points), and tests sign as a head or an attorney with certificates
it issues, exactly as a client signs with a qualified certificate."""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path

from egisz.kernel.cades import sign_detached
from egisz.runtime.dev_ca import DevCertificationAuthority, Issued

TEST_CA = DevCertificationAuthority.create("Тестовый УЦ сессии")


def trusted_ca_file(directory: Path) -> Path:
    path = directory / "trusted-ca.pem"
    path.write_bytes(TEST_CA.pem)
    return path


@cache
def certificate_of(snils: str, surname: str = "Главврачова", ogrn: str | None = None) -> Issued:
    """One certificate per person (and organization), issued once per session."""
    return TEST_CA.issue(snils=snils, surname=surname, given_name="Анна Петровна", ogrn=ogrn)


def cades(content: bytes, snils: str, *, ogrn: str | None = None) -> str:
    """A detached CAdES-BES signature over `content` by the holder of `snils`, base64."""
    issued = certificate_of(snils, ogrn=ogrn)
    return base64.b64encode(sign_detached(content, issued.key, issued.certificate)).decode()

"""FRMO's registration act (seed 003: «электронный акт регистрации»): issued when the support desk
approves a request, a PDF signed with the registry's own key; the organization downloads it and
anyone checks it by the code printed on it, as an accreditation's extract."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from egisz.contracts.bounds import Int, Oid
from egisz.contracts.envelope import WireModel
from egisz.contracts.issued import ExtractSignature, VerifyIssuedDocument


class RegistrationActRef(WireModel):
    """The act as the organization's record names it: the code to check it by."""

    verification_code: str
    issued_on: date
    sha256: str


class DownloadRegistrationAct(WireModel):
    """The act's PDF, part by part (512 KiB each): the organization's officers, the desk."""

    oid: Oid | None = Field(default=None, description="Defaults to the officer's organization.")
    part: Int = Field(default=0, ge=0, le=10_000)


class VerifyRegistrationAct(VerifyIssuedDocument):
    """Check an act by the code printed on it; no token needed."""


class RegistrationActVerification(WireModel):
    """What anyone may learn from an act's code: the organization's public requisites."""

    verification_code: str
    organization_oid: str
    name: str
    inn: str
    ogrn: str
    registered_on: date
    issued_on: date
    signature: ExtractSignature
    document_matches: bool | None = Field(
        default=None, description="Whether the given `sha256` is this act's file."
    )

"""Who signs an FRMO registration request: the head it names or the holder of their power of
attorney, with a qualified certificate inside a detached CAdES-BES signature."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from egisz.contracts.bounds import CmsSignature, Date, Number, PersonName, Snils, Title
from egisz.contracts.envelope import WireModel


class RequestSignature(WireModel):
    """The request signed as seed 000 asks («подписать… у руководителя»): a detached CAdES-BES
    signature over `canonical_request(...)` of this very message, made with the qualified
    certificate of the head named in `head`, or of the person `attorney` names. The certificate
    travels inside the signature and must come from a CA the registry trusts."""

    cades: CmsSignature = Field(description="Base64 of a DER CMS SignedData: detached CAdES-BES.")


class RequestHead(WireModel):
    """The organization's head, who signs the request (or gave the power of attorney)."""

    last_name: PersonName
    first_name: PersonName
    middle_name: PersonName | None = None
    position: Title
    snils: Snils = Field(description="Matched against the SNILS in the signer's certificate.")


class PowerOfAttorney(WireModel):
    """Someone other than the head signs: the power of attorney the head gave them (its scan
    is attached as `power_of_attorney`)."""

    last_name: PersonName
    first_name: PersonName
    middle_name: PersonName | None = None
    snils: Snils = Field(description="Matched against the SNILS in the signer's certificate.")
    number: Number
    issued_on: Date
    valid_until: Date


class RequestSigner(WireModel):
    capacity: Literal["head", "attorney"]
    name: str = Field(description="As the certificate names the signer.")
    certificate_serial: str
    certificate_issuer: str
    certificate_valid_until: datetime
    certificate_sha256: str

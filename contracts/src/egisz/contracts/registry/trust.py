"""The certification authorities whose qualified certificates the registry trusts for people's
signatures (an FRMO request signed by its head): those the deployment names in its setting
(`REGISTRY_TRUSTED_CA_FILE`, a PEM bundle) and those the support desk loads by command."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from egisz.contracts.bounds import Pem, Sha256
from egisz.contracts.envelope import WireModel


class AddTrustedCa(WireModel):
    """The support desk trusts one more CA: its root (or intermediate) certificate, PEM."""

    certificate_pem: Pem = Field(description="One X.509 CA certificate in PEM.")


class RemoveTrustedCa(WireModel):
    sha256: Sha256 = Field(description="The certificate's SHA-256 fingerprint, as listed.")


class ListTrustedCas(WireModel):
    pass


class TrustedCaView(WireModel):
    sha256: str
    subject: str
    not_after: datetime
    source: Literal["setting", "desk"]
    added_by: str | None = None
    added_at: datetime | None = None


class TrustedCaList(WireModel):
    items: list[TrustedCaView]

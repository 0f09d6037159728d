"""The signature of a document a service issues (an accreditation's extract, FRMO's registration
act): a detached signature over the PDF's bytes and the key that checks it."""

from __future__ import annotations

from pydantic import Field

from egisz.contracts.bounds import Sha256, VerificationCode
from egisz.contracts.envelope import WireModel


class VerifyIssuedDocument(WireModel):
    """What checking an issued document by its code takes; no token needed."""

    verification_code: VerificationCode = Field(
        description="`XXXX-XXXX-XXXX`; dashes and case do not matter."
    )
    sha256: Sha256 | None = Field(
        default=None, description="The SHA-256 of a file in hand, to learn whether it is this one."
    )


class ExtractSignature(WireModel):
    """A detached signature over the PDF's bytes, and the key that checks it."""

    scheme: str = Field(description="`ed25519`.")
    signature: str = Field(description="Base64 of the signature over the PDF file's bytes.")
    key_id: str
    public_key_pem: str
    sha256: str = Field(description="SHA-256 of the PDF, hex.")

"""The signature of a document a service issues (an accreditation's extract, FRMO's registration
act): a detached signature over the PDF's bytes and the key that checks it."""

from __future__ import annotations

from pydantic import Field

from egisz.contracts.envelope import WireModel


class ExtractSignature(WireModel):
    """A detached signature over the PDF's bytes, and the key that checks it."""

    scheme: str = Field(description="`ed25519`.")
    signature: str = Field(description="Base64 of the signature over the PDF file's bytes.")
    key_id: str
    public_key_pem: str
    sha256: str = Field(description="SHA-256 of the PDF, hex.")

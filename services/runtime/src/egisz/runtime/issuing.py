"""A document a service issues: its PDF stored, its bytes signed with the service's own key
(`egisz.kernel.issued`). The file is stored before the caller's transaction: a crash between
leaves an unreferenced file, never a document recorded without its file."""

from __future__ import annotations

import base64
import hashlib
import uuid
from datetime import date

from egisz.contracts.issued import ExtractSignature
from egisz.kernel.issued import IssuedDocument
from egisz.kernel.signatures import SCHEME, Signer, public_key_pem
from egisz.runtime.files import FileInfo, FileStore


async def store_signed_pdf(
    files: FileStore,
    signer: Signer,
    pdf: bytes,
    *,
    owner: str,
    filename: str,
    verification_code: str,
    issued_on: date,
) -> IssuedDocument:
    info = FileInfo(
        file_id=uuid.uuid4().hex,
        owner=owner,
        filename=filename,
        content_type="application/pdf",
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
    )
    await files.store(info, pdf)
    return IssuedDocument(
        file_id=info.file_id,
        filename=info.filename,
        size=info.size,
        sha256=info.sha256,
        signature=base64.b64encode(signer.sign(pdf)).decode(),
        scheme=SCHEME,
        key_id=signer.key_id,
        public_key=base64.b64encode(signer.public_key).decode(),
        verification_code=verification_code,
        issued_on=issued_on,
    )


def signature_view(d: IssuedDocument) -> ExtractSignature:
    """The detached signature of an issued document and the key that checks it, for anyone."""
    return ExtractSignature(
        scheme=d.scheme,
        signature=d.signature,
        key_id=d.key_id,
        public_key_pem=public_key_pem(base64.b64decode(d.public_key)),
        sha256=d.sha256,
    )

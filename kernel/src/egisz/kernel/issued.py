"""Documents a service issues as a PDF signed with its own key — an accreditation's extract,
FRMO's registration act — that anyone checks by the code printed on them. Pure."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

# Crockford's base32: no I, L, O, U, so a code read aloud or retyped is not misread.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
_MISREAD = str.maketrans("OIL", "011")


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(code: str) -> str:
    """`7k3f-9qx2-m4td`, `7K3F 9QX2 M4TD` and misread letters all name the same document."""
    plain = "".join(code.split()).replace("-", "").upper()
    return plain.translate(_MISREAD)


def format_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


@dataclass(frozen=True)
class IssuedDocument:
    """The signed PDF: the signature is detached, over the file's bytes."""

    file_id: str
    filename: str
    size: int
    sha256: str
    signature: str  # base64
    scheme: str

    def matches(self, sha256: str) -> bool:
        """Whether a file someone holds is this document, by its SHA-256 in hex."""
        return sha256.strip().lower() == self.sha256

    key_id: str
    public_key: str  # base64 of the raw key, so a signature checks after the key is rotated
    verification_code: str
    issued_on: date

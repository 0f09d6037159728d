"""Detached signatures of the documents a service issues, with its own Ed25519 key: anyone holding
the public key checks them (`openssl pkeyutl -verify -rawin` does the same). People sign with
qualified certificates instead (`egisz.kernel.cades`)."""

from __future__ import annotations

import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

SCHEME = "ed25519"


class SigningKeyError(ValueError):
    """The configured private key is not an Ed25519 key in PEM."""


def key_id(public_key: bytes) -> str:
    """A short, stable name of a public key: the start of its SHA-256."""
    return hashlib.sha256(public_key).hexdigest()[:16]


class Signer:
    def __init__(self, private_key_pem: str) -> None:
        try:
            key = serialization.load_pem_private_key(private_key_pem.encode(), password=None)
        except (ValueError, TypeError) as exc:
            raise SigningKeyError(f"the signing key is not a PEM private key: {exc}") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise SigningKeyError("the signing key must be Ed25519")
        self._key = key
        public = key.public_key()
        self.public_key = public.public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.public_key_pem = public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()
        self.key_id = key_id(self.public_key)

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data)


def verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def public_key_pem(public_key: bytes) -> str:
    return (
        Ed25519PublicKey.from_public_bytes(public_key)
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )

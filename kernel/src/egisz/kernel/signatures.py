"""Detached signatures. A service signs the documents it issues with its own Ed25519 key, and
anyone holding the public key checks them (`openssl pkeyutl -verify -rawin` does the same).
People's signatures (a head's decision, an applicant's FRMO request) are checked by the schemes
in `SCHEMES`: Ed25519 through `cryptography`; a GOST R 34.10-2012 provider registers itself the
same way."""

from __future__ import annotations

import hashlib
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from egisz.kernel.errors import InvalidInputError

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


class Scheme(Protocol):
    """A way people sign: their public key read from PEM, a signature checked over bytes."""

    name: str

    def public_key(self, pem: str) -> bytes: ...
    def verify(self, public_key: bytes, message: bytes, signature: bytes) -> bool: ...


class Ed25519Scheme:
    name = "ed25519"

    def public_key(self, pem: str) -> bytes:
        """The raw key from a PEM public key, or a refusal naming the field."""
        try:
            key = serialization.load_pem_public_key(pem.encode())
        except ValueError:
            raise InvalidInputError.of(
                "public_key_pem", "Ожидается открытый ключ в формате PEM", "format"
            ) from None
        if not isinstance(key, Ed25519PublicKey):
            raise InvalidInputError.of(
                "public_key_pem", "Ожидается ключ Ed25519 (или выберите другую схему)", "scheme"
            )
        return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    def verify(self, public_key: bytes, message: bytes, signature: bytes) -> bool:
        return verify(public_key, message, signature)


SCHEMES: dict[str, Scheme] = {Ed25519Scheme.name: Ed25519Scheme()}
"""The schemes people sign with, by the name a request gives."""

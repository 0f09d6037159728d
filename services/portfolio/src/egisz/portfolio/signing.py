"""Signature schemes the portfolio accepts for a head's decision. Ed25519 through `cryptography`;
a GOST R 34.10-2012 provider registers itself in `SCHEMES` the same way."""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from egisz.runtime import signatures
from egisz.runtime.errors import InvalidInputError


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
        return signatures.verify(public_key, message, signature)


SCHEMES: dict[str, Ed25519Scheme] = {Ed25519Scheme.name: Ed25519Scheme()}

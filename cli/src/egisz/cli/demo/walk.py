"""What every act of the demo shares: the client, the people's tokens, the ids the acts pass on,
and `show`, which prints a step with its reply and keeps whether it held."""

from __future__ import annotations

import asyncio
import base64
import json
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from egisz.cli.http_client import Caller
from egisz.registry.domain.identifiers import format_snils, snils_check_number
from egisz.runtime.dev_ca import Issued
from egisz.testsupport.harness import pdf_bytes

Reply = dict[str, Any]

# A one-page PDF that PDFium opens: the services refuse anything less.
DEMO_SCAN = pdf_bytes(b"demo scan")


def random_snils(rng: random.Random | None = None) -> str:
    rng = rng or random.Random()
    first = "".join(str(rng.randint(0, 9)) for _ in range(9))
    return format_snils(f"{first}{snils_check_number(first):02d}")


def random_birth_date(rng: random.Random | None = None) -> str:
    """Distinct people: the registry flags the same name and birth date as a likely duplicate."""
    rng = rng or random.Random()
    return f"{rng.randint(1950, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def random_inn(rng: random.Random | None = None, region: str = "77") -> str:
    """An organization's INN with its check digit (weights 2, 4, 10, 3, 5, 9, 4, 6, 8)."""
    rng = rng or random.Random()
    body = region + "".join(str(rng.randint(0, 9)) for _ in range(7))
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    return body + str(sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11 % 10)


async def eventually(probe: Callable[[], Awaitable[Reply]], *, timeout: float = 20.0) -> Reply:
    """Ask again until the reply is ok or the deadline passes; return the last reply."""
    deadline = time.monotonic() + timeout
    while True:
        reply = await probe()
        if reply.get("ok") or time.monotonic() > deadline:
            return reply
        await asyncio.sleep(0.2)


def result(reply: Reply) -> dict[str, Any]:
    return reply.get("result") or {}


@dataclass
class Journey:
    """What the demo did: each step's reply by name, and the extract it downloaded."""

    ok: bool = True
    replies: dict[str, Reply] = field(default_factory=dict)
    extract_pdf: bytes = b""
    act_pdf: bytes = b""  # the registration act the organization downloaded
    worker_email: str = ""
    tokens: dict[str, str] = field(default_factory=dict)  # the worker's and the head's


@dataclass
class Walk:
    """One run of the demo: who acts (tokens by role), what the acts found so far."""

    c: Caller
    key: Path
    journey: Journey
    echo: Callable[[str], Any]
    snils: str  # the worker's
    tokens: dict[str, str] = field(default_factory=dict)
    found: dict[str, str] = field(default_factory=dict)  # ids passed from one act to the next
    certificates: dict[str, Issued] = field(default_factory=dict)  # whose .pfx, by role

    def token(self, who: str) -> str:
        return self.tokens[who]

    async def call(self, subject: str, body: dict[str, Any], who: str | None) -> Reply:
        return await self.c.call(subject, body, token=self.tokens[who] if who else None)

    def show(
        self,
        name: str,
        step: str,
        reply: Reply,
        *,
        expect_error: str | None = None,
        holds: Callable[[dict[str, Any]], bool] = lambda _: True,
    ) -> Reply:
        passed = (
            bool(reply.get("ok")) and holds(result(reply))
            if expect_error is None
            else (reply.get("error") or {}).get("code") == expect_error
        )
        self.journey.replies[name] = reply
        self.journey.ok &= passed
        number = len(self.journey.replies)
        self.echo(
            f"{'✔' if passed else '✘'} {number}. {step}\n"
            f"{json.dumps(reply, ensure_ascii=False, indent=2)}"
        )
        return reply


def signature_holds(pdf: bytes, signature: dict[str, Any]) -> bool:
    """A document's detached Ed25519 signature, checked with the key its verification gave."""
    if not signature.get("public_key_pem"):
        return False
    public = serialization.load_pem_public_key(signature["public_key_pem"].encode())
    if not isinstance(public, Ed25519PublicKey):
        return False
    try:
        public.verify(base64.b64decode(signature["signature"]), pdf)
    except InvalidSignature:
        return False
    return True

"""The journal's hash chain. Each record's hash is SHA-256 over the previous record's hash and
this record's canonical form (its position, the service that sent it, the entry), so a record
changed, removed or put in between changes every hash after it: `verify` finds the first.

Anyone who can rewrite the database can rewrite the whole chain after a change, too; what they
cannot rewrite is a hash already seen elsewhere. The service writes its head (position and hash)
to its log on a timer (`anchor_line`), and logs are shipped off the machine: a chain that no
longer leads to an anchored hash was rewritten. Pure."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64  # the "previous hash" of the first record


@dataclass(frozen=True)
class Link:
    """One record of the chain. `entry`: the entry as sent, in its JSON form (what is hashed)."""

    position: int
    service: str
    entry: dict[str, Any]
    hash: str


def canonical(position: int, service: str, entry: dict[str, Any]) -> bytes:
    """The bytes a record's hash covers: the same for the same record on any machine."""
    return json.dumps(
        {"position": position, "service": service, "entry": entry},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()


def link_hash(previous: str, position: int, service: str, entry: dict[str, Any]) -> str:
    digest = hashlib.sha256(previous.encode("ascii"))
    digest.update(b"\n")
    digest.update(canonical(position, service, entry))
    return digest.hexdigest()


def next_link(head: Link | None, service: str, entry: dict[str, Any]) -> Link:
    """The record after `head` (None: the first)."""
    position = 1 if head is None else head.position + 1
    previous = GENESIS if head is None else head.hash
    return Link(position, service, entry, link_hash(previous, position, service, entry))


@dataclass(frozen=True)
class ChainCheck:
    checked: int
    last: Link | None  # the last record found whole
    broken_at: int | None  # the first position that is missing or does not hash as kept

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify(links: Iterable[Link], *, start: int, previous: str) -> ChainCheck:
    """Check `links` (in position order, from `start`) against the hash before them."""
    checked, last, expected = 0, None, start
    for link in links:
        if link.position != expected:
            return ChainCheck(checked, last, expected)  # a record removed
        if link_hash(previous, link.position, link.service, link.entry) != link.hash:
            return ChainCheck(checked, last, link.position)  # a record changed
        checked, last, previous, expected = checked + 1, link, link.hash, expected + 1
    return ChainCheck(checked, last, None)


def anchor_line(head: Link | None) -> dict[str, Any]:
    """What the service logs on a timer, so the chain's head is kept outside the database."""
    if head is None:
        return {"position": 0, "hash": GENESIS}
    return {"position": head.position, "hash": head.hash}

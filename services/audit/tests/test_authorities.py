"""The register of authorities as the journal keeps it, on both backends: the newest version of
each authority wins, whatever order its events come in."""

from __future__ import annotations

from egisz.audit.domain.regulators import Authority
from egisz.audit.repository import AuthorityRepository

from .test_journal import ANNA, DESK


def mz(*members: str, version: int) -> Authority:
    return Authority("mz", "federal", None, frozenset(members), version)


async def test_a_member_is_found_by_their_snils(authorities: AuthorityRepository) -> None:
    await authorities.keep(mz(DESK, version=1))
    assert await authorities.of_member(DESK) == mz(DESK, version=1)
    assert await authorities.of_member(ANNA) is None


async def test_a_newer_version_replaces_it_and_an_older_or_repeated_one_does_not(
    authorities: AuthorityRepository,
) -> None:
    await authorities.keep(mz(DESK, version=2))
    await authorities.keep(mz(ANNA, version=3))  # DESK withdrawn, ANNA admitted
    await authorities.keep(mz(DESK, version=2))  # the older, late
    await authorities.keep(mz(ANNA, version=3))  # the same, again
    assert await authorities.of_member(DESK) is None
    assert await authorities.of_member(ANNA) == mz(ANNA, version=3)

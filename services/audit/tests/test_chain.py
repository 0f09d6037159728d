"""The hash chain, pure: what `verify` finds when a record is changed, removed or put in."""

from __future__ import annotations

from dataclasses import replace

from egisz.audit.domain.chain import GENESIS, Link, next_link, verify


def chain_of(n: int) -> list[Link]:
    links: list[Link] = []
    for i in range(n):
        links.append(next_link(links[-1] if links else None, "registry", {"n": i, "who": "a"}))
    return links


def test_a_chain_as_written_is_whole() -> None:
    links = chain_of(5)
    check = verify(links, start=1, previous=GENESIS)
    assert check.intact and check.checked == 5 and check.last == links[-1]
    assert [link.position for link in links] == [1, 2, 3, 4, 5]


def test_a_changed_entry_breaks_the_chain_at_its_own_record() -> None:
    links = chain_of(5)
    links[2] = replace(links[2], entry={"n": 2, "who": "somebody else"})
    check = verify(links, start=1, previous=GENESIS)
    assert check.broken_at == 3 and check.checked == 2


def test_a_record_rehashed_after_a_change_breaks_the_next_one() -> None:
    links = chain_of(5)
    changed = {"n": 2, "who": "somebody else"}
    links[2] = next_link(links[1], "registry", changed)  # hashed anew, the next one not
    assert verify(links, start=1, previous=GENESIS).broken_at == 4


def test_a_removed_record_is_named_by_its_missing_position() -> None:
    links = chain_of(5)
    del links[1]
    assert verify(links, start=1, previous=GENESIS).broken_at == 2


def test_the_service_that_sent_an_entry_is_part_of_its_hash() -> None:
    links = chain_of(3)
    links[1] = replace(links[1], service="portfolio")
    assert verify(links, start=1, previous=GENESIS).broken_at == 2


def test_a_check_may_start_in_the_middle_from_the_hash_before_it() -> None:
    links = chain_of(6)
    check = verify(links[3:], start=4, previous=links[2].hash)
    assert check.intact and check.checked == 3

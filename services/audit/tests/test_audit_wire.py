"""The journal over real NATS and MongoDB: the registry and the journal running, an officer reads
a record, the person sees who did, the desk finds it, and a record changed in the database is
found by the check."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from nats.aio.client import Client as NatsClient

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.contracts.registry import OrganizationRegistered
from egisz.contracts.subjects.audit_subjects import JOURNAL_SEARCH, JOURNAL_VERIFY, MY_JOURNAL_LIST
from egisz.contracts.subjects.registry_frmo_subjects import ORGANIZATION_REGISTERED
from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import As, Caller, eventually, publish_event, snils_for

pytestmark = pytest.mark.integration

ORG = "1.2.643.5.1.13.13.12.2.77.808"


def fresh_snils() -> str:
    return snils_for(uuid.uuid4().hex)


@pytest.fixture(scope="module")
def as_(
    registry: ServiceRuntime,
    audit: ServiceRuntime,
    nc: NatsClient,
    dev_keys: tuple[Path, Path],
    registry_access: Any,
) -> As:
    return As(nc, dev_keys[0].read_text(), registry_access)


async def registered(officer: Caller) -> dict[str, Any]:
    reply = await officer(
        subjects.WORKER_REGISTER.subject,
        {
            "snils": fresh_snils(),
            "last_name": "Журналова" + "".join(random.choices("абвгдежзиклмнопрст", k=6)),
            "first_name": "Анна",
            "birth_date": (date(1960, 1, 1) + timedelta(days=random.randint(0, 12000))).isoformat(),
            "email": "anna@clinic.ru",
        },
    )
    assert reply["ok"], reply
    return reply["result"]  # type: ignore[no-any-return]


async def test_a_person_sees_which_officer_read_their_record_and_the_desk_finds_it(
    as_: As,
) -> None:
    officer = as_.officer(ORG)
    anna = await registered(officer)
    read = await officer(subjects.WORKER_GET.subject, {"worker_id": anna["worker_id"]})
    assert read["ok"], read
    me = as_.worker(anna["snils"])
    await me(subjects.WORKER_GET.subject, {})  # her own look: not among «others»

    async def mine() -> dict[str, Any]:
        return await me(MY_JOURNAL_LIST.subject, {})

    page = await eventually(mine, lambda r: len(r["result"]["items"]) >= 2)
    lines = page["result"]["items"]
    # (in the order the journal took them: newest first by position)
    assert [line["position"] for line in lines] == sorted(
        (line["position"] for line in lines), reverse=True
    )
    assert sorted(line["what"] for line in lines) == [
        "внесение записи регистра медработников",
        "просмотр записи регистра медработников",
    ]
    assert all(line["by_organization"] == ORG and not line["by_you"] for line in lines)
    assert all(set(line["parts"]) == {"record", "contacts"} for line in lines)  # no passport

    async def everything() -> dict[str, Any]:
        return await me(MY_JOURNAL_LIST.subject, {"others_only": False})

    await eventually(everything, lambda r: any(x["by_you"] for x in r["result"]["items"]))

    desk = as_.role(Role.REGISTRY_OPERATOR)
    found = await desk(JOURNAL_SEARCH.subject, {"person_snils": anna["snils"]})
    assert found["ok"], found
    commands = [r["entry"]["command"] for r in found["result"]["items"]]
    assert subjects.WORKER_GET.subject in commands and subjects.WORKER_REGISTER.subject in commands
    # and her own look at the journal, which the journal journals in turn
    assert {r["service"] for r in found["result"]["items"]} == {"registry", "audit"}


async def admitted(as_: As, level: str = "federal") -> tuple[Caller, str, str]:
    """A regulator the desk has admitted to a new authority in reporting's register: the
    caller, their SNILS and the authority's id."""
    snils, authority_id = fresh_snils(), f"au-{uuid.uuid4().hex[:8]}"
    desk = as_.role(Role.REGISTRY_OPERATOR)
    body = {"authority_id": authority_id, "name": "Орган", "level": level}
    recorded = await desk(
        subjects.AUTHORITY_REGISTER.subject,
        body | ({"region": "77"} if level == "regional" else {}),
    )
    assert recorded["ok"], recorded
    member = {"authority_id": authority_id, "snils": snils}
    assert (await desk(subjects.AUTHORITY_ADD_MEMBER.subject, member))["ok"]
    return as_.regulator(snils), snils, authority_id


async def test_a_regulator_reads_the_journal_while_the_register_of_authorities_counts_them(
    as_: As, reporting: ServiceRuntime
) -> None:
    outsider = as_.regulator(fresh_snils())
    refused = await outsider(JOURNAL_SEARCH.subject, {"person_snils": fresh_snils()})
    assert refused["error"]["code"] == "not_an_authority_member", refused
    regulator, snils, authority_id = await admitted(as_)

    async def search() -> dict[str, Any]:
        return await regulator(JOURNAL_SEARCH.subject, {"person_snils": fresh_snils()})

    await eventually(search, lambda r: r["ok"])  # once the journal has heard of it
    desk = as_.role(Role.REGISTRY_OPERATOR)
    member = {"authority_id": authority_id, "snils": snils}
    assert (await desk(subjects.AUTHORITY_REMOVE_MEMBER.subject, member))["ok"]
    gone = await eventually(search, lambda r: not r["ok"])
    assert gone["error"]["code"] == "not_an_authority_member"


async def test_a_regional_regulator_searches_the_organizations_frmo_registered_in_its_region(
    as_: As, registry: ServiceRuntime, reporting: ServiceRuntime
) -> None:
    officer = as_.officer(ORG)
    anna = await registered(officer)
    registered_in_77 = OrganizationRegistered(
        oid=ORG, type="medical", name="ГБУЗ", inn="7707083893", ogrn="1027700132195",
        region="77", request_id="r1",
    )  # fmt: skip
    await publish_event(registry, ORGANIZATION_REGISTERED, registered_in_77, about=ORG)
    regional, _, _ = await admitted(as_, "regional")

    async def own_region() -> dict[str, Any]:
        return await regional(JOURNAL_SEARCH.subject, {"actor_org": ORG})

    found = await eventually(own_region, lambda r: r["ok"] and r["result"]["items"])
    assert {r["entry"]["actor"]["org"] for r in found["result"]["items"]} == {ORG}
    # Anna's accesses within the region: her officer's, not her own look (no organization)
    await as_.worker(anna["snils"])(subjects.WORKER_GET.subject, {})
    hers = await regional(JOURNAL_SEARCH.subject, {"person_snils": anna["snils"]})
    assert {r["entry"]["actor"]["org"] for r in hers["result"]["items"]} == {ORG}
    elsewhere = await regional(
        JOURNAL_SEARCH.subject, {"actor_org": "1.2.643.5.1.13.13.12.2.50.404"}
    )
    assert elsewhere["error"]["code"] == "outside_your_region"


async def test_the_chain_checks_whole_and_a_record_changed_in_the_database_is_named(
    as_: As, audit: ServiceRuntime, reporting: ServiceRuntime
) -> None:
    officer = as_.officer(ORG)
    await registered(officer)
    regulator, _, _ = await admitted(as_)

    async def check() -> dict[str, Any]:
        return await regulator(JOURNAL_VERIFY.subject, {})

    whole = await eventually(check, lambda r: r["ok"] and r["result"]["checked"] > 0)
    assert whole["result"]["intact"], whole
    last = whole["result"]["last_position"]
    await audit.mongo["journal"].update_one(
        {"_id": last}, {"$set": {"entry.actor.org": "1.2.643.5.1.13.13.12.2.77.999"}}
    )
    broken = await regulator(JOURNAL_VERIFY.subject, {})
    assert broken["result"]["intact"] is False and broken["result"]["broken_at"] == last


async def test_a_refused_change_is_journaled_and_a_worker_may_not_search(as_: As) -> None:
    stranger = as_.worker(fresh_snils())
    refused = await stranger(subjects.WORKER_REGISTER.subject, {"snils": fresh_snils()})
    assert refused["ok"] is False
    search = await stranger(JOURNAL_SEARCH.subject, {"person_snils": fresh_snils()})
    assert search["error"]["code"] == "forbidden"

"""FRMO's sites and links on the organization record, and what the directory makes of them:
branches part of their parent, sites with positions found `near`, affiliations by their period,
endpoints by status."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from egisz.kernel.errors import InvalidInputError, NotFoundError
from egisz.registry.directory import usecases
from egisz.registry.directory.domain import places
from egisz.registry.directory.domain.query import read_search
from egisz.registry.directory.repository import FakeDirectoryReader
from egisz.registry.domain.people import Address
from egisz.registry.frmo.domain.network import (
    Affiliation,
    AffiliationRole,
    InformationSystem,
    InstitutionType,
    Site,
)
from egisz.registry.repository import FakeRegistryUnitOfWork

from .test_directory import NOW, ORG, TODAY, organization

UNIVERSITY = "1.2.643.5.1.13.13.12.2.77.2"
MOSCOW = Site(Address("101000", "Москва, ул. Тверская, 1"), 55.7576, 37.6130)


def clinical_base(start: date = date(2026, 1, 1), end: date | None = None) -> Affiliation:
    return Affiliation("a" * 32, UNIVERSITY, AffiliationRole.CLINICAL_BASE, start, end)


def networked():
    o = organization()
    o.set_profile(site=MOSCOW, institution_type=InstitutionType("1.10", "Поликлиника"))
    o.add_branch(
        name="Филиал № 1",
        site=replace(MOSCOW, latitude=59.93, longitude=30.31),
        parent_oid=None,
        today=TODAY,
    )
    o.add_affiliation(clinical_base())
    o.set_information_system(
        InformationSystem("e" * 32, "МИС", "https://mis.example.ru/fhir", "hl7-fhir-rest")
    )
    return o


def test_coordinates_go_in_pairs_and_a_profile_says_something() -> None:
    o = organization()
    with pytest.raises(InvalidInputError) as caught:
        o.set_profile(site=replace(MOSCOW, longitude=None), institution_type=None)
    assert caught.value.fields[0].field == "actual_address.longitude"
    with pytest.raises(InvalidInputError):
        o.set_profile(site=None, institution_type=None)


def test_branches_get_oids_under_the_organization_and_close_once() -> None:
    o = organization()
    first = o.add_branch(name="Филиал", site=MOSCOW, parent_oid=None, today=TODAY)
    second = o.add_branch(name="Пункт", site=MOSCOW, parent_oid=first.oid, today=TODAY)
    assert (first.oid, second.parent_oid) == (f"{ORG}.1.1", first.oid)
    with pytest.raises(NotFoundError):
        o.add_branch(name="Чужой", site=MOSCOW, parent_oid=f"{ORG}.1.9", today=TODAY)
    o.close_branch(first.oid, closed_on=TODAY, today=TODAY)
    with pytest.raises(InvalidInputError):
        o.close_branch(first.oid, closed_on=TODAY, today=TODAY)
    with pytest.raises(NotFoundError):
        o.add_branch(name="Под закрытым", site=MOSCOW, parent_oid=first.oid, today=TODAY)


def test_an_affiliation_is_with_another_organization_once_at_a_time() -> None:
    o = organization()
    with pytest.raises(InvalidInputError):
        o.add_affiliation(replace(clinical_base(), primary_oid=ORG))
    with pytest.raises(InvalidInputError):
        o.add_affiliation(clinical_base(end=date(2025, 1, 1)))
    o.add_affiliation(clinical_base())
    with pytest.raises(InvalidInputError):
        o.add_affiliation(replace(clinical_base(), id="b" * 32))
    o.end_affiliation("a" * 32, end=date(2026, 6, 30))
    o.add_affiliation(replace(clinical_base(start=date(2026, 9, 1)), id="b" * 32))
    with pytest.raises(NotFoundError):
        o.end_affiliation("c" * 32, end=TODAY)


def test_an_endpoint_is_replaced_by_its_id_and_removed() -> None:
    o = organization()
    e = InformationSystem("e1", "МИС", "https://mis.example.ru", "hl7-fhir-rest")
    o.set_information_system(e)
    o.set_information_system(replace(e, active=False))
    assert [s.active for s in o.information_systems] == [False]
    o.remove_information_system("e1")
    with pytest.raises(NotFoundError):
        o.remove_information_system("e1")


def test_the_directory_shows_branches_sites_affiliations_and_endpoints() -> None:
    made = {r.key: r for r in places.of_organization(networked(), TODAY)}
    org, branch = made[f"Organization/{ORG}"], made[f"Organization/{ORG}.1.1"]
    assert [t["text"] for t in org.resource["type"]] == ["Медицинская организация", "Поликлиника"]
    assert [a["type"] for a in org.resource["address"]] == ["postal", "physical"]
    assert branch.resource["partOf"] == {"reference": f"Organization/{ORG}"}
    site = made[f"Location/{ORG}"].resource
    assert site["position"] == {"latitude": 55.7576, "longitude": 37.613}
    assert made[f"Location/{ORG}.1.1"].resource["partOf"] == {"reference": f"Location/{ORG}"}
    assert made[f"Location/{ORG}.0.1"].resource["partOf"] == {"reference": f"Location/{ORG}"}
    [link] = [r for r in made.values() if r.type == "OrganizationAffiliation"]
    assert link.resource["organization"] == {"reference": f"Organization/{UNIVERSITY}"}
    [endpoint] = [r for r in made.values() if r.type == "Endpoint"]
    assert org.resource["endpoint"] == [{"reference": f"Endpoint/{endpoint.id}"}]


async def test_sites_are_found_near_and_links_by_their_period_and_parties() -> None:
    uow = FakeRegistryUnitOfWork()
    uow.organizations_store[ORG] = networked()
    await usecases.refresh(uow, usecases.organization_source(ORG), now=NOW)
    reader = FakeDirectoryReader(uow.directory_data)

    async def found(type: str, *params: tuple[str, str]) -> list[str]:
        return [v.id for v in (await usecases.search(reader, read_search(type, params))).matches]

    assert await found("Location", ("near", "55.75|37.62|5|km")) == [ORG]
    assert await found("Location", ("near", "59.93|30.31|1000|m")) == [f"{ORG}.1.1"]
    assert await found("Location", ("partof", f"Location/{ORG}")) == [f"{ORG}.0.1", f"{ORG}.1.1"]
    assert await found("Organization", ("partof", ORG)) == [f"{ORG}.1.1"]
    link = [f"{ORG}-a{'a' * 8}"]
    assert await found("OrganizationAffiliation", ("date", "2026-06-01")) == link
    assert await found("OrganizationAffiliation", ("date", "lt2026-01-01")) == []
    assert await found("OrganizationAffiliation", ("primary-organization", UNIVERSITY)) == link
    assert await found("OrganizationAffiliation", ("role", "clinical_base")) == link
    assert await found("Endpoint", ("status", "active"), ("organization", ORG)) == [
        f"{ORG}-e{'e' * 8}"
    ]
    back = read_search(
        "Organization",
        [("_id", ORG), ("_revinclude", "OrganizationAffiliation:participating-organization")],
    )
    page = await usecases.search(reader, back)
    assert [v.type for v in page.included] == ["OrganizationAffiliation"]


async def test_an_affiliation_that_ends_is_made_anew_the_day_after() -> None:
    o = organization()
    o.add_affiliation(clinical_base(end=TODAY + timedelta(days=2)))
    uow = FakeRegistryUnitOfWork()
    uow.organizations_store[ORG] = o
    await usecases.refresh(uow, usecases.organization_source(ORG), now=NOW)
    reader = FakeDirectoryReader(uow.directory_data)
    assert await reader.due(TODAY + timedelta(days=3), 10) == [f"organization:{ORG}"]

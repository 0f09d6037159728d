"""The directory's rules on the in-memory fakes: what a record makes of it, which versions a
change writes, what each search parameter matches, paging by resource, includes and history."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from egisz.registry.directory import usecases
from egisz.registry.directory.domain import people, places
from egisz.registry.directory.domain.errors import SearchParameterError
from egisz.registry.directory.domain.query import read_search
from egisz.registry.directory.domain.records import changes
from egisz.registry.directory.repository import FakeDirectoryReader
from egisz.registry.domain.people import Address, FullName, PersonalData
from egisz.registry.frmo.domain.organization import Organization
from egisz.registry.frmo.domain.requisites import Licence, OrganizationType, Requisites
from egisz.registry.frmo.domain.structure import Subdivision
from egisz.registry.frmr.domain.model import Worker
from egisz.registry.frmr.domain.parts import (
    EmploymentKind,
    EmploymentRecord,
    ReviewStatus,
)
from egisz.registry.repository import FakeRegistryUnitOfWork

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
ORG = "1.2.643.5.1.13.13.12.2.77.1"


def worker(id: str = "w1", last: str = "Иванова", first: str = "Анна", **changes: object) -> Worker:
    person = PersonalData(FullName(last, first, "Сергеевна"), date(1985, 4, 12))
    w = Worker(id, "11223344595", person, NOW, registered_by_org=ORG)
    return replace(w, **changes) if changes else w


def job(id: str = "0" * 12 + "a" * 20, **changes: object) -> EmploymentRecord:
    found = EmploymentRecord(
        id, ORG, f"{ORG}.0.1", "врач-терапевт", Decimal("1"), EmploymentKind.MAIN, date(2020, 1, 1)
    )
    return replace(found, **changes) if changes else found


def organization() -> Organization:
    requisites = Requisites(
        "ГБУЗ «ГКБ № 1»", "1027700132195", "7707083893", "770701001", "00032537",
        Address("101000", "Москва, ул. Тверская, 1"), "4950000000", "org@example.ru",
    )  # fmt: skip
    licence = Licence("Л041-01", date(2020, 1, 1), None, ("терапия", "хирургия"))
    subdivision = Subdivision(f"{ORG}.0.1", "Терапевтическое отделение", "отделение")
    subdivision = replace(
        subdivision, beds={"терапевтические": 30}, bed_codes={"терапевтические": "12"}
    )
    return Organization(
        ORG, OrganizationType.MEDICAL, requisites, [licence], NOW, subdivisions=[subdivision]
    )


async def filled(*workers: Worker) -> FakeRegistryUnitOfWork:
    uow = FakeRegistryUnitOfWork()
    uow.organizations_store[ORG] = organization()
    for w in workers:
        uow.store[w.id] = w
        await usecases.refresh(uow, usecases.worker_source(w.id), now=NOW)
    await usecases.refresh(uow, usecases.organization_source(ORG), now=NOW)
    return uow


async def found(uow: FakeRegistryUnitOfWork, type: str, *params: tuple[str, str]) -> list[str]:
    page = await usecases.search(FakeDirectoryReader(uow.directory_data), read_search(type, params))
    return [v.id for v in page.matches]


def test_a_person_is_shown_without_personal_data_and_each_job_as_a_role() -> None:
    w = worker(employments=[job()])
    made = people.of_worker(w, TODAY)
    assert [r.type for r in made] == ["Practitioner", "PractitionerRole"]
    practitioner, role = made
    assert "11223344595" not in str(practitioner.resource)
    assert "birthDate" not in practitioner.resource
    assert role.resource["organization"] == {"reference": f"Organization/{ORG}"}
    assert role.resource["active"] is True
    assert role.keys["practitioner"] == ["w1"]


def test_a_record_in_duplicate_review_is_not_in_the_directory() -> None:
    assert people.of_worker(worker(review=ReviewStatus.IN_REVIEW), TODAY) == []


def test_an_organization_makes_its_locations_and_services() -> None:
    made = places.of_organization(organization(), TODAY)
    kinds = [r.type for r in made]
    assert kinds == ["Organization", "Location", "HealthcareService", "HealthcareService"]
    beds = made[-1].resource
    assert beds["type"][0]["coding"][0]["code"] == "12"
    assert beds["location"] == [{"reference": f"Location/{ORG}.0.1"}]
    assert "phone" not in str(made[0].resource)  # its contacts stay with the register


def test_a_change_writes_a_version_only_where_the_resource_differs() -> None:
    first = changes("worker:w1", people.of_worker(worker(), TODAY), [], NOW)
    assert [(v.method, v.version) for v in first] == [("POST", 1)]
    again = changes("worker:w1", people.of_worker(worker(), TODAY), first, NOW)
    assert again == []
    renamed = people.of_worker(worker(last="Петрова"), TODAY)
    assert [(v.method, v.version) for v in changes("worker:w1", renamed, first, NOW)] == [
        ("PUT", 2)
    ]
    gone = changes("worker:w1", [], first, NOW)
    assert [(v.method, v.version, v.resource) for v in gone] == [("DELETE", 2, None)]


async def test_the_day_a_job_ends_is_the_day_the_role_is_made_anew() -> None:
    ends = TODAY + timedelta(days=3)
    uow = await filled(worker(employments=[job(end_date=ends)]))
    reader = FakeDirectoryReader(uow.directory_data)
    assert await reader.due(ends, 10) == []
    assert await reader.due(ends + timedelta(days=1), 10) == ["worker:w1"]


async def test_names_are_found_by_the_start_of_any_word_in_any_case() -> None:
    uow = await filled(worker("w1", "Иванова", "Анна"), worker("w2", "Петров", "Иван"))
    assert await found(uow, "Practitioner", ("name", "ив")) == ["w1", "w2"]
    assert await found(uow, "Practitioner", ("family", "ИВАН")) == ["w1"]
    assert await found(uow, "Practitioner", ("given", "иван")) == ["w2"]
    assert await found(uow, "Practitioner", ("name", "петров иван")) == ["w2"]
    assert await found(uow, "Practitioner", ("name", "анна,иван")) == ["w1", "w2"]


async def test_every_search_parameter_of_a_type_is_honoured() -> None:
    uow = await filled(worker(employments=[job()]))
    role = people.role_id("w1", job().id)
    assert await found(uow, "PractitionerRole", ("organization", f"Organization/{ORG}")) == [role]
    assert await found(uow, "PractitionerRole", ("location", f"{ORG}.0.1")) == [role]
    assert await found(uow, "PractitionerRole", ("active", "false")) == []
    assert await found(uow, "Organization", ("identifier", "urn:oid:1.2.643.100.4|7707083893")) == [
        ORG
    ]
    assert await found(uow, "Organization", ("identifier", ORG)) == [ORG]
    assert await found(uow, "Location", ("status", "active"), ("organization", ORG)) == [
        f"{ORG}.0.1"
    ]
    beds = await found(uow, "HealthcareService", ("service-type", "12"))
    assert len(beds) == 1
    assert await found(uow, "Organization", ("_lastUpdated", "ge2026-11-21")) == [ORG]
    assert await found(uow, "Organization", ("_lastUpdated", "gt2026-11-21")) == []


async def test_pages_count_resources_and_the_next_one_starts_after_the_last() -> None:
    uow = await filled(*(worker(f"w{i}") for i in range(5)))
    reader = FakeDirectoryReader(uow.directory_data)
    first = await usecases.search(reader, read_search("Practitioner", [("_count", "2")]))
    assert [v.id for v in first.matches] == ["w0", "w1"]
    rest = read_search("Practitioner", [("_count", "2"), ("_cursor", first.next_cursor or "")])
    second = await usecases.search(reader, rest)
    assert [v.id for v in second.matches] == ["w2", "w3"]
    counted = await usecases.search(reader, read_search("Practitioner", [("_summary", "count")]))
    assert (counted.matches, counted.total) == ([], 5)  # by the index alone
    since = [("_summary", "count"), ("_lastUpdated", "ge2026-01-01")]
    read = await usecases.search(reader, read_search("Practitioner", since))
    assert read.total == 5  # read through the index, each checked


async def test_include_and_revinclude_bring_the_resources_referred_to() -> None:
    uow = await filled(worker(employments=[job()]))
    reader = FakeDirectoryReader(uow.directory_data)
    query = read_search(
        "PractitionerRole",
        [("_include", "PractitionerRole:practitioner,PractitionerRole:organization")],
    )
    page = await usecases.search(reader, query)
    assert sorted(v.key for v in page.included) == [f"Organization/{ORG}", "Practitioner/w1"]
    back = read_search("Organization", [("_revinclude", "Location:organization")])
    assert [v.key for v in (await usecases.search(reader, back)).included] == [
        f"Location/{ORG}.0.1"
    ]


@pytest.mark.parametrize(
    ("type", "params", "parameter", "code"),
    [
        ("Practitioner", [("colour", "red")], "colour", "unsupported_search_parameter"),
        ("Practitioner", [("name:contains", "ив")], "name:contains", "unsupported_modifier"),
        ("Practitioner", [("_count", "101")], "_count", "invalid_search"),
        ("Practitioner", [("_lastUpdated", "ap2026")], "_lastUpdated", "invalid_search"),
        ("Practitioner", [("_lastUpdated", "2026-13-01")], "_lastUpdated", "invalid_search"),
        ("Practitioner", [("active", "yes")], "active", "invalid_search"),
        (
            "PractitionerRole",
            [("practitioner", "Organization/1")],
            "practitioner",
            "invalid_search",
        ),
        ("Organization", [("_include", "Practitioner:x")], "_include", "unsupported_include"),
        ("Location", [("near", "north")], "near", "invalid_search"),
        ("Practitioner", [("_id", "a b")], "_id", "invalid_search"),
    ],
)
def test_a_parameter_that_cannot_be_honoured_is_refused_by_its_name(
    type: str, params: list[tuple[str, str]], parameter: str, code: str
) -> None:
    with pytest.raises(SearchParameterError) as caught:
        read_search(type, params)
    assert (caught.value.parameter, caught.value.code) == (parameter, code)


async def test_history_is_newest_first_and_a_sync_from_its_instant_misses_nothing() -> None:
    uow = await filled(worker())
    reader = FakeDirectoryReader(uow.directory_data)
    later = NOW + timedelta(minutes=5)
    uow.store["w1"] = worker(last="Петрова")
    await usecases.refresh(uow, usecases.worker_source("w1"), now=later)
    whole = await usecases.history(
        reader, None, None, since=None, count=10, cursor=None, now=later + timedelta(seconds=3)
    )
    assert [(v.key, v.version) for v in whole.versions][:1] == [("Practitioner/w1", 2)]
    mine = await usecases.history(
        reader, "Practitioner", "w1", since=None, count=1, cursor=None, now=later
    )
    assert [v.version for v in mine.versions] == [2]
    rest = await usecases.history(
        reader, "Practitioner", "w1", since=None, count=1, cursor=mine.next_cursor
    )
    assert [v.version for v in rest.versions] == [1]
    since = await usecases.history(
        reader, None, None, since=NOW, count=10, cursor=None, now=later + timedelta(seconds=3)
    )
    assert [(v.key, v.version) for v in since.versions] == [("Practitioner/w1", 2)]


def test_the_parameters_the_contracts_state_are_the_ones_the_directory_reads() -> None:
    from egisz.contracts.registry.directory import REFERENCE_TARGETS, SEARCH_PARAMETERS
    from egisz.registry.directory.domain.query import PARAMETERS, TARGETS

    assert (PARAMETERS, TARGETS) == (SEARCH_PARAMETERS, REFERENCE_TARGETS)


def test_a_coded_position_and_speciality_are_codings_of_their_books_and_text_stays_text() -> None:
    from egisz.registry.domain.coding import POSITIONS

    coded = job(position_code="109")
    role = people.of_worker(worker(employments=[coded, job("1" * 32)]), TODAY)[1]
    assert role.resource["code"][0]["coding"][0] == {
        "system": f"urn:oid:{POSITIONS}",
        "code": "109",
        "display": "врач-терапевт",
    }
    assert "109" in role.keys["role"] and f"urn:oid:{POSITIONS}|109" in role.keys["role"]
    text = people.of_worker(worker(employments=[job()]), TODAY)[1]
    assert text.resource["code"] == [{"text": "врач-терапевт"}]
    assert text.keys["role"] == []


def test_the_names_the_directory_shows_are_the_books_names() -> None:
    """Organization types and qualification categories are named as the starter books name them."""
    import json
    from importlib.resources import files

    def names(book: str) -> dict[str, str]:
        found = json.loads(
            (files("egisz.registry.nsi") / f"starter/{book}.json").read_text("utf-8")
        )
        rows = [{c["column"]: c["value"] for c in row} for row in found["list"]]
        return {r["ID"]: r["NAME"] for r in rows}

    assert names("organization_types") == places.ORGANIZATION_TYPE
    assert {
        c: f"{n.lower()} квалификационная категория" for c, n in people.CATEGORY.items()
    } == names("qualification_categories")

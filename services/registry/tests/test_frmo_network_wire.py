"""FRMO's sites and links over real NATS and MongoDB: an officer records the actual address with
coordinates and the institution type by its book's code, a branch, a clinical base at another
organization in FRMO and an endpoint; the directory shows them (a site found `near`); what
cannot be is refused with its own code and changes nothing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from egisz.contracts import subjects
from egisz.registry.domain.coding import INSTITUTION_TYPES

from .conftest import As, eventually
from .frmo_wire import approved_organization
from .test_coded_fields import starter_loaded
from .test_directory_wire import search
from .workers_wire import fields

pytestmark = pytest.mark.integration
SITE = {
    "postcode": "101000",
    "text": "Москва, ул. Тверская, 1",
    "latitude": 55.7576,
    "longitude": 37.613,
}


async def officer_of_new_organization(as_: As) -> tuple[str, Any]:
    oid, _, body = await approved_organization(as_, f"ГБУЗ «Поликлиника {uuid.uuid4().hex[:6]}»")
    return oid, as_.officer(oid, snils=body["employees"][0]["snils"])


async def test_an_officer_records_where_the_organization_works_and_whom_it_joins(as_: As) -> None:
    await starter_loaded(as_, INSTITUTION_TYPES)
    oid, officer = await officer_of_new_organization(as_)
    university, _ = await officer_of_new_organization(as_)
    profile = await officer(
        subjects.ORGANIZATION_PROFILE_SET.subject,
        {"actual_address": SITE, "institution_type_code": "1.10"},
    )
    assert profile["ok"], profile
    assert profile["result"]["institution_type"] == {
        "code": "1.10",
        "name": "Поликлиника (в том числе детская)",
    }
    branch = await officer(
        subjects.BRANCH_ADD.subject,
        {"name": "Филиал № 1", "address": {"text": "Москва, ул. Арбат, 10"}},
    )
    assert branch["result"]["branches"][0]["oid"] == f"{oid}.1.1"
    linked = await officer(
        subjects.AFFILIATION_ADD.subject,
        {"primary_oid": university, "role": "clinical_base", "start_date": "2026-01-01"},
    )
    assert linked["result"]["affiliations"][0]["primary_oid"] == university
    endpoint = await officer(
        subjects.ENDPOINT_SET.subject,
        {
            "name": "МИС",
            "address": "https://mis.example.ru/fhir",
            "connection_type": "hl7-fhir-rest",
        },
    )
    assert endpoint["result"]["endpoints"][0]["active"] is True

    async def near() -> list[str]:
        page = await search(as_.anonymous(), "Location", near="55.758|37.613|1|km", _count="100")
        return [e["id"] for e in page["entries"]]

    assert oid in await eventually(near, lambda ids: oid in ids)

    async def linked_to_university() -> list[str]:
        asked = {"primary-organization": university}
        page = await search(as_.anonymous(), "OrganizationAffiliation", **asked)
        return [e["resource"]["participatingOrganization"]["reference"] for e in page["entries"]]

    assert await eventually(linked_to_university, bool) == [f"Organization/{oid}"]
    branches = await search(as_.anonymous(), "Organization", partof=oid)
    assert [e["id"] for e in branches["entries"]] == [f"{oid}.1.1"]


async def test_what_cannot_be_recorded_is_refused_with_its_own_code(as_: As) -> None:
    await starter_loaded(as_, INSTITUTION_TYPES)
    _, officer = await officer_of_new_organization(as_)
    unknown_type = await officer(
        subjects.ORGANIZATION_PROFILE_SET.subject, {"institution_type_code": "99.99"}
    )
    assert fields(unknown_type) == {"institution_type_code": "unknown_code"}
    half = await officer(
        subjects.ORGANIZATION_PROFILE_SET.subject,
        {"actual_address": {"text": "Москва", "latitude": 55.7}},
    )
    assert fields(half) == {"actual_address.longitude": "missing"}
    nowhere = await officer(
        subjects.AFFILIATION_ADD.subject,
        {
            "primary_oid": "1.2.643.5.1.13.13.12.2.77.999999",
            "role": "subordinate",
            "start_date": "2026-01-01",
        },
    )
    assert fields(nowhere) == {"primary_oid": "not_found"}
    no_branch = await officer(
        subjects.BRANCH_CLOSE.subject, {"branch_oid": "1.2.3.1.1", "closed_on": "2026-12-31"}
    )
    assert no_branch["error"]["code"] == "branch_not_found"
    not_a_url = await officer(
        subjects.ENDPOINT_SET.subject,
        {"name": "МИС", "address": "ftp://mis", "connection_type": "hl7-fhir-rest"},
    )
    assert "address" in fields(not_a_url)
    anonymous = await as_.anonymous()(
        subjects.BRANCH_ADD.subject, {"name": "Филиал", "address": {"text": "Москва"}}
    )
    assert anonymous["error"]["code"] == "unauthenticated"

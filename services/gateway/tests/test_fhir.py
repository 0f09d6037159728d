"""The register read as IHE mCSD by a FHIR client (fhirpy) over the live gateway: a practitioner
with their roles, an organization's staff paged, its subdivisions, the change feed as `_history`,
and the public view without a token, with no personal data."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhirpy import AsyncFHIRClient
from fhirpy.base.exceptions import AuthorizationError, OperationOutcome, ResourceNotFound

from egisz.contracts.envelope import Role
from egisz.contracts.registry import ORGANIZATION_TYPES, POSITIONS, SUBDIVISION_KINDS
from egisz.gateway.fhir.resources import SNILS, URI
from egisz.runtime.auth import issue_token
from egisz.testsupport.harness import snils_for

pytestmark = pytest.mark.integration


def fresh_snils() -> str:
    return snils_for(uuid.uuid4().hex)


def surname(stem: str) -> str:
    """A surname of its own for this test (letters only, as FRMR requires)."""
    return stem + "".join("абвгдежзиклмнопр"[int(c, 16)] for c in uuid.uuid4().hex[:5])


class Clinic:
    """An organization's HR officer at work over REST, setting up what the FHIR reader reads."""

    def __init__(self, http: httpx.AsyncClient, token: str, oid: str) -> None:
        self.http, self.oid = http, oid
        self.bearer = {"Authorization": f"Bearer {token}"}

    async def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        reply = await self.http.post(path, json=body, headers=self.bearer)
        assert reply.status_code == 200, reply.text
        result: dict[str, Any] = reply.json()["result"]
        return result

    async def hire(self, last: str, position: str, subdivision: str | None = None) -> str:
        snils = fresh_snils()
        worker = await self.post(
            "/api/registry/worker/register",
            {
                "snils": snils,
                "last_name": last,
                "first_name": "Анна",
                "middle_name": "Сергеевна",
                "birth_date": "1985-05-05",
                "sex": "female",
                "email": f"{snils}@clinic.example",
            },
        )
        job = {"worker_id": worker["worker_id"], "position": position, "start_date": "2020-01-01"}
        if subdivision:
            job["subdivision_oid"] = subdivision
        await self.post("/api/registry/employment/start", job)
        return str(worker["worker_id"])


@pytest.fixture
async def clinic(gateway: str, private_key: str, grant: Any) -> Any:
    oid = f"1.2.643.5.1.13.13.12.2.77.{uuid.uuid4().int % 10**6}"
    officer = snils_for(f"officer|{oid}")
    await grant(oid, officer)
    token = issue_token(private_key, role=Role.ORG_OFFICER, org=oid, snils=officer)
    async with httpx.AsyncClient(base_url=gateway) as http:
        yield Clinic(http, token, oid), token


async def test_a_fhir_client_reads_a_practitioner_with_their_roles_and_pages_the_staff(
    gateway: str, clinic: Any
) -> None:
    hr, token = clinic
    org = await hr.post(
        "/api/registry/subdivision/add", {"name": "Терапевтическое отделение", "kind": "отделение"}
    )
    ward = org["subdivisions"][0]["oid"]
    last = surname("Фхирова")
    anna = await hr.hire(last, "Врач-терапевт", ward)
    others = [await hr.hire(surname("Штатова"), "Медицинская сестра") for n in range(2)]
    fhir = AsyncFHIRClient(f"{gateway}/fhir", authorization=f"Bearer {token}")

    practitioner = await fhir.reference("Practitioner", anna).to_resource()
    assert practitioner["name"][0]["family"] == last
    assert {i["system"] for i in practitioner["identifier"]} >= {SNILS}
    assert practitioner["telecom"][0]["system"] == "email"
    snils = next(i["value"] for i in practitioner["identifier"] if i["system"] == SNILS)
    by_snils = await fhir.resources("Practitioner").search(identifier=f"{SNILS}|{snils}").fetch()
    assert [p["id"] for p in by_snils] == [anna]

    [role] = (
        await fhir.resources("PractitionerRole").search(practitioner=f"Practitioner/{anna}").fetch()
    )
    assert role["code"][0]["text"] == "Врач-терапевт"
    assert role["organization"]["reference"] == f"Organization/{hr.oid}"
    assert role["location"][0]["reference"] == f"Location/{ward}"
    assert role["active"] is True
    same = await fhir.reference("PractitionerRole", role["id"]).to_resource()
    assert same["practitioner"]["reference"] == f"Practitioner/{anna}"

    staff = (
        fhir.resources("PractitionerRole")
        .search(organization=f"Organization/{hr.oid}")
        .include("PractitionerRole", "practitioner")
        .limit(2)
    )
    first = await staff.fetch_raw()
    assert [link["relation"] for link in first["link"]] == ["self", "next"]
    Bundle.model_validate(first)
    roles = await staff.fetch_all()
    assert sorted(r["practitioner"]["reference"] for r in roles) == sorted(
        f"Practitioner/{w}" for w in [anna, *others]
    )
    included = [e["resource"] for e in first["entry"] if e["search"]["mode"] == "include"]
    assert included and all(p["resourceType"] == "Practitioner" for p in included)

    organization = await fhir.reference("Organization", hr.oid).to_resource()
    assert {"system": URI, "value": f"urn:oid:{hr.oid}"} in organization["identifier"]
    [location] = await fhir.resources("Location").search(organization=hr.oid).fetch()
    assert (location["id"], location["managingOrganization"]["reference"]) == (
        ward,
        f"Organization/{hr.oid}",
    )
    assert (await fhir.reference("Location", ward).to_resource())[
        "name"
    ] == "Терапевтическое отделение"


async def test_without_a_token_a_practitioner_is_the_public_view_with_no_personal_data(
    gateway: str, clinic: Any
) -> None:
    hr, _ = clinic
    last = surname("Публичная")
    anna = await hr.hire(last, "Врач-хирург")
    public = AsyncFHIRClient(f"{gateway}/fhir")
    seen = await public.reference("Practitioner", anna).to_resource()
    async with httpx.AsyncClient(base_url=f"{gateway}/fhir") as http:
        # A token in the query is not taken here (only the bell's EventSource needs that): the
        # read is the public one, not a refusal for a token the registry never saw.
        in_query = await http.get(f"/Practitioner/{anna}", params={"access_token": "x"})
    assert in_query.status_code == 200 and "birthDate" not in in_query.json()
    assert seen["name"][0]["family"] == last
    assert [i["system"] for i in seen["identifier"]] == ["urn:egisz:frmr:worker-id"]
    for personal in ("birthDate", "telecom", "address", "gender"):
        assert personal not in seen
    by_name = await public.resources("Practitioner").search(name=f"{last} Анна Сергеевна").fetch()
    assert [p["id"] for p in by_name] == [anna]
    with pytest.raises(AuthorizationError):
        await public.resources("Practitioner").search(identifier=f"{SNILS}|{fresh_snils()}").fetch()
    with pytest.raises(ResourceNotFound):
        await public.reference("Practitioner", uuid.uuid4().hex).to_resource()


async def test_another_organizations_officer_does_not_see_the_record(
    gateway: str, clinic: Any, private_key: str, grant: Any
) -> None:
    hr, _ = clinic
    anna = await hr.hire(surname("Чужая"), "Врач")
    other = f"1.2.643.5.1.13.13.12.2.77.{uuid.uuid4().int % 10**6}"
    officer = snils_for(f"officer|{other}")
    await grant(other, officer)
    token = issue_token(private_key, role=Role.ORG_OFFICER, org=other, snils=officer)
    fhir = AsyncFHIRClient(f"{gateway}/fhir", authorization=f"Bearer {token}")
    with pytest.raises(ResourceNotFound):
        await fhir.reference("Practitioner", anna).to_resource()
    async with httpx.AsyncClient(base_url=gateway) as http:
        staff = await http.get(
            "/fhir/PractitionerRole",
            params={"organization": hr.oid},
            headers=hr.bearer | {"Authorization": f"Bearer {token}"},
        )
    assert staff.status_code == 403
    assert staff.json()["issue"][0]["details"]["coding"][0]["code"] == "not_your_organization"


async def test_history_and_last_updated_read_the_change_feed(
    gateway: str, clinic: Any, private_key: str
) -> None:
    since = datetime.now(UTC).isoformat()
    hr, officer_token = clinic
    anna = await hr.hire(surname("Историческая"), "Врач-невролог")
    service = issue_token(private_key, role=Role.SERVICE, sub="system:directory")
    async with httpx.AsyncClient(base_url=f"{gateway}/fhir") as http:
        auth = {"Authorization": f"Bearer {service}"}
        answer = await http.get("/_history", params={"_since": since, "_count": 100}, headers=auth)
        assert answer.status_code == 200, answer.text
        history = answer.json()
        Bundle.model_validate(history)
        mine = [e for e in history["entry"] if anna in e["fullUrl"]]
        assert [e["request"]["method"] for e in mine] == ["POST", "POST"]
        assert {e["resource"]["resourceType"] for e in mine} == {"Practitioner", "PractitionerRole"}
        typed = (
            await http.get("/PractitionerRole/_history", params={"_since": since}, headers=auth)
        ).json()
        assert {e["resource"]["resourceType"] for e in typed["entry"]} == {"PractitionerRole"}
        updated = (
            await http.get("/Practitioner", params={"_lastUpdated": f"ge{since}"}, headers=auth)
        ).json()
        assert anna in [e["resource"]["id"] for e in updated["entry"]]
        [registered] = [e for e in mine if e["resource"]["resourceType"] == "Practitioner"]
        at = registered["response"]["lastModified"]
        later = (
            await http.get("/Practitioner", params={"_lastUpdated": f"gt{at}"}, headers=auth)
        ).json()
        assert anna not in [e["resource"]["id"] for e in later.get("entry", [])], "gt: after it"
        ward = (
            await hr.post(
                "/api/registry/subdivision/add", {"name": "Приёмное отделение", "kind": "отделение"}
            )
        )["subdivisions"][-1]["oid"]
        await hr.post(
            "/api/registry/subdivision/update",
            {"subdivision_oid": ward, "name": "Приёмное отделение №1", "kind": "отделение"},
        )
        places = (
            await http.get("/Location/_history", params={"_since": since}, headers=auth)
        ).json()
        renamed = [e for e in places["entry"] if e["fullUrl"].endswith(f"/Location/{ward}")]
        assert [e["request"]["method"] for e in renamed] == ["POST", "PUT"], renamed
        assert {e["resource"]["name"] for e in renamed} == {"Приёмное отделение №1"}, "as it is now"
        officer = await http.get("/_history", headers={"Authorization": f"Bearer {officer_token}"})
        assert officer.status_code == 403
        assert officer.json()["resourceType"] == "OperationOutcome"


async def test_organizations_are_searched_by_a_token_of_the_organization_types_book(
    gateway: str, clinic: Any
) -> None:
    hr, token = clinic
    fhir = AsyncFHIRClient(f"{gateway}/fhir", authorization=f"Bearer {token}")
    organization = await fhir.reference("Organization", hr.oid).to_resource()
    [kind] = organization["type"]
    [coding] = kind["coding"]
    assert coding["system"] == f"urn:oid:{ORGANIZATION_TYPES}"
    for token_ in (f"{coding['system']}|{coding['code']}", coding["code"]):
        found = (
            await fhir.resources("Organization")
            .search(type=token_, name=organization["name"])
            .fetch_all()
        )
        assert hr.oid in [o["id"] for o in found], token_
    other = "insurance" if coding["code"] != "insurance" else "medical"
    none = (
        await fhir.resources("Organization")
        .search(type=other, name=organization["name"])
        .fetch_all()
    )
    assert hr.oid not in [o["id"] for o in none]
    async with httpx.AsyncClient(base_url=f"{gateway}/fhir") as http:
        for value in ("hospital", "urn:oid:1.2.3|medical", "|"):
            answer = await http.get("/Organization", params={"type": value})
            assert answer.status_code == 400, (value, answer.text)
            [issue] = answer.json()["issue"]
            assert issue["expression"] == ["type"], value


async def test_an_organizations_roles_are_searched_by_a_token_of_the_positions_book(
    gateway: str, clinic: Any
) -> None:
    hr, token = clinic
    ids = {}
    for code in ("109", "110"):
        worker = await hr.post(
            "/api/registry/worker/register",
            {
                "snils": fresh_snils(),
                "last_name": surname("Кодова"),
                "first_name": "Анна",
                "birth_date": "1985-05-05",
            },
        )
        job = {"worker_id": worker["worker_id"], "position_code": code, "start_date": "2020-01-01"}
        await eventually_hired(hr, job)
        ids[code] = worker["worker_id"]
    fhir = AsyncFHIRClient(f"{gateway}/fhir", authorization=f"Bearer {token}")
    for role in (f"urn:oid:{POSITIONS}|109", "109"):
        found = (
            await fhir.resources("PractitionerRole")
            .search(organization=f"Organization/{hr.oid}", role=role)
            .fetch_all()
        )
        assert [r["practitioner"]["reference"] for r in found] == [f"Practitioner/{ids['109']}"]
    mine = (
        await fhir.resources("PractitionerRole")
        .search(practitioner=f"Practitioner/{ids['110']}", role="109")
        .fetch_all()
    )
    assert mine == []
    async with httpx.AsyncClient(base_url=f"{gateway}/fhir", headers=hr.bearer) as http:
        for params, parameter in (
            ({"organization": hr.oid, "role": "urn:oid:1.2.3|109"}, "role"),
            ({"organization": hr.oid, "specialty": "urn:oid:1.2.3|76"}, "specialty"),
            ({"role": "109"}, "practitioner"),
        ):
            answer = await http.get("/PractitionerRole", params=params)
            assert answer.status_code == 400, (params, answer.text)
            assert answer.json()["issue"][0]["expression"] == [parameter]


async def test_subdivisions_are_locations_typed_and_searched_by_the_subdivision_kinds_book(
    gateway: str, clinic: Any
) -> None:
    hr, token = clinic
    for body in (
        {"name": "Терапия", "kind_code": "department"},
        {"name": "Склад", "kind": "склад"},
    ):
        await eventually_done(hr, "/api/registry/subdivision/add", body)
    fhir = AsyncFHIRClient(f"{gateway}/fhir", authorization=f"Bearer {token}")
    book = f"urn:oid:{SUBDIVISION_KINDS}"
    found = (
        await fhir.resources("Location")
        .search(organization=hr.oid, type=f"{book}|department")
        .fetch_all()
    )
    assert [(x["name"], x["type"][0]["coding"][0]["code"]) for x in found] == [
        ("Терапия", "department")
    ]
    every = await fhir.resources("Location").search(organization=hr.oid).fetch_all()
    assert sorted(x["type"][0]["text"] for x in every) == ["Отделение", "склад"]


async def eventually_hired(hr: Any, job: dict[str, Any]) -> None:
    await eventually_done(hr, "/api/registry/employment/start", job)


async def eventually_done(hr: Any, path: str, body: dict[str, Any]) -> None:
    """The books are loaded as the registry starts: a command by code waits for its book."""
    for _ in range(50):
        reply = await hr.http.post(path, json=body, headers=hr.bearer)
        if reply.status_code == 200:
            return
        assert "book_missing" in reply.text, reply.text
        await asyncio.sleep(0.2)
    raise AssertionError(f"the book never loaded: {path}")


async def test_what_a_fhir_server_cannot_answer_is_refused_by_name(gateway: str) -> None:
    async with httpx.AsyncClient(base_url=f"{gateway}/fhir") as http:
        metadata = await http.get("/metadata")
        assert metadata.headers["content-type"].startswith("application/fhir+json")
        statement = CapabilityStatement.model_validate(metadata.json())
        assert statement.fhirVersion == "4.0.1"  # R4, which mCSD is built on
        assert any(i.endswith("CareServicesSelectiveSupplier") for i in statement.instantiates)
        assert statement.rest[0].security.description
        assert {r.type for r in statement.rest[0].resource} == {
            "Practitioner",
            "PractitionerRole",
            "Organization",
            "Location",
        }
        for params, parameter in (
            ({"birthdate": "1985-05-05"}, "birthdate"),
            ({"name": "Одно"}, "name"),
            ({"_count": "1000", "name": "Иванова Анна"}, "_count"),
            (
                {
                    "_lastUpdated": "lt2026-01-01",
                },
                "_lastUpdated",
            ),
            ({"identifier": "urn:unknown|1"}, "identifier"),
            ({}, "identifier"),
        ):
            answer = await http.get("/Practitioner", params=params)
            assert answer.status_code == 400, (params, answer.text)
            [issue] = answer.json()["issue"]
            assert (issue["code"], issue["expression"]) == ("invalid", [parameter]), params
            assert issue["diagnostics"]
        odd = await http.get("/Practitioner?=1&%14=2")  # found by schemathesis: was a 500
        assert (odd.status_code, odd.json()["resourceType"]) == (400, "OperationOutcome")
    with pytest.raises(OperationOutcome):
        await AsyncFHIRClient(f"{gateway}/fhir").resources("Location").search().fetch()


async def test_a_client_that_accepts_no_json_is_told_so_in_an_operation_outcome(
    gateway: str,
) -> None:
    async with httpx.AsyncClient(base_url=f"{gateway}/fhir") as http:
        xml = await http.get("/metadata", headers={"Accept": "application/fhir+xml"})
        by_format = await http.get("/metadata", params={"_format": "xml"})
        either = await http.get(
            "/metadata", headers={"Accept": "application/fhir+xml, application/fhir+json;q=0.5"}
        )
        as_json = await http.get("/metadata", params={"_format": "json"})
        anything = await http.get("/metadata", headers={"Accept": "*/*"})
    for refused, parameter in ((xml, "Accept"), (by_format, "_format")):
        assert refused.status_code == 406, refused.text
        assert refused.headers["content-type"].startswith("application/fhir+json")
        [issue] = refused.json()["issue"]
        assert (issue["details"]["coding"][0]["code"], issue["expression"]) == (
            "not_acceptable",
            [parameter],
        )
    for answered in (either, as_json, anything):
        assert answered.status_code == 200, answered.text
        assert answered.json()["resourceType"] == "CapabilityStatement"


async def test_every_kind_is_searched_by_id_and_active(
    gateway: str, clinic: Any, private_key: str
) -> None:
    """Issue 33: `_id` and `active` answer a Bundle on each kind (they were refused)."""
    hr, _ = clinic
    org = hr.oid
    desk = issue_token(private_key, role=Role.REGISTRY_OPERATOR)
    async with httpx.AsyncClient(base_url=f"{gateway}/fhir") as http:
        token = {"Authorization": f"Bearer {desk}"}
        found = await http.get(
            "/Organization", params={"_id": org, "active": "true"}, headers=token
        )
        none = await http.get(
            "/Organization", params={"_id": org, "active": "false"}, headers=token
        )
        missing = await http.get("/Organization", params={"_id": "1.2.3.999999"}, headers=token)
        mixed = await http.get("/Organization", params={"_id": org, "name": "Больница"})
        places = await http.get("/Location", params={"_id": "1.2.3"}, headers=token)
        not_an_id = await http.get("/Practitioner", params={"_id": "не id"})
    assert found.status_code == 200, found.text
    assert [e["resource"]["id"] for e in found.json()["entry"]] == [org]
    assert none.json()["total"] == 0 and missing.json()["total"] == 0
    assert (mixed.status_code, mixed.json()["issue"][0]["expression"]) == (400, ["name"])
    assert (places.status_code, places.json()["resourceType"]) == (200, "Bundle")
    assert (not_an_id.status_code, not_an_id.json()["issue"][0]["expression"]) == (400, ["_id"])

"""The register read as IHE mCSD by a FHIR client (fhirpy) over the live gateway: a practitioner
with their roles, an organization's staff paged by resource, its subdivisions and services,
versions and `_history`, every parameter of every type, and the public directory without a
token, with no personal data."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fhirpy import AsyncFHIRClient
from fhirpy.base.exceptions import AuthorizationError, OperationOutcome, ResourceNotFound

from egisz.contracts.envelope import Role
from egisz.contracts.registry import ORGANIZATION_TYPES, POSITIONS, SUBDIVISION_KINDS
from egisz.contracts.registry.directory import SEARCH_PARAMETERS
from egisz.runtime.auth import issue_token
from egisz.testsupport.harness import eventually, snils_for

pytestmark = pytest.mark.integration
SNILS = "urn:oid:1.2.643.100.3"
URI = "urn:ietf:rfc:3986"


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


async def in_directory(http: httpx.AsyncClient, path: str, version: int = 1) -> dict[str, Any]:
    """The resource once the register's events have reached the directory (at `version`)."""

    async def probe() -> httpx.Response:
        return await http.get(path)

    def there(r: httpx.Response) -> bool:
        return r.status_code == 200 and int(r.json()["meta"]["versionId"]) >= version

    found: dict[str, Any] = (await eventually(probe, there)).json()
    return found


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
    async with httpx.AsyncClient(base_url=f"{gateway}/fhir", headers=hr.bearer) as http:
        for worker in (anna, *others):
            await in_directory(http, f"/Practitioner/{worker}")

    practitioner = await fhir.reference("Practitioner", anna).to_resource()
    assert practitioner["name"][0]["family"] == last
    assert {i["system"] for i in practitioner["identifier"]} >= {SNILS}
    assert practitioner["telecom"][0]["system"] == "email"
    snils = next(i["value"] for i in practitioner["identifier"] if i["system"] == SNILS)
    by_snils = await fhir.resources("Practitioner").search(identifier=f"{SNILS}|{snils}").fetch()
    assert [p["id"] for p in by_snils] == [anna]

    roles_of_anna = fhir.resources("PractitionerRole").search(practitioner=f"Practitioner/{anna}")
    [role] = await eventually(roles_of_anna.fetch, lambda found: len(found) == 1)
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
    first = await eventually(staff.fetch_raw, lambda b: len(b.get("entry", [])) >= 3)
    matches = [e for e in first["entry"] if e["search"]["mode"] == "match"]
    assert len(matches) == 2, "a page counts resources, not people"
    assert [link["relation"] for link in first["link"]] == ["self", "next"]
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


async def test_without_a_token_the_directory_is_open_and_holds_no_personal_data(
    gateway: str, clinic: Any
) -> None:
    hr, _ = clinic
    last = surname("Публичная")
    anna = await hr.hire(last, "Врач-хирург")
    public = AsyncFHIRClient(f"{gateway}/fhir")
    async with httpx.AsyncClient(base_url=f"{gateway}/fhir") as http:
        seen = await in_directory(http, f"/Practitioner/{anna}")
        # A token in the query is not taken here (only the bell's EventSource needs that).
        in_query = await http.get(f"/Practitioner/{anna}", params={"access_token": "x"})
        organization = await in_directory(http, f"/Organization/{hr.oid}")
    assert in_query.status_code == 200 and "birthDate" not in in_query.json()
    assert organization["id"] == hr.oid and "telecom" not in organization
    assert seen["name"][0]["family"] == last
    assert [i["system"] for i in seen["identifier"]] == ["urn:egisz:frmr:worker-id"]
    for personal in ("birthDate", "telecom", "address", "gender"):
        assert personal not in seen
    by_name = await public.resources("Practitioner").search(name=f"{last} Анна").fetch()
    assert [p["id"] for p in by_name] == [anna]
    with pytest.raises(AuthorizationError):
        await public.resources("Practitioner").search(identifier=f"{SNILS}|{fresh_snils()}").fetch()
    with pytest.raises(ResourceNotFound):
        await public.reference("Practitioner", uuid.uuid4().hex).to_resource()


async def test_another_organizations_officer_reads_the_directory_but_not_the_person(
    gateway: str, clinic: Any, private_key: str, grant: Any
) -> None:
    hr, _ = clinic
    anna = await hr.hire(surname("Чужая"), "Врач")
    other = f"1.2.643.5.1.13.13.12.2.77.{uuid.uuid4().int % 10**6}"
    officer = snils_for(f"officer|{other}")
    await grant(other, officer)
    token = issue_token(private_key, role=Role.ORG_OFFICER, org=other, snils=officer)
    async with httpx.AsyncClient(
        base_url=f"{gateway}/fhir", headers={"Authorization": f"Bearer {token}"}
    ) as http:
        seen = await in_directory(http, f"/Practitioner/{anna}")
        staff = await http.get("/PractitionerRole", params={"organization": hr.oid})
    assert "birthDate" not in seen and SNILS not in str(seen)
    assert staff.status_code == 200, staff.text


async def test_every_change_is_a_version_read_by_its_number_and_followed_by_history(
    gateway: str, clinic: Any
) -> None:
    hr, _ = clinic
    since = datetime.now(UTC).isoformat()
    anna = await hr.hire(surname("Историческая"), "Врач-невролог")
    async with httpx.AsyncClient(base_url=f"{gateway}/fhir", headers=hr.bearer) as http:
        first = await in_directory(http, f"/Practitioner/{anna}")
        await hr.post(
            "/api/registry/worker/update",
            {
                "worker_id": anna,
                "personal": {
                    "last_name": "Переименованная",
                    "first_name": "Анна",
                    "birth_date": "1985-05-05",
                },
            },
        )
        now = await in_directory(http, f"/Practitioner/{anna}", version=2)
        read = await http.get(f"/Practitioner/{anna}")
        old = await http.get(f"/Practitioner/{anna}/_history/1")
        missing = await http.get(f"/Practitioner/{anna}/_history/9")
        mine = (await http.get(f"/Practitioner/{anna}/_history")).json()
        typed = await eventually(
            lambda: http.get("/PractitionerRole/_history", params={"_since": since}),
            lambda r: anna in r.text,
        )
        updated = (await http.get("/Practitioner", params={"_lastUpdated": f"ge{since}"})).json()
        later = await http.get(
            "/Practitioner", params={"_lastUpdated": f"gt{now['meta']['lastUpdated']}", "_id": anna}
        )
    assert first["meta"]["versionId"] == "1" and now["name"][0]["family"] == "Переименованная"
    assert (read.headers["etag"], read.headers["last-modified"][-3:]) == ('W/"2"', "GMT")
    assert old.json()["name"][0]["family"] != "Переименованная"
    assert (missing.status_code, missing.json()["resourceType"]) == (404, "OperationOutcome")
    assert [(e["request"]["method"], e["response"]["etag"]) for e in mine["entry"]] == [
        ("PUT", 'W/"2"'),
        ("POST", 'W/"1"'),
    ]
    assert {e["resource"]["resourceType"] for e in typed.json()["entry"]} == {"PractitionerRole"}
    assert anna in [e["resource"]["id"] for e in updated["entry"]]
    assert "entry" not in later.json(), "gt: after it"


async def test_an_update_consumer_syncs_the_directory_and_then_sees_each_change_once(
    gateway: str, clinic: Any
) -> None:
    """ITI-91 as fhirpy does it: the whole `_history`, then `_since` the instant the last sync
    held every version up to (`Bundle.meta.lastUpdated`)."""
    hr, _ = clinic
    consumer = AsyncFHIRClient(f"{gateway}/fhir")

    async def sync(since: str | None) -> tuple[list[dict[str, Any]], str]:
        query = consumer.resources("Practitioner").search(**({"_since": since} if since else {}))
        found: list[dict[str, Any]] = []
        bundle = await consumer.execute("Practitioner/_history", "get", params=query.params)
        held = bundle["meta"]["lastUpdated"]
        while True:
            found += bundle.get("entry", [])
            following = [link["url"] for link in bundle["link"] if link["relation"] == "next"]
            if not following:
                return found, held
            bundle = await consumer.execute(following[0].split("/fhir/", 1)[1], "get")

    _, held = await sync(None)
    names = [surname("Синхронная") for _ in range(3)]
    hired = [await hr.hire(name, "Врач") for name in names]
    await hr.post(
        "/api/registry/worker/update",
        {
            "worker_id": hired[0],
            "personal": {
                "last_name": "Сменившая",
                "first_name": "Анна",
                "birth_date": "1985-05-05",
            },
        },
    )
    seen: list[dict[str, Any]] = []

    async def next_sync() -> list[dict[str, Any]]:
        nonlocal held
        found, held = await sync(held)
        seen.extend(found)
        return seen

    expected = {(w, "1") for w in hired} | {(hired[0], "2")}
    await eventually(
        next_sync,
        lambda s: (
            {
                (e["resource"]["id"], e["resource"]["meta"]["versionId"])
                for e in s
                if "resource" in e
            }
            >= expected
        ),
    )
    mine = [
        (e["resource"]["id"], e["resource"]["meta"]["versionId"])
        for e in seen
        if e.get("resource", {}).get("id") in hired
    ]
    assert sorted(mine) == sorted(expected), "each version exactly once"


async def test_organizations_are_searched_by_a_token_of_the_organization_types_book(
    gateway: str, clinic: Any
) -> None:
    hr, token = clinic
    fhir = AsyncFHIRClient(f"{gateway}/fhir", authorization=f"Bearer {token}")
    async with httpx.AsyncClient(base_url=f"{gateway}/fhir") as http:
        organization = await in_directory(http, f"/Organization/{hr.oid}")
    [kind] = organization["type"]
    [coding] = kind["coding"]
    assert coding["system"] == f"urn:oid:{ORGANIZATION_TYPES}"
    for token_ in (f"{coding['system']}|{coding['code']}", coding["code"]):
        found = await fhir.resources("Organization").search(type=token_, _id=hr.oid).fetch_all()
        assert [o["id"] for o in found] == [hr.oid], token_
    other = "insurance" if coding["code"] != "insurance" else "medical"
    none = await fhir.resources("Organization").search(type=other, _id=hr.oid).fetch_all()
    assert none == []


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
        search = fhir.resources("PractitionerRole").search(
            organization=f"Organization/{hr.oid}", role=role
        )
        found = await eventually(search.fetch_all, lambda found: len(found) >= 1)
        assert [r["practitioner"]["reference"] for r in found] == [f"Practitioner/{ids['109']}"]
    mine = (
        await fhir.resources("PractitionerRole")
        .search(practitioner=f"Practitioner/{ids['110']}", role="109")
        .fetch_all()
    )
    assert mine == []


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
    typed = fhir.resources("Location").search(organization=hr.oid, type=f"{book}|department")
    found = await eventually(typed.fetch_all, lambda found: len(found) == 1)
    assert [(x["name"], x["type"][0]["coding"][0]["code"]) for x in found] == [
        ("Терапия", "department")
    ]
    every = fhir.resources("Location").search(organization=hr.oid)
    both = await eventually(every.fetch_all, lambda found: len(found) == 2)
    assert sorted(x["type"][0]["text"] for x in both) == ["Отделение", "склад"]


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


# A value for each parameter that a Bundle answers (ITI-90's 53, as the issue counts them).
SAMPLE = {
    "_id": "1.2.3",
    "_lastUpdated": "ge2020-01-01",
    "active": "true",
    "identifier": "urn:ietf:rfc:3986|urn:oid:1.2.3",
    "name": "Иван",
    "given": "Анна",
    "family": "Иванова",
    "location": "Location/1.2.3",
    "organization": "Organization/1.2.3",
    "practitioner": "Practitioner/w1",
    "role": "109",
    "service": "HealthcareService/x1",
    "specialty": "76",
    "partof": "Organization/1.2.3",
    "type": "medical",
    "status": "active",
    "near": "55.75|37.62|10|km",
    "service-type": "12",
    "date": "ge2026-01-01",
    "participating-organization": "Organization/1.2.3",
    "primary-organization": "Organization/1.2.3",
}


async def test_every_parameter_of_every_type_answers_a_bundle(gateway: str) -> None:
    answered = 0
    async with httpx.AsyncClient(base_url=f"{gateway}/fhir") as http:
        for type, params in SEARCH_PARAMETERS.items():
            for name in ["_id", "_lastUpdated", *params]:
                value = SAMPLE[name]
                if type == "Location" and name == "partof":
                    value = "Location/1.2.3"
                answer = await http.get(f"/{type}", params={name: value})
                assert answer.status_code == 200, (type, name, answer.text)
                assert answer.json()["type"] == "searchset"
                answered += 1
        counted = await http.get("/Organization", params={"_summary": "count"})
        none = await http.get("/Organization", params={"_count": "0"})
        by_form = await http.post("/Organization/_search", data={"_summary": "count"})
    assert answered == 53
    assert isinstance(counted.json()["total"], int) and "entry" not in counted.json()
    assert none.json()["total"] == counted.json()["total"]
    assert by_form.json()["total"] == counted.json()["total"]


async def test_what_a_fhir_server_cannot_answer_is_refused_by_name(gateway: str) -> None:
    async with httpx.AsyncClient(base_url=f"{gateway}/fhir") as http:
        metadata = await http.get("/metadata")
        assert metadata.headers["content-type"].startswith("application/fhir+json")
        statement = metadata.json()
        assert statement["fhirVersion"] == "4.0.1"  # R4, which mCSD is built on
        assert any(i.endswith("CareServicesSelectiveSupplier") for i in statement["instantiates"])
        assert statement["rest"][0]["security"]["description"]
        assert {r["type"] for r in statement["rest"][0]["resource"]} == set(SEARCH_PARAMETERS)
        for params, parameter in (
            ({"birthdate": "1985-05-05"}, "birthdate"),
            ({"_count": "1000"}, "_count"),
            ({"_lastUpdated": "ap2026-01-01"}, "_lastUpdated"),
            ({"name:contains": "Ив"}, "name:contains"),
            ({"_include": "Organization:partof"}, "_include"),
        ):
            answer = await http.get("/Practitioner", params=params)
            assert answer.status_code == 400, (params, answer.text)
            [issue] = answer.json()["issue"]
            assert (issue["code"], issue["expression"]) == ("invalid", [parameter]), params
            assert issue["diagnostics"]
        odd = await http.get("/Practitioner?=1&%14=2")  # found by schemathesis: was a 500
        assert (odd.status_code, odd.json()["resourceType"]) == (400, "OperationOutcome")
        unknown = await http.get("/Patient")
        assert (unknown.status_code, unknown.json()["resourceType"]) == (404, "OperationOutcome")
        version = await http.get("/Practitioner/w1/_history/x")
        assert (version.status_code, version.json()["resourceType"]) == (400, "OperationOutcome")
    with pytest.raises(OperationOutcome):
        await AsyncFHIRClient(f"{gateway}/fhir").resources("Location").search(near="north").fetch()


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


async def test_a_clinics_sites_branches_links_and_endpoints_are_read_as_mcsd(
    gateway: str, clinic: Any, grant: Any
) -> None:
    hr, _ = clinic
    university = f"1.2.643.5.1.13.13.12.2.77.{uuid.uuid4().int % 10**6}"
    await grant(university, snils_for(f"officer|{university}"))
    site = {"text": "Москва, Мясницкая ул., 7", "latitude": 55.7602, "longitude": 37.6336}
    await eventually_done(
        hr,
        "/api/registry/organization/profile_set",
        {"actual_address": site, "institution_type_code": "1.10"},
    )
    await hr.post("/api/registry/branch/add", {"name": "Филиал", "address": {"text": "Москва"}})
    await hr.post(
        "/api/registry/affiliation/add",
        {"primary_oid": university, "role": "clinical_base", "start_date": "2026-01-01"},
    )
    await hr.post(
        "/api/registry/endpoint/set",
        {
            "name": "МИС",
            "address": "https://mis.example.ru/fhir",
            "connection_type": "hl7-fhir-rest",
        },
    )
    fhir = AsyncFHIRClient(f"{gateway}/fhir")
    links = fhir.resources("OrganizationAffiliation").search(
        **{"participating-organization": hr.oid}
    )
    [link] = await eventually(links.fetch_all, lambda found: len(found) == 1)
    assert link["organization"]["reference"] == f"Organization/{university}"
    with_primary = await links.include(
        "OrganizationAffiliation", "primary-organization"
    ).fetch_raw()
    assert {e["resource"]["id"] for e in with_primary["entry"]} >= {university}
    # Each change reaches the directory by its own event, handled as it comes: wait for each.
    near = await eventually(
        fhir.resources("Location").search(near="55.76|37.63|2|km").fetch_all,
        lambda found: hr.oid in [x["id"] for x in found],
    )
    assert hr.oid in [x["id"] for x in near]
    branches = fhir.resources("Organization").search(partof=hr.oid)
    [branch] = await eventually(branches.fetch_all, lambda found: len(found) == 1)
    assert branch["partOf"]["reference"] == f"Organization/{hr.oid}"
    endpoints = fhir.resources("Endpoint").search(organization=hr.oid)
    [endpoint] = await eventually(endpoints.fetch_all, lambda found: len(found) == 1)
    assert (endpoint["status"], endpoint["address"]) == ("active", "https://mis.example.ru/fhir")
    organization = await fhir.reference("Organization", hr.oid).to_resource()
    assert [e["reference"] for e in organization["endpoint"]] == [f"Endpoint/{endpoint['id']}"]

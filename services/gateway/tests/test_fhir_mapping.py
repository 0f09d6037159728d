"""The FHIR mapping without servers: views to validated resources, search parameters read or
refused by name, and which resource a registry event changed."""

from __future__ import annotations

import json
from datetime import date
from importlib.resources import files as resources_of
from importlib.resources.abc import Traversable

import pytest

from egisz.contracts import registry as wire
from egisz.gateway.fhir import resources, search
from egisz.gateway.fhir.bundles import EVERY_SUBDIVISION, change_of, changes_of, history, outcome

TODAY = date(2026, 12, 2)
WORKER = "0190f0e2a1b2c3d4e5f60718293a4b5c"
JOB = "0190f0e2a1b2aaaabbbbccccddddeeee"


def view() -> wire.WorkerView:
    return wire.WorkerView.model_validate(
        {
            "worker_id": WORKER,
            "snils": "11223344595",
            "last_name": "Иванова",
            "first_name": "Анна",
            "middle_name": None,
            "birth_date": "1985-05-05",
            "sex": "female",
            "contacts": {"email": "anna@clinic.example", "phone": "9161234567"},
            "certificates": [
                {
                    "certificate_id": "c1",
                    "number": "0177",
                    "issuer": "РНИМУ",
                    "speciality": "Терапия",
                    "issued_on": "2020-01-01",
                    "valid_until": "2025-01-01",
                }
            ],
            "accreditations": [
                {
                    "record_id": "a1",
                    "kind": "periodic",
                    "speciality": "Кардиология",
                    "passed_on": "2024-01-01",
                    "valid_until": "2029-01-01",
                }
            ],
            "employments": [
                {
                    "employment_id": JOB,
                    "organization_oid": "1.2.643.5.1",
                    "position": "Врач-кардиолог",
                    "rate": "1.0",
                    "kind": "main",
                    "start_date": "2020-01-01",
                    "end_date": "2026-01-01",
                }
            ],
            "specialities": ["Кардиология"],  # the registry's: the lapsed certificate dropped
            "registered_at": "2026-01-01T00:00:00+00:00",
            "version": 4,
        }
    )


def test_a_worker_becomes_a_practitioner_with_snils_and_a_role_per_job() -> None:
    p = resources.practitioner(view())
    assert p["resourceType"] == "Practitioner"
    assert {"system": resources.SNILS, "value": "11223344595", "use": "official"} in p["identifier"]
    assert p["telecom"][1] == {"system": "phone", "value": "+79161234567"}
    assert p["meta"]["versionId"] == "4"
    [role] = resources.roles_of(view(), TODAY)
    assert role["id"] == f"{WORKER}-{JOB[12:]}" and len(role["id"]) <= 64
    assert role["active"] is False, "the job ended before today"
    assert [s["text"] for s in role["specialty"]] == ["Кардиология"], "the registry's specialities"


def test_a_coded_position_is_a_coding_of_the_positions_book_and_text_stays_text() -> None:
    coded = view().model_copy(deep=True)
    coded.employments[0] = coded.employments[0].model_copy(
        update={"position_code": "109", "position": "врач-терапевт"}
    )
    [role] = resources.roles_of(coded, TODAY)
    assert role["code"] == [
        {
            "coding": [
                {
                    "system": "urn:oid:1.2.643.5.1.13.13.11.1002",
                    "code": "109",
                    "display": "врач-терапевт",
                }
            ],
            "text": "врач-терапевт",
        }
    ]
    [uncoded] = resources.roles_of(view(), TODAY)
    assert uncoded["code"] == [{"text": "Врач-кардиолог"}]


def test_a_coded_speciality_is_a_coding_of_the_specialities_book() -> None:
    coded = view().model_copy(deep=True)
    coded.accreditations[0] = coded.accreditations[0].model_copy(update={"speciality_code": "37"})
    [role] = resources.roles_of(coded, TODAY)
    [specialty] = role["specialty"]
    assert specialty["coding"][0] == {
        "system": "urn:oid:1.2.643.5.1.13.13.11.1066",
        "code": "37",
        "display": "Кардиология",
    }


def test_a_qualification_in_a_coded_speciality_carries_the_books_codings() -> None:
    coded = view().model_copy(deep=True)
    coded.accreditations[0] = coded.accreditations[0].model_copy(update={"speciality_code": "37"})
    coded.categories.append(
        wire.QualificationCategory(
            category_id="k1",
            category="highest",
            speciality="Кардиология",
            speciality_code="37",
            assigned_on=date(2025, 3, 1),
        )
    )
    certificate, accreditation, category = resources.practitioner(coded)["qualification"]
    assert certificate["code"] == {"text": "Сертификат специалиста: Терапия"}, "text stays text"
    assert accreditation["code"]["coding"] == [
        {"system": f"urn:oid:{wire.SPECIALITIES}", "code": "37", "display": "Кардиология"}
    ]
    assert [(c["system"], c["code"]) for c in category["code"]["coding"]] == [
        (f"urn:oid:{wire.QUALIFICATION_CATEGORIES}", "highest"),
        (f"urn:oid:{wire.SPECIALITIES}", "37"),
    ]
    assert category["code"]["text"] == "Высшая квалификационная категория: Кардиология"


def test_an_organizations_type_is_a_coding_of_the_organization_types_book() -> None:
    summary = wire.OrganizationSummary.model_validate(
        {
            "oid": "1.2.643.5.1.13.13.12.2.77.1",
            "type": "medical",
            "name": "ГКБ № 1",
            "inn": "7701234567",
            "ogrn": "1027700000001",
            "kpp": "770101001",
            "legal_address": {"text": "Москва"},
        }
    )
    [kind] = resources.organization_summary(summary)["type"]
    assert kind == {
        "coding": [
            {
                "system": f"urn:oid:{wire.ORGANIZATION_TYPES}",
                "code": "medical",
                "display": "Медицинская организация",
            }
        ],
        "text": "Медицинская организация",
    }


def test_the_names_the_gateway_shows_are_the_books_names() -> None:
    """Organization types and qualification categories are named as the starter books name them."""
    books = resources_of("egisz.registry.nsi")
    types = starter_names(books / "starter/organization_types.json")
    assert types == resources.ORGANIZATION_TYPE
    categories = starter_names(books / "starter/qualification_categories.json")
    assert {c: resources._grade(c)["display"] for c in resources.CATEGORY} == categories


def starter_names(path: Traversable) -> dict[str, str]:
    book = json.loads(path.read_text(encoding="utf-8"))
    rows = [{c["column"]: c["value"] for c in row} for row in book["list"]]
    return {r["ID"]: r["NAME"] for r in rows}


def test_the_public_view_maps_to_no_personal_data() -> None:
    public = wire.PublicPractitioner(
        worker_id=WORKER,
        last_name="Иванова",
        first_name="Анна",
        middle_name=None,
        specialities=[],
        organizations=[],
        accreditations=[],
    )
    p = resources.public_practitioner(public)
    assert set(p) == {"resourceType", "id", "meta", "active", "identifier", "name"}
    assert [i["system"] for i in p["identifier"]] == [resources.WORKER_ID]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"birthdate": "x"}, "birthdate"),
        ({"_count": "0"}, "_count"),
        ({"_count": "abc"}, "_count"),
    ],
)
def test_bad_search_parameters_are_named(query: dict[str, str], parameter: str) -> None:
    with pytest.raises(search.SearchError) as refused:
        search.parameters(query, {"name", "_count"})
    assert refused.value.parameter == parameter


def test_search_values_are_read_as_fhir_writes_them() -> None:
    assert search.identifier(f"{resources.SNILS}|112-233-445 95") == (
        resources.SNILS,
        "112-233-445 95",
    )
    assert search.identifier("abc") == (None, "abc")
    assert search.instant("_lastUpdated", "ge2026-01-01", prefixes=("ge",)).tzinfo is not None
    with pytest.raises(search.SearchError):
        search.instant("_lastUpdated", "lt2026-01-01", prefixes=("ge", "gt"))
    assert search.reference("organization", "Organization/1.2.3", "Organization") == "1.2.3"
    with pytest.raises(search.SearchError):
        search.reference("organization", "Location/1.2.3", "Organization")
    assert search.person_name({"name": "Иванова Анна Сергеевна"}) == (
        "Иванова",
        "Анна",
        "Сергеевна",
    )
    assert search.person_name({"family": "Иванова", "given": "Анна"}) == ("Иванова", "Анна", None)


def event(kind: str, data: dict[str, object]) -> dict[str, object]:
    return {"type": f"ru.egisz.registry.{kind}.v1", "time": "2026-12-02T00:00:00Z", "data": data}


def test_each_registry_event_names_the_resource_it_changed() -> None:
    registered = change_of(event("worker.registered", {"worker_id": WORKER, "record_version": 1}))
    assert registered and (registered.kind, registered.method, registered.version) == (
        "Practitioner",
        "POST",
        1,
    )
    job = {"employment_id": JOB}
    started = change_of(event("employment.started", {"worker_id": WORKER, "employment": job}))
    assert started and (started.kind, started.id) == ("PractitionerRole", f"{WORKER}-{JOB[12:]}")
    annulled = change_of(
        event("entry.annulled", {"worker_id": WORKER, "kind": "employment", "entry_id": JOB})
    )
    assert annulled and (annulled.kind, annulled.method) == ("PractitionerRole", "DELETE")
    withdrawn = change_of(
        event("worker.duplicate_resolved", {"worker_id": WORKER, "decision": "duplicate"})
    )
    assert withdrawn and withdrawn.method == "DELETE"
    org = change_of(event("organization.updated", {"oid": "1.2.3", "name": "x", "sections": []}))
    assert org and (org.kind, org.id) == ("Organization", "1.2.3")
    assert change_of(event("learner.recorded", {"learner_id": "l", "snils": "1"})) is None
    beds = event("organization.updated", {"oid": "1.2.3", "sections": ["subdivisions"]})
    assert [(c.kind, c.id) for c in changes_of(beds)] == [
        ("Organization", "1.2.3"),
        ("Location", EVERY_SUBDIVISION),
    ]
    bundle = history("http://x/fhir", "_history", [(withdrawn, None)], {}, 7)
    [entry] = bundle["entry"]
    assert entry["request"] == {"method": "DELETE", "url": f"Practitioner/{WORKER}"}
    assert bundle["link"][1]["url"].endswith("_cursor=7")


def test_a_refusal_keeps_its_code_and_russian_message() -> None:
    o = outcome("forbidden", "not_your_organization", "Не ваша организация", ["organization_oid"])
    [issue] = o["issue"]
    assert (issue["code"], issue["diagnostics"], issue["expression"]) == (
        "forbidden",
        "Не ваша организация",
        ["organization_oid"],
    )
    assert issue["details"]["coding"][0]["code"] == "not_your_organization"


def test_a_refusal_of_any_parameter_a_client_sends_is_a_valid_outcome() -> None:
    """Found by schemathesis: an empty or control-character parameter name made a 500."""
    o = outcome("invalid", "unsupported_search_parameter", "Параметр «\x0b» нет", ["", "a\x1cb"])
    [issue] = o["issue"]
    assert issue["expression"] == ["a b"]
    assert issue["diagnostics"] == "Параметр « » нет"

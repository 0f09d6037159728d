"""The FHIR wrapping without servers: the directory's pages as Bundles (links that keep their
place, history entries that say what was done), refusals as OperationOutcomes, the
CapabilityStatement from the contracts' table — each checked against the official R4 schema."""

from __future__ import annotations

from egisz.contracts.registry.directory import RESOURCE_TYPES, SEARCH_PARAMETERS
from egisz.gateway.fhir.bundles import history, outcome, searchset
from egisz.gateway.fhir.capability import capability_statement
from egisz.testsupport.fhir_schema import problems

BASE = "https://egisz.example/fhir"
AT = "2026-12-06T08:00:00.123000+00:00"


def entry(method: str = "PUT", version: int = 2, mode: str = "match") -> dict[str, object]:
    resource = None
    if method != "DELETE":
        resource = {"resourceType": "Practitioner", "id": "w1", "meta": {"versionId": str(version)}}
    return {
        "type": "Practitioner",
        "id": "w1",
        "version": version,
        "last_updated": AT,
        "method": method,
        "resource": resource,
        "mode": mode,
    }


def test_a_page_links_to_the_next_with_the_parameters_it_honoured() -> None:
    page = {
        "entries": [entry(), entry(mode="include")],
        "total": None,
        "next_cursor": "w1",
        "parameters": [{"name": "family", "value": "Иванова"}, {"name": "_cursor", "value": "w0"}],
    }
    bundle = searchset(BASE, "Practitioner", page, [("family", "Иванова"), ("_format", "json")])
    assert problems(bundle) == []
    assert [link["relation"] for link in bundle["link"]] == ["self", "next"]
    assert bundle["link"][1]["url"].endswith(
        "family=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%D0%B0&_cursor=w1"
    )
    assert [e["search"]["mode"] for e in bundle["entry"]] == ["match", "include"]
    assert "total" not in bundle


def test_a_history_says_what_was_done_and_up_to_when_it_holds() -> None:
    page = {"entries": [entry("DELETE", 3), entry("POST", 1)], "as_of": AT, "next_cursor": None}
    bundle = history(BASE, "Practitioner/w1/_history", page, [])
    assert problems(bundle) == []
    gone, created = bundle["entry"]
    assert "resource" not in gone
    assert gone["request"] == {"method": "DELETE", "url": "Practitioner/w1"}
    assert (gone["response"]["status"], gone["response"]["etag"]) == ("204 No Content", 'W/"3"')
    assert created["request"] == {"method": "POST", "url": "Practitioner"}
    assert bundle["meta"]["lastUpdated"] == "2026-12-06T08:00:00.123000Z"


def test_the_capability_statement_declares_every_type_and_parameter() -> None:
    statement = capability_statement(BASE)
    assert problems(statement) == []
    declared = {
        r["type"]: {p["name"] for p in r["searchParam"]} for r in statement["rest"][0]["resource"]
    }
    assert set(declared) == set(RESOURCE_TYPES)
    for type, params in SEARCH_PARAMETERS.items():
        assert declared[type] == {"_id", "_lastUpdated", *params}
    assert sum(len(p) for p in declared.values()) == 53  # as the issue counts ITI-90s


def test_a_refusal_keeps_its_code_and_russian_message() -> None:
    o = outcome("forbidden", "snils_needs_a_token", "Только со входом", ["identifier"])
    [issue] = o["issue"]
    assert (issue["code"], issue["diagnostics"], issue["expression"]) == (
        "forbidden",
        "Только со входом",
        ["identifier"],
    )
    assert issue["details"]["coding"][0]["code"] == "snils_needs_a_token"
    assert problems(o) == []


def test_a_refusal_of_any_parameter_a_client_sends_is_a_valid_outcome() -> None:
    """Found by schemathesis: an empty or control-character parameter name made a 500."""
    o = outcome("invalid", "unsupported_search_parameter", "Параметр «\x0b» нет", ["", "a\x1cb"])
    [issue] = o["issue"]
    assert issue["expression"] == ["a b"]
    assert issue["diagnostics"] == "Параметр « » нет"
    assert problems(o) == []

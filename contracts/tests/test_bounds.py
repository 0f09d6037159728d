"""Every command is bounded: each string a maximum length, each list a maximum size, each
number a maximum; identifiers in ASCII digits; dates in a sensible range (issue 12)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from egisz.contracts import registry, subjects


def commands() -> list[subjects.Command]:
    return [v for v in vars(subjects).values() if isinstance(v, subjects.Command)]


def unbounded(schema: dict[str, Any]) -> list[str]:
    """Paths in a JSON Schema where a string, array or number has no upper bound."""
    defs = schema.get("$defs", {})
    found: list[str] = []

    def walk(node: Any, path: str, seen: frozenset[str]) -> None:
        if not isinstance(node, dict):
            return
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                walk(defs[name], path, seen | {name})
            return
        for key in ("anyOf", "oneOf", "allOf"):
            for option in node.get(key, []):
                walk(option, path, seen)
        kind = node.get("type")
        if kind == "string" and not ({"maxLength", "enum", "const", "format"} & node.keys()):
            found.append(path)
        if kind == "array":
            if "maxItems" not in node:
                found.append(path + "[]")
            walk(node.get("items"), path + "[]", seen)
        if kind in ("integer", "number") and not ({"maximum", "exclusiveMaximum"} & node.keys()):
            found.append(path)
        for name, sub in node.get("properties", {}).items():
            walk(sub, f"{path}.{name}", seen)

    walk(schema, "", frozenset())
    return found


@pytest.mark.parametrize("spec", commands(), ids=lambda c: c.subject)
def test_every_string_list_and_number_in_a_command_is_bounded(spec: subjects.Command) -> None:
    assert unbounded(spec.request.model_json_schema()) == []


def test_the_check_finds_an_unbounded_field() -> None:
    from egisz.contracts.envelope import WireModel

    class Loose(WireModel):
        name: str
        tags: list[str]
        count: int

    assert unbounded(Loose.model_json_schema()) == [".name", ".tags[]", ".tags[]", ".count"]


SNILS_OF_A_PERSON = "11223344595"


@pytest.mark.parametrize(
    "lookalike",
    [
        "１１２２３３４４５９５",  # full-width
        "١١٢٢٣٣٤٤٥٩٥",  # Arabic-Indic
        "११२२३३४४५९५",  # Devanagari
    ],
)
def test_identifiers_take_ascii_digits_only(lookalike: str) -> None:
    assert lookalike.isdigit()  # Python would have taken them
    body = {
        "snils": lookalike,
        "last_name": "Иванов",
        "first_name": "Пётр",
        "birth_date": "1980-01-02",
    }
    with pytest.raises(ValidationError) as refused:
        registry.RegisterWorker.model_validate(body)
    assert [e["loc"] for e in refused.value.errors()] == [("snils",)]
    registry.RegisterWorker.model_validate(body | {"snils": SNILS_OF_A_PERSON})


def test_a_date_out_of_any_sensible_range_is_refused() -> None:
    body = {"snils": SNILS_OF_A_PERSON, "last_name": "Иванов", "first_name": "Пётр"}
    for year in ("0001", "1899", "2101", "9999"):
        with pytest.raises(ValidationError):
            registry.RegisterWorker.model_validate(body | {"birth_date": f"{year}-01-02"})

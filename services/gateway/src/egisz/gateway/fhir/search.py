"""FHIR search parameters read into what the registry's queries take. Pure: a bad parameter is
a `SearchError` naming it and the fix; a parameter this server does not support is refused by
name, never ignored (a client would read an unfiltered answer as a filtered one)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from egisz.contracts.bounds import DATE_FORM, TIME_FORM

COUNT_MAX = 100  # the registry's page
IGNORED = {"_format", "_pretty"}  # this server answers JSON only, and always the same way


class SearchError(Exception):
    """A search parameter that cannot be used: 400 with an OperationOutcome naming it."""

    def __init__(self, parameter: str, message: str, code: str = "invalid_search") -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message
        self.code = code


def parameters(query: Mapping[str, str], allowed: set[str]) -> dict[str, str]:
    """The request's parameters, each supported and given once."""
    found: dict[str, str] = {}
    for name, value in query.items():
        if name in IGNORED:
            continue
        if name not in allowed:
            supported = ", ".join(sorted(allowed))
            raise SearchError(
                name[:64],
                f"Параметр поиска «{name[:64]}» не поддерживается; поддерживаются: {supported}",
                "unsupported_search_parameter",
            )
        found[name] = value
    count(found)  # a bad page size is refused on every search, paged or not
    return found


def active_only(found: list[dict[str, Any]], params: Mapping[str, str]) -> list[dict[str, Any]]:
    """`active=true|false`: the resources whose `active` is so (no `active`: all of them)."""
    raw = params.get("active")
    if raw is None:
        return found
    if raw not in ("true", "false"):
        raise SearchError("active", "active — true или false")
    return [r for r in found if r.get("active", True) is (raw == "true")]


def count(params: Mapping[str, str]) -> int:
    raw = params.get("_count", str(COUNT_MAX))
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= COUNT_MAX:
        raise SearchError("_count", f"_count — целое число от 1 до {COUNT_MAX}")
    return int(raw)


def feed_cursor(params: Mapping[str, str]) -> int | None:
    """`_cursor` of a page read from the change feed: a stream sequence, from a `next` link."""
    raw = params.get("_cursor")
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19:
        raise SearchError("_cursor", "_cursor — из ссылки next предыдущей страницы")
    return int(raw)


def identifier(raw: str, parameter: str = "identifier") -> tuple[str | None, str]:
    """A token, `system|value` or `value`: (the system, if given, and the value)."""
    system, bar, value = raw.partition("|")
    if not bar:
        return None, raw.strip()
    if not value.strip():
        raise SearchError(parameter, f"Укажите значение {parameter}: system|value")
    return system.strip() or None, value.strip()


def instant_pattern(prefixes: tuple[str, ...]) -> str:
    """What `instant` takes, exactly, as the OpenAPI document states it: a day of 1900 … 2100,
    with a time and an offset if wanted (`ge2026-01-01`, `2026-01-01T10:30:00+03:00`)."""
    return rf"^({'|'.join(prefixes)}){DATE_FORM}{TIME_FORM}$"


def instant(name: str, raw: str, *, prefixes: tuple[str, ...] = ("",)) -> datetime:
    """A FHIR date or instant (with one of `prefixes`): a date is its first moment in UTC."""
    prefix = raw[:2] if raw[:2] in {"eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"} else ""
    if prefix not in prefixes:
        allowed = " или ".join(p for p in prefixes if p) or "без префикса"
        raise SearchError(name, f"{name}: поддерживается только {allowed}, например ge2026-01-01")
    if not re.match(instant_pattern(prefixes), raw):
        raise SearchError(
            name, f"{name}: дата 1900–2100 или момент ISO 8601, например 2026-01-01T00:00:00Z"
        )
    moment = datetime.fromisoformat(raw[len(prefix) :])
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def reference(name: str, raw: str, kind: str) -> str:
    """`Kind/id`, a full URL ending in it, or the bare id: the id."""
    value = raw.rstrip("/").rsplit("/", 2)
    if len(value) >= 2 and value[-2] != kind:
        raise SearchError(name, f"{name}: ссылка на {kind}, например {kind}/<id>")
    return value[-1]


def person_name(params: Mapping[str, str]) -> tuple[str, str, str | None]:
    """(last, first, middle) from `family` and `given`, or from `name` read as «Фамилия Имя
    Отчество»: public verification matches whole names."""
    if "name" in params:
        words = params["name"].split()
    else:
        words = [params.get("family", ""), *params.get("given", "").split()]
    words = [w for w in words if w]
    if len(words) < 2 or len(words) > 3:
        raise SearchError(
            "name",
            "Укажите фамилию и имя (и отчество): name=Иванова Анна Сергеевна или family и given",
        )
    return words[0], words[1], words[2] if len(words) == 3 else None


SNILS_DIGITS = re.compile(r"^\d{3}-?\d{3}-?\d{3}[ -]?\d{2}$")
OID = re.compile(r"^(urn:oid:)?\d+(\.\d+)+$")


def one_of(kind: str, names: str) -> SearchError:
    return SearchError(
        names.split(",")[0],
        f"Поиск {kind}: укажите один из параметров {names}",
        "search_needs_a_parameter",
    )

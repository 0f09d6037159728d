"""What a FHIR search of the directory asks, read from its parameters as the client sent them:
which parameters each resource type answers (IHE mCSD ITI-90), what each kind of parameter
matches, and the page, the total and the resources to include. Every parameter is honoured or
refused by name with the fix — never ignored, for a client would read an unfiltered answer as a
filtered one. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from math import asin, cos, radians, sin, sqrt

from egisz.registry.directory.domain.errors import SearchParameterError
from egisz.registry.directory.domain.instants import Interval, instant, interval
from egisz.registry.directory.domain.keys import WORD_PREFIX_MAX
from egisz.registry.directory.domain.records import Version
from egisz.registry.domain.words import name_words

ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
COUNT_MAX = 100
COUNT_DEFAULT = 20
STRING, TOKEN, REFERENCE, DATE, SPECIAL = "string", "token", "reference", "date", "special"

# ITI-90's parameters of each type, beside `_id` and `_lastUpdated` that every type has.
PARAMETERS: dict[str, dict[str, str]] = {
    "Practitioner": {
        "active": TOKEN, "identifier": TOKEN, "name": STRING, "given": STRING, "family": STRING,
    },
    "PractitionerRole": {
        "active": TOKEN, "location": REFERENCE, "organization": REFERENCE,
        "practitioner": REFERENCE, "role": TOKEN, "service": REFERENCE, "specialty": TOKEN,
    },
    "Organization": {
        "active": TOKEN, "identifier": TOKEN, "name": STRING, "partof": REFERENCE, "type": TOKEN,
    },
    "Location": {
        "identifier": TOKEN, "name": STRING, "organization": REFERENCE, "partof": REFERENCE,
        "status": TOKEN, "type": TOKEN, "near": SPECIAL,
    },
    "HealthcareService": {
        "active": TOKEN, "identifier": TOKEN, "location": REFERENCE, "name": STRING,
        "organization": REFERENCE, "service-type": TOKEN,
    },
    "OrganizationAffiliation": {
        "active": TOKEN, "date": DATE, "identifier": TOKEN,
        "participating-organization": REFERENCE, "primary-organization": REFERENCE,
        "role": TOKEN,
    },
    "Endpoint": {"identifier": TOKEN, "organization": REFERENCE, "status": TOKEN},
}  # fmt: skip
# What each reference parameter points at: `_include` follows it, `_revinclude` comes back.
TARGETS: dict[tuple[str, str], str] = {
    ("PractitionerRole", "location"): "Location",
    ("PractitionerRole", "organization"): "Organization",
    ("PractitionerRole", "practitioner"): "Practitioner",
    ("PractitionerRole", "service"): "HealthcareService",
    ("Organization", "partof"): "Organization",
    ("Location", "organization"): "Organization",
    ("Location", "partof"): "Location",
    ("HealthcareService", "location"): "Location",
    ("HealthcareService", "organization"): "Organization",
    ("OrganizationAffiliation", "participating-organization"): "Organization",
    ("OrganizationAffiliation", "primary-organization"): "Organization",
    ("Endpoint", "organization"): "Organization",
}
RESULT = {"_count", "_cursor", "_include", "_revinclude", "_summary", "_total"}
IGNORED = {"_format", "_pretty"}  # the gateway speaks JSON only, and always the same way


@dataclass(frozen=True)
class Criterion:
    """One parameter as sent: it holds when any alternative (the values between commas) holds,
    an alternative when all its keys are among the resource's (a string's words)."""

    parameter: str
    any_of: tuple[frozenset[str], ...] = ()
    within: tuple[tuple[str, Interval], ...] = ()  # `_lastUpdated`: prefix and interval
    near: tuple[float, float, float] | None = None  # latitude, longitude, km

    def holds(self, v: Version) -> bool:
        if self.parameter == "_lastUpdated":
            return all(i.compared(prefix, v.last_updated) for prefix, i in self.within)
        if self.within:  # a period's date
            periods = v.keys.get(self.parameter, [])
            return any(
                all(i.compared_with_period(prefix, p) for prefix, i in self.within) for p in periods
            )
        if self.parameter == "_id":
            return any(v.id in alt for alt in self.any_of)
        if self.near is not None:
            return _near(self.near, v.keys.get("near", []))
        held = v.keys.get(self.parameter, [])
        return any(alt <= set(held) for alt in self.any_of)

    def lookup(self) -> list[str] | None:
        """The keys an index finds candidates by (one per alternative, its longest), or None:
        this criterion is checked only after the index."""
        if not self.any_of or self.near is not None:
            return None
        return [max(alt, key=len) for alt in self.any_of]


@dataclass(frozen=True)
class Inclusion:
    source: str  # the type whose reference parameter it is
    parameter: str
    target: str


@dataclass(frozen=True)
class Query:
    type: str
    criteria: tuple[Criterion, ...]
    count: int = COUNT_DEFAULT
    cursor: str | None = None
    include: tuple[Inclusion, ...] = ()
    revinclude: tuple[Inclusion, ...] = ()
    total: bool = False
    honoured: tuple[tuple[str, str], ...] = field(default=())
    snils: str | None = None  # a Practitioner's SNILS: the register finds the person, if allowed

    def holds(self, v: Version) -> bool:
        return not v.gone and all(c.holds(v) for c in self.criteria)

    def driver(self) -> Criterion | None:
        """The criterion the index narrows by: `_id`, then a reference or an identifier, then
        the one with the longest key (None: every resource of the type, by id)."""
        usable = [c for c in self.criteria if c.lookup()]
        if not usable:
            return None
        order = {"_id": 0, "identifier": 1}

        def rank(c: Criterion) -> tuple[int, int]:
            kind = PARAMETERS[self.type].get(c.parameter)
            first = order.get(c.parameter, 2 if kind == REFERENCE else 3)
            return first, -min(len(k) for k in c.lookup() or [""])

        return min(usable, key=rank)


def read_search(type: str, parameters: Sequence[tuple[str, str]]) -> Query:
    """The query of one search, or `SearchParameterError` naming the first parameter that
    cannot be honoured."""
    allowed = PARAMETERS[type]
    criteria: list[Criterion] = []
    result: dict[str, str] = {}
    honoured: list[tuple[str, str]] = []
    snils: str | None = None
    for name, value in parameters:
        if name in IGNORED:
            continue
        honoured.append((name, value))
        if name in RESULT:
            if name in result and name not in ("_include", "_revinclude"):
                raise SearchParameterError(name, f"{name} задаётся один раз")
            result[name] = f"{result[name]},{value}" if name in result else value
            continue
        base, _, modifier = name.partition(":")
        if base not in allowed and base not in ("_id", "_lastUpdated"):
            raise _unsupported(type, name)
        if modifier:
            raise SearchParameterError(
                name,
                f"Модификатор «:{modifier[:20]}» не поддерживается: задайте {base} без него",
                "unsupported_modifier",
            )
        if type == "Practitioner" and name == "identifier" and (found := _snils(value)):
            snils = found
            continue
        criteria.append(_criterion(type, base, allowed.get(base, ""), value))
    count = _count(result.get("_count"))
    summary = result.get("_summary")
    if summary not in (None, "count", "false"):
        raise SearchParameterError("_summary", "_summary: поддерживаются count и false")
    total = result.get("_total")
    if total not in (None, "none", "estimate", "accurate"):
        raise SearchParameterError("_total", "_total: none, estimate или accurate")
    cursor = result.get("_cursor")
    if cursor is not None and not ID.match(cursor):
        raise SearchParameterError("_cursor", "_cursor — из ссылки next предыдущей страницы")
    return Query(
        type,
        tuple(criteria),
        0 if summary == "count" else count,
        cursor,
        _inclusions("_include", result.get("_include"), type, forward=True),
        _inclusions("_revinclude", result.get("_revinclude"), type, forward=False),
        summary == "count" or count == 0 or total in ("estimate", "accurate"),
        tuple(honoured),
        snils,
    )


SNILS = "urn:oid:1.2.643.100.3"
SNILS_DIGITS = re.compile(r"^\d{3}-?\d{3}-?\d{3}[ -]?\d{2}$")


def _snils(value: str) -> str | None:
    """A SNILS asked for: with its system, or eleven digits as SNILS writes them."""
    system, bar, code = value.partition("|")
    if bar and system == SNILS:
        if not SNILS_DIGITS.match(code):
            raise SearchParameterError("identifier", "СНИЛС — 11 цифр, например 112-233-445 95")
        return code
    return value if not bar and SNILS_DIGITS.match(value) else None


def _unsupported(type: str, name: str) -> SearchParameterError:
    supported = ", ".join(["_id", "_lastUpdated", *sorted(PARAMETERS[type]), *sorted(RESULT)])
    return SearchParameterError(
        name[:64],
        f"Параметр поиска {type} «{name[:64]}» не поддерживается; поддерживаются: {supported}",
        "unsupported_search_parameter",
    )


def _count(raw: str | None) -> int:
    if raw is None:
        return COUNT_DEFAULT
    if not (raw.isascii() and raw.isdigit()) or int(raw) > COUNT_MAX:
        raise SearchParameterError("_count", f"_count — целое число от 0 до {COUNT_MAX}")
    return int(raw)


def _values(name: str, value: str) -> list[str]:
    """The alternatives between commas (`\\,` is a comma within one)."""
    parts = [p.replace("\\,", ",").strip() for p in re.split(r"(?<!\\),", value)]
    if not all(parts):
        raise SearchParameterError(name, f"Укажите значение {name}: пустое значение не ищется")
    return parts


def _criterion(type: str, name: str, kind: str, value: str) -> Criterion:
    if name == "_lastUpdated":
        return Criterion(name, within=(interval(name, value),))
    values = _values(name, value)
    if name == "_id":
        for v in values:
            if not ID.match(v):
                raise SearchParameterError(
                    "_id", "_id — id ресурса FHIR: 1–64 знака из A–Z, a–z, 0–9, «-», «.»"
                )
        return Criterion(name, tuple(frozenset([v]) for v in values))
    if kind == STRING:
        return Criterion(name, tuple(_words(name, v) for v in values))
    if kind == REFERENCE:
        target = TARGETS[(type, name)]
        return Criterion(name, tuple(frozenset([_reference(name, v, target)]) for v in values))
    if kind == SPECIAL:
        return Criterion(name, near=_near_value(value))
    if kind == DATE:
        return Criterion(name, within=(interval(name, value),))
    if name == "active":
        for v in values:
            if v not in ("true", "false"):
                raise SearchParameterError("active", "active — true или false")
    return Criterion(name, tuple(frozenset([_token(name, v)]) for v in values))


def _words(name: str, value: str) -> frozenset[str]:
    words = [w[:WORD_PREFIX_MAX] for w in name_words(value)]
    if not words:
        raise SearchParameterError(name, f"{name}: нужны буквы или цифры, например {name}=Иван")
    return frozenset(words)


def _token(name: str, value: str) -> str:
    """`system|code`, `code`, `system|` or `|code`: the key as `keys.token` writes it."""
    system, bar, code = value.partition("|")
    if not bar:
        return value
    if not system and not code:
        raise SearchParameterError(name, f"{name}: укажите system|code, code или system|")
    return f"{system}|{code}" if system else f"|{code}"


def _reference(name: str, value: str, target: str) -> str:
    """`Type/id`, a full URL ending in it, or the bare id: the id."""
    parts = value.rstrip("/").rsplit("/", 2)
    if len(parts) >= 2 and parts[-2] != target:
        raise SearchParameterError(name, f"{name}: ссылка на {target}, например {target}/<id>")
    if not ID.match(parts[-1]):
        raise SearchParameterError(
            name, f"{name}: id {target} — 1–64 знака A–Z, a–z, 0–9, «-», «.»"
        )
    return parts[-1]


def _inclusions(name: str, raw: str | None, type: str, *, forward: bool) -> tuple[Inclusion, ...]:
    """`_include=Type:parameter` (this type's references) or `_revinclude=Type:parameter`
    (another type's references to this one)."""
    out: list[Inclusion] = []
    for item in _values(name, raw) if raw else []:
        source, _, parameter = item.partition(":")
        target = TARGETS.get((source, parameter.partition(":")[0]))
        fits = target is not None and (source == type if forward else target == type)
        if not fits or ":" in parameter:
            known = [
                f"{s}:{p}" for (s, p), t in TARGETS.items() if (s == type if forward else t == type)
            ]
            raise SearchParameterError(
                name,
                f"{name}={item[:80]} не поддерживается для {type}; можно: "
                + (", ".join(known) or "нет"),
                "unsupported_include",
            )
        out.append(Inclusion(source, parameter, target or ""))
    return tuple(out)


def _near_value(value: str) -> tuple[float, float, float]:
    """`near=latitude|longitude|distance|units` (km; 50 km when no distance is given)."""
    parts = value.split("|")
    try:
        lat, lon = float(parts[0]), float(parts[1])
        distance = float(parts[2]) if len(parts) > 2 and parts[2] else 50.0
    except (ValueError, IndexError):
        raise SearchParameterError(
            "near", "near=широта|долгота|расстояние|km, например near=55.75|37.62|5|km"
        ) from None
    units = parts[3] if len(parts) > 3 else "km"
    if units not in ("km", "m") or not (-90 <= lat <= 90 and -180 <= lon <= 180) or distance < 0:
        raise SearchParameterError(
            "near", "near: широта −90…90, долгота −180…180, единицы km или m"
        )
    return lat, lon, distance / 1000 if units == "m" else distance


def _near(asked: tuple[float, float, float], held: list[str]) -> bool:
    lat, lon, km = asked
    for point in held:
        plat, plon = (float(x) for x in point.split(","))
        a = sin(radians(plat - lat) / 2) ** 2
        a += cos(radians(lat)) * cos(radians(plat)) * sin(radians(plon - lon) / 2) ** 2
        if 2 * 6371.0 * asin(sqrt(a)) <= km:
            return True
    return False


def read_since(parameters: Sequence[tuple[str, str]]) -> tuple[datetime | None, int, str | None]:
    """A history's `_since`, `_count` and `_cursor`; anything else refused by name."""
    given: dict[str, str] = {}
    for name, value in parameters:
        if name in IGNORED:
            continue
        if name not in ("_since", "_count", "_cursor") or name in given:
            raise SearchParameterError(
                name[:64],
                f"_history принимает по разу _since, _count и _cursor, не «{name[:64]}»",
                "unsupported_search_parameter",
            )
        given[name] = value
    since = instant("_since", given["_since"]) if "_since" in given else None
    count = _count(given.get("_count"))
    if count == 0:
        raise SearchParameterError("_count", f"_count истории — от 1 до {COUNT_MAX}")
    return since, count, given.get("_cursor")

"""Codes as the registers check them: against the book's latest version, where each entry carries
its own validity dates (ФНСИ keeps a retired entry with its end date), so a code is judged on the
day that matters by the best knowledge there is. A version is read whole once and kept (it never
changes); the books' version lists are kept for a short while (a version loaded elsewhere is seen
within `ttl` seconds, one loaded here at once)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta

from egisz.kernel.errors import InvalidInputError
from egisz.registry.domain.coding import Coded
from egisz.registry.domain.words import name_words
from egisz.registry.nsi.domain.dictionary import Dictionary, Entry
from egisz.registry.repository import RegistryUnitOfWork

TTL_SECONDS = 30.0


def name_key(text: str) -> str:
    """How a name matches a name: its words, case and «ё» aside."""
    return " ".join(name_words(text))


def coded(d: Dictionary, entry: Entry | None, code: str, *, field: str, on: date) -> Coded:
    """The rule of a coded field: the code is in the book's version of that day, in force then."""
    book = f"справочнике «{d.name}» ({d.oid})"
    if entry is None:
        raise InvalidInputError.of(field, f"Кода «{code}» нет в {book}", "unknown_code")
    if not entry.in_force(on):
        when = f" с {(entry.valid_to + timedelta(days=1)):%d.%m.%Y}" if entry.valid_to else ""
        raise InvalidInputError.of(
            field,
            f"Код «{code}» ({entry.name}) в {book} не действует на {on:%d.%m.%Y}: выведен{when}",
            "retired_code",
        )
    return Coded(d.oid, entry.code, entry.name)


class CachedCodeBook:
    def __init__(
        self,
        units: Callable[[], RegistryUnitOfWork],
        *,
        ttl: float = TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._units = units
        self._ttl = ttl
        self._clock = clock
        self._books: dict[str, tuple[float, Dictionary | None]] = {}
        self._versions: dict[tuple[str, str], dict[str, Entry]] = {}

    async def code(self, oid: str, code: str, *, field: str, on: date) -> Coded:
        d, entries = await self._latest(oid)
        if d is None:
            raise InvalidInputError.of(
                field, f"Справочник {oid} не загружен: обратитесь в СТП ЕГИСЗ", "book_missing"
            )
        return coded(d, entries.get(code), code, field=field, on=on)

    async def by_name(self, oid: str, text: str, *, on: date) -> Coded | None:
        d, entries = await self._latest(oid)
        key = name_key(text)
        found = [e for e in entries.values() if e.in_force(on) and name_key(e.name) == key]
        return Coded(oid, found[0].code, found[0].name) if d and len(found) == 1 else None

    async def near(self, oid: str, text: str, *, on: date, limit: int) -> list[Coded]:
        _, entries = await self._latest(oid)
        words = set(name_words(text))
        scored = [
            (len(words & set(name_words(e.name))), e.code, e)
            for e in entries.values()
            if e.in_force(on)
        ]
        best = sorted((s for s in scored if s[0]), key=lambda s: (-s[0], s[1]))[:limit]
        return [Coded(oid, e.code, e.name) for _, _, e in best]

    async def _latest(self, oid: str) -> tuple[Dictionary | None, dict[str, Entry]]:
        d = await self._book(oid)
        version = d.latest if d else None
        if d is None or version is None:
            return None, {}
        entries = self._versions.get((oid, version.number))
        if entries is None:
            async with self._units() as uow:
                entries = await uow.dictionary_entries.all(oid, version.number)
            self._versions[(oid, version.number)] = entries
        return d, entries

    def forget(self, oid: str) -> None:
        self._books.pop(oid, None)

    async def _book(self, oid: str) -> Dictionary | None:
        seen = self._books.get(oid)
        if seen is not None and self._clock() - seen[0] < self._ttl:
            return seen[1]
        async with self._units() as uow:
            found = await uow.dictionaries.get(oid)
        self._books[oid] = (self._clock(), found)
        return found

"""Reference books' use cases: loading a version from a ФНСИ file, and reading dictionaries and
their entries at a version or as in force on a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from egisz.kernel.clock import Clock, utcnow
from egisz.kernel.errors import InvalidInputError
from egisz.registry.domain.words import name_words
from egisz.registry.nsi.domain.dictionary import (
    Changes,
    Dictionary,
    Entry,
    VersionInfo,
    changes_between,
    check_version,
    digest_of,
)
from egisz.registry.nsi.domain.errors import (
    DictionaryEntryNotFoundError,
    DictionaryNotFoundError,
)
from egisz.registry.nsi.formats import ParsedVersion

if TYPE_CHECKING:  # the port only: no driver is imported at run time
    from egisz.registry.repository import RegistryUnitOfWork

__all__ = [
    "Given",
    "Loaded",
    "dictionaries",
    "dictionary",
    "entries",
    "entry",
    "load_version",
    "search",
    "version_of",
]


@dataclass(frozen=True)
class Given:
    """What the loader says of a version where the file is silent (or to correct it)."""

    oid: str | None = None
    number: str | None = None
    published_on: date | None = None
    name: str | None = None
    source: str | None = None
    partial: bool = False


@dataclass(frozen=True)
class Loaded:
    dictionary: Dictionary
    version: VersionInfo
    previous: VersionInfo | None
    changes: Changes
    loaded: bool  # False: the same version again, nothing changed


def _resolved(parsed: ParsedVersion, given: Given) -> tuple[str, str, date]:
    p = parsed.passport
    oid, number, published_on = (
        given.oid or p.oid,
        given.number or p.number,
        given.published_on or p.published_on,
    )
    if not oid:
        raise _silent("oid", "какой это справочник (OID)")
    if not number:
        raise _silent("version", "номер версии")
    if not published_on:
        raise _silent("published_on", "дату публикации версии")
    return oid, number, published_on


def _silent(field: str, what: str) -> InvalidInputError:
    return InvalidInputError.of(field, f"Файл не говорит {what}: укажите его", "missing")


async def load_version(
    uow: RegistryUnitOfWork, parsed: ParsedVersion, given: Given, *, clock: Clock = utcnow
) -> Loaded:
    """Check the version whole; load it once (the same version again changes nothing, other
    content under its number is refused); say what it changes against the version before."""
    oid, number, published_on = _resolved(parsed, given)
    check_version(oid, number, parsed.entries)
    new = {e.code: e for e in parsed.entries}
    version = VersionInfo(
        number, published_on, clock(), len(new), digest_of(new.values()), given.partial
    )
    async with uow:
        known = await uow.dictionaries.get(oid)
        same = known.find(number) if known else None
        if known is not None and same is not None:
            known.load(version, Changes())  # the same content passes, other is refused
            return Loaded(known, same, known.before(same), Changes(), loaded=False)
        previous = known.before(version) if known else None
        old = await uow.dictionary_entries.all(oid, previous.number) if previous else {}
    await uow.dictionary_entries.put(oid, number, parsed.entries)
    changes = changes_between(old, new, published_on)
    name = given.name or parsed.passport.name
    async with uow:
        found = await uow.dictionaries.get(oid)
        dictionary = found or Dictionary(oid, name or oid, given.source or f"ФНСИ, {oid}")
        loaded = dictionary.load(version, changes, name=name)
        if given.source:
            dictionary.source = given.source
        await (uow.dictionaries.save if found else uow.dictionaries.add)(dictionary)
        await uow.commit()
    return Loaded(dictionary, version, previous, changes, loaded)


async def dictionaries(uow: RegistryUnitOfWork, after: str | None, limit: int) -> list[Dictionary]:
    async with uow:
        return await uow.dictionaries.page(after, limit)


async def dictionary(uow: RegistryUnitOfWork, oid: str) -> Dictionary:
    async with uow:
        found = await uow.dictionaries.get(oid)
    if found is None or not found.versions:
        raise DictionaryNotFoundError.at("oid", "not_found")
    return found


def version_of(d: Dictionary, number: str | None, on: date) -> VersionInfo:
    """The version named, or the one in force on the day."""
    found = d.find(number) if number else d.in_force(on)
    if found is None:
        raise InvalidInputError.of(
            "version",
            f"У справочника нет версии {number}: есть " + ", ".join(v.number for v in d.versions),
            "not_found",
        )
    return found


async def entries(
    uow: RegistryUnitOfWork,
    oid: str,
    *,
    number: str | None,
    on: date | None,
    after: str | None,
    limit: int,
) -> tuple[VersionInfo, list[Entry]]:
    version = version_of(await dictionary(uow, oid), number, on or utcnow().date())
    return version, await uow.dictionary_entries.page(oid, version.number, after, limit)


async def entry(
    uow: RegistryUnitOfWork, oid: str, code: str, *, number: str | None, on: date | None
) -> tuple[VersionInfo, Entry, bool]:
    """The entry, and whether its code may be used on the day (today when none is given)."""
    day = on or utcnow().date()
    version = version_of(await dictionary(uow, oid), number, day)
    found = await uow.dictionary_entries.get(oid, version.number, code)
    if found is None:
        raise DictionaryEntryNotFoundError.at("code", "not_found")
    return version, found, found.in_force(day)


async def search(
    uow: RegistryUnitOfWork, oid: str, text: str, *, on: date | None, limit: int
) -> tuple[VersionInfo, list[Entry]]:
    day = on or utcnow().date()
    version = version_of(await dictionary(uow, oid), None, day)
    words = name_words(text)
    if not words:
        raise InvalidInputError.of("text", "Нужно хотя бы одно слово наименования", "missing")
    found = await uow.dictionary_entries.search(oid, version.number, words, limit)
    return version, found

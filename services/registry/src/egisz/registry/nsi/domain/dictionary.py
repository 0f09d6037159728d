"""A reference book (справочник НСИ): identified by its OID, published in versions, each version a
whole list of entries — code, name, parent (for hierarchies), validity dates and the attributes
the act gives. A version once loaded never changes (ФНСИ publishes a new number instead); what a
new version changes against the one before is said when it is loaded. Pure."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from egisz.kernel.errors import InvalidInputError, Problems
from egisz.registry.nsi.domain.errors import VersionChangedError

OID = re.compile(r"^[0-2](\.(0|[1-9][0-9]*)){2,40}$")
VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-_]{0,31}$")
CODE_MAX, NAME_MAX, ATTRIBUTE_MAX = 64, 1000, 2000
PROBLEMS_SHOWN = 20  # a file with thousands of bad rows: the first ones say enough


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    parent: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None  # the last day it may be used; after it, the code is retired
    attributes: tuple[tuple[str, str], ...] = ()  # what the act adds, by ФНСИ's column name

    def in_force(self, on: date) -> bool:
        started = self.valid_from is None or self.valid_from <= on
        return started and (self.valid_to is None or on <= self.valid_to)

    def attribute(self, name: str) -> str | None:
        return dict(self.attributes).get(name)


@dataclass(frozen=True)
class VersionInfo:
    number: str
    published_on: date
    loaded_at: datetime
    entries: int
    digest: str
    partial: bool  # a starter set shipped with the project, not the full official version


@dataclass(frozen=True)
class Changes:
    """What a version changes against the one before: codes added, changed and retired."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    retired: tuple[str, ...] = ()


@dataclass(frozen=True)
class VersionLoaded:
    oid: str
    name: str
    version: VersionInfo
    changes: Changes


def digest_of(entries: Iterable[Entry]) -> str:
    """The content of a version: the same entries in any order give the same digest."""
    rows = sorted(
        [e.code, e.name, e.parent, str(e.valid_from), str(e.valid_to), list(e.attributes)]
        for e in entries
    )
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


def check_version(oid: str, number: str, entries: list[Entry]) -> None:
    """A version worth loading, or every problem at once (the first ones of a large file)."""
    p = Problems()
    if not OID.match(oid):
        p.add("oid", "OID справочника — цифры через точку, например 1.2.643.5.1.13.13.11.1002")
    if not VERSION.match(number):
        p.add("version", "Номер версии — до 32 знаков: цифры, буквы, точка, дефис", "format")
    if not entries:
        p.add("entries", "В версии нет ни одной записи", "missing")
    codes = {e.code for e in entries}
    seen: set[str] = set()
    for i, e in enumerate(entries):
        at = f"entries[{i}]"
        if not e.code.strip() or len(e.code) > CODE_MAX:
            p.add(f"{at}.code", f"Код записи — от 1 до {CODE_MAX} знаков", "format")
        elif e.code in seen:
            p.add(f"{at}.code", f"Код {e.code} встречается в версии дважды", "duplicate")
        seen.add(e.code)
        if not e.name.strip() or len(e.name) > NAME_MAX:
            p.add(f"{at}.name", f"Наименование — от 1 до {NAME_MAX} знаков", "format")
        if e.parent is not None and e.parent not in codes:
            p.add(f"{at}.parent", f"Родителя с кодом {e.parent} в версии нет", "not_found")
        if e.valid_from and e.valid_to and e.valid_to < e.valid_from:
            p.add(f"{at}.valid_to", "Дата окончания раньше даты начала", "order")
        if any(len(v) > ATTRIBUTE_MAX for _, v in e.attributes):
            p.add(f"{at}.attributes", f"Значение атрибута — до {ATTRIBUTE_MAX} знаков", "too_long")
    if p.items:
        shown = p.items[:PROBLEMS_SHOWN]
        raise InvalidInputError(
            f"Версия справочника не загружена: {len(p.items)} ошибок — "
            + "; ".join(f"{f.field}: {f.message}" for f in shown[:3]),
            fields=shown,
            fixable_by="support",
        )


def changes_between(previous: Mapping[str, Entry], new: Mapping[str, Entry], on: date) -> Changes:
    """Against the version before, as of the new version's publication day: a code that is gone,
    or no longer in force, is retired; one still there with anything different is changed."""
    added = [c for c in new if c not in previous]
    retired = [
        c
        for c, e in previous.items()
        if e.in_force(on) and (c not in new or not new[c].in_force(on))
    ]
    gone = set(retired)
    changed = [c for c, e in new.items() if c in previous and c not in gone and previous[c] != e]
    return Changes(tuple(sorted(added)), tuple(sorted(changed)), tuple(sorted(retired)))


@dataclass
class Dictionary:
    oid: str
    name: str
    source: str  # the legal act or the ФНСИ passport it comes from
    versions: list[VersionInfo] = field(default_factory=list)
    version: int = 0
    events: list[VersionLoaded] = field(default_factory=list, repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.oid

    def find(self, number: str) -> VersionInfo | None:
        return next((v for v in self.versions if v.number == number), None)

    @property
    def latest(self) -> VersionInfo | None:
        return max(self.versions, key=lambda v: (v.published_on, v.loaded_at), default=None)

    def in_force(self, on: date) -> VersionInfo | None:
        """The version to read a code on a day by: the latest published by then; for a day before
        the first version, the first (each entry's own dates say whether it was in force)."""
        published = [v for v in self.versions if v.published_on <= on]
        if published:
            return max(published, key=lambda v: (v.published_on, v.loaded_at))
        return min(self.versions, key=lambda v: v.published_on, default=None)

    def before(self, version: VersionInfo) -> VersionInfo | None:
        """The version the given one follows (to say what it changes)."""
        earlier = [
            v
            for v in self.versions
            if v.number != version.number
            and (v.published_on, v.loaded_at) <= (version.published_on, version.loaded_at)
        ]
        return max(earlier, key=lambda v: (v.published_on, v.loaded_at), default=None)

    def load(self, version: VersionInfo, changes: Changes, *, name: str | None = None) -> bool:
        """Take a new version. The same version again is nothing new (False); the same number
        with other content is refused: a published version never changes."""
        known = self.find(version.number)
        if known is not None:
            if known.digest != version.digest:
                raise VersionChangedError()
            return False
        self.versions.append(version)
        self.name = name or self.name
        self.events.append(VersionLoaded(self.oid, self.name, version, changes))
        return True

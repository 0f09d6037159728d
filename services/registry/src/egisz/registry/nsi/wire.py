"""Reference books on the wire: views, the load report, and `dictionary.version_loaded`."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from egisz.contracts import registry as wire, subjects
from egisz.registry.nsi.domain.dictionary import Dictionary, Entry, VersionInfo, VersionLoaded
from egisz.registry.nsi.usecases import Loaded
from egisz.runtime.events import FormTable

SHOWN_CODES = 1000


def version_view(v: VersionInfo) -> wire.DictionaryVersionView:
    return wire.DictionaryVersionView(
        version=v.number,
        published_on=v.published_on,
        loaded_at=v.loaded_at,
        entries=v.entries,
        partial=v.partial,
    )


def dictionary_view(d: Dictionary, today: date) -> wire.DictionaryView:
    current = d.in_force(today)
    return wire.DictionaryView(
        oid=d.oid,
        name=d.name,
        source=d.source,
        current=current.number if current else None,
        versions=[version_view(v) for v in sorted(d.versions, key=lambda v: v.published_on)],
    )


def entry_view(e: Entry) -> wire.DictionaryEntryView:
    return wire.DictionaryEntryView(
        code=e.code,
        name=e.name,
        parent=e.parent,
        valid_from=e.valid_from,
        valid_to=e.valid_to,
        attributes=dict(e.attributes),
    )


def load_report(done: Loaded) -> wire.DictionaryLoadReport:
    c, v = done.changes, done.version
    return wire.DictionaryLoadReport(
        oid=done.dictionary.oid,
        name=done.dictionary.name,
        version=v.number,
        published_on=v.published_on,
        loaded=done.loaded,
        entries=v.entries,
        previous=done.previous.number if done.previous else None,
        added=list(c.added[:SHOWN_CODES]),
        changed=list(c.changed[:SHOWN_CODES]),
        retired=list(c.retired[:SHOWN_CODES]),
        counts={"added": len(c.added), "changed": len(c.changed), "retired": len(c.retired)},
    )


def _version_loaded(e: VersionLoaded) -> tuple[str, BaseModel]:
    v, c = e.version, e.changes
    return e.oid, wire.DictionaryVersionLoaded(
        oid=e.oid,
        name=e.name,
        version=v.number,
        published_on=v.published_on,
        partial=v.partial,
        entries=v.entries,
        added=len(c.added),
        changed=len(c.changed),
        retired=len(c.retired),
    )


DICTIONARY_EVENTS: FormTable = {
    VersionLoaded: (subjects.DICTIONARY_VERSION_LOADED, _version_loaded),
}
"""Reference books' domain events → their subjects and wire forms."""

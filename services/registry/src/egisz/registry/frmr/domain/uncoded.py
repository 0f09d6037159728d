"""Fields of FRMR's entries still in text that a reference book codes: which book, the day its
code must be in force on, and the entry once it has its code. What the support desk's queue and
the mapping by name work through (`frmr/uncoded.py`). Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from egisz.registry.domain.coding import DISMISSAL_REASONS, POSITIONS, SPECIALITIES, Coded
from egisz.registry.frmr.domain.parts import (
    Certificate,
    Education,
    EmploymentRecord,
    Entry,
    EntryKind,
    QualificationCategory,
    kind_of,
)

# The field's name in Russian, as the desk and the record's history read it.
TITLES = {
    "position": "Должность",
    "speciality": "Специальность",
    "dismissal_reason": "Причина увольнения",
}
BOOK_TITLES = {
    POSITIONS: "справочником должностей",
    SPECIALITIES: "номенклатурой специальностей",
    DISMISSAL_REASONS: "справочником причин увольнения",
}


@dataclass(frozen=True)
class UncodedField:
    """One field of one entry, in text, that `book` codes on the day `on`."""

    kind: EntryKind
    entry: Entry
    field: str  # `position`, `speciality`, `dismissal_reason`: its code is `<field>_code`
    book: str
    text: str
    on: date

    @property
    def entry_id(self) -> str:
        return self.entry.id

    @property
    def organization_oid(self) -> str | None:
        return self.entry.organization_oid if isinstance(self.entry, EmploymentRecord) else None

    def coded(self, found: Coded) -> Entry:
        """The entry with the book's code and name in the field."""
        changes = {self.field: found.name, f"{self.field}_code": found.code}
        return replace(self.entry, **changes)  # type: ignore[arg-type]

    def reason(self, *, by_desk: bool) -> str:
        """Why the entry changed, for its history."""
        book = BOOK_TITLES.get(self.book, "справочником")
        if by_desk:
            return f"{TITLES[self.field]}: код указан СТП ЕГИСЗ по {_instrumental(book)} НСИ"
        with_ = "со" if book.startswith("сп") else "с"
        return f"{TITLES[self.field]} сопоставлена {with_} {book} НСИ по наименованию"


def _instrumental(book: str) -> str:
    """«справочником должностей» → «справочнику должностей» (the dative after «по»)."""
    return book.replace("справочником", "справочнику").replace("номенклатурой", "номенклатуре")


def _candidate(entry: Entry, field: str, book: str, day: date | None) -> UncodedField | None:
    text = getattr(entry, field)
    if not text or not text.strip() or day is None or getattr(entry, f"{field}_code"):
        return None
    return UncodedField(kind_of(entry), entry, field, book, text, day)


def _fields(entry: Entry) -> Iterable[UncodedField | None]:
    match entry:
        case EmploymentRecord():
            yield _candidate(entry, "position", POSITIONS, entry.start_date)
            yield _candidate(entry, "dismissal_reason", DISMISSAL_REASONS, entry.end_date)
        case Education():
            yield _candidate(entry, "speciality", SPECIALITIES, entry.document_date)
        case Certificate():
            yield _candidate(entry, "speciality", SPECIALITIES, entry.issued_on)
        case QualificationCategory():
            yield _candidate(entry, "speciality", SPECIALITIES, entry.assigned_on)


def uncoded_fields(entries: Iterable[Entry]) -> list[UncodedField]:
    """Every field of these entries that waits for its code, in the entries' order."""
    return [f for e in entries for f in _fields(e) if f is not None]

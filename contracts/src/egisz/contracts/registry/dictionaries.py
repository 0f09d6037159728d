"""Reference books (НСИ): the dictionaries the registers speak in, by OID and version, read by
anyone, loaded by the support desk from ФНСИ's files (uploaded in parts, then loaded by id)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from egisz.contracts.bounds import WORD, Code, Cursor, Date, Flag, Id, Int, Oid, Text, Title
from egisz.contracts.envelope import EventData, WireModel
from egisz.contracts.registry.vocabulary import EntryKind

Version = Code  # ФНСИ's version number, e.g. `9.13`
CodedField = Literal["position", "speciality", "dismissal_reason", "kind", "profile"]
QueuedRecord = Literal["worker", "organization"]
StructureEntry = Literal["subdivision", "beds", "equipment"]
QueuedEntry = EntryKind | StructureEntry

# Which book codes which field: FHIR's `urn:oid:` systems and other teams' joins use these. The
# `2.25.…` ones are provisional (no ФНСИ identifier could be verified: docs/reference-books.md);
# the registry's own copy (`registry/domain/coding.py`) is held equal by a test.
POSITIONS = "1.2.643.5.1.13.13.11.1002"
SPECIALITIES = "1.2.643.5.1.13.13.11.1066"
REGIONS = "1.2.643.5.1.13.13.99.2.206"
IDENTITY_DOCUMENTS = "1.2.643.5.1.13.13.99.2.48"
DISMISSAL_REASONS = "2.25.216474168235478579420632490455841905114"
QUALIFICATION_CATEGORIES = "2.25.56181170581622161783740250899306611651"
ORGANIZATION_TYPES = "2.25.197037744260640396305484929459255234285"
BED_PROFILES = "2.25.20400380966960310771617447446104973764"
EQUIPMENT_KINDS = "2.25.324976899293988951680952718597031979747"
SUBDIVISION_KINDS = "2.25.235866685978121722481106719353136548117"
INSTITUTION_TYPES = "2.25.33500425926271238059682437473165755403"


class DictionaryVersionView(WireModel):
    version: Version
    published_on: date
    loaded_at: datetime
    entries: int
    partial: bool = Field(description="A starter set shipped with the project, not ФНСИ's whole.")


class DictionaryView(WireModel):
    oid: Oid
    name: Title
    source: Text = Field(description="The legal act or the ФНСИ passport it comes from.")
    current: Version | None = Field(description="The version in force today.")
    versions: list[DictionaryVersionView]


class ListDictionaries(WireModel):
    after: Cursor | None = None
    limit: Int = Field(default=50, ge=1, le=200)


class DictionaryPage(WireModel):
    items: list[DictionaryView]
    next_cursor: Cursor | None


class GetDictionary(WireModel):
    oid: Oid


class DictionaryEntryView(WireModel):
    code: Code
    name: Title
    parent: Code | None = None
    valid_from: date | None = None
    valid_to: date | None = Field(default=None, description="The last day the code may be used.")
    attributes: dict[str, str] = Field(default_factory=dict)


class ListDictionaryEntries(WireModel):
    """One version's entries, by code: the version named, or the one in force on `on` (today)."""

    oid: Oid
    version: Version | None = None
    on: Date | None = None
    after: Cursor | None = None
    limit: Int = Field(default=100, ge=1, le=1000)


class DictionaryEntryPage(WireModel):
    oid: Oid
    version: Version
    items: list[DictionaryEntryView]
    next_cursor: Cursor | None


class GetDictionaryEntry(WireModel):
    oid: Oid
    code: Code
    version: Version | None = None
    on: Date | None = None


class DictionaryEntryFound(WireModel):
    oid: Oid
    version: Version
    entry: DictionaryEntryView
    in_force: bool = Field(description="Whether the code may be used on the day asked about.")


class SearchDictionaryEntries(WireModel):
    oid: Oid
    text: Title = Field(
        description="Words of the name, in any order and case.", min_length=1, pattern=WORD
    )
    on: Date | None = None
    limit: Int = Field(default=20, ge=1, le=200)


class LoadDictionaryVersion(WireModel):
    """Load an uploaded ФНСИ file (`dictionary_file.upload`): a REST `data` answer, a
    `passport` with its rows, or a ZIP of them. What the file does not say is given here."""

    file_id: Id
    oid: Oid | None = None
    version: Version | None = None
    published_on: Date | None = None
    name: Title | None = None
    source: Text | None = None
    partial: Flag = False


class DictionaryLoadReport(WireModel):
    oid: Oid
    name: Title
    version: Version
    published_on: date
    loaded: bool = Field(description="False: this version was loaded before, nothing changed.")
    entries: int
    previous: Version | None = Field(description="The version the changes are counted against.")
    added: list[Code] = Field(description="Codes new in this version (the first 1,000).")
    changed: list[Code] = Field(description="Codes whose entry differs (the first 1,000).")
    retired: list[Code] = Field(description="Codes gone or no longer in force (the first 1,000).")
    counts: dict[str, int] = Field(description="added, changed, retired: all of them.")


class DictionaryVersionLoaded(EventData):
    """A version was loaded: every service that caches the dictionary refreshes it."""

    oid: Oid
    name: Title
    version: Version
    published_on: date
    partial: bool
    entries: int
    added: int
    changed: int
    retired: int


class BookCode(WireModel):
    oid: Oid
    code: Code
    name: Title


class ListUncoded(WireModel):
    """The support desk's queue: fields still in text, which no code matched by name (FRMR's
    records on `uncoded_entry.*`, FRMO's on `uncoded_structure.*`)."""

    after: Cursor | None = None
    limit: Int = Field(default=50, ge=1, le=100)


class UncodedEntry(WireModel):
    """A field of a record's entry in text that waits for its book's code."""

    record: QueuedRecord = "worker"
    worker_id: Id | None = Field(default=None, description="FRMR's record; None for FRMO's.")
    entry_kind: QueuedEntry
    entry_id: Id = Field(description="The entry's id (a subdivision's OID; `<OID>|<profile>`).")
    organization_oid: Oid | None = Field(
        description="FRMO's record, or a job's organization; None otherwise."
    )
    field: CodedField = Field(description="What waits: its code goes to `<field>_code`.")
    book: Oid = Field(description="The book that codes it.")
    text: Title
    on: date = Field(description="The day the code must be in force on (a job's start, ...).")
    candidates: list[BookCode] = Field(description="The book's nearest names, for the desk.")


class UncodedPage(WireModel):
    items: list[UncodedEntry]
    next_cursor: Cursor | None


class MapUncoded(WireModel):
    """Map text to codes by the book's names, a page of records at a time: a name that is
    exactly one entry's (case, «ё» and spacing aside) takes its code; the rest stay queued."""

    after: Cursor | None = None
    limit: Int = Field(default=200, ge=1, le=500)


class UncodedMapped(WireModel):
    coded: int
    left: int
    next_cursor: Cursor | None = Field(description="Send again from here; null: all done.")


class ResolveUncoded(WireModel):
    """The desk gives one queued field of an FRMR record its code (in force on the entry's day)."""

    worker_id: Id
    entry_kind: EntryKind
    entry_id: Id
    field: CodedField
    code: Code


class ResolveUncodedStructure(WireModel):
    """The desk gives one queued field of an FRMO record its code: a subdivision's kind, a bed
    profile (`<subdivision OID>|<profile>`), an equipment item's kind."""

    organization_oid: Oid
    entry_kind: StructureEntry
    entry_id: Id
    code: Code


class UncodedResolved(WireModel):
    record: QueuedRecord
    worker_id: Id | None = None
    organization_oid: Oid | None = None
    entry_kind: QueuedEntry
    entry_id: Id
    field: CodedField
    code: Code
    name: Title = Field(description="The book's name, now the entry's text.")

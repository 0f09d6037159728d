"""The registry's reference books (НСИ): reading dictionaries and entries, loading a version."""

from __future__ import annotations

from egisz.contracts import registry
from egisz.contracts.files import UploadFilePart, UploadProgress
from egisz.contracts.subjects.registry_subjects import _r, _re

DICTIONARY_LIST = _r(
    "dictionary",
    "list",
    registry.ListDictionaries,
    registry.DictionaryPage,
    "The reference books (НСИ) the registers use, with their versions. Public.",
)
DICTIONARY_GET = _r(
    "dictionary",
    "get",
    registry.GetDictionary,
    registry.DictionaryView,
    "One reference book by its OID, with its versions. Public.",
)
DICTIONARY_ENTRY_LIST = _r(
    "dictionary_entry",
    "list",
    registry.ListDictionaryEntries,
    registry.DictionaryEntryPage,
    "A reference book's entries at a version, or as in force on a day, paged by code. Public.",
)
DICTIONARY_ENTRY_GET = _r(
    "dictionary_entry",
    "get",
    registry.GetDictionaryEntry,
    registry.DictionaryEntryFound,
    "One entry by its code, at a version or as in force on a day. Public.",
)
DICTIONARY_ENTRY_SEARCH = _r(
    "dictionary_entry",
    "search",
    registry.SearchDictionaryEntries,
    registry.DictionaryEntryPage,
    "Entries whose name has all the words given. Public.",
)
DICTIONARY_FILE_UPLOAD = _r(
    "dictionary_file",
    "upload",
    UploadFilePart,
    UploadProgress,
    "The support desk uploads a ФНСИ file (JSON or ZIP) in parts, before loading it.",
)
DICTIONARY_LOAD = _r(
    "dictionary",
    "load",
    registry.LoadDictionaryVersion,
    registry.DictionaryLoadReport,
    "The support desk loads an uploaded ФНСИ file as a version: checked whole, once per version, "
    "with what it changes against the version before.",
)
DICTIONARY_VERSION_LOADED = _re(
    "dictionary",
    "version_loaded",
    registry.DictionaryVersionLoaded,
    "A reference book's version was loaded: services refresh what they cache of it.",
)

UNCODED_LIST = _r(
    "uncoded_entry",
    "list",
    registry.ListUncoded,
    registry.UncodedPage,
    "The support desk's queue: entries still in text, with the book's nearest names.",
)
UNCODED_MAP = _r(
    "uncoded_entry",
    "map",
    registry.MapUncoded,
    registry.UncodedMapped,
    "Map stored text to codes by the book's names, a page of records at a time.",
)
UNCODED_RESOLVE = _r(
    "uncoded_entry",
    "resolve",
    registry.ResolveUncoded,
    registry.UncodedResolved,
    "The support desk gives a queued entry its code; the history keeps what it said.",
)
UNCODED_STRUCTURE_LIST = _r(
    "uncoded_structure",
    "list",
    registry.ListUncoded,
    registry.UncodedPage,
    "The support desk's queue of FRMO's text: subdivision kinds, bed profiles, equipment kinds.",
)
UNCODED_STRUCTURE_MAP = _r(
    "uncoded_structure",
    "map",
    registry.MapUncoded,
    registry.UncodedMapped,
    "Map FRMO's stored text to codes by the book's names, a page of organizations at a time.",
)
UNCODED_STRUCTURE_RESOLVE = _r(
    "uncoded_structure",
    "resolve",
    registry.ResolveUncodedStructure,
    registry.UncodedResolved,
    "The support desk gives a queued field of an organization's record its code.",
)

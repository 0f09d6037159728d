"""Samples of the reference books' messages (НСИ)."""

from __future__ import annotations

from datetime import date
from typing import Any

from .samples_base import NOW

POSITIONS = "1.2.643.5.1.13.13.11.1002"
VERSION = {
    "version": "9.13",
    "published_on": date(2025, 2, 1),
    "loaded_at": NOW,
    "entries": 1200,
    "partial": False,
}
DICTIONARY = {
    "oid": POSITIONS,
    "name": "Должности медицинских и фармацевтических работников",
    "source": "Приказ Минздрава России от 02.05.2023 № 205н; паспорт ФНСИ",
    "current": "9.13",
    "versions": [VERSION],
}
ENTRY = {
    "code": "109",
    "name": "врач-терапевт",
    "parent": "1",
    "valid_from": date(2016, 1, 1),
    "attributes": {"STR_NUM": "1.12"},
}
BOOK_CODE = {"oid": POSITIONS, "code": "109", "name": "врач-терапевт"}
UNCODED = {
    "worker_id": "w1",
    "entry_kind": "employment",
    "entry_id": "e1",
    "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
    "field": "position",
    "book": POSITIONS,
    "text": "Врач-терапевт (уч.)",
    "on": date(2020, 1, 1),
    "candidates": [BOOK_CODE],
}
DICTIONARY_SAMPLES: dict[str, dict[str, Any]] = {
    "ListUncoded": {"limit": 50},
    "UncodedPage": {"items": [UNCODED], "next_cursor": None},
    "MapUncoded": {"limit": 200},
    "UncodedMapped": {"coded": 10, "left": 2, "next_cursor": "w9"},
    "ResolveUncodedStructure": {
        "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
        "entry_kind": "subdivision",
        "entry_id": "1.2.643.5.1.13.13.12.2.77.1.0.1",
        "code": "department",
    },
    "ResolveUncoded": {
        "worker_id": "w1",
        "entry_kind": "employment",
        "entry_id": "e1",
        "field": "position",
        "code": "109",
    },
    "UncodedResolved": {
        "record": "worker",
        "worker_id": "w1",
        "entry_kind": "employment",
        "entry_id": "e1",
        "field": "position",
        "code": "109",
        "name": "врач-терапевт",
    },
    "DictionaryView": DICTIONARY,
    "ListDictionaries": {"limit": 50},
    "DictionaryPage": {"items": [DICTIONARY], "next_cursor": None},
    "GetDictionary": {"oid": POSITIONS},
    "ListDictionaryEntries": {"oid": POSITIONS, "on": date(2025, 3, 1), "limit": 100},
    "DictionaryEntryPage": {
        "oid": POSITIONS,
        "version": "9.13",
        "items": [ENTRY],
        "next_cursor": "109",
    },
    "GetDictionaryEntry": {"oid": POSITIONS, "code": "109"},
    "DictionaryEntryFound": {"oid": POSITIONS, "version": "9.13", "entry": ENTRY, "in_force": True},
    "SearchDictionaryEntries": {"oid": POSITIONS, "text": "терапевт участковый"},
    "LoadDictionaryVersion": {"file_id": "f1", "partial": False},
    "DictionaryLoadReport": {
        "oid": POSITIONS,
        "name": "Должности медицинских и фармацевтических работников",
        "version": "9.13",
        "published_on": date(2025, 2, 1),
        "loaded": True,
        "entries": 1200,
        "previous": "9.12",
        "added": ["1201"],
        "changed": [],
        "retired": ["110"],
        "counts": {"added": 1, "changed": 0, "retired": 1},
    },
    "DictionaryVersionLoaded": {
        "oid": POSITIONS,
        "name": "Должности медицинских и фармацевтических работников",
        "version": "9.13",
        "published_on": date(2025, 2, 1),
        "partial": False,
        "entries": 1200,
        "added": 1,
        "changed": 0,
        "retired": 1,
    },
}

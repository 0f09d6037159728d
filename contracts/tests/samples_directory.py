"""Samples of the mCSD directory's messages."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

AT = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
ENTRY = {
    "type": "Practitioner",
    "id": "w1",
    "version": 2,
    "last_updated": AT,
    "method": "PUT",
    "resource": {"resourceType": "Practitioner", "id": "w1", "name": [{"family": "Иванова"}]},
    "mode": "match",
}
DIRECTORY_SAMPLES: dict[str, dict[str, Any]] = {
    "SearchDirectory": {
        "type": "Practitioner",
        "parameters": [{"name": "family", "value": "Иванова"}, {"name": "_count", "value": "10"}],
    },
    "ReadDirectoryResource": {"type": "Practitioner", "id": "w1", "version": 1},
    "DirectoryHistory": {
        "type": "Practitioner",
        "id": None,
        "parameters": [{"name": "_since", "value": "2026-11-01"}],
    },
    "DirectoryEntry": ENTRY,
    "DirectoryPage": {
        "entries": [ENTRY],
        "total": 1,
        "next_cursor": "w1",
        "as_of": None,
        "parameters": [{"name": "family", "value": "Иванова"}],
    },
}

"""Samples of the audit journal's messages."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

AT = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
ENTRY = {
    "command": "egisz.registry.cmd.worker.get",
    "kind": "read",
    "outcome": "ok",
    "at": AT,
    "actor": {
        "role": "org_officer",
        "sub": "officer-1",
        "snils": "12345678964",
        "org": "1.2.643.5.1.13.13.12.1",
        "name": "Иванов Иван Иванович",
    },
    "persons": [{"snils": "11223344595", "parts": ["record", "passport"]}],
    "correlation_id": "c1",
}
AUDIT_SAMPLES: dict[str, dict[str, Any]] = {
    "JournalEntries": {"entries": [ENTRY, {**ENTRY, "correlation_id": "c2"}]},
    "ListMyJournal": {"before": 120, "limit": 20, "others_only": True},
    "MyJournalPage": {
        "items": [
            {
                "position": 119,
                "at": AT,
                "what": "просмотр записи регистра медработников",
                "kind": "read",
                "parts": ["record", "passport"],
                "by_role": "org_officer",
                "by_name": "Иванов Иван Иванович",
                "by_organization": "1.2.643.5.1.13.13.12.1",
                "by_you": False,
                "command": "egisz.registry.cmd.worker.get",
            }
        ],
        "next_before": None,
    },
    "SearchJournal": {"person_snils": "11223344595", "since": AT, "limit": 50},
    "JournalPage": {
        "items": [{"position": 119, "service": "registry", "entry": ENTRY, "hash": "ab" * 32}],
        "next_before": None,
    },
    "VerifyJournal": {"from_position": 1, "limit": 10000},
    "JournalVerification": {
        "intact": True,
        "checked": 119,
        "from_position": 1,
        "last_position": 119,
        "head_hash": "ab" * 32,
    },
}

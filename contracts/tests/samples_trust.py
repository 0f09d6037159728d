"""Samples of the CAs the registry trusts for people's signatures."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

CA = {
    "sha256": "ab" * 32,
    "subject": "CN=Тестовый УЦ",
    "not_after": datetime(2030, 1, 1, tzinfo=UTC),
    "source": "desk",
    "added_by": "desk-1",
    "added_at": datetime(2026, 12, 6, tzinfo=UTC),
}
TRUST_SAMPLES: dict[str, dict[str, Any]] = {
    "AddTrustedCa": {"certificate_pem": "-----BEGIN CERTIFICATE-----"},
    "RemoveTrustedCa": {"sha256": "ab" * 32},
    "ListTrustedCas": {},
    "TrustedCaView": CA,
    "TrustedCaList": {
        "items": [CA, {**CA, "source": "setting", "added_by": None, "added_at": None}]
    },
}

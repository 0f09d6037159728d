"""Samples of the CAs the registry trusts for people's signatures, and of FRMO's registration act."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

CA = {
    "sha256": "ab" * 32,
    "subject": "CN=Тестовый УЦ",
    "not_after": datetime(2030, 1, 1, tzinfo=UTC),
    "source": "desk",
    "added_by": "desk-1",
    "added_at": datetime(2026, 12, 6, tzinfo=UTC),
}
SIGNATURE = {
    "scheme": "ed25519",
    "signature": "c2ln",
    "key_id": "0123456789abcdef",
    "public_key_pem": "-----BEGIN PUBLIC KEY-----",
    "sha256": "0" * 64,
}
TRUST_SAMPLES: dict[str, dict[str, Any]] = {
    "DownloadRegistrationAct": {"oid": "1.2.643.5.1.13.13.12.2.77.1", "part": 0},
    "VerifyRegistrationAct": {"verification_code": "7K3F-9QX2-M4TD", "sha256": "0" * 64},
    "RegistrationActVerification": {
        "verification_code": "7K3F-9QX2-M4TD",
        "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
        "name": "ГБУЗ «Поликлиника»",
        "inn": "7707083893",
        "ogrn": "1027700132195",
        "registered_on": date(2026, 12, 6),
        "issued_on": date(2026, 12, 6),
        "signature": SIGNATURE,
        "document_matches": True,
    },
    "AddTrustedCa": {"certificate_pem": "-----BEGIN CERTIFICATE-----"},
    "RemoveTrustedCa": {"sha256": "ab" * 32},
    "ListTrustedCas": {},
    "TrustedCaView": CA,
    "TrustedCaList": {
        "items": [CA, {**CA, "source": "setting", "added_by": None, "added_at": None}]
    },
}

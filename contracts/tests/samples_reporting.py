"""Samples of the reporting service's messages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

ORG = "1.2.643.5.1.13.13.12.2.77.1"
ROW = {
    "key": "109",
    "name": "врач-терапевт",
    "staffed_fte": Decimal("12.5"),
    "occupied_fte": Decimal("10"),
    "vacant_fte": Decimal("2.5"),
    "occupancy": Decimal("0.8"),
    "headcount": 11,
}
WITHHELD = ROW | {"occupied_fte": None, "vacant_fte": None, "occupancy": None}
WHERE = {"region": "77", "organization_oid": None}
AUTHORITY = {
    "authority_id": "dzm-77",
    "name": "Департамент здравоохранения города Москвы",
    "level": "regional",
    "region": "77",
    "members": 3,
    "version": 2,
}
OPEN_FILE = {
    "name": "practitioners.parquet",
    "dataset": "practitioners",
    "format": "parquet",
    "rows": 2_500_000,
    "bytes": 61_000_000,
    "sha256": "0" * 64,
}
RELEASE = {
    "release": "2026-12-06",
    "kind": "increment",
    "schema_version": "1.0",
    "generated_at": "2026-12-06T03:00:00+00:00",
    "based_on": "2026-12-05",
    "files": [OPEN_FILE],
}
REPORTING_SAMPLES: dict[str, dict[str, Any]] = {
    "GetOccupancy": {"on": date(2026, 3, 1), "by": "position", "region": "77"},
    "OccupancyReport": {
        "on": date(2026, 3, 1),
        "by": "position",
        "where": WHERE,
        "rows": [ROW, WITHHELD | {"key": "27", "headcount": None, "suppressed": True}],
        "total": ROW,
        "small_cell": 5,
    },
    "GetMovement": {"from_month": "2025-01", "to_month": "2025-12", "organization_oid": ORG},
    "MovementReport": {
        "where": {"region": None, "organization_oid": ORG},
        "months": [
            {
                "month": "2025-06",
                "hires": 3,
                "dismissals": 7,
                "by_reason": [{"reason_code": "1", "reason": "по собственному", "dismissals": 7}],
                "moves_in": 0,
                "moves_out": None,
                "headcount_end": 140,
                "turnover": Decimal("0.05"),
            }
        ],
        "small_cell": None,
    },
    "GetStructure": {"on": date(2026, 3, 1)},
    "StructureReport": {
        "on": date(2026, 3, 1),
        "where": WHERE,
        "headcount": 140,
        "bands": [{"band": "25-34", "male": 12, "female": 30, "unsaid": 0}],
        "accreditation_expires_6_months": 9,
        "accreditation_expires_12_months": 21,
        "small_cell": None,
    },
    "RegisterAuthority": {k: AUTHORITY[k] for k in ("authority_id", "name", "level", "region")},
    "AuthorityMember": {"authority_id": "dzm-77", "snils": "112-233-445 95"},
    "ListAuthorities": {},
    "AuthorityView": AUTHORITY,
    "AuthorityChanged": AUTHORITY | {"members": [{"snils": "11223344595"}]},
    "AuthorityList": {"authorities": [AUTHORITY]},
    "ExportReport": {"report": "summary", "format": "pdf", "region": "77"},
    "StoredFile": {
        "file_id": "5d0c3b7a9e2f4c1e8a6b2d4f1e3c5a7b",
        "filename": "summary-2026-03-01.pdf",
        "content_type": "application/pdf",
        "size": 53361,
        "sha256": "0" * 64,
    },
    "ListOpenData": {},
    "PublishOpenData": {},
    "DownloadOpenData": {
        "release": "2026-12-06",
        "kind": "full",
        "name": "practitioners.parquet",
        "part": 0,
    },
    "OpenDataList": {"releases": [RELEASE]},
    "StartRebuild": {"confirm": True},
    "GetRebuild": {},
    "RebuildProgress": {
        "rebuild_id": "2026-12-06T05:00:00+00:00",
        "state": "running",
        "started_at": "2026-12-06T05:00:00+00:00",
        "events_applied": 12000,
        "stream_sequence": 12040,
        "stream_last": 50000,
        "percent": Decimal("24.1"),
    },
}

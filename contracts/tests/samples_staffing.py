"""Samples of the staffing tables' messages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

ORG = "1.2.643.5.1.13.13.12.2.77.1"
WARD = f"{ORG}.0.1"
LINE = {
    "line_id": "l1",
    "subdivision_oid": WARD,
    "position_code": "109",
    "position": "врач-терапевт",
    "fte": Decimal("2.5"),
    "effective_from": date(2026, 1, 1),
    "effective_until": None,
}
TABLE = {
    "organization_oid": ORG,
    "on": date(2026, 3, 1),
    "lines": [LINE],
    "subdivisions": [{"subdivision_oid": WARD, "fte": Decimal("2.5")}],
    "fte": Decimal("2.5"),
    "version": 3,
}
ROW = {
    "row": 2,
    "subdivision_oid": WARD,
    "position_code": "109",
    "fte": Decimal("2.5"),
    "effective_from": date(2026, 1, 1),
}
STAFFING_SAMPLES: dict[str, dict[str, Any]] = {
    "SetStaffingPost": {k: v for k, v in ROW.items() if k != "row"},
    "GetStaffing": {"on": date(2026, 3, 1)},
    "StaffingTableView": TABLE,
    "ImportStaffing": {"rows": [ROW]},
    "ImportStaffingResult": {
        "rows": [
            {"row": 2, "outcome": "changed"},
            {
                "row": 3,
                "outcome": "failed",
                "errors": [{"field": "position_code", "message": "нет", "code": "unknown_code"}],
            },
        ],
        "version": 4,
    },
    "StaffingChanged": {
        "organization_oid": ORG,
        "subdivision_oid": WARD,
        "position_code": "109",
        "position": "врач-терапевт",
        "fte": Decimal("3"),
        "previous_fte": Decimal("2.5"),
        "effective_from": date(2026, 6, 1),
        "line_id": "l2",
    },
}

"""FRMO's staffing tables (штатное расписание): set, imported, read; each change an event."""

from __future__ import annotations

from egisz.contracts import registry
from egisz.contracts.subjects.registry_subjects import _r, _re

STAFFING_SET = _r(
    "staffing",
    "set",
    registry.SetStaffingPost,
    registry.StaffingTableView,
    "An officer with access sets a post's FTE (by position code) in a subdivision from a day.",
)
STAFFING_IMPORT = _r(
    "staffing",
    "import",
    registry.ImportStaffing,
    registry.ImportStaffingResult,
    "An officer imports staffing rows (up to 500): each row answered on its own; sent again, "
    "nothing changes.",
)
STAFFING_GET = _r(
    "staffing",
    "get",
    registry.GetStaffing,
    registry.StaffingTableView,
    "An organization's staffing table as of a day (officers with access, the desk, services).",
)
STAFFING_CHANGED = _re(
    "staffing",
    "changed",
    registry.StaffingChanged,
    "A post's FTE changed from a day (0: abolished); the post whole.",
)

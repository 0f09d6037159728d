"""FRMR: correction requests (a worker reports an inaccuracy to an organization)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from egisz.contracts.bounds import (
    Cursor,
    Int,
    Oid,
    Text,
)
from egisz.contracts.envelope import EventData, WireModel
from egisz.contracts.registry.vocabulary import PAGE_MAX, CorrectionSection, CorrectionStatus


# --- corrections ----------------------------------------------------------------------------
class ReportInaccuracy(WireModel):
    """«Сообщить о неточности»: a worker asks an organization to correct their record."""

    organization_oid: Oid
    section: CorrectionSection
    description: Text


class ResolveCorrection(WireModel):
    """Decline a request, saying why. A request is «corrected» by the change itself: pass its
    `correction_id` to the command that fixes the record (`corrected` here is refused with
    `correction_fix_required`)."""

    correction_id: Cursor
    status: Literal["corrected", "declined"]
    comment: Text | None = Field(default=None, description="Required when declined.")


class CorrectionFix(WireModel):
    """The change that answered a request."""

    sections: list[CorrectionSection]
    entry_id: str | None = None
    revision: Int | None = Field(default=None, description="In the record's `history`.")


class ListCorrections(WireModel):
    status: CorrectionStatus | None = "open"
    after: Cursor | None = Field(default=None, description="Cursor from the previous page.")
    limit: Int = Field(default=PAGE_MAX, ge=1, le=PAGE_MAX)


class CorrectionView(WireModel):
    correction_id: str
    worker_id: str
    organization_oid: str
    section: CorrectionSection
    description: str
    status: CorrectionStatus
    resolution_comment: str | None = None
    created_at: datetime
    resolved_at: datetime | None = None
    fix: CorrectionFix | None = None


class CorrectionPage(WireModel):
    items: list[CorrectionView]
    next_cursor: str | None = None


class CorrectionRequested(EventData):
    correction_id: str
    worker_id: str
    organization_oid: str
    section: str
    description: str


class CorrectionResolved(EventData):
    correction_id: str
    worker_id: str
    organization_oid: str
    status: CorrectionStatus
    comment: str | None = None
    fix: CorrectionFix | None = None

"""FRMR: the review of likely duplicates — a record registered with a name and birth date like
another's waits, kept out of FRMR, until an officer (or the desk) says it is another person or
the same one."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from egisz.contracts.bounds import Cursor, Int, Text
from egisz.contracts.envelope import WireModel
from egisz.contracts.registry.vocabulary import PAGE_MAX, DuplicateDecision
from egisz.contracts.registry.workers import WorkerView


class ResolveDuplicate(WireModel):
    worker_id: Cursor
    decision: DuplicateDecision = Field(
        description="`distinct`: another person, enter FRMR; `duplicate`: withdraw this record."
    )
    comment: Text | None = None


class ListDuplicateReview(WireModel):
    """Records waiting in duplicate review, oldest first: the support desk sees every one, an
    officer those their organization entered."""

    after: Cursor | None = Field(default=None, description="Cursor from the previous page.")
    limit: Int = Field(default=PAGE_MAX, ge=1, le=PAGE_MAX)


class DuplicateReviewItem(WireModel):
    worker_id: str
    snils: str
    last_name: str
    first_name: str
    middle_name: str | None = None
    birth_date: date
    possible_duplicate_of: list[str]
    why: list[str] = Field(
        default_factory=list,
        description="Why each of `possible_duplicate_of` is likely this person, in Russian.",
    )
    registered_by_org: str | None = None
    registered_at: datetime
    waiting_days: Int = Field(description="Whole days since the record entered review.")


class DuplicateReviewPage(WireModel):
    items: list[DuplicateReviewItem]
    next_cursor: str | None = None


class DuplicateResolution(WireModel):
    worker_id: str
    decision: DuplicateDecision
    worker: WorkerView | None = Field(default=None, description="The record, unless withdrawn.")

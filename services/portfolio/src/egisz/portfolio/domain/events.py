"""What a portfolio records as it changes; the service turns them into its events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from egisz.portfolio.domain.approval import (
    ApprovalDecision,
    ApprovalRequest,
    ApprovalStatus,
    NotRequiredReason,
)
from egisz.portfolio.domain.documents import AttachedDocument
from egisz.portfolio.domain.education import EducationItem


@dataclass(frozen=True)
class PortfolioState:
    """The portfolio as a change leaves it, taken when the event is recorded: what its events say
    of it. Frozen and apart from the aggregate, so a later change never reaches them."""

    id: str
    worker_id: str
    professional_version: int
    approval_status: ApprovalStatus


class Source(StrEnum):
    REGISTRY = "registry"  # confirmed by FRMR
    WORKER = "worker"  # written or declared by the worker


# --- events ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class PortfolioOpened:
    portfolio_id: str
    worker_id: str


@dataclass(frozen=True)
class ProfessionalPartUpdated:
    portfolio: PortfolioState
    source: Source
    approval_reset: bool


@dataclass(frozen=True)
class ApprovalRequested:
    portfolio: PortfolioState
    request: ApprovalRequest


@dataclass(frozen=True)
class ApprovalDecided:
    portfolio: PortfolioState
    decision: ApprovalDecision


@dataclass(frozen=True)
class ApprovalNotRequired:
    portfolio: PortfolioState
    reason: NotRequiredReason
    at: datetime


@dataclass(frozen=True)
class SnapshotTaken:
    portfolio: PortfolioState
    snapshot_id: str
    number: int
    at: datetime


@dataclass(frozen=True)
class EducationUpdated:
    portfolio: PortfolioState
    item: EducationItem
    removed: bool = False


@dataclass(frozen=True)
class DocumentAttached:
    portfolio: PortfolioState
    document: AttachedDocument


@dataclass(frozen=True)
class DocumentRemoved:
    portfolio: PortfolioState
    document: AttachedDocument


DomainEvent = (
    SnapshotTaken
    | EducationUpdated
    | DocumentAttached
    | DocumentRemoved
    | PortfolioOpened
    | ProfessionalPartUpdated
    | ApprovalRequested
    | ApprovalDecided
    | ApprovalNotRequired
)

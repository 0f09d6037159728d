"""What a portfolio records as it changes; the service turns them into its events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from egisz.portfolio.domain.approval import (
    ApprovalDecision,
    ApprovalRequest,
    NotRequiredReason,
)
from egisz.portfolio.domain.documents import AttachedDocument
from egisz.portfolio.domain.education import EducationItem

if TYPE_CHECKING:  # the aggregate records these; they only name it
    from egisz.portfolio.domain.model import Portfolio


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
    portfolio: Portfolio
    source: Source
    approval_reset: bool


@dataclass(frozen=True)
class ApprovalRequested:
    portfolio: Portfolio
    request: ApprovalRequest


@dataclass(frozen=True)
class ApprovalDecided:
    portfolio: Portfolio
    decision: ApprovalDecision


@dataclass(frozen=True)
class ApprovalNotRequired:
    portfolio: Portfolio
    reason: NotRequiredReason
    at: datetime


@dataclass(frozen=True)
class SnapshotTaken:
    portfolio: Portfolio
    snapshot_id: str
    number: int
    at: datetime


@dataclass(frozen=True)
class EducationUpdated:
    portfolio: Portfolio
    item: EducationItem
    removed: bool = False


@dataclass(frozen=True)
class DocumentAttached:
    portfolio: Portfolio
    document: AttachedDocument


@dataclass(frozen=True)
class DocumentRemoved:
    portfolio: Portfolio
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

"""One portfolio per worker, opened when the worker appears in FRMR."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class ApprovalStatus(StrEnum):
    """Согласование of the professional part (DOMAIN.md, Portfolio)."""

    CREATED = "created"  # Создано
    PENDING = "pending"  # На согласовании
    APPROVED = "approved"  # Согласовано
    REJECTED = "rejected"  # Не согласовано
    NOT_REQUIRED = "not_required"


@dataclass(frozen=True)
class PortfolioOpened:
    portfolio_id: str
    worker_id: str


DomainEvent = PortfolioOpened


@dataclass
class Portfolio:
    id: str
    worker_id: str
    snils: str
    created_at: datetime
    approval_status: ApprovalStatus = ApprovalStatus.CREATED
    version: int = 0
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def open_for(cls, *, portfolio_id: str, worker_id: str, snils: str, now: datetime) -> Portfolio:
        portfolio = cls(id=portfolio_id, worker_id=worker_id, snils=snils, created_at=now)
        portfolio.events.append(PortfolioOpened(portfolio_id, worker_id))
        return portfolio

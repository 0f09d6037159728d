"""Portfolio commands, replies and events."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from egisz.contracts.envelope import EventData, WireModel

ApprovalStatus = Literal["created", "pending", "approved", "rejected", "not_required"]


class GetPortfolio(WireModel):
    """A worker reads their own portfolio (no id needed); staff name the worker."""

    worker_id: str | None = None


class PortfolioView(WireModel):
    portfolio_id: str
    worker_id: str
    approval_status: ApprovalStatus
    created_at: datetime
    version: int


class PortfolioCreated(EventData):
    portfolio_id: str
    worker_id: str

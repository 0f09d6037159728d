"""A stored snapshot of a portfolio: its JSON and XML forms, frozen at one moment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Snapshot:
    id: str
    portfolio_id: str
    worker_id: str
    snils: str
    number: int  # the portfolio's 1st, 2nd, … snapshot
    created_at: datetime
    json: str
    xml: str
    sha256: str
    version: int = 0
    events: list[object] = field(default_factory=list, repr=False, compare=False)

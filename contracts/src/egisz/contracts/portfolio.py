"""Portfolio commands, replies and events."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from egisz.contracts.envelope import EventData, WireModel

ApprovalStatus = Literal["created", "pending", "approved", "rejected", "not_required"]
Source = Literal["registry", "worker"]


class GetPortfolio(WireModel):
    """A worker reads their own portfolio (no id needed); staff name the worker."""

    worker_id: str | None = None


class Tenure(WireModel):
    years: int
    months: int
    days: int


class ExperienceEntry(WireModel):
    """A job from FRMR (registry-confirmed) with its tenure up to today or the dismissal."""

    employment_id: str
    organization_oid: str
    subdivision_oid: str | None = None
    position: str
    kind: str
    rate: str
    start_date: date
    end_date: date | None = None
    dismissal_reason: str | None = None
    tenure: Tenure
    in_report: bool = Field(description="Whether the job falls within the report period.")
    source: Source = "registry"


class ReportPeriod(WireModel):
    start: date
    end: date
    employed_now: bool = Field(
        description="False: the worker is not employed now; the period ends at the dismissal."
    )


class ProfessionalPart(WireModel):
    """Отчёт о профессиональной деятельности."""

    version: int = Field(description="Bumps on every change; an approval is of one version.")
    report_period: ReportPeriod | None = Field(description="None while FRMR has no job.")
    experience: list[ExperienceEntry]
    total_tenure: Tenure = Field(description="Jobs within the report period, overlaps once.")
    key_skills: list[str]
    experience_notes: str | None = None


class PortfolioView(WireModel):
    portfolio_id: str
    worker_id: str
    approval_status: ApprovalStatus
    professional: ProfessionalPart | None = None
    created_at: datetime
    version: int


class UpdateProfessionalPart(WireModel):
    """The worker's own lines in the report: key skills and notes on their experience."""

    key_skills: list[str] = Field(default_factory=list)
    experience_notes: str | None = None


class PortfolioCreated(EventData):
    portfolio_id: str
    worker_id: str


class ProfessionalPartUpdated(EventData):
    portfolio_id: str
    worker_id: str
    professional_version: int
    source: Source
    approval_status: ApprovalStatus
    approval_reset: bool = Field(
        description="An approval given or pending no longer holds: the report changed."
    )

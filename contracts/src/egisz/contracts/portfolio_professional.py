"""The professional part of a portfolio (отчёт о профессиональной деятельности): FRMR's jobs
with their tenure and the report period, and what the worker writes into it — key skills, notes,
their own lines of experience and dismissal dates, each the worker's word until FRMR bears it
out."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from egisz.contracts.bounds import Cursor, Date, Filled, Int, Oid, Text, Title
from egisz.contracts.envelope import WireModel

Source = Literal["registry", "worker"]


class Tenure(WireModel):
    years: Int
    months: Int
    days: Int


class ExperienceEntry(WireModel):
    """A job from FRMR (registry-confirmed) with its tenure up to today or the dismissal."""

    employment_id: str
    organization_oid: str
    organization_name: str | None = Field(default=None, description="From FRMO; None: unknown.")
    subdivision_oid: str | None = None
    position: str
    kind: str
    rate: str
    start_date: date
    end_date: date | None = None
    dismissal_reason: str | None = None
    end_declared: bool = Field(
        default=False,
        description="`end_date` is the dismissal date the worker marked (`experience.mark_"
        "dismissal`): FRMR shows the job open; the employer's end date replaces it.",
    )
    tenure: Tenure
    in_report: bool = Field(description="Whether the job falls within the report period.")
    source: Source = "registry"


class OwnExperienceLine(WireModel):
    """A job as the worker tells it: their word until FRMR bears it out (`confirmed_by`)."""

    line_id: str
    organization_name: str
    organization_oid: str | None = None
    position: str
    start_date: date
    end_date: date | None = None
    tenure: Tenure
    in_report: bool = Field(description="Whether it falls within the report period.")
    confirmed_by: str | None = Field(
        default=None,
        description="The FRMR job (`employment_id`) at the same organization over the same "
        "time: the employer's data bears the line out. None: the worker's word only.",
    )


class ReportPeriod(WireModel):
    start: date
    end: date
    employed_now: bool = Field(
        description="False: the worker is not employed now; the period ends at the dismissal."
    )
    declared: bool = Field(
        default=False,
        description="The period ends at a dismissal date only the worker has given.",
    )


class ProfessionalPart(WireModel):
    """Отчёт о профессиональной деятельности."""

    version: Int = Field(description="Bumps on every change; an approval is of one version.")
    report_period: ReportPeriod | None = Field(description="None while FRMR has no job.")
    experience: list[ExperienceEntry]
    total_tenure: Tenure = Field(description="Jobs within the report period, overlaps once.")
    own_experience: list[OwnExperienceLine] = Field(default_factory=list)
    total_tenure_declared: Tenure | None = Field(
        default=None,
        description="With the worker's own lines not borne out by FRMR counted too; None "
        "without such lines.",
    )
    key_skills: list[str]
    experience_notes: str | None = None


class UpdateProfessionalPart(WireModel):
    """The worker's own lines in the report: key skills and notes on their experience."""

    key_skills: list[Title] = Field(max_length=50, default_factory=list)
    experience_notes: Text | None = None


class AddExperienceLine(WireModel):
    """«Опыт работы с указанием организации, должности и стажа»: work FRMR lacks, in the
    worker's words."""

    organization_name: Annotated[Title, Filled]
    organization_oid: Oid | None = Field(
        default=None,
        description="The organization's OID in FRMO, where it is there: FRMR's job at it over "
        "the same time bears the line out.",
    )
    position: Annotated[Title, Filled]
    start_date: Date
    end_date: Date | None = None


class ExperienceLineRef(WireModel):
    line_id: Cursor


class MarkDismissal(WireModel):
    """«Отметьте дату увольнения в качестве отчётного периода»: for a job FRMR shows open, the
    worker's dismissal date (null takes it back); the report period ends at it."""

    employment_id: Cursor
    dismissed_on: Date | None

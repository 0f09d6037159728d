"""Workforce monitoring (the reporting service): occupancy of the staffing tables, the workforce's
movement and structure, answered as of a day or as monthly series from the registers' events, for
the authorities that ask (a register of them), an organization's officers and the public. No
answer carries personal data: every figure is a count or a sum over a group of people."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from egisz.contracts.bounds import Date, Id, Int, Oid, Snils, Title
from egisz.contracts.envelope import EventData, WireModel

Region = Annotated[
    str,
    Field(
        min_length=2,
        max_length=2,
        pattern=r"^[0-9]{2}$",
        description="A subject of the Federation by its code in the regions' book "
        "(1.2.643.5.1.13.13.99.2.206), e.g. `77`.",
    ),
]
Month = Annotated[
    str,
    Field(
        max_length=7,
        pattern=r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$",
        description="A month, `YYYY-MM`.",
    ),
]
SMALL_CELL = 5  # a public figure about fewer people than this is withheld


class Dimension(StrEnum):
    """What the rows of a report are grouped by."""

    ORGANIZATION = "organization"
    SUBDIVISION = "subdivision"
    POSITION = "position"
    SPECIALITY = "speciality"
    ORGANIZATION_TYPE = "organization_type"
    REGION = "region"


class AuthorityLevel(StrEnum):
    FEDERAL = "federal"  # sees every region
    REGIONAL = "regional"  # sees the organizations of its own region


class Where(WireModel):
    """Which organizations a report covers: all the caller may see, a region's or one's."""

    region: Region | None = None
    organization_oid: Oid | None = None


# --- occupancy (укомплектованность) ----------------------------------------------------------
class GetOccupancy(Where):
    on: Date | None = Field(default=None, description="The day it is read as of; today if none.")
    by: Dimension = Dimension.POSITION


class OccupancyRow(WireModel):
    """One group's figures. Staffed and vacant units come from the staffing tables (by position,
    subdivision, organization, its type and region; a speciality has no posts, so it has none);
    occupied units and headcount from the jobs current on the day."""

    key: str | None = Field(description="The group's code or OID; None: not said in the record.")
    name: str | None = Field(default=None, description="The book's or register's name for it.")
    staffed_fte: Decimal | None
    occupied_fte: Decimal | None = Field(description="None: withheld (a small cell).")
    vacant_fte: Decimal | None = Field(description="Unfilled units, post by post; None: withheld.")
    occupancy: Decimal | None = Field(description="Occupied over staffed units (0–1+).")
    headcount: int | None = Field(description="People in current jobs; None: withheld.")
    suppressed: bool = Field(default=False, description="Figures about few people withheld.")


class OccupancyReport(WireModel):
    on: date
    by: Dimension
    where: Where
    rows: list[OccupancyRow]
    total: OccupancyRow
    small_cell: int | None = Field(description="Fewer people than this are withheld; None: not.")


# --- movement --------------------------------------------------------------------------------
class GetMovement(Where):
    """Hires, dismissals by reason and moves between organizations, month by month."""

    from_month: Month
    to_month: Month = Field(description="At most 120 months after `from_month`.")


class ReasonCount(WireModel):
    reason_code: str | None = Field(description="In the dismissal reasons' book; None: uncoded.")
    reason: str | None = None
    dismissals: int | None = Field(description="None: withheld (a small cell).")


class MovementMonth(WireModel):
    month: str
    hires: int | None
    dismissals: int | None
    by_reason: list[ReasonCount]
    moves_in: int | None = Field(
        description="Hires of people whose job in another organization ended in the 31 days before."
    )
    moves_out: int | None = Field(description="Dismissals followed by such a hire elsewhere.")
    headcount_end: int | None = Field(description="People in current jobs on the month's last day.")
    turnover: Decimal | None = Field(description="Dismissals over the month-end headcount.")


class MovementReport(WireModel):
    where: Where
    months: list[MovementMonth]
    small_cell: int | None


# --- structure and the workforce at risk -----------------------------------------------------
class GetStructure(Where):
    on: Date | None = Field(default=None, description="The day it is read as of; today if none.")


class AgeBand(WireModel):
    band: str = Field(description="Full years: `<25`, `25-34`, … `65+`.")
    male: int | None
    female: int | None
    unsaid: int | None = Field(description="Records that do not say the sex.")


class StructureReport(WireModel):
    on: date
    where: Where
    headcount: int | None
    bands: list[AgeBand]
    accreditation_expires_6_months: int | None = Field(
        description="People in current jobs whose accreditation in some speciality ends within 6 "
        "months of the day, with no later one in that speciality."
    )
    accreditation_expires_12_months: int | None
    small_cell: int | None


# --- exports: files people take away -------------------------------------------------------
class ExportFormat(StrEnum):
    CSV = "csv"  # one report's table, UTF-8 with a header row, `;`-separated (Excel in Russia)
    XLSX = "xlsx"  # a sheet per table
    PDF = "pdf"  # the printable summary with its charts


class ReportKind(StrEnum):
    OCCUPANCY = "occupancy"
    MOVEMENT = "movement"
    STRUCTURE = "structure"
    SUMMARY = "summary"  # occupancy by position, turnover by reason, the year's trend


class ExportReport(Where):
    """A report as a file its maker downloads (`report.download`, by the `file_id` the answer
    gives). CSV holds one report's table; XLSX a sheet per table; PDF is the summary only. The
    summary is a region's or an organization's: occupancy by position, dismissals by reason
    and the trend of the twelve months up to the day; as PDF (with charts) or XLSX."""

    report: ReportKind
    format: ExportFormat
    on: Date | None = Field(default=None, description="The day it is read as of; today if none.")
    by: Dimension = Dimension.POSITION
    from_month: Month | None = Field(default=None, description="Movement: 11 months before `on`.")
    to_month: Month | None = Field(default=None, description="Movement: the month of `on`.")


# --- open data ------------------------------------------------------------------------------
OPEN_DATA_SCHEMA = "1.0"  # the files' schema version (docs/open-data.md); the manifest says it


class OpenDataFile(WireModel):
    name: str = Field(description="`organizations.parquet`, `practitioners.csv`, …")
    dataset: Literal["organizations", "practitioners"]
    format: Literal["parquet", "csv"]
    rows: int
    bytes: int
    sha256: str


class OpenDataRelease(WireModel):
    """One day's files: the full set and what changed since the release before it."""

    release: str = Field(description="The day, `YYYY-MM-DD`.")
    kind: Literal["full", "increment"]
    schema_version: str
    generated_at: str
    based_on: str | None = Field(description="The release an increment follows; None: full.")
    files: list[OpenDataFile]


class ListOpenData(WireModel):
    pass


class OpenDataList(WireModel):
    releases: list[OpenDataRelease] = Field(description="The newest first, as kept.")


class PublishOpenData(WireModel):
    """Make today's release now (the scheduled job makes it once a day)."""


class DownloadOpenData(WireModel):
    release: Annotated[str, Field(max_length=10, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    kind: Literal["full", "increment"]
    name: Annotated[
        str,
        Field(
            max_length=40,
            pattern=r"^(organizations|practitioners)\.(parquet|csv)$|^manifest\.json$",
        ),
    ]
    part: Int = Field(default=0, ge=0, le=100_000)


# --- the register of authorities ------------------------------------------------------------
class RegisterAuthority(WireModel):
    """The support desk records an authority that may read reports: federal (every region) or
    a region's health authority (its region only)."""

    authority_id: Id = Field(description="A short name, e.g. `minzdrav` or `dzm-77`.")
    name: Title
    level: AuthorityLevel
    region: Region | None = Field(default=None, description="Required for a regional one.")


class AuthorityMember(WireModel):
    """A person of the authority (by SNILS) who reads its reports with the regulator role."""

    authority_id: Id
    snils: Snils


class ListAuthorities(WireModel):
    pass


class AuthorityView(WireModel):
    authority_id: str
    name: str
    level: AuthorityLevel
    region: str | None
    members: int = Field(description="How many people read its reports (never who).")
    version: int


class AuthorityList(WireModel):
    authorities: list[AuthorityView]


class AuthorityMemberRef(EventData):
    snils: str


class AuthorityChanged(EventData):
    """An authority as the register holds it after a change (recorded, a member admitted or
    withdrawn): the whole of it, so a follower keeps the newest version and needs no history.
    The audit journal admits a regulator by it. Its public form keeps no one's SNILS."""

    authority_id: str
    name: str
    level: AuthorityLevel
    region: str | None = None  # none for the federal one (left out of the event's JSON)
    members: list[AuthorityMemberRef]
    version: int


# --- rebuilding the facts from the streams ---------------------------------------------------
class StartRebuild(WireModel):
    """Replay the registers' streams from their start into fresh facts, then switch to them."""

    confirm: Literal[True] = Field(
        description="true: reports go on from the old facts until the rebuilt ones take over."
    )


class GetRebuild(WireModel):
    pass


class RebuildProgress(WireModel):
    rebuild_id: str | None
    state: Literal["none", "running", "done", "failed", "interrupted"]
    started_at: str | None = None
    finished_at: str | None = None
    events_applied: int = 0
    stream_sequence: int = Field(default=0, description="How far into the stream it has read.")
    stream_last: int = Field(default=0, description="The stream's last sequence when it began.")
    percent: Decimal = Decimal(0)
    error: str | None = None

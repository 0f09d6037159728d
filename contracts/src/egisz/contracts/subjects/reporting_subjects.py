"""Workforce monitoring: reports, the register of authorities that read them, and the rebuild of
the facts they are drawn from."""

from __future__ import annotations

from pydantic import BaseModel

from egisz.contracts import reporting
from egisz.contracts.files import FilePart, ReadFile, StoredFile
from egisz.contracts.subjects.naming import Command, Event


def _c(
    aggregate: str, verb: str, request: type[BaseModel], result: type[BaseModel], summary: str
) -> Command:
    return Command(f"egisz.reporting.cmd.{aggregate}.{verb}", request, result, summary)


OCCUPANCY_GET = _c(
    "occupancy",
    "get",
    reporting.GetOccupancy,
    reporting.OccupancyReport,
    "Occupancy (укомплектованность) as of a day: staffed, occupied and vacant units by a "
    "dimension; the public sees it with small cells withheld.",
)
MOVEMENT_GET = _c(
    "movement",
    "get",
    reporting.GetMovement,
    reporting.MovementReport,
    "Hires, dismissals by reason and moves between organizations, month by month.",
)
STRUCTURE_GET = _c(
    "structure",
    "get",
    reporting.GetStructure,
    reporting.StructureReport,
    "The workforce's age and sex as of a day, and the people whose accreditation ends within 6 "
    "and 12 months.",
)
AUTHORITY_REGISTER = _c(
    "authority",
    "register",
    reporting.RegisterAuthority,
    reporting.AuthorityView,
    "The support desk records an authority that reads reports (federal, or a region's).",
)
AUTHORITY_ADD_MEMBER = _c(
    "authority",
    "add_member",
    reporting.AuthorityMember,
    reporting.AuthorityView,
    "The support desk admits a person of an authority (by SNILS) to its reports.",
)
AUTHORITY_REMOVE_MEMBER = _c(
    "authority",
    "remove_member",
    reporting.AuthorityMember,
    reporting.AuthorityView,
    "The support desk withdraws a person from an authority.",
)
AUTHORITY_LIST = _c(
    "authority",
    "list",
    reporting.ListAuthorities,
    reporting.AuthorityList,
    "The register of authorities (the support desk).",
)
REBUILD_START = _c(
    "rebuild",
    "start",
    reporting.StartRebuild,
    reporting.RebuildProgress,
    "Replay the registers' streams from the start into fresh facts, then switch to them.",
)
REBUILD_GET = _c(
    "rebuild",
    "get",
    reporting.GetRebuild,
    reporting.RebuildProgress,
    "How far the rebuild is: the stream's sequence read, of how many, and the events applied.",
)
REPORT_EXPORT = _c(
    "report",
    "export",
    reporting.ExportReport,
    StoredFile,
    "A report as a file (CSV, XLSX, or the PDF summary with its charts) for its maker to "
    "download; the same figures the caller may see.",
)
REPORT_DOWNLOAD = _c(
    "report",
    "download",
    ReadFile,
    FilePart,
    "An exported report, part by part (512 KiB each): its maker only.",
)
OPEN_DATA_LIST = _c(
    "open_data",
    "list",
    reporting.ListOpenData,
    reporting.OpenDataList,
    "The open-data releases kept: each day's full files and increment, with their manifests.",
)
OPEN_DATA_PUBLISH = _c(
    "open_data",
    "publish",
    reporting.PublishOpenData,
    reporting.OpenDataList,
    "Make today's open-data release now (the support desk; a job makes it daily).",
)
OPEN_DATA_DOWNLOAD = _c(
    "open_data",
    "download",
    reporting.DownloadOpenData,
    FilePart,
    "An open-data file, part by part (512 KiB each): anyone.",
)


AUTHORITY_CHANGED = Event(
    "egisz.reporting.evt.authority.changed",
    reporting.AuthorityChanged,
    "An authority that reads reports was recorded, or a member admitted or withdrawn: its whole "
    "state after the change.",
)

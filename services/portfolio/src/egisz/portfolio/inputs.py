"""What the wire brings in, as the domain takes it."""

from __future__ import annotations

from egisz.contracts import portfolio as wire
from egisz.contracts.registry import WorkerRegistered, WorkerUpdated
from egisz.portfolio.domain.education import EducationItem, Kind


def nmo_rows(req: wire.ImportNmo) -> list[tuple[int, str, EducationItem]]:
    """The NMO portal's rows, numbered from 1 as sent, each with its SNILS and item."""
    return [
        (
            number,
            row.snils,
            EducationItem.from_nmo(
                snils=row.snils,
                document_number=row.document_number,
                title=row.title,
                speciality=row.speciality,
                hours=row.hours,
                completed_on=row.completed_on,
                kind=Kind(row.kind),
            ),
        )
        for number, row in enumerate(req.rows, start=1)
    ]


def full_name(data: WorkerRegistered | WorkerUpdated) -> str:
    """A person's name as FRMR announces it, in one line."""
    return " ".join(n for n in (data.last_name, data.first_name, data.middle_name) if n)

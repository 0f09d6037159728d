"""The worker's own word on their work (seed 000): lines of experience FRMR lacks — «опыт работы
с указанием организации, должности и стажа» — and the dismissal date of a job FRMR still shows
open («отметьте дату увольнения в качестве отчетного периода»). Each stays marked as the
worker's word until the employer's data in FRMR bears it out: a line by a job at the same
organization over the same time, a dismissal date by the job's end FRMR records (FRMR's date
then stands, whatever the worker said)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from egisz.kernel.errors import InvalidInputError, Problems
from egisz.portfolio.domain.errors import ExperienceLineNotFoundError
from egisz.portfolio.domain.experience import ExperienceEntry

MAX_LINES = 30
OID = re.compile(r"^[0-2](\.(0|[1-9][0-9]*))+$")


@dataclass(frozen=True)
class OwnLine:
    """A job as the worker tells it."""

    id: str
    organization_name: str
    position: str
    start_date: date
    end_date: date | None = None
    organization_oid: str | None = None  # FRMO's, when the organization is there
    confirmed_by: str | None = None  # the FRMR job (employment_id) that bears it out

    @classmethod
    def written(
        cls,
        *,
        line_id: str,
        organization_name: str,
        position: str,
        start_date: date,
        end_date: date | None,
        organization_oid: str | None,
        today: date,
    ) -> OwnLine:
        """The line as typed: every problem at once, spaces squeezed."""
        p = Problems()
        name, title = " ".join(organization_name.split()), " ".join(position.split())
        if not name:
            p.add("organization_name", "Укажите организацию", "missing")
        if not title:
            p.add("position", "Укажите должность", "missing")
        oid = (organization_oid or "").strip() or None
        if oid is not None and not OID.match(oid):
            p.add("organization_oid", "OID организации из ФРМО, например 1.2.643.5.1.13…", "format")
        if start_date > today:
            p.add("start_date", "Дата начала работы не может быть в будущем", "future")
        if end_date is not None and end_date > today:
            p.add("end_date", "Дата окончания работы не может быть в будущем", "future")
        if end_date is not None and end_date < start_date:
            p.add("end_date", "Окончание работы не раньше её начала", "before_start")
        p.raise_if_any()
        return cls(line_id, name, title, start_date, end_date, oid)

    def same_work(self, other: OwnLine) -> bool:
        return (self.organization_name.casefold(), self.position.casefold(), self.start_date) == (
            other.organization_name.casefold(),
            other.position.casefold(),
            other.start_date,
        )

    def as_entry(self) -> ExperienceEntry:
        """For counting its time beside FRMR's jobs."""
        return ExperienceEntry(
            employment_id=self.id,
            organization_oid=self.organization_oid or "",
            subdivision_oid=None,
            position=self.position,
            kind="",
            rate="",
            start_date=self.start_date,
            end_date=self.end_date,
            dismissal_reason=None,
            record_version=0,
        )

    def borne_out_by(self, jobs: list[ExperienceEntry]) -> str | None:
        """FRMR's job at the line's organization (by its OID) over some of the same time."""
        if self.organization_oid is None:
            return None
        end = self.end_date or date.max
        return next(
            (
                j.employment_id
                for j in jobs
                if j.organization_oid == self.organization_oid and j.overlaps(self.start_date, end)
            ),
            None,
        )


def with_dismissals(jobs: list[ExperienceEntry], marks: dict[str, date]) -> list[ExperienceEntry]:
    """FRMR's jobs with the dismissal dates the worker marked where FRMR gives none."""
    return [
        replace(j, end_date=marks[j.employment_id], end_declared=True)
        if j.end_date is None and j.employment_id in marks
        else j
        for j in jobs
    ]


class WorkersWord:
    """The portfolio's commands on the worker's own word (mixed into `Portfolio`)."""

    experience: list[ExperienceEntry]
    own_experience: list[OwnLine]
    dismissals: dict[str, date]

    def _worker_changed(self) -> None:
        """The report changed by the worker's hand (`Portfolio` says what follows)."""
        raise NotImplementedError

    def add_own_line(self, line: OwnLine) -> OwnLine:
        """A line of the worker's experience; the same work again changes nothing."""
        known = next((x for x in self.own_experience if x.same_work(line)), None)
        if known is not None:
            return known
        if len(self.own_experience) >= MAX_LINES:
            raise InvalidInputError.of(
                "organization_name", f"Не больше {MAX_LINES} строк опыта работы", "too_many"
            )
        line = replace(line, confirmed_by=line.borne_out_by(self.experience))
        self.own_experience.append(line)
        self.own_experience.sort(key=lambda x: (x.start_date, x.id))
        self._worker_changed()
        return line

    def remove_own_line(self, line_id: str) -> None:
        line = next((x for x in self.own_experience if x.id == line_id), None)
        if line is None:
            raise ExperienceLineNotFoundError()
        self.own_experience.remove(line)
        self._worker_changed()

    def mark_dismissal(self, employment_id: str, day: date | None, *, today: date) -> bool:
        """The worker's dismissal date for a job FRMR shows open (None takes it back)."""
        job = next((j for j in self.experience if j.employment_id == employment_id), None)
        if job is None:
            raise InvalidInputError.of(
                "employment_id", "В ФРМР нет такого места работы", "not_found"
            )
        if job.end_date is not None:
            raise InvalidInputError.of(
                "employment_id",
                "Дата увольнения уже внесена работодателем в ФРМР: исправить её может только он",
                "recorded",
            )
        p = Problems()
        if day is not None and day > today:
            p.add("dismissed_on", "Дата увольнения не может быть в будущем", "future")
        if day is not None and day < job.start_date:
            p.add("dismissed_on", "Дата увольнения не раньше начала работы", "before_start")
        p.raise_if_any()
        if self.dismissals.get(employment_id) == day:
            return False
        if day is None:
            self.dismissals.pop(employment_id, None)
        else:
            self.dismissals[employment_id] = day
        self._worker_changed()
        return True

    def employer_spoke(self, job: ExperienceEntry) -> None:
        """FRMR's word on a job: it bears out the lines it can, and its end replaces a
        dismissal date the worker marked."""
        if job.end_date is not None:
            self.dismissals.pop(job.employment_id, None)
        self.own_experience = [
            replace(x, confirmed_by=x.confirmed_by or x.borne_out_by([job]))
            for x in self.own_experience
        ]

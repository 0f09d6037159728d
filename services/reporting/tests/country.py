"""A small synthetic country whose figures are known by hand: two regions, three organizations,
their staffing tables, sixteen people and their jobs — as the registry's events say it, so every
test reads it through the same intake as the live service.

    region 77: org A (medical)  sub A1: therapist 27 — 10 units, 7 people at 1.0
                                        surgeon 41  —  4 units, 1 person at 0.5
               org B (research) sub B1: therapist 27 —  3 units, 2 people at 1.0
    region 50: org C (medical)  sub C1: therapist 27 —  2 units, 6 people at 0.5 (over-filled)

On ON (2026-03-01): staffed 19, occupied 12.5, vacant 3 + 3.5 + 1 + 0 = 7.5, headcount 16.
Movement in 2025: person p14 left org B on 2025-06-30 (reason 1, «по собственному желанию»)
and joined org A on 2025-07-10 (a move); p15 left org C on 2025-09-30 (reason 2) and is gone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from egisz.contracts import registry as wire, subjects
from egisz.contracts.subjects import Event

ON = date(2026, 3, 1)
ORG_A, ORG_B, ORG_C = "1.2.643.5.1.13.77.1", "1.2.643.5.1.13.77.2", "1.2.643.5.1.13.50.3"
THERAPIST, SURGEON = "27", "41"
AT = datetime(2025, 1, 1, tzinfo=UTC)


@dataclass
class Country:
    """`u` makes every id its own (OIDs, workers, jobs), for a test beside others' data."""

    u: str = ""
    events: list[tuple[Event[Any], BaseModel]] = field(default_factory=list)
    versions: dict[str, int] = field(default_factory=dict)

    def oid(self, oid: str) -> str:
        return f"{oid}.{self.u}" if self.u else oid

    def add(self, spec: Event[Any], data: BaseModel) -> None:
        self.events.append((spec, data))

    def organization(self, oid: str, name: str, type: str, region: str) -> None:
        self.add(
            subjects.ORGANIZATION_REGISTERED,
            wire.OrganizationRegistered(
                oid=self.oid(oid),
                type=type,
                name=name,
                inn="7700000000",
                ogrn="1027700000000",
                region=region,
                request_id=f"r-{self.oid(oid)}",
            ),
        )

    def post(self, oid: str, sub: str, code: str, name: str, fte: str, since: date) -> None:
        self.add(
            subjects.STAFFING_CHANGED,
            wire.StaffingChanged(
                organization_oid=self.oid(oid),
                subdivision_oid=self.oid(sub),
                position_code=code,
                position=name,
                fte=Decimal(fte),
                previous_fte=Decimal(0),
                effective_from=since,
                line_id=f"{self.oid(sub)}-{code}-{since}",
            ),
        )

    def _version(self, worker: str) -> int:
        self.versions[worker] = self.versions.get(worker, 0) + 1
        return self.versions[worker]

    def person(self, worker: str, born: date, sex: str | None) -> None:
        self.add(
            subjects.WORKER_REGISTERED,
            wire.WorkerRegistered(
                worker_id=self.u + worker,
                snils="11223344595",
                record_version=self._version(worker),
                last_name="Иванов",
                first_name="Иван",
                birth_date=born,
                sex=sex,
            ),
        )

    def job(
        self,
        worker: str,
        job: str,
        oid: str,
        sub: str,
        code: str,
        rate: str,
        start: date,
        end: date | None = None,
        reason_code: str | None = None,
    ) -> None:
        record = wire.EmploymentRecord(
            employment_id=self.u + job,
            organization_oid=self.oid(oid),
            subdivision_oid=self.oid(sub),
            position="врач-терапевт" if code == THERAPIST else "врач-хирург",
            position_code=code,
            rate=Decimal(rate),
            kind="main",
            start_date=start,
        )
        self.add(
            subjects.EMPLOYMENT_STARTED,
            wire.EmploymentStarted(
                worker_id=self.u + worker,
                snils="11223344595",
                record_version=self._version(worker),
                employment=record,
            ),
        )
        if end is not None:
            ended = record.model_copy(
                update={
                    "end_date": end,
                    "dismissal_reason_code": reason_code,
                    "dismissal_reason": f"причина {reason_code}",
                }
            )
            self.add(
                subjects.EMPLOYMENT_ENDED,
                wire.EmploymentEnded(
                    worker_id=self.u + worker,
                    snils="11223344595",
                    record_version=self._version(worker),
                    employment=ended,
                ),
            )

    def accreditation(self, worker: str, record: str, code: str, until: date) -> None:
        self.add(
            subjects.ACCREDITATION_RECORDED,
            wire.AccreditationRecorded(
                worker_id=self.u + worker,
                snils="11223344595",
                record_version=self._version(worker),
                accreditation=wire.AccreditationRecord(
                    record_id=self.u + record,
                    kind="periodic",
                    speciality="Терапия",
                    speciality_code=code,
                    passed_on=date(2021, 1, 1),
                    valid_until=until,
                ),
            ),
        )


def country(u: str = "") -> Country:
    c = Country(u)
    c.organization(ORG_A, "Городская больница № 1", "medical", "77")
    c.organization(ORG_B, "НИИ кардиологии", "research", "77")
    c.organization(ORG_C, "Районная больница", "medical", "50")
    start = date(2024, 1, 1)
    c.post(ORG_A, f"{ORG_A}.1", THERAPIST, "врач-терапевт", "10", start)
    c.post(ORG_A, f"{ORG_A}.1", SURGEON, "врач-хирург", "4", start)
    c.post(ORG_B, f"{ORG_B}.1", THERAPIST, "врач-терапевт", "3", start)
    c.post(ORG_C, f"{ORG_C}.1", THERAPIST, "врач-терапевт", "1", start)
    c.post(ORG_C, f"{ORG_C}.1", THERAPIST, "врач-терапевт", "2", date(2025, 1, 1))  # raised
    # org A: six therapists from 2024, p14 arriving from org B; one surgeon.
    for n in range(1, 7):
        c.person(f"p{n}", date(1970 + n, 5, 1), "female" if n % 2 else "male")
        c.job(f"p{n}", f"j{n}", ORG_A, f"{ORG_A}.1", THERAPIST, "1", start)
    c.person("p7", date(1990, 1, 1), "male")
    c.job("p7", "j7", ORG_A, f"{ORG_A}.1", SURGEON, "0.5", start)
    # org B: two therapists, and p14 who moves to A.
    for n in (8, 9):
        c.person(f"p{n}", date(1999, 1, 1), "female")
        c.job(f"p{n}", f"j{n}", ORG_B, f"{ORG_B}.1", THERAPIST, "1", start)
    c.person("p14", date(1985, 6, 15), None)
    c.job("p14", "j14b", ORG_B, f"{ORG_B}.1", THERAPIST, "1", start, date(2025, 6, 30), "1")
    c.job("p14", "j14a", ORG_A, f"{ORG_A}.1", THERAPIST, "1", date(2025, 7, 10))
    # org C: six at half a unit, and p15 who left.
    for n in (10, 11, 12, 13, 16, 17):
        c.person(f"p{n}", date(1960, 1, 1), "female")
        c.job(f"p{n}", f"j{n}", ORG_C, f"{ORG_C}.1", THERAPIST, "0.5", start)
    c.person("p15", date(1958, 1, 1), "male")
    c.job("p15", "j15", ORG_C, f"{ORG_C}.1", THERAPIST, "0.5", start, date(2025, 9, 30), "2")
    # Accreditations: p1 ends within 6 months of ON, p2 within 12, p3 later; p4's old one
    # ended but a newer one in the same speciality holds.
    c.accreditation("p1", "a1", THERAPIST, date(2026, 7, 1))
    c.accreditation("p2", "a2", THERAPIST, date(2027, 1, 15))
    c.accreditation("p3", "a3", THERAPIST, date(2030, 1, 1))
    c.accreditation("p4", "a4old", THERAPIST, date(2026, 4, 1))
    c.accreditation("p4", "a4new", THERAPIST, date(2031, 4, 1))
    return c

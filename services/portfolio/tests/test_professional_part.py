"""The professional part: projected from FRMR's latest snapshot of each job, tenure by the
calendar, the report period, and an approval that no longer holds once the report changes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from egisz.kernel.errors import InvalidInputError
from egisz.portfolio import usecases
from egisz.portfolio.domain.approval import ApprovalStatus
from egisz.portfolio.domain.events import PortfolioOpened, ProfessionalPartUpdated
from egisz.portfolio.domain.experience import (
    ExperienceEntry,
    Tenure,
    add_up,
    report_period,
    tenure,
    total_tenure,
)
from egisz.portfolio.domain.model import Portfolio
from egisz.portfolio.repository import FakePortfolioUnitOfWork
from egisz.portfolio.settings import Consumer
from egisz.runtime.handling import handling

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
WORKER_REGISTERED = Consumer.WORKER_REGISTERED


def job(version: int, start: date, end: date | None = None, **changes: Any) -> ExperienceEntry:
    fields: dict[str, Any] = {
        "employment_id": "e1",
        "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
        "subdivision_oid": None,
        "position": "Врач-терапевт",
        "kind": "main",
        "rate": "1.0",
        "start_date": start,
        "end_date": end,
        "dismissal_reason": "по собственному желанию" if end else None,
        "record_version": version,
        **changes,
    }
    return ExperienceEntry(**fields)


def portfolio() -> Portfolio:
    p = Portfolio.open_for(portfolio_id="p1", worker_id="w1", snils="11223344595", now=NOW)
    p.events.clear()
    return p


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2020, 1, 15), date(2021, 3, 14), Tenure(1, 1, 27)),
        (date(2020, 1, 15), date(2020, 1, 15), Tenure(0, 0, 0)),
        (date(2020, 1, 31), date(2020, 2, 29), Tenure(0, 0, 29)),
        (date(2019, 3, 1), date(2024, 3, 1), Tenure(5, 0, 0)),
    ],
)
def test_tenure_is_counted_by_the_calendar(start: date, end: date, expected: Tenure) -> None:
    assert tenure(start, end) == expected


def test_tenures_add_up_as_hr_counts_them() -> None:
    assert add_up([Tenure(1, 11, 20), Tenure(0, 0, 15)]) == Tenure(2, 0, 5)


def test_the_latest_snapshot_of_a_job_wins_whatever_order_events_arrive_in() -> None:
    p = portfolio()
    assert p.apply_employment(job(3, date(2020, 1, 1), date(2025, 6, 30))) is True
    assert p.apply_employment(job(2, date(2020, 1, 1))) is False  # older: the start, late
    assert p.apply_employment(job(3, date(2020, 1, 1), date(2025, 6, 30))) is False  # again
    assert p.experience == [job(3, date(2020, 1, 1), date(2025, 6, 30))]
    assert p.professional_version == 1
    assert [type(e) for e in p.events] == [ProfessionalPartUpdated]


def test_a_change_of_the_report_sends_an_approval_back_to_created() -> None:
    p = portfolio()
    p.approval_status = ApprovalStatus.APPROVED
    p.apply_employment(job(2, date(2020, 1, 1)))
    assert p.approval_status is ApprovalStatus.CREATED
    assert p.events == [ProfessionalPartUpdated(p.state(), p.events[0].source, True)]  # type: ignore[union-attr]


def test_the_report_covers_five_years_up_to_today_for_a_worker_employed_now() -> None:
    p = portfolio()
    p.apply_employment(job(2, date(2015, 1, 1), date(2019, 12, 31), employment_id="old"))
    p.apply_employment(job(3, date(2020, 1, 1), employment_id="now"))
    period = report_period(p.experience, TODAY)
    assert period is not None
    assert (period.start, period.end, period.employed_now) == (date(2021, 11, 21), TODAY, True)
    assert [e.employment_id for e in p.report(TODAY)] == ["now"]
    assert total_tenure(p.experience, TODAY) == Tenure(5, 0, 0)


def test_for_a_worker_not_employed_now_the_report_ends_at_the_dismissal() -> None:
    p = portfolio()
    p.apply_employment(job(2, date(2018, 3, 1), date(2025, 6, 30)))
    period = report_period(p.experience, TODAY)
    assert period is not None
    assert (period.start, period.end, period.employed_now) == (
        date(2020, 6, 30),
        date(2025, 6, 30),
        False,
    )


def test_overlapping_jobs_count_once_in_the_total() -> None:
    p = portfolio()
    p.apply_employment(job(2, date(2024, 1, 1), employment_id="main"))
    p.apply_employment(job(3, date(2025, 1, 1), kind="part_time", employment_id="part"))
    assert total_tenure(p.experience, TODAY) == tenure(date(2024, 1, 1), TODAY)


def test_a_worker_without_a_job_in_frmr_has_no_report_period() -> None:
    assert report_period(portfolio().experience, TODAY) is None


def test_the_workers_own_lines_are_checked_and_change_the_report() -> None:
    p = portfolio()
    with pytest.raises(InvalidInputError) as caught:
        p.edit_professional(key_skills=["x" * 201] + ["y"] * 30, notes="z" * 5001)
    assert {f.field: f.code for f in caught.value.fields} == {
        "key_skills": "too_many",
        "key_skills.0": "too_long",
        "experience_notes": "too_long",
    }
    assert p.edit_professional(key_skills=["ЭКГ", " УЗИ "], notes="Заведовал отделением") is True
    assert p.edit_professional(key_skills=["ЭКГ", "УЗИ"], notes="Заведовал отделением") is False
    assert (p.key_skills, p.professional_version) == (["ЭКГ", "УЗИ"], 1)


async def test_an_employment_event_before_worker_registered_opens_the_portfolio() -> None:
    uow = FakePortfolioUnitOfWork()
    started = usecases.RegistryEvent("w1", "11223344595")
    await usecases.project_employment(uow, started, job(2, date(2020, 1, 1)), lambda: NOW)
    with handling(WORKER_REGISTERED, "e0"):
        again = await usecases.open_portfolio(uow, worker_id="w1", snils="1")
    assert again is None
    assert [type(e) for e in uow.published] == [PortfolioOpened, ProfessionalPartUpdated]
    assert len(uow.store) == 1

"""The worker's own word on their work, in the domain: lines FRMR lacks, borne out by FRMR's
job at the same organization; a dismissal date for a job FRMR shows open, which ends the report
period until the employer's end date replaces it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from egisz.kernel.errors import InvalidInputError
from egisz.portfolio.domain.approval import ApprovalStatus, canonical_report
from egisz.portfolio.domain.experience import ExperienceEntry, report_period
from egisz.portfolio.domain.model import Portfolio
from egisz.portfolio.domain.own_experience import MAX_LINES, OwnLine

TODAY = date(2026, 11, 21)
ORG = "1.2.643.5.1.13.13.12.2.77.1"


def portfolio() -> Portfolio:
    return Portfolio("p1", "w1", "11223344595", datetime(2026, 1, 1, tzinfo=UTC))


def frmr_job(end: date | None = None, version: int = 1) -> ExperienceEntry:
    return ExperienceEntry(
        "e1", ORG, None, "Врач-терапевт", "main", "1.0", date(2019, 2, 1), end, None, version
    )


def line(**changes: object) -> OwnLine:
    fields: dict[str, object] = {
        "line_id": "l1",
        "organization_name": "  ООО «Клиника   здоровья» ",
        "organization_oid": None,
        "position": "Врач-терапевт",
        "start_date": date(2015, 9, 1),
        "end_date": date(2018, 12, 31),
        "today": TODAY,
    }
    return OwnLine.written(**(fields | changes))  # type: ignore[arg-type]


def test_a_line_is_checked_whole_and_its_spaces_squeezed() -> None:
    assert line().organization_name == "ООО «Клиника здоровья»"
    with pytest.raises(InvalidInputError) as refused:
        line(
            organization_name=" ",
            position="",
            start_date=date(2027, 1, 1),
            end_date=date(2026, 1, 1),
            organization_oid="не oid",
        )
    assert {f.field: f.code for f in refused.value.fields} == {
        "organization_name": "missing",
        "position": "missing",
        "organization_oid": "format",
        "start_date": "future",
        "end_date": "before_start",
    }


def test_a_line_is_the_workers_word_until_frmr_has_a_job_there_over_the_same_time() -> None:
    p = portfolio()
    said = p.add_own_line(line(organization_oid=ORG, end_date=None, start_date=date(2020, 1, 1)))
    assert said.confirmed_by is None
    elsewhere = p.add_own_line(line(line_id="l2", organization_name="Частный кабинет"))
    p.apply_employment(frmr_job())
    by_id = {x.id: x for x in p.own_experience}
    assert by_id[said.id].confirmed_by == "e1"
    assert by_id[elsewhere.id].confirmed_by is None  # names no FRMO organization


def test_the_same_work_twice_is_one_line_and_lines_are_limited() -> None:
    p = portfolio()
    first = p.add_own_line(line())
    version = p.professional_version
    assert (
        p.add_own_line(line(line_id="again", organization_name="ооо «клиника здоровья»")) == first
    )
    assert p.professional_version == version
    for i in range(MAX_LINES - 1):
        p.add_own_line(
            line(line_id=f"x{i}", start_date=date(2000, 1, 1 + i % 28), position=f"п{i}")
        )
    with pytest.raises(InvalidInputError) as refused:
        p.add_own_line(line(line_id="over", position="ещё одна"))
    assert refused.value.fields[0].code == "too_many"


def test_a_dismissal_date_ends_the_report_period_as_the_workers_word() -> None:
    p = portfolio()
    p.apply_employment(frmr_job())
    assert report_period(p.reported_experience, TODAY).employed_now  # type: ignore[union-attr]
    assert p.mark_dismissal("e1", date(2026, 3, 31), today=TODAY)
    period = report_period(p.reported_experience, TODAY)
    assert period is not None
    assert (period.end, period.employed_now, period.declared) == (date(2026, 3, 31), False, True)
    assert not p.employed_on(TODAY)
    assert b'"end_declared":true' in canonical_report(p)
    assert not p.mark_dismissal("e1", date(2026, 3, 31), today=TODAY)  # said again: no change
    # The employer's end date replaces the worker's, whatever it is.
    p.apply_employment(frmr_job(end=date(2026, 4, 15), version=2))
    period = report_period(p.reported_experience, TODAY)
    assert period is not None
    assert (period.end, period.declared, p.dismissals) == (date(2026, 4, 15), False, {})


def test_a_dismissal_date_is_refused_where_frmr_has_one_or_it_cannot_be() -> None:
    p = portfolio()
    p.apply_employment(frmr_job(end=date(2024, 1, 31)))
    cases = {
        ("e1", date(2023, 1, 1)): ("employment_id", "recorded"),
        ("nope", date(2023, 1, 1)): ("employment_id", "not_found"),
    }
    for (employment_id, day), expected in cases.items():
        with pytest.raises(InvalidInputError) as refused:
            p.mark_dismissal(employment_id, day, today=TODAY)
        assert (refused.value.fields[0].field, refused.value.fields[0].code) == expected
    q = portfolio()
    q.apply_employment(frmr_job())
    for day, code in ((date(2027, 1, 1), "future"), (date(2018, 1, 1), "before_start")):
        with pytest.raises(InvalidInputError) as refused:
            q.mark_dismissal("e1", day, today=TODAY)
        assert refused.value.fields[0].code == code


def test_a_line_or_a_dismissal_date_sends_an_approved_report_back() -> None:
    p = portfolio()
    p.apply_employment(frmr_job())
    p.approval_status = ApprovalStatus.APPROVED
    p.mark_dismissal("e1", date(2026, 3, 31), today=TODAY)
    assert p.approval_status is ApprovalStatus.CREATED
    p.approval_status = ApprovalStatus.APPROVED
    p.add_own_line(replace(line(), id="l9"))
    assert p.approval_status is ApprovalStatus.CREATED

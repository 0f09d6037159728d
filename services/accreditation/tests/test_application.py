"""The application's rules: statuses and the only moves between them, every submission check
with its code, review deadlines in working days, and a pass valid for five years."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from egisz.accreditation.domain.application import (
    PAPER_APPROVAL_INVALID,
    Application,
    DeadlineMissed,
    DocumentsChecked,
)
from egisz.accreditation.domain.errors import (
    DocumentsAlreadyCheckedError,
    DocumentsNotCheckedError,
    IllegalTransitionError,
)
from egisz.accreditation.domain.model import Learner, PersonalData, Study
from egisz.accreditation.domain.status import Kind, Status
from egisz.accreditation.domain.submission import Circumstances, Rules, submission_obstacles
from egisz.accreditation.domain.working_days import ReviewTerms, Weekdays, add_working_days
from egisz.kernel.clock import months_before
from egisz.kernel.errors import InvalidInputError, Obstacle

TERMS = ReviewTerms()  # 20 and 15 working days, Monday to Friday

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # a Friday
TODAY = NOW.date()
RULES = Rules()
UNAPPROVED = Obstacle("portfolio_not_approved", "Несогласованное портфолио", "worker")


def formed(kind: Kind = Kind.PERIODIC) -> Application:
    return Application.form(
        application_id="a1",
        worker_id="w1",
        snils="11223344595",
        kind=kind,
        speciality="терапия",
        education_level="higher",
        consent=True,
        comment=None,
        actor="worker:w1",
        now=NOW,
    )


def codes(
    kind: Kind = Kind.PERIODIC, consent: bool = True, speciality: str = "терапия", **facts: object
) -> list[str]:
    circumstances = Circumstances(**{"in_frmr": True, **facts})  # type: ignore[arg-type]
    found = submission_obstacles(
        kind,
        speciality=speciality,
        consent=consent,
        today=TODAY,
        facts=circumstances,
        rules=RULES,
    )
    return [o.code for o in found]


def test_a_complete_application_meets_no_obstacle() -> None:
    assert codes() == []


def test_every_obstacle_has_its_own_code() -> None:
    assert codes(
        consent=False,
        in_frmr=False,
        portfolio_obstacles=(UNAPPROVED,),
        snapshot_error="нет данных",
        current_valid_until=date(2029, 1, 1),
        documents_bytes=26 * 2**20,
    ) == [
        "worker_not_in_frmr",
        "consent_missing",
        "file_too_large",
        "portfolio_xml_failed",
        "portfolio_not_approved",
        "too_early",
    ]


def test_portfolio_checks_apply_to_periodic_accreditation_only() -> None:
    assert codes(Kind.PRIMARY, portfolio_obstacles=(UNAPPROVED,), snapshot_error="x") == []


def test_one_may_apply_from_twelve_months_before_expiry() -> None:
    assert codes(current_valid_until=date(2027, 11, 20)) == []
    assert codes(current_valid_until=date(2027, 11, 21)) == ["too_early"]
    assert months_before(date(2027, 3, 31), 1) == date(2027, 2, 28)


GRADUATE = Learner(
    "11223344595",
    PersonalData("Смирнова", "Дарья", "Олеговна", date(2000, 3, 14)),
    (
        Study("Лечебное дело", "specialist", "graduated", date(2024, 6, 28)),
        Study("Терапия", "residency", "studying"),
    ),
)


def test_a_graduate_not_in_frmr_applies_for_primary_accreditation_in_what_they_completed() -> None:
    outside = {"in_frmr": False, "learner": GRADUATE}
    assert codes(Kind.PRIMARY, speciality="лечебное  дело", **outside) == []
    assert codes(Kind.PRIMARY_SPECIALIZED, speciality="Терапия", **outside) == ["not_graduated"]
    assert codes(Kind.PRIMARY, speciality="Педиатрия", **outside) == ["speciality_not_studied"]
    assert codes(Kind.PERIODIC, speciality="Лечебное дело", **outside)[0] == "worker_not_in_frmr"
    assert codes(Kind.PRIMARY, in_frmr=False) == ["worker_not_in_frmr"]


def test_a_graduation_dated_later_than_today_is_not_a_graduation_yet() -> None:
    later = Learner(
        GRADUATE.snils,
        GRADUATE.personal,
        (Study("Лечебное дело", "specialist", "graduated", TODAY.replace(year=TODAY.year + 1)),),
    )
    found = codes(Kind.PRIMARY, speciality="Лечебное дело", in_frmr=False, learner=later)
    assert found == ["speciality_not_studied"]


def test_a_graduates_programme_is_matched_by_its_speciality_code_where_both_have_one() -> None:
    coded = Learner(
        GRADUATE.snils,
        GRADUATE.personal,
        (Study("Лечебное дело (специалитет)", "specialist", "graduated", date(2024, 6, 28), "27"),),
    )

    def obstacles(speciality: str, code: str | None) -> list[str]:
        circumstances = Circumstances(in_frmr=False, learner=coded)
        found = submission_obstacles(
            Kind.PRIMARY,
            speciality=speciality,
            speciality_code=code,
            consent=True,
            today=TODAY,
            facts=circumstances,
            rules=RULES,
        )
        return [o.code for o in found]

    assert obstacles("Лечебное дело", "27") == [], "the same code under another name"
    assert obstacles("Лечебное дело (специалитет)", "205") == ["speciality_not_studied"]
    assert obstacles("лечебное дело (специалитет)", None) == [], "no code asked: by name"


def test_the_status_walk_of_a_pass_with_deadlines_in_working_days() -> None:
    a = formed()
    a.not_delivered(now=NOW, reason="центр не ответил")
    a.delivered(now=NOW, terms=TERMS)
    assert a.status is Status.UNDER_REVIEW
    assert a.documents_check_due == date(2026, 12, 18)  # 20 working days after a Friday
    assert a.decision_due == add_working_days(date(2026, 12, 18), 15)  # until the check
    a.check_documents(checked_on=TODAY, actor="fac:op", today=TODAY, terms=TERMS)
    assert a.decision_due == date(2026, 12, 11)  # 15 working days from the real check
    decision = a.decide(
        passed=True, protocol_number="П-17", decided_on=TODAY, actor="fac:op", now=NOW
    )
    assert (a.status, decision.valid_until) == (Status.PASSED, date(2031, 11, 20))
    assert [t.status for t in a.history] == [
        Status.FORMED,
        Status.NOT_DELIVERED,
        Status.UNDER_REVIEW,
        Status.PASSED,
    ]


def test_holidays_are_not_working_days() -> None:
    new_year = frozenset(date(2027, 1, d) for d in range(1, 9))
    assert add_working_days(date(2026, 12, 31), 1, Weekdays(new_year)) == date(2027, 1, 11)


@pytest.mark.parametrize(
    ("moves", "refused"),
    [
        ([], "decide"),  # not yet under review
        (["deliver", "check", "pass"], "cancel"),  # a decision is final
        ([], "check"),  # documents are checked under review only
        (["cancel"], "deliver"),
        (["deliver"], "not_delivered"),
    ],
)
def test_an_illegal_move_is_refused_and_changes_nothing(moves: list[str], refused: str) -> None:
    a = formed()
    steps = {
        "deliver": lambda: a.delivered(now=NOW, terms=TERMS),
        "check": lambda: a.check_documents(checked_on=TODAY, actor="fac", today=TODAY, terms=TERMS),
        "not_delivered": lambda: a.not_delivered(now=NOW, reason="x"),
        "cancel": lambda: a.cancel(actor="worker:w1", now=NOW),
        "pass": lambda: a.decide(
            passed=True, protocol_number="1", decided_on=TODAY, actor="fac", now=NOW
        ),
        "decide": lambda: a.decide(
            passed=False, protocol_number="1", decided_on=TODAY, actor="fac", now=NOW
        ),
    }
    for move in moves:
        steps[move]()
    before = (a.status, list(a.history))
    with pytest.raises(IllegalTransitionError):
        steps[refused]()
    assert (a.status, a.history) == before


def test_a_rejection_lists_what_to_fix() -> None:
    a = formed()
    a.delivered(now=NOW, terms=TERMS)
    with pytest.raises(InvalidInputError):
        a.reject(actor="fac", now=NOW, reasons=[" "])
    a.reject(actor="fac", now=NOW, reasons=["Нет копии диплома", "Неверная специальность"])
    assert a.history[-1].reason == "Нет копии диплома; Неверная специальность"


def test_a_paper_approval_not_accepted_is_the_first_reason_and_says_what_to_do() -> None:
    a = formed()
    a.delivered(now=NOW, terms=TERMS)
    a.reject(actor="fac", now=NOW, reasons=["Нет копии диплома"], paper_approval_invalid=True)
    assert a.history[-1].reason == f"{PAPER_APPROVAL_INVALID}; Нет копии диплома"
    assert "подтвердить его в системе" in PAPER_APPROVAL_INVALID


def test_the_commission_decides_only_after_documents_checked_once() -> None:
    a = formed()
    a.delivered(now=NOW, terms=TERMS)
    with pytest.raises(DocumentsNotCheckedError):
        a.decide(passed=True, protocol_number="1", decided_on=TODAY, actor="fac", now=NOW)
    for day in (date(2026, 11, 19), date(2026, 11, 23)):  # before intake; tomorrow
        with pytest.raises(InvalidInputError) as caught:
            a.check_documents(checked_on=day, actor="fac", today=TODAY, terms=TERMS)
        assert caught.value.fields[0].field == "checked_on"
    assert a.check_documents(checked_on=TODAY, actor="fac:op", today=TODAY, terms=TERMS)
    assert not a.check_documents(checked_on=TODAY, actor="fac", today=TODAY, terms=TERMS)
    with pytest.raises(DocumentsAlreadyCheckedError):
        a.check_documents(checked_on=date(2026, 11, 19), actor="f", today=TODAY, terms=TERMS)
    with pytest.raises(DocumentsAlreadyCheckedError):  # after the check only the commission
        a.reject(actor="fac", now=NOW, reasons=["Нет копии диплома"])
    [checked] = [e for e in a.events if isinstance(e, DocumentsChecked)]
    assert (checked.checked_on, checked.actor, a.documents_checked_by) == (
        TODAY,
        "fac:op",
        "fac:op",
    )


def test_documents_checked_in_time_are_never_flagged_and_the_decision_counts_from_the_check() -> (
    None
):
    a = formed()
    a.delivered(now=NOW, terms=TERMS)
    a.check_documents(
        checked_on=date(2026, 12, 1), actor="fac", today=date(2026, 12, 1), terms=TERMS
    )
    assert a.decision_due == date(2026, 12, 22)
    assert a.check_deadlines(date(2026, 12, 21)) == []  # past the first stage's day: closed
    assert a.check_deadlines(date(2026, 12, 23)) == ["decision"]


def test_documents_checked_late_still_count_as_a_missed_stage() -> None:
    a = formed()
    a.delivered(now=NOW, terms=TERMS)
    late = date(2026, 12, 21)
    a.check_documents(checked_on=late, actor="fac", today=late, terms=TERMS)
    assert a.check_deadlines(late) == ["documents_check"]


def test_a_missed_deadline_is_flagged_once_per_stage() -> None:
    a = formed()
    a.delivered(now=NOW, terms=TERMS)
    assert a.check_deadlines(date(2026, 12, 18)) == []
    assert a.check_deadlines(date(2026, 12, 21)) == ["documents_check"]
    assert a.check_deadlines(date(2026, 12, 22)) == []
    assert [e.stage for e in a.events if isinstance(e, DeadlineMissed)] == ["documents_check"]


def test_forming_names_each_missing_field() -> None:
    with pytest.raises(InvalidInputError) as caught:
        Application.form(
            application_id="a1",
            worker_id="w1",
            snils="1",
            kind=Kind.PRIMARY,
            speciality=" ",
            education_level="",
            consent=True,
            comment=None,
            actor="w",
            now=NOW,
        )
    assert {f.field for f in caught.value.fields} == {"speciality", "education_level"}


def test_extra_documents_fit_in_25_megabytes_together_and_only_before_sending() -> None:
    from egisz.accreditation.domain.application import ApplicationDocument

    a = formed()
    a.attach(ApplicationDocument("d1", "диплом.pdf", 20 * 2**20), max_bytes=25 * 2**20)
    with pytest.raises(InvalidInputError) as caught:
        a.attach(ApplicationDocument("d2", "ещё.pdf", 6 * 2**20), max_bytes=25 * 2**20)
    [problem] = caught.value.fields
    assert (problem.field, problem.code) == ("file_id", "too_large_together")
    assert "Ошибка валидации" in problem.message
    a.delivered(now=NOW, terms=TERMS)
    with pytest.raises(IllegalTransitionError):
        a.attach(ApplicationDocument("d3", "поздно.pdf", 10), max_bytes=25 * 2**20)


def test_a_paper_application_is_under_review_from_the_day_it_arrived_and_its_pass_waits() -> None:
    from egisz.accreditation.domain.application import Passed
    from egisz.accreditation.domain.model import PersonalData

    person = PersonalData("Почтова", "Нина", None, date(1999, 4, 1))

    def by_post(received_on: date) -> Application:
        return Application.by_post(
            application_id="p1",
            snils="11223344595",
            personal=person,
            kind=Kind.PRIMARY,
            speciality="лечебное дело",
            education_level="higher",
            actor="fac:op",
            received_on=received_on,
            now=NOW,
            terms=TERMS,
        )

    with pytest.raises(InvalidInputError):
        by_post(date(2026, 11, 21))  # tomorrow
    a = by_post(date(2026, 11, 16))  # a Monday
    assert (a.status, a.channel, a.worker_id) == (Status.UNDER_REVIEW, "post", "")
    assert a.documents_check_due == add_working_days(date(2026, 11, 16), 20)
    a.check_documents(checked_on=TODAY, actor="fac", today=TODAY, terms=TERMS)
    a.decide(passed=True, protocol_number="П-1", decided_on=TODAY, actor="fac", now=NOW)
    assert a.frmr_pending and not [e for e in a.events if isinstance(e, Passed)]
    assert a.entered_frmr("w-new") and not a.entered_frmr("w-new")
    [passed] = [e for e in a.events if isinstance(e, Passed)]
    assert (passed.application.worker_id, a.frmr_pending) == ("w-new", False)


def test_two_applications_are_the_same_speciality_by_code_where_both_have_one() -> None:
    def applied(speciality: str, code: str | None) -> Application:
        return Application.form(
            application_id=uuid.uuid4().hex,
            worker_id="w1",
            snils="11223344595",
            kind=Kind.PERIODIC,
            speciality=speciality,
            education_level="higher",
            consent=True,
            comment=None,
            actor="worker:w1",
            now=NOW,
            speciality_code=code,
        )

    assert applied("Терапия", "76").same_speciality(applied("терапия (взрослые)", "76"))
    assert not applied("Терапия", "76").same_speciality(applied("Терапия", "49"))
    assert applied("Терапия", None).same_speciality(applied(" терапия ", "76"))  # text: by name


async def test_the_portfolio_is_asked_for_readiness_in_the_applications_speciality_code() -> None:
    from dataclasses import replace

    from egisz.accreditation.gateways import FakePortfolioGateway
    from egisz.accreditation.usecases.applications import portfolio_state

    portfolio = FakePortfolioGateway()
    coded = replace(formed(), speciality="Терапия", speciality_code="76")
    await portfolio_state(portfolio, coded, "w1")
    await portfolio_state(portfolio, formed(), "w1")
    assert portfolio.asked == [("Терапия", "76"), ("терапия", None)]

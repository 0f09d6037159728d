"""The educational part and readiness: registry-confirmed and self-declared items, the
continuing-education rule, and every reason an application would be refused, with who fixes it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from egisz.kernel.errors import InvalidInputError
from egisz.portfolio.domain.approval import NotRequiredReason
from egisz.portfolio.domain.documents import AttachedDocument, Limits, Purpose
from egisz.portfolio.domain.education import (
    EducationItem,
    HoursRule,
    Kind,
    Speciality,
    count_hours,
    rule_in_force,
)
from egisz.portfolio.domain.experience import ExperienceEntry, KnownOrganization
from egisz.portfolio.domain.model import Portfolio
from egisz.portfolio.domain.readiness import obstacles
from egisz.runtime.handling import handling

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
RULE = HoursRule()
ORG = "1.2.643.5.1.13.13.12.2.77.1"


def program(
    n: int,
    hours: int,
    kind: Kind = Kind.ADVANCED_TRAINING,
    speciality: str = "терапия",
    issued: date = date(2024, 3, 1),
) -> EducationItem:
    return EducationItem(f"n{n}", kind, f"Программа {n}", speciality, None, issued, hours=hours)


def diploma(holder: str | None = None) -> EducationItem:
    return EducationItem(
        "d1",
        Kind.HIGHER,
        "РНИМУ",
        "лечебное дело",
        "Д-1",
        date(2008, 6, 30),
        registry_confirmed=True,
        holder_last_name=holder,
    )


def codes(p: Portfolio, speciality: str | None = "терапия") -> list[str]:
    return [
        o.code
        for o in obstacles(
            p,
            today=TODAY,
            speciality=Speciality(speciality),
            rule=RULE,
            limits=Limits(),
            known_organizations={ORG},
        )
    ]


def employed(subdivision: str | None = f"{ORG}.0.1") -> Portfolio:
    p = Portfolio.open_for(portfolio_id="p1", worker_id="w1", snils="1", now=NOW)
    p.apply_employment(
        ExperienceEntry(
            "j1", ORG, subdivision, "Врач", "main", "1.0", date(2020, 1, 1), None, None, 2
        )
    )
    return p


def organization_obstacle(p: Portfolio, known: set[str]) -> str | None:
    found = obstacles(
        p,
        today=TODAY,
        speciality=Speciality(),
        rule=RULE,
        limits=Limits(),
        known_organizations=known,
    )
    return next((o.message for o in found if o.code == "no_organization_data"), None)


def test_a_job_without_its_subdivision_lacks_organization_data_until_a_document_proves_it() -> None:
    p = employed(subdivision=None)
    message = organization_obstacle(p, {ORG})
    assert message is not None and "для «Врач» не указано структурное подразделение" in message
    assert "трудовой договор" in message
    p.attach(
        AttachedDocument("c1", Purpose.EMPLOYMENT_PROOF, "договор.pdf", 10, NOW, "j1"),
        limits=Limits(),
        by="w",
    )
    assert organization_obstacle(p, {ORG}) is None
    assert organization_obstacle(p, set()) is None, "the contract proves the job, FRMO or not"


def test_work_frmr_has_no_record_of_is_proven_by_a_document_naming_no_job() -> None:
    p = Portfolio.open_for(portfolio_id="p1", worker_id="w1", snils="1", now=NOW)
    assert organization_obstacle(p, set()) is not None
    p.attach(
        AttachedDocument("b1", Purpose.EMPLOYMENT_PROOF, "трудовая.pdf", 10, NOW),
        limits=Limits(),
        by="w",
    )
    assert organization_obstacle(p, set()) is None


def test_only_an_employment_proof_names_a_job_and_only_the_workers_own() -> None:
    p = employed()
    for purpose, job, code in (
        (Purpose.ADDITIONAL, "j1", "not_applicable"),
        (Purpose.EMPLOYMENT_PROOF, "j9", "not_found"),
    ):
        with pytest.raises(InvalidInputError) as caught:
            p.attach(AttachedDocument("x", purpose, "x.pdf", 10, NOW, job), limits=Limits(), by="w")
        assert [(f.field, f.code) for f in caught.value.fields] == [("employment_id", code)]
    assert p.documents == []


def test_hours_count_only_programs_of_the_period_over_the_minimum() -> None:
    items = [
        program(1, 72),
        program(2, 36, Kind.NMO_PROGRAM),
        program(3, 8),  # under 16 h: does not count
        program(4, 144, issued=date(2020, 1, 1)),  # before the period
        program(5, 40, speciality="кардиология"),
    ]
    hours = count_hours(items, today=TODAY, speciality=Speciality("Терапия"), rule=RULE)
    assert (hours.total, hours.advanced_in_speciality) == (148, 108)
    assert hours.since == date(2021, 11, 21)


def test_hours_in_a_speciality_are_matched_by_its_code_where_both_sides_have_one() -> None:
    coded = [
        replace(program(1, 72, speciality="Терапия"), speciality_code="76"),
        replace(program(2, 36, speciality="терапия (старое название)"), speciality_code="76"),
        replace(program(3, 40, speciality="терапия"), speciality_code="27"),  # another code
        program(4, 24, speciality="Терапия"),  # no code: by its name
    ]
    hours = count_hours(coded, today=TODAY, speciality=Speciality("Терапия", "76"), rule=RULE)
    assert hours.advanced_in_speciality == 72 + 36 + 24
    by_name = count_hours(coded, today=TODAY, speciality=Speciality("терапия"), rule=RULE)
    assert by_name.advanced_in_speciality == 72 + 40 + 24, "no code asked: names decide"
    accredited = replace(
        program(5, 0, Kind.ACCREDITATION, "терапия (прежн.)"), speciality_code="76"
    )
    since = count_hours(
        [*coded, accredited], today=TODAY, speciality=Speciality("Терапия", "76"), rule=RULE
    ).since
    assert since == accredited.issued_on, "the cycle starts at the accreditation in that code"


def test_retraining_counts_from_250_hours_and_what_does_not_count_says_why() -> None:
    items = [
        program(1, 252, Kind.RETRAINING),
        program(2, 200, Kind.RETRAINING),  # under 250 h: not a retraining
        program(3, 8),
    ]
    hours = count_hours(items, today=TODAY, speciality=Speciality("терапия"), rule=RULE)
    assert (hours.total, hours.advanced_in_speciality) == (252, 0)
    assert [(i.hours, why) for i, why in hours.not_counted] == [
        (200, "переподготовка короче 250 ч (200 ч) не засчитывается"),
        (8, "программа короче 16 ч (8 ч) не засчитывается"),
    ]


def test_a_fresh_portfolio_names_every_obstacle() -> None:
    p = Portfolio.open_for(portfolio_id="p1", worker_id="w1", snils="1", now=NOW)
    assert codes(p) == [
        "no_organization_data",
        "portfolio_not_approved",
        "education_missing",
        "continuing_education_short",
    ]


def test_a_complete_portfolio_is_ready() -> None:
    p = employed()
    p.apply_registry_education(diploma())
    p.declare_education(program(1, 144), today=TODAY)
    p.full_name = "Главврачёв Пётр Ильич"
    head_of = KnownOrganization(ORG, "ГБУЗ", head_name="Главврачёв Пётр Ильич")
    p.declare_not_required(NotRequiredReason.IS_HEAD, now=NOW, workplaces=[head_of])
    assert codes(p) == []


def test_hours_short_says_how_many_and_by_which_act() -> None:
    p = employed()
    p.declare_education(program(1, 100), today=TODAY)
    [short] = [
        o
        for o in obstacles(
            p,
            today=TODAY,
            speciality=Speciality("терапия"),
            rule=RULE,
            limits=Limits(),
            known_organizations={ORG},
        )
        if o.code == "continuing_education_short"
    ]
    assert "100 из 144 ч" in short.message and "709н" in short.message
    assert short.fixable_by == "worker"


def test_another_surname_on_a_document_needs_the_name_change_document() -> None:
    p = employed()
    p.last_name = "Петрова"
    p.apply_registry_education(diploma(holder="Иванова"))
    assert "surname_mismatch" in codes(p)
    p.attach(
        AttachedDocument("m1", Purpose.NAME_CHANGE, "брак.pdf", 10, NOW), limits=Limits(), by="w"
    )
    assert "surname_mismatch" not in codes(p)


def test_a_worker_not_employed_now_gets_the_dismissal_hint() -> None:
    p = Portfolio.open_for(portfolio_id="p1", worker_id="w1", snils="1", now=NOW)
    p.apply_employment(
        ExperienceEntry(
            "j1", ORG, None, "Врач", "main", "1.0", date(2018, 1, 1), date(2025, 6, 30), "x", 3
        )
    )
    [message] = [
        o.message
        for o in obstacles(
            p,
            today=TODAY,
            speciality=Speciality(),
            rule=RULE,
            limits=Limits(),
            known_organizations={ORG},
        )
        if o.code == "portfolio_not_approved"
    ]
    assert "Несогласованное портфолио" in message and "30.06.2025" in message


def test_documents_over_limits_set_later_are_an_obstacle() -> None:
    p = employed()
    p.attach(
        AttachedDocument("a1", Purpose.ADDITIONAL, "a.pdf", 9 * 2**20, NOW), limits=Limits(), by="w"
    )
    tighter = Limits(max_files=5, max_bytes=5 * 2**20)
    found = obstacles(
        p,
        today=TODAY,
        speciality=Speciality(),
        rule=RULE,
        limits=tighter,
        known_organizations={ORG},
    )
    assert "documents_over_limit" in [o.code for o in found]


def test_self_declared_items_are_checked_and_registry_ones_are_not_removed_by_the_worker() -> None:
    p = employed()
    with pytest.raises(InvalidInputError) as caught:
        p.declare_education(
            EducationItem("x", Kind.ACCREDITATION, " ", None, None, date(2030, 1, 1)), today=TODAY
        )
    assert {f.field: f.code for f in caught.value.fields} == {
        "kind": "registry_only",
        "title": "missing",
        "issued_on": "future",
    }
    p.apply_registry_education(diploma())
    assert p.apply_registry_education(diploma()) is False
    with pytest.raises(InvalidInputError) as registry:
        p.remove_education("d1")
    assert [f.code for f in registry.value.fields] == ["registry"]


def test_the_cycle_starts_at_the_last_accreditation_in_the_speciality() -> None:
    accredited = EducationItem(
        "a1",
        Kind.ACCREDITATION,
        "periodic",
        "терапия",
        "П-1",
        date(2024, 6, 1),
        date(2029, 6, 1),
        registry_confirmed=True,
    )
    items = [
        accredited,
        program(1, 72, issued=date(2024, 3, 1)),
        program(2, 36, issued=date(2025, 1, 1)),
    ]
    hours = count_hours(items, today=TODAY, speciality=Speciality("терапия"), rule=RULE)
    assert (hours.since, hours.total) == (date(2024, 6, 1), 36)
    other = count_hours(items, today=TODAY, speciality=Speciality("кардиология"), rule=RULE)
    assert other.since == date(2021, 11, 21)


def test_a_job_at_an_organization_missing_from_frmo_has_no_organization_data() -> None:
    p = employed()
    found = obstacles(
        p,
        today=TODAY,
        speciality=Speciality(),
        rule=RULE,
        limits=Limits(),
        known_organizations=set(),
    )
    [missing] = [o for o in found if o.code == "no_organization_data"]
    assert ORG in missing.message and missing.fixable_by == "organization"


def test_the_rule_in_force_on_the_day_applies() -> None:
    old = HoursRule(legal_act="старый приказ", effective_from=date(2016, 1, 1), total_hours=250)
    new = HoursRule(legal_act="новый приказ", effective_from=date(2027, 1, 1), total_hours=200)
    assert rule_in_force([new, RULE, old], TODAY) is RULE
    assert rule_in_force([new, RULE, old], date(2027, 3, 1)) is new
    assert rule_in_force([new], TODAY) is new  # none in force yet: the earliest


async def test_programmes_from_the_nmo_portal_count_as_confirmed_once_however_often_imported() -> (
    None
):
    from egisz.portfolio import usecases
    from egisz.portfolio.repository import FakePortfolioUnitOfWork
    from egisz.portfolio.settings import Consumer

    uow = FakePortfolioUnitOfWork()
    snils = "11223344595"
    with handling(Consumer.WORKER_REGISTERED, "e1"):
        await usecases.open_portfolio(uow, worker_id="w1", snils=snils)

    def row(n: int, who: str = snils) -> tuple[int, str, EducationItem]:
        item = EducationItem.from_nmo(
            snils=who,
            document_number=f"НМО-{n}",
            title=f"Программа {n}",
            speciality="терапия",
            hours=36,
            completed_on=date(2025, 3, n),
        )
        return n, who, item

    rows = [row(1), row(2), row(3, "112-233-445 00"), row(4, "00000000000")]
    done = await usecases.import_nmo(lambda: uow, rows)
    assert (done.imported, done.unchanged) == (2, 0)
    assert [(n, f) for n, f, _ in done.refused] == [(3, "snils"), (4, "snils")]
    again = await usecases.import_nmo(lambda: uow, rows[:2])
    assert (again.imported, again.unchanged) == (0, 2)
    portfolio = await usecases.find_portfolio(uow, snils=snils)
    assert [i.confirmed_by for i in portfolio.education] == ["НМФО", "НМФО"]
    hours = count_hours(
        portfolio.education, today=TODAY, speciality=Speciality("терапия"), rule=RULE
    )
    assert hours.total == 72
    with pytest.raises(InvalidInputError) as theirs:
        portfolio.remove_education(portfolio.education[0].id)
    assert "портал НМО" in theirs.value.fields[0].message


def test_the_hours_rule_is_read_from_settings_by_field_name_with_the_domains_defaults(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from egisz.portfolio.settings import PortfolioSettings

    assert PortfolioSettings().continuing_education_rules == [HoursRule()]
    monkeypatch.setenv(
        "PORTFOLIO_CONTINUING_EDUCATION_RULES",
        '[{"legal_act": "Новый приказ", "effective_from": "2027-01-01", "total_hours": 150}]',
    )
    [rule] = PortfolioSettings().continuing_education_rules
    assert (rule.legal_act, rule.total_hours, rule.advanced_hours) == ("Новый приказ", 150, 72)
    monkeypatch.setenv("PORTFOLIO_CONTINUING_EDUCATION_RULES", '[{"period_years": 0}]')
    with pytest.raises(ValueError, match="period_years"):
        PortfolioSettings()

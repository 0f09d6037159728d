"""Snapshots: the whole portfolio as JSON and as «portfolio.xml» valid against the XSD in the
repo; a snapshot the schema rejects is a clear error and nothing is stored."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import pytest

from egisz.contracts.portfolio import PortfolioDocument
from egisz.portfolio import snapshot, usecases
from egisz.portfolio.domain.approval import NotRequiredReason
from egisz.portfolio.domain.documents import AttachedDocument, Limits, Purpose
from egisz.portfolio.domain.education import EducationItem, Kind
from egisz.portfolio.domain.errors import SnapshotInvalidError
from egisz.portfolio.domain.experience import ExperienceEntry
from egisz.portfolio.repository import FakePortfolioUnitOfWork
from egisz.portfolio.settings import Consumer
from egisz.portfolio.wire import build_snapshot
from egisz.runtime.handling import handling

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
ORG = "1.2.643.5.1.13.13.12.2.77.1"
WORKER_REGISTERED = Consumer.WORKER_REGISTERED


async def full(uow: FakePortfolioUnitOfWork, snils: str = "11223344595") -> None:
    with handling(WORKER_REGISTERED, "e0"):
        await usecases.open_portfolio(
            uow,
            worker_id="w1",
            snils=snils,
            last_name="Петрова",
            clock=lambda: NOW,
        )
    p = uow.store[next(iter(uow.store))]
    p.apply_employment(
        ExperienceEntry(
            "j1",
            ORG,
            f"{ORG}.0.1",
            "Врач",
            "main",
            "0.75",
            date(2019, 2, 1),
            date(2025, 6, 30),
            "сокращение",
            3,
        )
    )
    p.apply_registry_education(
        EducationItem(
            "d1",
            Kind.HIGHER,
            "РНИМУ",
            "лечебное дело",
            "Д-1",
            date(2008, 6, 30),
            registry_confirmed=True,
        )
    )
    p.declare_education(
        EducationItem(
            "n1", Kind.NMO_PROGRAM, "Терапия", "терапия", None, date(2024, 1, 1), hours=36
        ),
        today=NOW.date(),
    )
    p.key_skills = ["ЭКГ", "УЗИ & допплер <базовый>"]  # characters XML must escape
    p.attach(
        AttachedDocument("f1", Purpose.ADDITIONAL, "грамота.pdf", 1000, NOW),
        limits=Limits(),
        by="w",
    )
    p.declare_not_required(NotRequiredReason.NOT_EMPLOYED, now=NOW)
    p.events.clear()


async def test_a_snapshot_is_stored_as_json_and_as_valid_portfolio_xml() -> None:
    uow = FakePortfolioUnitOfWork()
    await full(uow)
    taken = await usecases.create_snapshot(
        uow, snils="11223344595", build=build_snapshot, clock=lambda: NOW
    )
    assert snapshot.problems(taken.xml) == []
    document = PortfolioDocument.model_validate_json(taken.json)
    assert (document.snapshot_version, document.approval.not_required_reason) == (1, "not_employed")
    root = ET.fromstring(taken.xml)
    ns = {"p": snapshot.NAMESPACE}
    assert root.find("p:worker/p:snils", ns).text == "11223344595"  # type: ignore[union-attr]
    assert [s.text for s in root.findall("p:professional/p:keySkills/p:skill", ns)] == [
        "ЭКГ",
        "УЗИ & допплер <базовый>",
    ]
    again = await usecases.create_snapshot(
        uow, snils="11223344595", build=build_snapshot, clock=lambda: NOW
    )
    assert again.number == 2


async def test_a_snapshot_the_schema_rejects_is_an_error_and_nothing_is_stored() -> None:
    uow = FakePortfolioUnitOfWork()
    await full(uow, snils="12345")  # not eleven digits: the XSD refuses it
    with pytest.raises(SnapshotInvalidError, match=r"portfolio\.xml"):
        await usecases.create_snapshot(uow, snils="12345", build=build_snapshot, clock=lambda: NOW)
    assert uow.snapshots_store == {}
    assert next(iter(uow.store.values())).snapshots_taken == 0

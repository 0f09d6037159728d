"""The portfolio's entry points on the in-memory broker: a registry event projected once however
often it comes, and the worker reading their own portfolio — the runtime's whole path over the
fake unit of work, no server."""

from __future__ import annotations

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.contracts.registry import WorkerRegistered
from egisz.portfolio.certificates import HeadCertificates
from egisz.portfolio.domain import documents
from egisz.portfolio.handlers import ROUTERS
from egisz.portfolio.handlers.dependencies import Dependencies
from egisz.portfolio.repository import FakePortfolioUnitOfWork
from egisz.portfolio.settings import PortfolioSettings
from egisz.runtime.files import FileStore
from egisz.testsupport.inmemory import InMemoryService

SNILS = "11223344595"


def portfolio_service(uow: FakePortfolioUnitOfWork) -> InMemoryService:
    settings = PortfolioSettings()

    def no_store() -> FileStore:
        raise AssertionError("these tests keep no files")

    deps = Dependencies(
        units=lambda origin=None: uow,
        limits=documents.Limits(settings.documents_max_files, settings.documents_max_bytes),
        hours_rules=settings.continuing_education_rules,
        documents=no_store,
        certificates=HeadCertificates([]),
    )
    return InMemoryService(settings, ROUTERS, deps, inbox_of=uow)


def registered(worker_id: str = "w1") -> WorkerRegistered:
    return WorkerRegistered(
        worker_id=worker_id,
        snils=SNILS,
        record_version=1,
        last_name="Петрова",
        first_name="Анна",
        middle_name="Сергеевна",
        birth_date="1985-04-12",  # type: ignore[arg-type]
    )


async def test_a_registered_worker_gets_one_portfolio_however_often_the_event_comes() -> None:
    uow = FakePortfolioUnitOfWork()
    async with portfolio_service(uow) as svc:
        event_id = await svc.publish(subjects.WORKER_REGISTERED, registered())
        await svc.publish(subjects.WORKER_REGISTERED, registered(), event_id=event_id)
        own = await svc.command(subjects.PORTFOLIO_GET, {}, role=Role.WORKER, snils=SNILS)
    assert len(uow.store) == 1
    assert uow.commits == 1  # the copy changed nothing: the inbox knew it
    assert own["ok"], own
    assert own["result"]["worker_id"] == "w1"


async def test_a_worker_reads_only_their_own_portfolio_another_id_finds_nothing() -> None:
    uow = FakePortfolioUnitOfWork()
    async with portfolio_service(uow) as svc:
        await svc.publish(subjects.WORKER_REGISTERED, registered())
        stranger = await svc.command(
            subjects.PORTFOLIO_GET, {"worker_id": "w1"}, role=Role.WORKER, snils="12345678964"
        )
    assert stranger["ok"] is False
    print(stranger)
    assert stranger["error"]["code"] in ("portfolio_not_found", "forbidden")

"""Who reads which portfolio, on fakes: a worker only their own; the center and services any."""

from __future__ import annotations

import pytest

from egisz.portfolio import usecases
from egisz.portfolio.domain.errors import PortfolioNotFoundError
from egisz.portfolio.repository import FakePortfolioUnitOfWork
from egisz.portfolio.settings import Consumer
from egisz.runtime.handling import handling

ANNA, BORIS = "11223344595", "12345678964"


async def two_workers() -> FakePortfolioUnitOfWork:
    uow = FakePortfolioUnitOfWork()
    for n, snils in enumerate((ANNA, BORIS)):
        with handling(Consumer.WORKER_REGISTERED, f"e{n}"):
            await usecases.open_portfolio(
                uow,
                worker_id=f"w{n}",
                snils=snils,
            )
    return uow


async def test_a_worker_reads_their_own_portfolio_with_or_without_naming_it() -> None:
    uow = await two_workers()
    mine = await usecases.read_portfolio(uow, worker_id=None, own_snils=ANNA)
    assert mine.worker_id == "w0"
    assert (await usecases.read_portfolio(uow, worker_id="w0", own_snils=ANNA)).id == mine.id


async def test_a_worker_naming_another_workers_portfolio_finds_nothing() -> None:
    uow = await two_workers()
    with pytest.raises(PortfolioNotFoundError):
        await usecases.read_portfolio(uow, worker_id="w1", own_snils=ANNA)


async def test_the_center_reads_any_portfolio_by_worker_id_and_nothing_without_one() -> None:
    uow = await two_workers()
    assert (await usecases.read_portfolio(uow, worker_id="w1", own_snils=None)).worker_id == "w1"
    with pytest.raises(PortfolioNotFoundError):
        await usecases.read_portfolio(uow, worker_id=None, own_snils=None)

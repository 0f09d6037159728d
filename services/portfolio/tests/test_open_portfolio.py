"""A portfolio opens once per worker, however often worker.registered arrives."""

from __future__ import annotations

import pytest

from egisz.portfolio import usecases
from egisz.portfolio.domain.approval import ApprovalStatus
from egisz.portfolio.domain.errors import PortfolioNotFoundError
from egisz.portfolio.domain.events import PortfolioOpened
from egisz.portfolio.repository import FakePortfolioUnitOfWork
from egisz.portfolio.settings import Consumer
from egisz.runtime.handling import handling

WORKER_REGISTERED = Consumer.WORKER_REGISTERED


async def test_a_registered_worker_gets_a_portfolio_in_status_created() -> None:
    uow = FakePortfolioUnitOfWork()
    with handling(WORKER_REGISTERED, "e1"):
        portfolio = await usecases.open_portfolio(uow, worker_id="w1", snils="11223344595")
    assert portfolio is not None
    assert portfolio.approval_status is ApprovalStatus.CREATED
    assert uow.published == [PortfolioOpened(portfolio.id, "w1")]


async def test_the_same_event_twice_opens_one_portfolio() -> None:
    uow = FakePortfolioUnitOfWork()
    with handling(WORKER_REGISTERED, "e1"):
        await usecases.open_portfolio(uow, worker_id="w1", snils="11223344595")
    with handling(WORKER_REGISTERED, "e1"):
        again = await usecases.open_portfolio(uow, worker_id="w1", snils="11223344595")
    assert again is None
    assert len(uow.store) == 1 and len(uow.published) == 1


async def test_another_event_for_the_same_worker_opens_nothing_new() -> None:
    uow = FakePortfolioUnitOfWork()
    with handling(WORKER_REGISTERED, "e1"):
        await usecases.open_portfolio(uow, worker_id="w1", snils="11223344595")
    with handling(WORKER_REGISTERED, "e2"):
        again = await usecases.open_portfolio(uow, worker_id="w1", snils="11223344595")
    assert again is None
    assert len(uow.store) == 1
    assert ("worker-registered", "e2") in uow.processed


async def test_a_worker_without_a_portfolio_is_told_who_can_fix_it() -> None:
    with pytest.raises(PortfolioNotFoundError) as caught:
        await usecases.find_portfolio(FakePortfolioUnitOfWork(), snils="11223344595")
    assert caught.value.fixable_by == "organization"

"""Portfolio entry points: contract in → use case → reply / events out."""

from __future__ import annotations

from typing import Any

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.contracts.events import CloudEvent
from egisz.contracts.portfolio import GetPortfolio, PortfolioCreated, PortfolioView
from egisz.contracts.registry import WorkerRegistered
from egisz.portfolio import usecases
from egisz.portfolio.domain.errors import PortfolioNotFoundError
from egisz.portfolio.domain.model import DomainEvent, Portfolio, PortfolioOpened
from egisz.portfolio.repository import MongoPortfolioUnitOfWork
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.events import Cause, outgoing
from egisz.runtime.messaging import CommandContext
from egisz.runtime.mongo import OutgoingEvent


def to_view(p: Portfolio) -> PortfolioView:
    return PortfolioView(
        portfolio_id=p.id,
        worker_id=p.worker_id,
        approval_status=p.approval_status.value,
        created_at=p.created_at,
        version=p.version,
    )


def to_wire(event: DomainEvent, cause: Cause) -> OutgoingEvent:
    match event:
        case PortfolioOpened():
            data = PortfolioCreated(portfolio_id=event.portfolio_id, worker_id=event.worker_id)
            return outgoing(subjects.PORTFOLIO_CREATED, data, about=event.worker_id, cause=cause)
    raise TypeError(f"no wire form for {event!r}")


def register(rt: ServiceRuntime) -> None:
    def uow(cause: Cause) -> MongoPortfolioUnitOfWork:
        return MongoPortfolioUnitOfWork(rt.unit_of_work(), lambda ev: to_wire(ev, cause))

    @rt.consumer(subjects.WORKER_REGISTERED, name=usecases.WORKER_REGISTERED_CONSUMER)
    async def on_worker_registered(event: CloudEvent[Any]) -> None:
        data: WorkerRegistered = event.data
        await usecases.open_portfolio(
            uow(Cause.of_event(event)),
            event_id=event.id,
            worker_id=data.worker_id,
            snils=data.snils,
        )

    @rt.command(
        subjects.PORTFOLIO_GET,
        roles={Role.WORKER, Role.FAC_OPERATOR, Role.SERVICE},
    )
    async def get_portfolio(req: GetPortfolio, ctx: CommandContext) -> PortfolioView:
        if ctx.actor.role is Role.WORKER:
            portfolio = await usecases.find_portfolio(uow(ctx.cause), snils=ctx.actor.snils)
            if req.worker_id not in (None, portfolio.worker_id):
                raise PortfolioNotFoundError()
            return to_view(portfolio)
        return to_view(await usecases.find_portfolio(uow(ctx.cause), worker_id=req.worker_id))

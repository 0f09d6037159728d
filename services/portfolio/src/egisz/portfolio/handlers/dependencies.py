"""What the portfolio's entry points need, built by `app.py`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from egisz.contracts import portfolio as wire
from egisz.contracts.audit import DataPart
from egisz.contracts.envelope import Role
from egisz.portfolio import usecases
from egisz.portfolio.certificates import HeadCertificates
from egisz.portfolio.domain import documents, education, model
from egisz.portfolio.repository import PortfolioUnitOfWork
from egisz.portfolio.wire import to_view
from egisz.runtime.files import FileStore
from egisz.runtime.messaging import CommandContext
from egisz.runtime.routing import UnitOfWorkFactory


@dataclass(frozen=True)
class Dependencies:
    """The store is a factory: Mongo is up only once the runtime has started."""

    units: UnitOfWorkFactory[PortfolioUnitOfWork]
    limits: documents.Limits
    hours_rules: list[education.HoursRule]
    documents: Callable[[], FileStore]
    certificates: HeadCertificates  # the heads' certificates, by the CAs the service trusts


async def view(p: model.Portfolio, ctx: CommandContext, deps: Dependencies) -> wire.PortfolioView:
    """The portfolio as its reader sees it, with the names of the organizations it mentions
    (whose it is goes to the audit journal)."""
    ctx.disclosed(p.snils, DataPart.PORTFOLIO)
    return to_view(p, await usecases.organization_names(deps.units(ctx), p))


def head(ctx: CommandContext) -> usecases.Head:
    """The caller as the head recorded in FRMO (checked by the use case, not here)."""
    return usecases.Head(ctx.actor.sub, ctx.actor.org, ctx.actor.name)


def speaker(ctx: CommandContext) -> usecases.Head | usecases.Officer:
    """Who answers for an organization: an officer with access, or its head."""
    a = ctx.actor
    return usecases.Officer(a.sub, a.org, a.snils) if a.role is Role.ORG_OFFICER else head(ctx)

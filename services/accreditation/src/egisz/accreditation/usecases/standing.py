"""A pass's standing: the center suspends, reinstates or revokes it (`domain/standing.py`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from egisz.accreditation.domain.application import Application
from egisz.accreditation.domain.errors import ApplicationNotFoundError
from egisz.accreditation.domain.standing import StandingAction
from egisz.kernel.clock import Clock, utcnow

if TYPE_CHECKING:  # ports only: no driver is imported at run time
    from egisz.accreditation.repository import AccreditationUnitOfWork


async def change_standing(
    uow: AccreditationUnitOfWork,
    *,
    application_id: str,
    action: StandingAction,
    reason: str,
    effective_from: date,
    until: date | None,
    actor: str,
    clock: Clock = utcnow,
) -> Application:
    """Recorded with its event in one transaction: FRMR, the person and their employers hear."""
    async with uow:
        application = await uow.applications.get(application_id)
        if application is None:
            raise ApplicationNotFoundError()
        application.change_standing(
            action, reason=reason, effective_from=effective_from, until=until, by=actor, now=clock()
        )
        await uow.applications.save(application)
        await uow.commit()
    return application

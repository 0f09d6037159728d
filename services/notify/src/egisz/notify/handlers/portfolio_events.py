"""Events of the portfolio: a head's signing key, approval requested and decided."""

from __future__ import annotations

from egisz.contracts import portfolio as portfolio_wire, subjects
from egisz.contracts.events import CloudEvent
from egisz.kernel.clock import utcnow
from egisz.notify import usecases
from egisz.notify.domain import reminders
from egisz.notify.domain.model import (
    Message,
    NotificationKind,
    head,
)
from egisz.notify.handlers.dependencies import Dependencies
from egisz.notify.handlers.telling import plan, tell
from egisz.notify.settings import Consumer
from egisz.runtime.routing import Router

router = Router[Dependencies]()


@router.consumer(subjects.SIGNING_KEY_REGISTERED, name=Consumer.SIGNING_KEY_REGISTERED)
async def on_signing_key_registered(
    event: CloudEvent[portfolio_wire.SigningKeyRegistered], deps: Dependencies
) -> None:
    data = event.data
    await plan(
        event,
        deps,
        reminders.signing_key_plan(
            head_mailbox=head(data.organization_oid, data.head_name),
            fingerprint=data.fingerprint,
            valid_until=data.valid_until,
            today=utcnow().date(),
        ),
    )


@router.consumer(subjects.APPROVAL_REQUESTED, name=Consumer.APPROVAL_REQUESTED)
async def on_approval_requested(
    event: CloudEvent[portfolio_wire.ApprovalRequested], deps: Dependencies
) -> None:
    data = event.data
    name = await usecases.worker_name(deps.units(event), data.worker_id, "Работник")
    mailbox = head(data.organization_oid, data.head_name)
    values = {"worker_name": name, "comment": data.comment}
    await tell(
        event,
        deps,
        Message(NotificationKind.APPROVAL_REQUESTED, values, recipient_id=mailbox),
        plan=reminders.approval_plan(
            portfolio_id=data.portfolio_id,
            head_mailbox=mailbox,
            worker_name=name,
            requested_on=data.requested_at.date(),
            days=deps.approval_reminder_days,
            today=utcnow().date(),
        ),
    )


@router.consumer(subjects.APPROVAL_DECIDED, name=Consumer.APPROVAL_DECIDED)
async def on_approval_decided(
    event: CloudEvent[portfolio_wire.ApprovalDecided], deps: Dependencies
) -> None:
    data = event.data
    values = {
        "status": data.status,
        "reason": data.reason,
        "method": data.method,
        "paper_confirmed": data.paper_confirmed,
    }
    await tell(
        event,
        deps,
        Message(NotificationKind.APPROVAL_DECIDED, values, worker_id=data.worker_id),
        plan=reminders.approval_settled(data.portfolio_id),
    )

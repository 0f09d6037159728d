"""Events of accreditation: an application's status, missed deadlines, documents checked, extracts
and a passed accreditation's reminders."""

from __future__ import annotations

from egisz.contracts import accreditation as accreditation_wire, subjects
from egisz.contracts.events import CloudEvent
from egisz.kernel.clock import utcnow
from egisz.notify import usecases
from egisz.notify.domain import reminders
from egisz.notify.domain.model import (
    CENTER,
    Message,
    NotificationKind,
    person,
)
from egisz.notify.handlers.dependencies import Dependencies
from egisz.notify.handlers.telling import plan, tell
from egisz.notify.settings import Consumer
from egisz.notify.wire import day, status_values
from egisz.runtime.routing import Router

router = Router[Dependencies]()


@router.consumer(subjects.APPLICATION_STATUS_CHANGED, name=Consumer.APPLICATION_STATUS)
async def on_application_status(
    event: CloudEvent[accreditation_wire.ApplicationStatusChanged], deps: Dependencies
) -> None:
    data = event.data
    mailbox = person(data.snils)
    employers = []
    if data.status in ("passed", "failed"):  # the organizations they work for hear it too
        # Never held back for the name: the applicant's own notice goes in the same step.
        name = await usecases.worker_name(deps.units(event), data.worker_id, "Сотрудник")
        employers.append(
            Message(
                NotificationKind.STAFF_ACCREDITATION_DECIDED,
                status_values(data) | {"worker_name": name},
                employers_of=mailbox,
            )
        )
    await tell(
        event,
        deps,
        Message(
            NotificationKind.APPLICATION_STATUS,
            status_values(data),
            recipient_id=mailbox,
            contact_email=data.email,  # «контакты для связи» the application gives
        ),
        *employers,
        plan=reminders.not_delivered_plan(
            application_id=data.application_id,
            recipient_id=mailbox,
            speciality=data.speciality,
            not_delivered=data.status == "not_delivered",
            since=event.time.date(),
            days=deps.not_delivered_reminder_days,
            today=utcnow().date(),
        ),
    )


@router.consumer(subjects.APPLICATION_DEADLINE_MISSED, name=Consumer.DEADLINE_MISSED)
async def on_deadline_missed(
    event: CloudEvent[accreditation_wire.DeadlineMissed], deps: Dependencies
) -> None:
    data = event.data
    values = {"speciality": data.speciality, "stage": data.stage, "due": day(data.due)}
    await tell(
        event,
        deps,
        Message(
            NotificationKind.APPLICATION_DEADLINE_MISSED,
            values,
            recipient_id=person(data.snils),
        ),
        Message(
            NotificationKind.CENTER_DEADLINE_MISSED,
            values | {"application_id": data.application_id},
            recipient_id=CENTER,
        ),
    )


@router.consumer(subjects.APPLICATION_DOCUMENTS_CHECKED, name=Consumer.DOCUMENTS_CHECKED)
async def on_documents_checked(
    event: CloudEvent[accreditation_wire.DocumentsChecked], deps: Dependencies
) -> None:
    data = event.data
    values = {
        "speciality": data.speciality,
        "checked_on": day(data.checked_on),
        "decision_due": day(data.decision_due) if data.decision_due else None,
    }
    await tell(
        event,
        deps,
        Message(
            NotificationKind.APPLICATION_DOCUMENTS_CHECKED,
            values,
            recipient_id=person(data.snils),
        ),
    )


@router.consumer(subjects.EXTRACT_STATUS_CHANGED, name=Consumer.EXTRACT_STATUS)
async def on_extract_status(
    event: CloudEvent[accreditation_wire.ExtractStatusChanged], deps: Dependencies
) -> None:
    data = event.data
    await tell(
        event,
        deps,
        Message(
            NotificationKind.EXTRACT_STATUS,
            status_values(data),
            recipient_id=person(data.snils),
        ),
    )


@router.consumer(subjects.ACCREDITATION_PASSED, name=Consumer.ACCREDITATION_PASSED)
async def on_accreditation_passed(
    event: CloudEvent[accreditation_wire.AccreditationPassed], deps: Dependencies
) -> None:
    data = event.data
    await plan(
        event,
        deps,
        reminders.accreditation_plan(
            snils=data.snils,
            recipient_id=person(data.snils),
            worker_id=data.worker_id,
            speciality=data.speciality,
            valid_until=data.valid_until,
            today=utcnow().date(),
            worker_name=await usecases.staff_name(deps.units(event), data.worker_id),
        ),
    )


@router.consumer(subjects.ACCREDITATION_STANDING_CHANGED, name=Consumer.ACCREDITATION_STANDING)
async def on_standing_changed(
    event: CloudEvent[accreditation_wire.AccreditationStandingChanged], deps: Dependencies
) -> None:
    """The person and the organizations they work for hear of a suspension, reinstatement or
    revocation; a revoked accreditation's reminders stop."""
    data = event.data
    mailbox = person(data.snils)
    values = {
        "speciality": data.speciality,
        "action": data.action,
        "reason": data.reason,
        "effective_from": day(data.effective_from),
        "until": day(data.until) if data.until else None,
    }
    name = await usecases.worker_name(deps.units(event), data.worker_id, "Сотрудник")
    revoked = data.action == "revoke"
    await tell(
        event,
        deps,
        Message(NotificationKind.ACCREDITATION_STANDING, values, recipient_id=mailbox),
        Message(
            NotificationKind.STAFF_ACCREDITATION_STANDING,
            values | {"worker_name": name},
            employers_of=mailbox,
        ),
        plan=reminders.revoked_plan(snils=data.snils, speciality=data.speciality)
        if revoked
        else None,
    )

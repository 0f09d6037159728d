"""Events of the registers (FRMR, FRMO): a cabinet opened, access granted or revoked, jobs,
registration requests, corrections and certificates, each turned into notices for the people
they concern and the contacts notify keeps."""

from __future__ import annotations

from typing import Any

from egisz.contracts import registry as registry_wire, subjects
from egisz.contracts.envelope import Role
from egisz.contracts.events import CloudEvent
from egisz.kernel.clock import utcnow
from egisz.notify import usecases
from egisz.notify.domain import reminders
from egisz.notify.domain.jobs import JobNews, job_notices
from egisz.notify.domain.model import (
    Message,
    NotificationKind,
    organization,
    person,
    user,
)
from egisz.notify.handlers.dependencies import Dependencies
from egisz.notify.handlers.telling import plan, remember, tell
from egisz.notify.settings import Consumer
from egisz.notify.wire import full_name
from egisz.runtime.routing import Router

router = Router[Dependencies]()


def worker_contacts(
    data: registry_wire.WorkerRegistered | registry_wire.WorkerUpdated,
) -> usecases.Contacts:
    return usecases.Contacts(
        mailbox_id=person(data.snils),
        version=data.record_version,
        name=full_name(data.last_name, data.first_name, data.middle_name),
        emails=[data.email] if data.email else [],
        phone=data.phone,
        worker_id=data.worker_id,
    )


@router.consumer(subjects.WORKER_REGISTERED, name=Consumer.WORKER_REGISTERED)
async def on_worker_registered(
    event: CloudEvent[registry_wire.WorkerRegistered], deps: Dependencies
) -> None:
    data = event.data
    values = {"first_name": data.first_name, "middle_name": data.middle_name}
    await tell(
        event,
        deps,
        Message(NotificationKind.CABINET_CREATED, values, recipient_id=person(data.snils)),
        contacts=worker_contacts(data),
        plan=review_due(data.snils, event),
    )


@router.consumer(subjects.LEARNER_RECORDED, name=Consumer.LEARNER_RECORDED)
async def on_learner_recorded(
    event: CloudEvent[registry_wire.LearnerRecorded], deps: Dependencies
) -> None:
    """The register of learners opens a graduate's cabinet (told once, and not to someone FRMR
    already has) and gives the contacts their notices go to until FRMR's record does."""
    data = event.data
    values = {
        "first_name": data.first_name,
        "middle_name": data.middle_name,
        "organization_name": data.studies[0].organization_name if data.studies else "",
    }
    await tell(
        event,
        deps,
        Message(NotificationKind.LEARNER_CABINET_CREATED, values, recipient_id=person(data.snils)),
        contacts=usecases.Contacts(
            mailbox_id=person(data.snils),
            version=data.record_version,
            name=full_name(data.last_name, data.first_name, data.middle_name),
            emails=[data.email] if data.email else [],
            phone=data.phone,
            learner=True,
        ),
    )


@router.consumer(subjects.WORKER_UPDATED, name=Consumer.WORKER_UPDATED)
async def on_worker_updated(
    event: CloudEvent[registry_wire.WorkerUpdated], deps: Dependencies
) -> None:
    """Contacts kept; the person's own change of their record starts the six-month count anew
    (an officer's does not: the person has not looked)."""
    own = (event.actor or "").startswith(f"{Role.WORKER.value}:")
    await tell(
        event,
        deps,
        contacts=worker_contacts(event.data),
        plan=review_due(event.data.snils, event) if own else None,
    )


def review_due(snils: str, event: CloudEvent[Any]) -> reminders.Plan:
    return reminders.review_plan(
        snils=snils, recipient_id=person(snils), since=event.time.date(), today=utcnow().date()
    )


@router.consumer(subjects.ACCESS_GRANTED, name=Consumer.ACCESS_GRANTED)
async def on_access_granted(
    event: CloudEvent[registry_wire.AccessGranted], deps: Dependencies
) -> None:
    data = event.data
    values = {"organization_oid": data.organization_oid}
    await tell(
        event,
        deps,
        *(
            Message(
                NotificationKind.ACCESS_GRANTED,
                values,
                recipient_id=person(e.snils),
                contact_email=e.email,
            )
            for e in data.employees
        ),
        contacts=usecases.Contacts(
            mailbox_id=organization(data.organization_oid),
            version=0,
            name=None,
            emails=[e.email for e in data.employees],
            merge=True,
            admitted=[e.snils for e in data.employees],
        ),
    )


@router.consumer(subjects.ACCESS_REVOKED, name=Consumer.ACCESS_REVOKED)
async def on_access_revoked(
    event: CloudEvent[registry_wire.AccessRevoked], deps: Dependencies
) -> None:
    data = event.data
    values = {"organization_oid": data.organization_oid, "reason": data.reason}
    await tell(
        event,
        deps,
        Message(
            NotificationKind.ACCESS_REVOKED,
            values,
            recipient_id=person(data.snils),
            contact_email=data.email,
        ),
        contacts=usecases.Contacts(
            mailbox_id=organization(data.organization_oid),
            version=0,
            name=None,
            emails=[],
            merge=True,
            dismissed=[data.snils],
            emails_dropped=[data.email] if data.email else [],
        ),
    )


async def remember_organization(
    event: CloudEvent[registry_wire.OrganizationRegistered]
    | CloudEvent[registry_wire.OrganizationUpdated],
    deps: Dependencies,
) -> None:
    data = event.data
    await remember(
        event,
        deps,
        usecases.Contacts(
            mailbox_id=organization(data.oid),
            version=0,
            name=data.name,
            emails=[],
            merge=True,
            head_name=data.head_name,
        ),
    )


@router.consumer(subjects.ORGANIZATION_REGISTERED, name=Consumer.ORGANIZATION_REGISTERED)
async def on_organization_registered(
    event: CloudEvent[registry_wire.OrganizationRegistered], deps: Dependencies
) -> None:
    await remember_organization(event, deps)


@router.consumer(subjects.ORGANIZATION_UPDATED, name=Consumer.ORGANIZATION_UPDATED)
async def on_organization_updated(
    event: CloudEvent[registry_wire.OrganizationUpdated], deps: Dependencies
) -> None:
    await remember_organization(event, deps)


@router.consumer(subjects.ACCESS_REQUEST_DECIDED, name=Consumer.ACCESS_DECIDED)
async def on_access_decided(
    event: CloudEvent[registry_wire.AccessRequestDecided], deps: Dependencies
) -> None:
    data = event.data
    values = {
        "organization_oid": data.organization_oid,
        "status": data.status,
        "reason": data.reason,
    }
    await tell(
        event,
        deps,
        Message(
            NotificationKind.ACCESS_REQUEST_DECIDED,
            values,
            recipient_id=user(data.submitted_by),
        ),
    )


@router.consumer(subjects.EMPLOYMENT_STARTED, name=Consumer.EMPLOYMENT_STARTED)
async def on_employment_started(
    event: CloudEvent[registry_wire.EmploymentStarted], deps: Dependencies
) -> None:
    await job_news(event, deps, started=True)


@router.consumer(subjects.EMPLOYMENT_ENDED, name=Consumer.EMPLOYMENT_ENDED)
async def on_employment_ended(
    event: CloudEvent[registry_wire.EmploymentEnded], deps: Dependencies
) -> None:
    await job_news(event, deps, started=False)


async def job_news(
    event: CloudEvent[registry_wire.EmploymentStarted] | CloudEvent[registry_wire.EmploymentEnded],
    deps: Dependencies,
    *,
    started: bool,
) -> None:
    """Who hears of the job is `domain/jobs.py`'s to say; the person's employers follow it."""
    data = event.data
    job = data.employment
    # Events before contracts 0.7.0 do not say: the registry's rule on the event's day.
    current = (
        data.current
        if data.current is not None
        else not (job.end_date is not None and job.end_date < event.time.date())
    )
    news = JobNews(
        data.snils,
        job.organization_oid,
        job.position,
        job.start_date,
        job.end_date,
        started=started,
        current=current,
    )
    name = await usecases.staff_name(deps.units(event), data.worker_id)
    # An ended job's employer stops hearing of the person now, even with an end date ahead:
    # nothing here would stop it on that day.
    employs = current and started
    await tell(
        event,
        deps,
        *job_notices(news, worker_name=name),
        job=usecases.JobChange(
            person(data.snils), job.employment_id, job.organization_oid, employs
        ),
    )


@router.consumer(subjects.REQUEST_STATUS_CHANGED, name=Consumer.REQUEST_STATUS)
async def on_request_status(
    event: CloudEvent[registry_wire.RegistrationRequestStatusChanged], deps: Dependencies
) -> None:
    data = event.data
    values = {
        "organization_name": data.organization_name,
        "status_title": data.status_title,
        "reason": data.reason,
        "oid": data.organization_oid if data.status == "approved" else None,
    }
    await tell(
        event,
        deps,
        Message(
            NotificationKind.REGISTRATION_REQUEST_STATUS,
            values,
            recipient_id=user(data.applicant),
            contact_email=data.contact_email,
        ),
    )


@router.consumer(subjects.CORRECTION_REQUESTED, name=Consumer.CORRECTION_REQUESTED)
async def on_correction_requested(
    event: CloudEvent[registry_wire.CorrectionRequested], deps: Dependencies
) -> None:
    data = event.data
    values = {"section": data.section, "description": data.description}
    await tell(
        event,
        deps,
        Message(
            NotificationKind.CORRECTION_REPORTED,
            values,
            recipient_id=organization(data.organization_oid),
        ),
    )


@router.consumer(subjects.CORRECTION_RESOLVED, name=Consumer.CORRECTION_RESOLVED)
async def on_correction_resolved(
    event: CloudEvent[registry_wire.CorrectionResolved], deps: Dependencies
) -> None:
    data = event.data
    values = {"status": data.status, "comment": data.comment}
    name = await usecases.staff_name(deps.units(event), data.worker_id)
    await tell(
        event,
        deps,
        Message(NotificationKind.CORRECTION_RESOLVED, values, worker_id=data.worker_id),
        Message(
            NotificationKind.STAFF_CORRECTION_RESOLVED,
            values | {"worker_name": name},
            recipient_id=organization(data.organization_oid),
        ),
    )


@router.consumer(subjects.CERTIFICATE_ADDED, name=Consumer.CERTIFICATE_ADDED)
async def on_certificate_added(
    event: CloudEvent[registry_wire.CertificateAdded], deps: Dependencies
) -> None:
    data = event.data
    c = data.certificate
    await plan(
        event,
        deps,
        reminders.certificate_plan(
            recipient_id=person(data.snils),
            certificate_id=c.certificate_id,
            speciality=c.speciality,
            number=c.number,
            valid_until=c.valid_until,
            today=utcnow().date(),
        ),
    )


def ticket_author(data: registry_wire.TicketOpened | registry_wire.TicketStatusChanged) -> str:
    """A person's own mailbox (their SNILS), else the signed-in user's."""
    return person(data.snils) if data.snils else user(data.author_sub)


@router.consumer(subjects.TICKET_OPENED, name=Consumer.TICKET_OPENED)
async def on_ticket_opened(
    event: CloudEvent[registry_wire.TicketOpened], deps: Dependencies
) -> None:
    data = event.data
    await tell(
        event,
        deps,
        Message(
            NotificationKind.TICKET_OPENED,
            {"number": data.number, "topic_title": data.topic_title},
            recipient_id=ticket_author(data),
            contact_email=data.email,
        ),
    )


@router.consumer(subjects.TICKET_STATUS_CHANGED, name=Consumer.TICKET_STATUS)
async def on_ticket_status(
    event: CloudEvent[registry_wire.TicketStatusChanged], deps: Dependencies
) -> None:
    data = event.data
    values = {
        "number": data.number,
        "status": data.status,
        "status_title": data.status_title,
        "comment": data.comment,
    }
    await tell(
        event,
        deps,
        Message(
            NotificationKind.TICKET_STATUS,
            values,
            recipient_id=ticket_author(data),
            contact_email=data.email,
        ),
    )

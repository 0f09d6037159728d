"""Events of the registry, the portfolio and accreditation, each turned into messages to the
people it concerns and, for some, a plan of reminders (`domain.reminders`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from egisz.contracts import accreditation as accreditation_wire
from egisz.contracts import portfolio as portfolio_wire
from egisz.contracts import registry as registry_wire
from egisz.contracts import subjects
from egisz.contracts.events import CloudEvent
from egisz.kernel.clock import utcnow
from egisz.notify import usecases
from egisz.notify.domain import reminders
from egisz.notify.domain.jobs import JobNews, job_notices
from egisz.notify.domain.model import (
    CENTER,
    Message,
    NotificationKind,
    head,
    organization,
    person,
    user,
)
from egisz.notify.handlers.dependencies import Dependencies, UnitsOfWork
from egisz.notify.settings import Consumer
from egisz.notify.wire import day, full_name, status_values
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.events import Cause
from egisz.runtime.messaging import DataT, EventHandler


def register(rt: ServiceRuntime, deps: Dependencies, uow: UnitsOfWork) -> None:

    async def tell(
        event: CloudEvent[Any],
        *messages: Message,
        contacts: usecases.Contacts | None = None,
        job: usecases.JobChange | None = None,
        plan: reminders.Plan | None = None,
    ) -> None:
        """The event's notices, the contacts and job it brings and the reminders it plans: one
        transaction, which the runtime marks as this event's."""
        await usecases.notify(
            uow(Cause.of_event(event)),
            deps.templates,
            source_event_id=event.id,
            messages=list(messages),
            contacts=contacts,
            channels=deps.channels,
            job=job,
            plan=plan,
        )

    async def plan(event: CloudEvent[Any], planned: reminders.Plan) -> None:
        await usecases.plan_reminders(uow(Cause.of_event(event)), planned)

    async def remember(event: CloudEvent[Any], contacts: usecases.Contacts) -> None:
        await usecases.remember_contacts(uow(Cause.of_event(event)), contacts=contacts)

    def consume(
        spec: subjects.Event[DataT], consumer: Consumer
    ) -> Callable[[EventHandler[DataT]], EventHandler[DataT]]:
        return rt.consumer(spec, name=consumer)

    # --- registry ---------------------------------------------------------------------------
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

    @consume(subjects.WORKER_REGISTERED, Consumer.WORKER_REGISTERED)
    async def on_worker_registered(event: CloudEvent[registry_wire.WorkerRegistered]) -> None:
        data = event.data
        values = {"first_name": data.first_name, "middle_name": data.middle_name}
        await tell(
            event,
            Message(NotificationKind.CABINET_CREATED, values, recipient_id=person(data.snils)),
            contacts=worker_contacts(data),
        )

    @consume(subjects.WORKER_UPDATED, Consumer.WORKER_UPDATED)
    async def on_worker_updated(event: CloudEvent[registry_wire.WorkerUpdated]) -> None:
        await remember(event, worker_contacts(event.data))

    @consume(subjects.ACCESS_GRANTED, Consumer.ACCESS_GRANTED)
    async def on_access_granted(event: CloudEvent[registry_wire.AccessGranted]) -> None:
        data = event.data
        values = {"organization_oid": data.organization_oid}
        await tell(
            event,
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

    @consume(subjects.ACCESS_REVOKED, Consumer.ACCESS_REVOKED)
    async def on_access_revoked(event: CloudEvent[registry_wire.AccessRevoked]) -> None:
        data = event.data
        values = {"organization_oid": data.organization_oid, "reason": data.reason}
        await tell(
            event,
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

    async def on_organization(
        event: CloudEvent[registry_wire.OrganizationRegistered | registry_wire.OrganizationUpdated],
    ) -> None:
        data = event.data
        await remember(
            event,
            usecases.Contacts(
                mailbox_id=organization(data.oid),
                version=0,
                name=data.name,
                emails=[],
                merge=True,
                head_name=data.head_name,
            ),
        )

    consume(subjects.ORGANIZATION_REGISTERED, Consumer.ORGANIZATION_REGISTERED)(on_organization)
    consume(subjects.ORGANIZATION_UPDATED, Consumer.ORGANIZATION_UPDATED)(on_organization)

    @consume(subjects.ACCESS_REQUEST_DECIDED, Consumer.ACCESS_DECIDED)
    async def on_access_decided(event: CloudEvent[registry_wire.AccessRequestDecided]) -> None:
        data = event.data
        values = {
            "organization_oid": data.organization_oid,
            "status": data.status,
            "reason": data.reason,
        }
        await tell(
            event,
            Message(
                NotificationKind.ACCESS_REQUEST_DECIDED,
                values,
                recipient_id=user(data.submitted_by),
            ),
        )

    @consume(subjects.EMPLOYMENT_STARTED, Consumer.EMPLOYMENT_STARTED)
    async def on_employment_started(event: CloudEvent[registry_wire.EmploymentStarted]) -> None:
        await job_news(event, started=True)

    @consume(subjects.EMPLOYMENT_ENDED, Consumer.EMPLOYMENT_ENDED)
    async def on_employment_ended(event: CloudEvent[registry_wire.EmploymentEnded]) -> None:
        await job_news(event, started=False)

    async def job_news(
        event: CloudEvent[registry_wire.EmploymentStarted]
        | CloudEvent[registry_wire.EmploymentEnded],
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
        name = await usecases.staff_name(uow(), data.worker_id)
        # An ended job's employer stops hearing of the person now, even with an end date ahead:
        # nothing here would stop it on that day.
        employs = current and started
        await tell(
            event,
            *job_notices(news, worker_name=name),
            job=usecases.JobChange(
                person(data.snils), job.employment_id, job.organization_oid, employs
            ),
        )

    @consume(subjects.REQUEST_STATUS_CHANGED, Consumer.REQUEST_STATUS)
    async def on_request_status(
        event: CloudEvent[registry_wire.RegistrationRequestStatusChanged],
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
            Message(
                NotificationKind.REGISTRATION_REQUEST_STATUS,
                values,
                recipient_id=user(data.applicant),
                contact_email=data.contact_email,
            ),
        )

    @consume(subjects.CORRECTION_REQUESTED, Consumer.CORRECTION_REQUESTED)
    async def on_correction_requested(event: CloudEvent[registry_wire.CorrectionRequested]) -> None:
        data = event.data
        values = {"section": data.section, "description": data.description}
        await tell(
            event,
            Message(
                NotificationKind.CORRECTION_REPORTED,
                values,
                recipient_id=organization(data.organization_oid),
            ),
        )

    @consume(subjects.CORRECTION_RESOLVED, Consumer.CORRECTION_RESOLVED)
    async def on_correction_resolved(event: CloudEvent[registry_wire.CorrectionResolved]) -> None:
        data = event.data
        values = {"status": data.status, "comment": data.comment}
        name = await usecases.staff_name(uow(), data.worker_id)
        await tell(
            event,
            Message(NotificationKind.CORRECTION_RESOLVED, values, worker_id=data.worker_id),
            Message(
                NotificationKind.STAFF_CORRECTION_RESOLVED,
                values | {"worker_name": name},
                recipient_id=organization(data.organization_oid),
            ),
        )

    @consume(subjects.CERTIFICATE_ADDED, Consumer.CERTIFICATE_ADDED)
    async def on_certificate_added(event: CloudEvent[registry_wire.CertificateAdded]) -> None:
        data = event.data
        c = data.certificate
        await plan(
            event,
            reminders.certificate_plan(
                recipient_id=person(data.snils),
                certificate_id=c.certificate_id,
                speciality=c.speciality,
                number=c.number,
                valid_until=c.valid_until,
                today=utcnow().date(),
            ),
        )

    # --- portfolio --------------------------------------------------------------------------
    @consume(subjects.SIGNING_KEY_REGISTERED, Consumer.SIGNING_KEY_REGISTERED)
    async def on_signing_key_registered(
        event: CloudEvent[portfolio_wire.SigningKeyRegistered],
    ) -> None:
        data = event.data
        await plan(
            event,
            reminders.signing_key_plan(
                head_mailbox=head(data.organization_oid, data.head_name),
                fingerprint=data.fingerprint,
                valid_until=data.valid_until,
                today=utcnow().date(),
            ),
        )

    @consume(subjects.APPROVAL_REQUESTED, Consumer.APPROVAL_REQUESTED)
    async def on_approval_requested(event: CloudEvent[portfolio_wire.ApprovalRequested]) -> None:
        data = event.data
        name = await usecases.worker_name(uow(), data.worker_id, "Работник")
        mailbox = head(data.organization_oid, data.head_name)
        values = {"worker_name": name, "comment": data.comment}
        await tell(
            event,
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

    @consume(subjects.APPROVAL_DECIDED, Consumer.APPROVAL_DECIDED)
    async def on_approval_decided(event: CloudEvent[portfolio_wire.ApprovalDecided]) -> None:
        data = event.data
        values = {
            "status": data.status,
            "reason": data.reason,
            "method": data.method,
            "paper_confirmed": data.paper_confirmed,
        }
        await tell(
            event,
            Message(NotificationKind.APPROVAL_DECIDED, values, worker_id=data.worker_id),
            plan=reminders.approval_settled(data.portfolio_id),
        )

    # --- accreditation ----------------------------------------------------------------------
    @consume(subjects.APPLICATION_STATUS_CHANGED, Consumer.APPLICATION_STATUS)
    async def on_application_status(
        event: CloudEvent[accreditation_wire.ApplicationStatusChanged],
    ) -> None:
        data = event.data
        mailbox = person(data.snils)
        employers = []
        if data.status in ("passed", "failed"):  # the organizations they work for hear it too
            # Never held back for the name: the applicant's own notice goes in the same step.
            name = await usecases.worker_name(uow(), data.worker_id, "Сотрудник")
            employers.append(
                Message(
                    NotificationKind.STAFF_ACCREDITATION_DECIDED,
                    status_values(data) | {"worker_name": name},
                    employers_of=mailbox,
                )
            )
        await tell(
            event,
            Message(NotificationKind.APPLICATION_STATUS, status_values(data), recipient_id=mailbox),
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

    @consume(subjects.APPLICATION_DEADLINE_MISSED, Consumer.DEADLINE_MISSED)
    async def on_deadline_missed(event: CloudEvent[accreditation_wire.DeadlineMissed]) -> None:
        data = event.data
        values = {"speciality": data.speciality, "stage": data.stage, "due": day(data.due)}
        await tell(
            event,
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

    @consume(subjects.APPLICATION_DOCUMENTS_CHECKED, Consumer.DOCUMENTS_CHECKED)
    async def on_documents_checked(event: CloudEvent[accreditation_wire.DocumentsChecked]) -> None:
        data = event.data
        values = {
            "speciality": data.speciality,
            "checked_on": day(data.checked_on),
            "decision_due": day(data.decision_due) if data.decision_due else None,
        }
        await tell(
            event,
            Message(
                NotificationKind.APPLICATION_DOCUMENTS_CHECKED,
                values,
                recipient_id=person(data.snils),
            ),
        )

    @consume(subjects.EXTRACT_STATUS_CHANGED, Consumer.EXTRACT_STATUS)
    async def on_extract_status(event: CloudEvent[accreditation_wire.ExtractStatusChanged]) -> None:
        data = event.data
        await tell(
            event,
            Message(
                NotificationKind.EXTRACT_STATUS,
                status_values(data),
                recipient_id=person(data.snils),
            ),
        )

    @consume(subjects.ACCREDITATION_PASSED, Consumer.ACCREDITATION_PASSED)
    async def on_accreditation_passed(
        event: CloudEvent[accreditation_wire.AccreditationPassed],
    ) -> None:
        data = event.data
        await plan(
            event,
            reminders.accreditation_plan(
                snils=data.snils,
                recipient_id=person(data.snils),
                worker_id=data.worker_id,
                speciality=data.speciality,
                valid_until=data.valid_until,
                today=utcnow().date(),
                worker_name=await usecases.staff_name(uow(), data.worker_id),
            ),
        )

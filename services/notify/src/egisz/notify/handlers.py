"""Notify entry points: contract in → use case → reply / events out.

Each event becomes messages to the people it concerns (`Message`), and for some a plan of
reminders; the use cases keep both once per event."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from egisz.contracts import accreditation as accreditation_wire
from egisz.contracts import notify as wire
from egisz.contracts import portfolio as portfolio_wire
from egisz.contracts import registry as registry_wire
from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.contracts.events import CloudEvent
from egisz.notify import usecases
from egisz.notify.channels import HttpSmsSender, Sender, SmtpSender
from egisz.notify.domain.model import (
    Channel,
    DeliveryAttempted,
    DomainEvent,
    Mailbox,
    Message,
    Notification,
    NotificationDelivered,
    NotificationKind,
    head,
    mailboxes_of,
    organization,
    person,
    user,
)
from egisz.notify.domain.reminders import after_days_plan, expiry_plan, hours_plan
from egisz.notify.gateways import NatsHoursGateway
from egisz.notify.repository import MongoDeliveryQueue, MongoNotifyUnitOfWork
from egisz.notify.settings import NotifySettings
from egisz.notify.templates import Templates
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.clock import utcnow
from egisz.runtime.events import Cause, outgoing
from egisz.runtime.logging import get_logger
from egisz.runtime.messaging import CommandContext, current_consumer
from egisz.runtime.mongo import OutgoingEvent

log = get_logger("egisz.notify")
Handler = Callable[[CloudEvent[Any]], Awaitable[None]]


def to_item(n: Notification) -> wire.InboxItem:
    return wire.InboxItem(
        notification_id=n.id,
        kind=n.kind.value,
        title=n.title,
        body=n.body,
        created_at=n.created_at,
        read_at=n.read_at,
    )


def to_wire(event: DomainEvent, cause: Cause) -> OutgoingEvent:
    match event:
        case NotificationDelivered():
            data = wire.NotificationCreated(
                notification_id=event.notification_id,
                recipient_id=event.recipient_id,
                kind=event.kind.value,
            )
            return outgoing(
                subjects.NOTIFICATION_CREATED, data, about=event.recipient_id, cause=cause
            )
        case DeliveryAttempted():
            attempted = wire.DeliveryAttempted(
                delivery_id=event.delivery_id,
                notification_id=event.notification_id,
                recipient_id=event.recipient_id,
                channel=event.channel.value,
                outcome=event.outcome,
                attempt=event.attempt,
                reason=event.reason,
                next_attempt_at=event.next_attempt_at,
            )
            return outgoing(
                subjects.DELIVERY_ATTEMPTED, attempted, about=event.notification_id, cause=cause
            )
    raise TypeError(f"no wire form for {event!r}")


def _mask_email(email: str) -> str:
    name, _, domain = email.partition("@")
    return f"{name[:1]}***@{domain}"


def preferences_view(m: Mailbox) -> wire.PreferencesView:
    return wire.PreferencesView(
        mailbox_id=m.id,
        email_enabled=m.preferences.email,
        sms_enabled=m.preferences.sms,
        language=m.preferences.language,
        emails=[_mask_email(e) for e in m.emails],
        phone=f"***{m.phone[-4:]}" if m.phone else None,
    )


def full_name(last: str, first: str, middle: str | None) -> str:
    return " ".join(p for p in (last, first, middle) if p)


def status_values(
    data: accreditation_wire.ApplicationStatusChanged | accreditation_wire.ExtractStatusChanged,
) -> dict[str, object]:
    return {
        "speciality": data.speciality,
        "status": data.status,
        "status_title": data.status_title,
        "reason": data.reason,
    }


def _day(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def senders_of(settings: NotifySettings) -> dict[Channel, Sender]:
    senders: dict[Channel, Sender] = {}
    if settings.smtp_host:
        senders[Channel.EMAIL] = SmtpSender(
            host=settings.smtp_host,
            port=settings.smtp_port,
            sender=settings.mail_from,
            username=settings.smtp_username,
            password=settings.smtp_password,
            start_tls=settings.smtp_start_tls,
            use_tls=settings.smtp_use_tls,
            timeout=settings.request_timeout_seconds,
        )
    if settings.sms_gateway_url:
        senders[Channel.SMS] = HttpSmsSender(
            url=settings.sms_gateway_url,
            key=settings.sms_gateway_key,
            timeout=settings.request_timeout_seconds,
        )
    return senders


def register(rt: ServiceRuntime, settings: NotifySettings, templates: Templates) -> None:
    senders = senders_of(settings)
    channels = frozenset(senders)
    log.info("delivery channels", channels=sorted(c.value for c in channels) or ["in_app"])

    def uow(cause: Cause | None = None) -> MongoNotifyUnitOfWork:
        cause = cause or Cause()
        return MongoNotifyUnitOfWork(rt.unit_of_work(), lambda ev: to_wire(ev, cause))

    async def tell(
        event: CloudEvent[Any],
        *messages: Message,
        contacts: usecases.Contacts | None = None,
    ) -> None:
        await usecases.notify(
            uow(Cause.of_event(event)),
            templates,
            consumer=current_consumer(),
            event_id=event.id,
            messages=list(messages),
            contacts=contacts,
            channels=channels,
        )

    async def plan(event: CloudEvent[Any], groups: list[str], steps: Any) -> None:
        await usecases.plan_reminders(
            uow(Cause.of_event(event)),
            consumer=f"{current_consumer()}:reminders",
            event_id=event.id,
            groups=groups,
            plan=list(steps),
        )

    def consume(spec: subjects.Event, consumer: str) -> Callable[[Handler], Handler]:
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

    @consume(subjects.WORKER_REGISTERED, "worker-registered")
    async def on_worker_registered(event: CloudEvent[Any]) -> None:
        data: registry_wire.WorkerRegistered = event.data
        values = {"first_name": data.first_name, "middle_name": data.middle_name}
        await tell(
            event,
            Message(NotificationKind.CABINET_CREATED, values, recipient_id=person(data.snils)),
            contacts=worker_contacts(data),
        )

    @consume(subjects.WORKER_UPDATED, "worker-updated")
    async def on_worker_updated(event: CloudEvent[Any]) -> None:
        await usecases.remember_contacts(
            uow(Cause.of_event(event)),
            consumer=current_consumer(),
            event_id=event.id,
            contacts=worker_contacts(event.data),
        )

    @consume(subjects.ACCESS_GRANTED, "access-granted")
    async def on_access_granted(event: CloudEvent[Any]) -> None:
        data: registry_wire.AccessGranted = event.data
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

    @consume(subjects.ACCESS_REVOKED, "access-revoked")
    async def on_access_revoked(event: CloudEvent[Any]) -> None:
        data: registry_wire.AccessRevoked = event.data
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

    for kind, spec in (
        ("organization-registered", subjects.ORGANIZATION_REGISTERED),
        ("organization-updated", subjects.ORGANIZATION_UPDATED),
    ):

        def note_head(spec: subjects.Event = spec, kind: str = kind) -> None:
            @consume(spec, kind)
            async def on_organization(event: CloudEvent[Any]) -> None:
                data = event.data
                await usecases.remember_contacts(
                    uow(Cause.of_event(event)),
                    consumer=current_consumer(),
                    event_id=event.id,
                    contacts=usecases.Contacts(
                        mailbox_id=organization(data.oid),
                        version=0,
                        name=data.name,
                        emails=[],
                        merge=True,
                        head_name=data.head_name,
                    ),
                )

        note_head()

    @consume(subjects.ACCESS_REQUEST_DECIDED, "access-decided")
    async def on_access_decided(event: CloudEvent[Any]) -> None:
        data: registry_wire.AccessRequestDecided = event.data
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

    @consume(subjects.EMPLOYMENT_STARTED, "employment-started")
    async def on_employment_started(event: CloudEvent[Any]) -> None:
        """Every job entered into someone's record reaches them: a job added by an
        organization they do not work for can be disputed at once."""
        data: registry_wire.EmploymentStarted = event.data
        job = data.employment
        values = {
            "organization_oid": job.organization_oid,
            "position": job.position,
            "start_date": _day(job.start_date),
            "end_date": _day(job.end_date) if job.end_date else None,
        }
        await tell(
            event,
            Message(NotificationKind.EMPLOYMENT_ADDED, values, recipient_id=person(data.snils)),
        )

    @consume(subjects.REQUEST_STATUS_CHANGED, "request-status")
    async def on_request_status(event: CloudEvent[Any]) -> None:
        data: registry_wire.RegistrationRequestStatusChanged = event.data
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

    @consume(subjects.CORRECTION_REQUESTED, "correction-requested")
    async def on_correction_requested(event: CloudEvent[Any]) -> None:
        data: registry_wire.CorrectionRequested = event.data
        values = {"section": data.section, "description": data.description}
        await tell(
            event,
            Message(
                NotificationKind.CORRECTION_REPORTED,
                values,
                recipient_id=organization(data.organization_oid),
            ),
        )

    @consume(subjects.CORRECTION_RESOLVED, "correction-resolved")
    async def on_correction_resolved(event: CloudEvent[Any]) -> None:
        data: registry_wire.CorrectionResolved = event.data
        values = {"status": data.status, "comment": data.comment}
        await tell(
            event,
            Message(NotificationKind.CORRECTION_RESOLVED, values, worker_id=data.worker_id),
        )

    @consume(subjects.CERTIFICATE_ADDED, "certificate-added")
    async def on_certificate_added(event: CloudEvent[Any]) -> None:
        data: registry_wire.CertificateAdded = event.data
        c = data.certificate
        group = f"certificate:{c.certificate_id}"
        await plan(
            event,
            [group],
            expiry_plan(
                group=group,
                recipient_id=person(data.snils),
                valid_until=c.valid_until,
                expiring=NotificationKind.CERTIFICATE_EXPIRING,
                expired=NotificationKind.CERTIFICATE_EXPIRED,
                values={"speciality": c.speciality, "number": c.number},
                today=utcnow().date(),
            ),
        )

    # --- portfolio --------------------------------------------------------------------------
    @consume(subjects.APPROVAL_REQUESTED, "approval-requested")
    async def on_approval_requested(event: CloudEvent[Any]) -> None:
        data: portfolio_wire.ApprovalRequested = event.data
        name = await usecases.worker_name(uow(), data.worker_id, "Работник")
        mailbox = head(data.organization_oid, data.head_name)
        values = {"worker_name": name, "comment": data.comment}
        await tell(
            event,
            Message(NotificationKind.APPROVAL_REQUESTED, values, recipient_id=mailbox),
        )
        group = f"approval:{data.portfolio_id}"
        await plan(
            event,
            [group],
            after_days_plan(
                group=group,
                recipient_id=mailbox,
                kind=NotificationKind.APPROVAL_WAITING,
                start=data.requested_at.date(),
                days=settings.approval_reminder_days,
                values={"worker_name": name},
                today=utcnow().date(),
            ),
        )

    @consume(subjects.APPROVAL_DECIDED, "approval-decided")
    async def on_approval_decided(event: CloudEvent[Any]) -> None:
        data: portfolio_wire.ApprovalDecided = event.data
        values = {"status": data.status, "reason": data.reason}
        await tell(
            event,
            Message(NotificationKind.APPROVAL_DECIDED, values, worker_id=data.worker_id),
        )
        await plan(event, [f"approval:{data.portfolio_id}"], [])

    # --- accreditation ----------------------------------------------------------------------
    @consume(subjects.APPLICATION_STATUS_CHANGED, "application-status")
    async def on_application_status(event: CloudEvent[Any]) -> None:
        data: accreditation_wire.ApplicationStatusChanged = event.data
        values = status_values(data)
        await tell(
            event,
            Message(NotificationKind.APPLICATION_STATUS, values, recipient_id=person(data.snils)),
        )
        group = f"not_delivered:{data.application_id}"
        steps = (
            after_days_plan(
                group=group,
                recipient_id=person(data.snils),
                kind=NotificationKind.APPLICATION_NOT_DELIVERED,
                start=event.time.date(),
                days=settings.not_delivered_reminder_days,
                values={"speciality": data.speciality},
                today=utcnow().date(),
            )
            if data.status == "not_delivered"
            else []
        )
        await plan(event, [group], steps)

    @consume(subjects.APPLICATION_DEADLINE_MISSED, "deadline-missed")
    async def on_deadline_missed(event: CloudEvent[Any]) -> None:
        data: accreditation_wire.DeadlineMissed = event.data
        values = {"speciality": data.speciality, "stage": data.stage, "due": _day(data.due)}
        await tell(
            event,
            Message(
                NotificationKind.APPLICATION_DEADLINE_MISSED,
                values,
                recipient_id=person(data.snils),
            ),
        )

    @consume(subjects.EXTRACT_STATUS_CHANGED, "extract-status")
    async def on_extract_status(event: CloudEvent[Any]) -> None:
        data: accreditation_wire.ExtractStatusChanged = event.data
        values = status_values(data)
        await tell(
            event,
            Message(NotificationKind.EXTRACT_STATUS, values, recipient_id=person(data.snils)),
        )

    @consume(subjects.ACCREDITATION_PASSED, "accreditation-passed")
    async def on_accreditation_passed(event: CloudEvent[Any]) -> None:
        data: accreditation_wire.AccreditationPassed = event.data
        key = " ".join(data.speciality.split()).casefold()
        expiry, hours = f"accreditation:{data.snils}:{key}", f"hours:{data.snils}:{key}"
        values = {"speciality": data.speciality}
        today = utcnow().date()
        mailbox = person(data.snils)
        await plan(
            event,
            [expiry, hours],
            [
                *expiry_plan(
                    group=expiry,
                    recipient_id=mailbox,
                    valid_until=data.valid_until,
                    expiring=NotificationKind.ACCREDITATION_EXPIRING,
                    expired=NotificationKind.ACCREDITATION_EXPIRED,
                    values=values,
                    today=today,
                ),
                *hours_plan(
                    group=hours,
                    recipient_id=mailbox,
                    valid_until=data.valid_until,
                    values=values | {"worker_id": data.worker_id},
                    today=today,
                ),
            ],
        )

    # --- schedules ----------------------------------------------------------------------------
    async def dispatch() -> None:
        await usecases.dispatch(
            uow,
            MongoDeliveryQueue(rt.mongo.db),
            senders,
            delays=settings.delivery_retry_delays_seconds,
            lease_seconds=settings.delivery_lease_seconds,
        )

    async def remind() -> None:
        hours = NatsHoursGateway(
            rt.broker.connection,
            token=settings.service_token,
            timeout=settings.request_timeout_seconds,
        )
        sent = await usecases.send_due_reminders(
            uow, templates, hours, today=utcnow().date(), channels=channels
        )
        if sent:
            log.info("reminders sent", sent=sent)

    if senders:
        rt.every(settings.dispatch_seconds, dispatch, name="deliveries")
    rt.every(settings.reminder_check_seconds, remind, name="reminders")

    # --- the inbox and preferences ------------------------------------------------------------
    async def mine(ctx: CommandContext) -> list[str]:
        a = ctx.actor
        candidates = mailboxes_of(
            sub=a.sub, snils=a.snils, org=a.org, name=a.name, role=a.role.value
        )
        return await usecases.readable_mailboxes(
            uow(ctx.cause), candidates, org=a.org, snils=a.snils, name=a.name
        )

    readers = {Role.WORKER, Role.ORG_OFFICER, Role.MANAGER, Role.REGISTRY_OPERATOR}
    readers |= {Role.FAC_OPERATOR}

    @rt.command(subjects.INBOX_LIST, roles=readers)
    async def list_inbox(req: wire.ListInbox, ctx: CommandContext) -> wire.InboxPage:
        page = await usecases.list_inbox(
            uow(ctx.cause),
            mailboxes=await mine(ctx),
            cursor=req.cursor,
            limit=req.limit,
            unread_only=req.unread_only,
        )
        return wire.InboxPage(
            items=[to_item(n) for n in page.items],
            unread_count=page.unread_count,
            next_cursor=page.next_cursor,
        )

    @rt.command(subjects.INBOX_MARK_READ, roles=readers)
    async def mark_read(req: wire.MarkRead, ctx: CommandContext) -> wire.MarkReadResult:
        marked, unread = await usecases.mark_read(
            uow(ctx.cause),
            mailboxes=await mine(ctx),
            notification_id=None if req.all else req.notification_id,
        )
        return wire.MarkReadResult(marked=marked, unread_count=unread)

    @rt.command(subjects.PREFERENCES_GET, roles=readers)
    async def get_preferences(
        req: wire.GetPreferences, ctx: CommandContext
    ) -> wire.PreferencesView:
        mailbox = await usecases.read_preferences(uow(ctx.cause), mailbox_id=(await mine(ctx))[0])
        return preferences_view(mailbox)

    @rt.command(subjects.PREFERENCES_UPDATE, roles=readers)
    async def update_preferences(
        req: wire.UpdatePreferences, ctx: CommandContext
    ) -> wire.PreferencesView:
        mailbox = await usecases.set_preferences(
            uow(ctx.cause),
            mailbox_id=(await mine(ctx))[0],
            email=req.email_enabled,
            sms=req.sms_enabled,
            language=req.language,
        )
        return preferences_view(mailbox)

"""Composition root of the notify service: templates, the e-mail and SMS senders the settings
name, the education-hours gateway, the delivery queue and the two schedules."""

from __future__ import annotations

from egisz.notify import handlers
from egisz.notify.channels import (
    CountedSender,
    HttpSmsSender,
    Sender,
    SmtpSender,
    delivery_counter,
)
from egisz.notify.domain.model import Channel
from egisz.notify.gateways import NatsHoursGateway
from egisz.notify.repository import INDEXES, MongoDeliveryQueue, MongoNotifyUnitOfWork
from egisz.notify.settings import NotifySettings
from egisz.notify.templates import Templates
from egisz.notify.wire import to_wire
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.logging import get_logger

log = get_logger("egisz.notify")


def senders_of(settings: NotifySettings) -> dict[Channel, Sender]:
    """The channels beyond the in-app inbox: each only when its server is named."""
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


def build(settings: NotifySettings | None = None) -> ServiceRuntime:
    settings = settings or NotifySettings()
    rt = ServiceRuntime(settings, indexes=INDEXES, journaled_as="notify")
    counter = delivery_counter(rt.metrics)
    own = senders_of(settings)
    for channel, sender in own.items():
        if isinstance(sender, HttpSmsSender):
            rt.closing(sender.close, name=f"{channel.value} sender")
    senders: dict[Channel, Sender] = {
        channel: CountedSender(sender, channel.value, counter) for channel, sender in own.items()
    }
    deps = handlers.Dependencies(
        units=rt.units(MongoNotifyUnitOfWork, to_wire),
        templates=Templates(settings.language),
        senders=senders,
        hours=lambda: NatsHoursGateway(
            rt.broker.connection,
            token=settings.service_token,
            timeout=settings.request_timeout_seconds,
        ),
        queue=lambda: MongoDeliveryQueue(rt.mongo.db),
        approval_reminder_days=settings.approval_reminder_days,
        not_delivered_reminder_days=settings.not_delivered_reminder_days,
        delivery_retry_delays_seconds=settings.delivery_retry_delays_seconds,
        delivery_lease_seconds=settings.delivery_lease_seconds,
    )
    log.info("delivery channels", channels=sorted(c.value for c in deps.channels) or ["in_app"])
    for router in handlers.ROUTERS:
        rt.include(router, deps)
    if deps.senders:
        rt.every(
            settings.dispatch_seconds,
            lambda: handlers.dispatch(deps),
            name="deliveries",
        )
    rt.every(
        settings.reminder_check_seconds,
        lambda: handlers.send_reminders(deps),
        name="reminders",
    )
    return rt

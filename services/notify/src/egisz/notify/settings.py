from __future__ import annotations

from enum import StrEnum

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from egisz.runtime.settings import ServiceSettings


class Consumer(StrEnum):
    """Notify's durable consumers: JetStream durables and the inbox keys of their events."""

    WORKER_REGISTERED = "worker-registered"
    WORKER_UPDATED = "worker-updated"
    LEARNER_RECORDED = "learner-recorded"
    ACCESS_GRANTED = "access-granted"
    ACCESS_REVOKED = "access-revoked"
    ACCESS_DECIDED = "access-decided"
    TICKET_OPENED = "ticket-opened"
    TICKET_STATUS = "ticket-status"
    ORGANIZATION_REGISTERED = "organization-registered"
    ORGANIZATION_UPDATED = "organization-updated"
    EMPLOYMENT_STARTED = "employment-started"
    EMPLOYMENT_ENDED = "employment-ended"
    REQUEST_STATUS = "request-status"
    CORRECTION_REQUESTED = "correction-requested"
    CORRECTION_RESOLVED = "correction-resolved"
    CERTIFICATE_ADDED = "certificate-added"
    APPROVAL_REQUESTED = "approval-requested"
    APPROVAL_DECIDED = "approval-decided"
    APPLICATION_STATUS = "application-status"
    DEADLINE_MISSED = "deadline-missed"
    DOCUMENTS_CHECKED = "documents-checked"
    SIGNING_KEY_REGISTERED = "signing-key-registered"
    EXTRACT_STATUS = "extract-status"
    ACCREDITATION_PASSED = "accreditation-passed"
    ACCREDITATION_STANDING = "accreditation-standing"


class NotifySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFY_", extra="ignore")

    service_name: str = "notify"
    http_port: int = 8104
    language: str = Field(default="ru", description="For mailboxes that chose none.")

    # E-mail: off unless an SMTP server is named.
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_start_tls: bool | None = Field(default=None, description="None: if the server offers.")
    smtp_use_tls: bool = False
    mail_from: str = "ЕГИСЗ <no-reply@egisz.example>"
    # SMS: off unless a gateway is named.
    sms_gateway_url: str | None = None
    sms_gateway_key: str | None = None

    delivery_retry_delays_seconds: list[float] = Field(
        default_factory=lambda: [10.0, 60.0, 300.0, 1800.0, 7200.0],
        description="Waits between attempts; when they run out the delivery is failed.",
    )
    delivery_lease_seconds: float = Field(
        default=120.0, description="How long one replica holds a delivery it is sending."
    )
    dispatch_seconds: float = Field(default=2.0, description="How often due deliveries go.")
    reminder_check_seconds: float = Field(default=600.0, description="How often reminders go.")
    approval_reminder_days: list[int] = Field(
        default_factory=lambda: [3, 7], description="Days a report may wait on a head."
    )
    not_delivered_reminder_days: list[int] = Field(
        default_factory=lambda: [3], description="Days after «Не доставлено» to remind."
    )

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from egisz.runtime.settings import ServiceSettings


class Consumer(StrEnum):
    """The service's durable consumers: JetStream durables and the inbox keys of their events."""

    WORKER_REGISTERED = "worker-registered"
    WORKER_UPDATED = "worker-updated"
    LEARNER_RECORDED = "learner-recorded"
    DELIVERY = "delivery"


class AccreditationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ACCREDITATION_", extra="ignore")

    service_name: str = "accreditation"
    http_port: int = 8103

    documents_max_bytes: int = Field(default=25 * 2**20, description="Application documents.")
    earliest_months_before_expiry: int = Field(
        default=12, description="How early before the current accreditation expires one may apply."
    )
    review_check_days: int = Field(default=20, description="Working days to check documents.")
    review_decision_days: int = Field(default=15, description="Working days more to decide.")
    calendar_country: str = Field(default="RU", description="Whose production calendar.")
    extra_days_off: list[date] = Field(
        default_factory=list, description="Days off a new decree adds to the calendar."
    )
    extra_working_days: list[date] = Field(
        default_factory=list, description="Working days (moved Saturdays) a new decree adds."
    )
    deadline_check_seconds: float = Field(
        default=3600.0, description="How often applications under review are checked."
    )
    extract_verify_hint: str = Field(
        default="запрос egisz.accreditation.cmd.extract.verify или портал ЕГИСЗ",
        description="Where the extract tells its reader to check the code.",
    )

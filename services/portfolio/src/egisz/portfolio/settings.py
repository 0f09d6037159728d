from __future__ import annotations

from enum import StrEnum

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from egisz.portfolio.domain.education import HoursRule
from egisz.runtime.settings import ServiceSettings


class Consumer(StrEnum):
    """The portfolio's durable consumers: JetStream durables and the inbox keys of their events."""

    WORKER_REGISTERED = "worker-registered"
    WORKER_UPDATED = "worker-updated"
    EMPLOYMENT_STARTED = "employment-started"
    EMPLOYMENT_ENDED = "employment-ended"
    EDUCATION_ADDED = "education-added"
    CERTIFICATE_ADDED = "certificate-added"
    CATEGORY_ASSIGNED = "category-assigned"
    ACCREDITATION_RECORDED = "accreditation-recorded"
    ENTRY_CORRECTED = "entry-corrected"
    ENTRY_ANNULLED = "entry-annulled"
    ORGANIZATION_REGISTERED = "organization-registered"
    ORGANIZATION_UPDATED = "organization-updated"
    ACCESS_GRANTED = "access-granted"
    ACCESS_REVOKED = "access-revoked"


class PortfolioSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PORTFOLIO_", extra="ignore")

    service_name: str = "portfolio"
    http_port: int = 8102

    documents_max_files: int = Field(default=5, ge=1, description="Additional documents, at most.")
    documents_max_bytes: int = Field(
        default=10 * 2**20, ge=1, description="All documents of a portfolio together, bytes."
    )

    # Continuing education for periodic accreditation (docs/domain.md: sources disagree, so rules
    # are settings, versioned by the legal act; the latest in force on the day applies).
    # Each rule is the domain's `HoursRule`, read by field name; its defaults are the rule's.
    continuing_education_rules: list[HoursRule] = Field(default_factory=lambda: [HoursRule()])

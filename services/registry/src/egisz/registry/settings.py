from __future__ import annotations

from enum import StrEnum

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from egisz.runtime.settings import ServiceSettings


class Consumer(StrEnum):
    """The registry's durable consumers: JetStream durables and the inbox keys of their events."""

    ACCREDITATION_PASSED = "accreditation-passed"
    # The directory refreshes a record's resources on each event that changes it (its own
    # events: a new durable reads the stream from the start, so the directory fills itself).
    DIRECTORY_WORKER_REGISTERED = "directory-worker-registered"
    DIRECTORY_WORKER_FLAGGED = "directory-worker-flagged"
    DIRECTORY_DUPLICATE_RESOLVED = "directory-duplicate-resolved"
    DIRECTORY_WORKER_UPDATED = "directory-worker-updated"
    DIRECTORY_EMPLOYMENT_STARTED = "directory-employment-started"
    DIRECTORY_EMPLOYMENT_ENDED = "directory-employment-ended"
    DIRECTORY_EDUCATION_ADDED = "directory-education-added"
    DIRECTORY_CERTIFICATE_ADDED = "directory-certificate-added"
    DIRECTORY_CATEGORY_ASSIGNED = "directory-category-assigned"
    DIRECTORY_ACCREDITATION_RECORDED = "directory-accreditation-recorded"
    DIRECTORY_ENTRY_CORRECTED = "directory-entry-corrected"
    DIRECTORY_ENTRY_ANNULLED = "directory-entry-annulled"
    DIRECTORY_ORGANIZATION_REGISTERED = "directory-organization-registered"
    DIRECTORY_ORGANIZATION_UPDATED = "directory-organization-updated"
    DIRECTORY_SUBDIVISION_ADDED = "directory-subdivision-added"


class RegistrySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REGISTRY_", extra="ignore")

    service_name: str = "registry"
    http_port: int = 8101
    # The register's events are its history: the change feed is read back from the stream and
    # the reporting service rebuilds its facts by replaying it from the start, so it keeps every
    # event (0: no age limit; services/reporting/README.md). A year was kept before.
    stream_max_age_days: float = 0

    scan_max_bytes: int = Field(
        default=5 * 2**20, description="Largest scan (charter, certificate, licence), bytes."
    )
    dictionary_file_max_bytes: int = Field(
        default=64 * 2**20, description="Largest ФНСИ file (JSON or ZIP) the support desk loads."
    )

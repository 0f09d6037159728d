from __future__ import annotations

from enum import StrEnum

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from egisz.runtime.settings import ServiceSettings


class Consumer(StrEnum):
    """The registry's durable consumers: JetStream durables and the inbox keys of their events."""

    ACCREDITATION_PASSED = "accreditation-passed"
    ACCREDITATION_STANDING = "accreditation-standing"
    # The directory follows every event of its own register with one durable (a new durable
    # reads the stream from the start, so the directory fills itself).
    DIRECTORY = "directory"


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

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from egisz.runtime.settings import ServiceSettings


class Consumer(StrEnum):
    """The reporting service's durable consumers: one per event it keeps facts of."""

    WORKER_REGISTERED = "worker-registered"
    WORKER_UPDATED = "worker-updated"
    EMPLOYMENT_STARTED = "employment-started"
    EMPLOYMENT_ENDED = "employment-ended"
    ENTRY_CORRECTED = "entry-corrected"
    ENTRY_ANNULLED = "entry-annulled"
    ACCREDITATION_RECORDED = "accreditation-recorded"
    ORGANIZATION_REGISTERED = "organization-registered"
    ORGANIZATION_UPDATED = "organization-updated"
    STAFFING_CHANGED = "staffing-changed"
    ACCESS_GRANTED = "access-granted"
    ACCESS_REVOKED = "access-revoked"


class ReportingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REPORTING_", extra="ignore")

    service_name: str = "reporting"
    http_port: int = 8107
    facts_path: Path = Field(
        default=Path("data/reporting/facts.duckdb"),
        description="The DuckDB file of facts; one process opens it (one replica).",
    )
    facts_memory_limit: str = Field(
        default="1GB", description="DuckDB's memory for the facts (it spills to disk past it)."
    )
    facts_threads: int = Field(default=0, ge=0, description="0: one per core.")
    open_data_path: Path | None = Field(
        default=None, description="Where the open-data releases are kept; beside the facts if none."
    )
    open_data_check_seconds: float = Field(
        default=3600, gt=0, description="How often the daily job looks whether today's is made."
    )
    exports_kept_hours: float = Field(
        default=24, gt=0, description="How long a report made into a file waits to be downloaded."
    )
    rebuild_batch: int = Field(default=1000, ge=1, le=10_000)
    authorities_announce_seconds: float = Field(
        default=86_400,
        gt=0,
        description="How often (and once at start) every authority is published again whole.",
    )

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from egisz.runtime.settings import ServiceSettings


class AuditSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="AUDIT_", extra="ignore")

    service_name: str = "audit"
    http_port: int = 8108
    anchor_seconds: float = Field(
        default=300.0,
        gt=0,
        description="How often the chain's head (position, hash) is written to the log, so "
        "a rewritten database cannot also rewrite a hash already shipped with the logs.",
    )
    retention_days: float = Field(
        default=1827.0,
        gt=0,
        description="How long records are kept (default five years; the operator sets it "
        "from the regulation it follows); older ones are removed, the chain checked from "
        "the last one removed.",
    )
    prune_seconds: float = Field(default=3600.0, gt=0, description="How often to remove them.")

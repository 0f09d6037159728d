from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from egisz.runtime.settings import ServiceSettings


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
    fac_intake_enabled: bool = Field(
        default=True, description="Serve the center's intake here (off when a real center does)."
    )
    deadline_check_seconds: float = Field(
        default=3600.0, description="How often applications under review are checked."
    )

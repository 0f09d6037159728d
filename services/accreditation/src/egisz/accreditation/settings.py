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

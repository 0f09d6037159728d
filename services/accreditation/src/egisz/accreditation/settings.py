from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from egisz.runtime.settings import ServiceSettings


class AccreditationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ACCREDITATION_", extra="ignore")

    service_name: str = "accreditation"
    http_port: int = 8103

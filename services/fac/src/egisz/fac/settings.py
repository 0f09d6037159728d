from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from egisz.runtime.settings import ServiceSettings


class FacSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="FAC_", extra="ignore")

    service_name: str = "fac"
    http_port: int = 8105

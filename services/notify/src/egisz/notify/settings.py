from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from egisz.runtime.settings import ServiceSettings


class NotifySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFY_", extra="ignore")

    service_name: str = "notify"
    http_port: int = 8104
    language: str = "ru"

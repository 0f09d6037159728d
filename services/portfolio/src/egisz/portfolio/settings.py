from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from egisz.runtime.settings import ServiceSettings


class PortfolioSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PORTFOLIO_", extra="ignore")

    service_name: str = "portfolio"
    http_port: int = 8102

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from egisz.runtime.settings import ServiceSettings


class PortfolioSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PORTFOLIO_", extra="ignore")

    service_name: str = "portfolio"
    http_port: int = 8102

    documents_max_files: int = Field(default=5, ge=1, description="Additional documents, at most.")
    documents_max_bytes: int = Field(
        default=10 * 2**20, ge=1, description="All documents of a portfolio together, bytes."
    )

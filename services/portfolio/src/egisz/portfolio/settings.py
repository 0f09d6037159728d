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

    # Continuing education for periodic accreditation (DOMAIN.md: sources disagree).
    nmo_legal_act: str = "Приказ Минздрава России от 28.10.2022 № 709н"
    nmo_period_years: int = 5
    nmo_total_hours: int = 144
    nmo_advanced_hours: int = 72
    nmo_min_program_hours: int = 16

"""Portfolio errors: each has a stable code, a Russian message and who can fix it."""

from __future__ import annotations

from egisz.runtime.errors import DomainError, NotFoundError


class PortfolioError(DomainError):
    code = "portfolio_rule"


class PortfolioNotFoundError(PortfolioError, NotFoundError):
    code = "portfolio_not_found"
    default_message = (
        "Портфолио не найдено: оно появляется, когда работник внесён в ФРМР — "
        "обратитесь к кадровой службе организации"
    )
    fixable_by = "organization"

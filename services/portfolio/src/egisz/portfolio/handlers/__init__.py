"""The portfolio's entry points, by what they are about; `app.py` includes every router."""

from egisz.portfolio.handlers import approval, experience, portfolio, projections

ROUTERS = (projections.router, portfolio.router, experience.router, approval.router)

__all__ = ["ROUTERS"]

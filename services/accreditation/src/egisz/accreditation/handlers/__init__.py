"""Accreditation's entry points, by what they are about; `app.py` includes every router and runs
the deadline timer (`check_deadlines`)."""

from egisz.accreditation.handlers import applicants, applications, extracts, review
from egisz.accreditation.handlers.dependencies import Dependencies, check_deadlines

ROUTERS = (applicants.router, applications.router, review.router, extracts.router)

__all__ = ["ROUTERS", "Dependencies", "check_deadlines"]

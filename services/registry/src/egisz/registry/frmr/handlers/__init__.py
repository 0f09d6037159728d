"""FRMR's entry points, by what they are about; `app.py` includes every router."""

from egisz.registry.frmr.handlers import corrections, entries, queries, records, uncoded

ROUTERS = (records.router, entries.router, corrections.router, queries.router, uncoded.router)

__all__ = ["ROUTERS"]

"""Composition root of the portfolio service: document limits, the continuing-education rules
from settings, and the document store."""

from __future__ import annotations

from egisz.portfolio import handlers
from egisz.portfolio.domain import documents
from egisz.portfolio.repository import DOCUMENTS_BUCKET, INDEXES
from egisz.portfolio.settings import PortfolioSettings
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.gridfs import GridFsFileStore


def build(settings: PortfolioSettings | None = None) -> ServiceRuntime:
    settings = settings or PortfolioSettings()
    rt = ServiceRuntime(settings, indexes=INDEXES)
    deps = handlers.Dependencies(
        limits=documents.Limits(settings.documents_max_files, settings.documents_max_bytes),
        hours_rules=settings.continuing_education_rules,
        documents=lambda: GridFsFileStore(rt.mongo.db, DOCUMENTS_BUCKET),
    )
    handlers.register(rt, deps)
    return rt

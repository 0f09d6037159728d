"""Composition root of the portfolio service: document limits, the continuing-education rules
from settings, and the document store."""

from __future__ import annotations

from egisz.portfolio.certificates import HeadCertificates
from egisz.portfolio.domain import documents
from egisz.portfolio.handlers import ROUTERS
from egisz.portfolio.handlers.dependencies import Dependencies
from egisz.portfolio.repository import DOCUMENTS_BUCKET, INDEXES, MongoPortfolioUnitOfWork
from egisz.portfolio.settings import PortfolioSettings
from egisz.portfolio.wire import to_wire
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.gridfs import GridFsFileStore


def build(settings: PortfolioSettings | None = None) -> ServiceRuntime:
    settings = settings or PortfolioSettings()
    rt = ServiceRuntime(settings, indexes=INDEXES, journaled_as="portfolio")
    deps = Dependencies(
        units=rt.units(MongoPortfolioUnitOfWork, to_wire),
        limits=documents.Limits(settings.documents_max_files, settings.documents_max_bytes),
        hours_rules=settings.continuing_education_rules,
        documents=lambda: GridFsFileStore(rt.mongo.db, DOCUMENTS_BUCKET),
        certificates=HeadCertificates(settings.trusted_cas()),
    )
    for router in ROUTERS:
        rt.include(router, deps)
    return rt

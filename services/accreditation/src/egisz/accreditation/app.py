"""Composition root of the accreditation service: rules, the calendar, the gateways to the
portfolio and the center, the signer, the file stores and the deadline timer."""

from __future__ import annotations

from typing import Any

from egisz.accreditation import handlers
from egisz.accreditation.calendar import ProductionCalendar
from egisz.accreditation.domain.extract import AccreditationRecord
from egisz.accreditation.domain.submission import Rules
from egisz.accreditation.domain.working_days import ReviewTerms
from egisz.accreditation.extract_pdf import render_extract
from egisz.accreditation.gateways import (
    NatsApplicationCenter,
    NatsPortfolioGateway,
    NatsSpecialityBook,
)
from egisz.accreditation.repository import (
    DOCUMENTS_BUCKET,
    EXTRACTS_BUCKET,
    INDEXES,
    MongoAccreditationUnitOfWork,
)
from egisz.accreditation.settings import AccreditationSettings
from egisz.accreditation.wire import to_wire
from egisz.kernel.signatures import Signer
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.gridfs import GridFsFileStore
from egisz.runtime.logging import get_logger

log = get_logger("egisz.accreditation")


def build(settings: AccreditationSettings | None = None) -> ServiceRuntime:
    settings = settings or AccreditationSettings()
    rt = ServiceRuntime(settings, indexes=INDEXES, journaled_as="accreditation")
    token, timeout = settings.service_token, settings.request_timeout_seconds
    pem = settings.signing_key_pem()
    if not pem:
        log.warning("no signing key: extracts cannot be issued", setting="SIGNING_KEY")

    def render(record: AccreditationRecord, **kw: Any) -> bytes:
        return render_extract(record, verify_hint=settings.extract_verify_hint, **kw)

    deps = handlers.Dependencies(
        units=rt.units(MongoAccreditationUnitOfWork, to_wire),
        rules=Rules(settings.documents_max_bytes, settings.earliest_months_before_expiry),
        terms=ReviewTerms(
            settings.review_check_days,
            settings.review_decision_days,
            ProductionCalendar(
                settings.calendar_country,
                extra_days_off=settings.extra_days_off,
                extra_working_days=settings.extra_working_days,
            ),
        ),
        portfolio=lambda: NatsPortfolioGateway(rt.broker.connection, token=token, timeout=timeout),
        center=lambda: NatsApplicationCenter(rt.broker.connection, timeout=timeout),
        specialities=NatsSpecialityBook(lambda: rt.broker.connection, token=token, timeout=timeout),
        documents=lambda: GridFsFileStore(rt.mongo.db, DOCUMENTS_BUCKET),
        extracts=lambda: GridFsFileStore(rt.mongo.db, EXTRACTS_BUCKET),
        signer=Signer(pem) if pem else None,
        render=render,
    )
    for router in handlers.ROUTERS:
        rt.include(router, deps)
    rt.every(
        settings.deadline_check_seconds,
        lambda: handlers.check_deadlines(deps),
        name="review-deadlines",
    )
    return rt

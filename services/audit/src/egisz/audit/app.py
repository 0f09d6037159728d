"""Composition root of the audit journal."""

from __future__ import annotations

from egisz.audit import handlers
from egisz.audit.domain.chain import anchor_line
from egisz.audit.repository import INDEXES, MongoJournal
from egisz.audit.settings import AuditSettings
from egisz.audit.usecases import Chain
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.logging import get_logger

log = get_logger("egisz.audit")


def build(settings: AuditSettings | None = None) -> ServiceRuntime:
    settings = settings or AuditSettings()
    # The desk's searches name people: the journal journals them too, under its own subject.
    runtime = ServiceRuntime(settings, indexes=INDEXES, journaled_as="audit")
    chain = Chain(MongoJournal(lambda: runtime.mongo))
    runtime.include(handlers.router, handlers.Dependencies(chain))

    async def anchor() -> None:
        log.info("journal head", **anchor_line(await chain.head()))

    runtime.every(settings.anchor_seconds, anchor, name="journal-anchor")
    return runtime

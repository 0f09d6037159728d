"""Composition root of the audit journal."""

from __future__ import annotations

from egisz.audit import handlers
from egisz.audit.domain.chain import anchor_line
from egisz.audit.repository import (
    INDEXES,
    MongoAuthorities,
    MongoJournal,
    MongoOrganizationRegions,
)
from egisz.audit.settings import AuditSettings
from egisz.audit.usecases import Chain, prune_journal
from egisz.kernel.clock import utcnow
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.logging import get_logger

log = get_logger("egisz.audit")


def build(settings: AuditSettings | None = None) -> ServiceRuntime:
    settings = settings or AuditSettings()
    # The desk's searches name people: the journal journals them too, under its own subject.
    runtime = ServiceRuntime(settings, indexes=INDEXES, journaled_as="audit")
    chain = Chain(MongoJournal(lambda: runtime.mongo))
    deps = handlers.Dependencies(
        chain,
        MongoAuthorities(lambda: runtime.mongo),
        MongoOrganizationRegions(lambda: runtime.mongo),
    )
    runtime.include(handlers.router, deps)

    async def anchor() -> None:
        log.info("journal head", **anchor_line(await chain.head()))

    async def prune() -> None:
        removed = await prune_journal(
            chain.journal, now=utcnow(), retention_days=settings.retention_days
        )
        if removed:
            log.info("journal records past retention removed", removed=removed)

    runtime.every(settings.anchor_seconds, anchor, name="journal-anchor")
    runtime.every(settings.prune_seconds, prune, name="journal-retention")
    return runtime

"""Composition root of the registry service: its contexts — the workers' register (FRMR), the
organizations' register (FRMO, with access of responsible employees) and the register of students
and graduates — on one runtime, with one event mapping."""

from __future__ import annotations

from egisz.kernel.clock import utcnow
from egisz.kernel.signatures import Signer
from egisz.registry.dependencies import Dependencies
from egisz.registry.directory import handlers as directory
from egisz.registry.directory.repository import DIRECTORY_INDEXES, MongoDirectoryReader
from egisz.registry.directory.usecases import refresh_due
from egisz.registry.frmo import (
    act_handlers,
    handlers as frmo,
    network_handlers as frmo_network,
    queue_handlers as frmo_queue,
    trust_handlers as trust,
)
from egisz.registry.frmr import handlers as frmr
from egisz.registry.learners import handlers as learners
from egisz.registry.nsi import handlers as nsi
from egisz.registry.nsi.codebook import CachedCodeBook
from egisz.registry.nsi.repository import DICTIONARY_FILES, NSI_INDEXES
from egisz.registry.nsi.starter import load_starter_set
from egisz.registry.repository import MongoRegistryUnitOfWork
from egisz.registry.settings import RegistrySettings
from egisz.registry.staffing import handlers as staffing
from egisz.registry.storage import ACTS_BUCKET, INDEXES, SCANS_BUCKET
from egisz.registry.support import handlers as support
from egisz.registry.wire import to_wire
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.gridfs import GridFsFileStore


def build(settings: RegistrySettings | None = None) -> ServiceRuntime:
    settings = settings or RegistrySettings()
    pem = settings.signing_key_pem()
    signer = Signer(pem) if pem else None  # none: approvals wait (`signing_key_missing`)
    runtime = ServiceRuntime(
        settings,
        indexes={**INDEXES, **NSI_INDEXES, **DIRECTORY_INDEXES},
        journaled_as="registry",
    )
    units = runtime.units(MongoRegistryUnitOfWork, to_wire)
    deps = Dependencies(
        units=units,
        scans=lambda: GridFsFileStore(runtime.mongo.db, SCANS_BUCKET),
        scan_max_bytes=settings.scan_max_bytes,
        nats=lambda: runtime.broker.connection,
        dictionary_files=lambda: GridFsFileStore(runtime.mongo.db, DICTIONARY_FILES),
        dictionary_file_max_bytes=settings.dictionary_file_max_bytes,
        codes=CachedCodeBook(units),
        directory=lambda: MongoDirectoryReader(runtime.mongo.db),
        trusted_cas=tuple(settings.trusted_cas()),
        act_files=lambda: GridFsFileStore(runtime.mongo.db, ACTS_BUCKET),
        act_signer=signer,
    )
    routers = (*frmr.ROUTERS, frmo.router, frmo_queue.router, learners.router, nsi.router)
    more = (frmo_network.router, trust.router, act_handlers.router, staffing.router, support.router)
    for router in (*routers, *more, directory.router):
        runtime.include(router, deps)
    # Dictionaries with no version get the starter set; every replica may run it (idempotent).
    runtime.every(24 * 3600, lambda: load_starter_set(deps.units), name="nsi-starter")
    # A job begins or ends, a licence lapses on a day no event marks: the directory's resources
    # are made anew on that day (every replica may run it: a refresh writes only differences).
    runtime.every(
        3600, lambda: refresh_due(units, deps.directory(), utcnow().date()), name="directory-days"
    )
    return runtime

"""Composition root of the registry service: its contexts — the workers' register (FRMR), the
organizations' register (FRMO, with access of responsible employees) and the register of students
and graduates — on one runtime, with one event mapping."""

from __future__ import annotations

from egisz.registry.frmo.handlers import register_access, register_frmo
from egisz.registry.frmr import handlers as frmr
from egisz.registry.learners.handlers import register_learners
from egisz.registry.settings import RegistrySettings
from egisz.registry.storage import INDEXES, SCANS_BUCKET
from egisz.registry.wire import to_wire
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.gridfs import GridFsFileStore


def build(settings: RegistrySettings | None = None) -> ServiceRuntime:
    settings = settings or RegistrySettings()
    runtime = ServiceRuntime(settings, indexes=INDEXES)
    frmr.register(runtime, to_wire)

    def scans() -> GridFsFileStore:
        return GridFsFileStore(runtime.mongo.db, SCANS_BUCKET)

    register_frmo(runtime, to_wire, scans, settings.scan_max_bytes)
    register_access(runtime, to_wire)
    register_learners(runtime, to_wire)
    return runtime

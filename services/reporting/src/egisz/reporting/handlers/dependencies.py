"""What the reporting service's entry points need, built by `app.py`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from egisz.reporting.facts_store import Facts
from egisz.reporting.open_data import OpenDataFiles
from egisz.reporting.repository import ReportingUnitOfWork
from egisz.reporting.usecases.rebuild import Rebuild
from egisz.runtime.files import FileStore
from egisz.runtime.routing import UnitOfWorkFactory


@dataclass(frozen=True)
class Dependencies:
    units: UnitOfWorkFactory[ReportingUnitOfWork]
    facts: Facts
    rebuild: Rebuild
    exports: Callable[[], FileStore]  # a factory: the store exists once the runtime started
    open_data: OpenDataFiles

"""What the registry's entry points need, built by `app.py`. Stores and readers are factories:
the connections they use exist only once the runtime has started."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cryptography.x509 import Certificate
from nats.aio.client import Client

from egisz.kernel.signatures import Signer
from egisz.registry.directory.repository import DirectoryReader
from egisz.registry.domain.coding import CodeBook
from egisz.registry.repository import RegistryUnitOfWork
from egisz.runtime.files import FileStore
from egisz.runtime.routing import UnitOfWorkFactory


@dataclass(frozen=True)
class Dependencies:
    units: UnitOfWorkFactory[RegistryUnitOfWork]
    scans: Callable[[], FileStore]  # FRMO's scans, each at most `scan_max_bytes`
    scan_max_bytes: int
    nats: Callable[[], Client]  # the change feed reads the stream directly
    dictionary_files: Callable[[], FileStore]  # ФНСИ files the support desk uploads
    dictionary_file_max_bytes: int
    codes: CodeBook  # coded fields read through the reference books
    directory: Callable[[], DirectoryReader]  # searches read without a transaction
    act_files: Callable[[], FileStore]  # FRMO's registration acts, signed PDFs
    act_signer: Signer | None  # the registry's own key; none: approvals wait
    trusted_cas: tuple[Certificate, ...] = ()  # the setting's; the desk's are read each time

"""The embedded servers a benchmark or a fault run starts for itself: nats-server (JetStream,
open) and SecantusDB on free ports in a temporary folder, stopped when it is done."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from egisz.cli.infra import EmbeddedMongo, EmbeddedNats, free_port


@dataclass(frozen=True)
class Servers:
    root: Path  # the temporary folder: keys and files may go here too
    nats_url: str
    mongo_url: str


@contextlib.contextmanager
def embedded_servers() -> Iterator[Servers]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        nats = EmbeddedNats(root / "nats", free_port(), sink=None, log_file=root / "n.log")
        mongo = EmbeddedMongo(root / "mongo", free_port(), sink=None, log_file=root / "m.log")
        nats.start()
        mongo.start()
        try:
            nats.wait_ready()
            mongo.wait_ready()
            yield Servers(root, nats.url, mongo.url)
        finally:
            mongo.stop()
            nats.stop()

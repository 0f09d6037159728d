"""The embedded servers a benchmark or a fault run starts for itself: nats-server (JetStream,
open) and SecantusDB on free ports in a temporary folder, stopped when it is done; and a
nats-server under the deployed users and permissions, for tests."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from egisz.cli.infra import EmbeddedMongo, EmbeddedNats, free_port
from egisz.cli.stack import violations_in
from egisz.runtime.devsecrets import nats_passwords


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


@contextlib.contextmanager
def deployed_nats(
    root: Path, users_conf: Path, *, refusals_expected: bool = False
) -> Iterator[EmbeddedNats]:
    """nats-server under `users_conf` (the deployed users and permissions), each user's password
    made in `root`. Stopped on the way out; then a permission violation in its log fails,
    naming user and subject — unless the caller provokes them (`refusals_expected`)."""
    server = EmbeddedNats(
        root / "nats",
        free_port(),
        config_file=users_conf,
        users=nats_passwords(root / "passwords"),
        sink=None,
        log_file=root / "nats.log",
    )
    server.start()
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()
    if not refusals_expected:
        violations = violations_in(root / "nats.log")
        assert violations == [], f"NATS permission violations under users.conf: {violations[:10]}"

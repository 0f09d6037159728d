"""A short fault run in every `make test` (the long one is `make faults`): registrations go on
while each service is killed -9, the database is frozen and nats-server is killed; nothing is
lost, doubled or dead-lettered, and every client gets its first answer."""

from __future__ import annotations

import pytest

from .faultrun import fault_run


@pytest.mark.timeout(480)  # start, four kills, a 10 s freeze, NATS, then everything settled
async def test_killing_each_process_in_turn_loses_doubles_and_dead_letters_nothing() -> None:
    report = await fault_run(clients=4, pause=0.3, pace=2.0, log=print, settle_seconds=150)
    print("e-mails arriving again:", report["e-mails arriving again (same Message-ID)"])
    assert report["registrations"] >= 50
    assert report["problems"] == []

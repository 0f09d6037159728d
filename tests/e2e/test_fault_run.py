"""A short fault run in every `make test` (the long one is `make faults`): registrations go on
while each service is killed -9, the database is frozen and nats-server is killed; nothing is
lost, doubled or dead-lettered, and every client gets its first answer."""

from __future__ import annotations

from .faultrun import fault_run


async def test_killing_each_process_in_turn_loses_doubles_and_dead_letters_nothing() -> None:
    report = await fault_run(clients=4, pause=0.3, pace=2.0, log=lambda _: None)
    assert report["registrations"] >= 50
    assert report["problems"] == []

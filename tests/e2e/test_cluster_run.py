"""A short cluster run in every `make test` (the long one, with the throughput, is `make cluster`):
three NATS nodes with R3 streams and two processes of every service and of the gateway, under
load, while a node, the registry stream's leader and one process of each are killed -9; nothing
is lost, doubled or dead-lettered, every e-mail and reminder goes once."""

from __future__ import annotations

import time

import pytest

from .clusterrun import cluster_run


@pytest.mark.e2e
@pytest.mark.timeout(480)
async def test_a_cluster_losing_a_node_its_leader_and_a_process_of_each_loses_nothing() -> None:
    began = time.monotonic()

    def log(line: str) -> None:
        print(f"{time.monotonic() - began:6.1f} s  {line}", flush=True)

    report = await cluster_run(clients=3, pace=2.0, log=log, settle_seconds=150, reminders=10)
    print(report)
    assert report["registrations"] >= 30
    assert report["reminders sent"] == 10
    assert report["problems"] == []

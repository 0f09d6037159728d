"""A service started as a process of its own puts what start-up made out of the garbage
collector's way once it is ready, and collects its young objects less often; a runtime a test
starts leaves the test process's heap alone."""

from __future__ import annotations

import gc

import pytest

from egisz.runtime import heap
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.settings import ServiceSettings
from egisz.testsupport.harness import running

pytestmark = pytest.mark.integration


def runtime(nats_url: str, mongo_url: str, unique: str) -> ServiceRuntime:
    settings = ServiceSettings(
        service_name=f"heap{unique}",
        nats_url=nats_url,
        mongo_url=mongo_url,
        outbox_relay_enabled=False,
    )
    return ServiceRuntime(settings, indexes={})


async def test_a_served_process_freezes_its_start_up_heap_once_ready(
    nats_url: str, mongo_url: str, unique: str
) -> None:
    rt = runtime(nats_url, mongo_url, unique)
    rt.freeze_heap_at_start = True  # what `serve` sets for `python -m egisz.<service>`
    thresholds = gc.get_threshold()
    try:
        async with running(rt):
            frozen = gc.get_freeze_count()
            young_every = gc.get_threshold()[0]
    finally:
        gc.unfreeze()  # the test process's heap is the tests' own
        gc.set_threshold(*thresholds)
    assert frozen > 10_000
    assert young_every == heap.YOUNG_COLLECTION_EVERY


async def test_a_runtime_started_by_a_test_freezes_nothing(
    nats_url: str, mongo_url: str, unique: str
) -> None:
    thresholds = gc.get_threshold()
    async with running(runtime(nats_url, mongo_url, unique)):
        assert gc.get_freeze_count() == 0
        assert gc.get_threshold() == thresholds

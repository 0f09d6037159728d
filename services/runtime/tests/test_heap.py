"""A service started as a process of its own puts what start-up made out of the garbage
collector's way once it is ready; a runtime a test starts leaves the test process's heap alone."""

from __future__ import annotations

import gc

import pytest

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
    try:
        async with running(rt):
            frozen = gc.get_freeze_count()
    finally:
        gc.unfreeze()  # the test process's heap is the tests' own
    assert frozen > 10_000


async def test_a_runtime_started_by_a_test_freezes_nothing(
    nats_url: str, mongo_url: str, unique: str
) -> None:
    async with running(runtime(nats_url, mongo_url, unique)):
        assert gc.get_freeze_count() == 0

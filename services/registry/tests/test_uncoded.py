"""Stored text given its code: a job's position in text is mapped to the positions' book by name
where exactly one entry has it; the rest waits in the support desk's queue with the book's
nearest names, until the desk codes it. Each coding is a correction the history keeps."""

from __future__ import annotations

from datetime import date

import pytest

from egisz.kernel.errors import InvalidInputError
from egisz.registry.frmr import uncoded
from egisz.registry.frmr.domain.errors import EmploymentNotFoundError
from egisz.registry.frmr.domain.events import EntryCorrected
from egisz.registry.nsi.codebook import CachedCodeBook
from egisz.registry.nsi.starter import load_starter_set
from egisz.registry.repository import FakeRegistryUnitOfWork

from .test_worker import NOW, job, register


async def queued_worker() -> tuple[FakeRegistryUnitOfWork, CachedCodeBook]:
    uow = FakeRegistryUnitOfWork()
    await load_starter_set(lambda: uow)
    worker = register()
    worker.enter([])
    worker.start_employment(job(date(2020, 1, 1), position="Врач-ТЕРАПЕВТ"), today=NOW.date())
    worker.start_employment(
        job(date(2021, 1, 1), kind="part_time", position="Врач по всему на свете"),
        today=NOW.date(),
    )
    async with uow:
        await uow.workers.add(worker)
        await uow.commit()
    uow.published.clear()
    return uow, CachedCodeBook(lambda: uow)


async def test_text_that_is_one_names_book_entry_takes_its_code_and_the_rest_waits() -> None:
    uow, codes = await queued_worker()
    done = await uncoded.map_positions(lambda: uow, codes, after=None, limit=100, clock=lambda: NOW)
    assert (done.coded, done.left, done.next_cursor) == (1, 1, None)
    worker = uow.store["w1"]
    coded = next(e for e in worker.employments if e.position_code)
    assert (coded.position_code, coded.position) == ("109", "врач-терапевт")
    [revision] = worker.history
    assert (revision.reason, revision.by_org) == (uncoded.MAPPED, None)
    assert [type(e) for e in uow.published] == [EntryCorrected]
    again = await uncoded.map_positions(
        lambda: uow, codes, after=None, limit=100, clock=lambda: NOW
    )
    assert (again.coded, again.left) == (0, 1)  # the same text again: still waiting, nothing new


async def test_the_desk_sees_the_queue_with_near_names_and_codes_an_entry() -> None:
    uow, codes = await queued_worker()
    await uncoded.map_positions(lambda: uow, codes, after=None, limit=100, clock=lambda: NOW)
    [waiting], cursor = await uncoded.queue(uow, codes, after=None, limit=50)
    assert cursor is None and waiting.job.position == "Врач по всему на свете"
    assert waiting.candidates and all("врач" in c.name for c in waiting.candidates)
    job = await uncoded.resolve(
        uow,
        codes,
        worker_id="w1",
        employment_id=waiting.job.id,
        position_code="74",
        clock=lambda: NOW,
    )
    assert (job.position_code, job.position) == ("74", "врач общей практики (семейный врач)")
    assert (await uncoded.queue(uow, codes, after=None, limit=50))[0] == []
    with pytest.raises(EmploymentNotFoundError):  # coded now: no longer in the queue
        await uncoded.resolve(uow, codes, worker_id="w1", employment_id=job.id, position_code="74")


async def test_a_code_the_book_does_not_have_is_refused_by_name() -> None:
    uow, codes = await queued_worker()
    [first, _], _ = await uncoded.queue(uow, codes, after=None, limit=50)
    with pytest.raises(InvalidInputError) as caught:
        await uncoded.resolve(
            uow, codes, worker_id="w1", employment_id=first.job.id, position_code="no"
        )
    assert caught.value.fields[0].code == "unknown_code"

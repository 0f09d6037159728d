"""Stored text given its code: a job's position (and a speciality, a dismissal reason) in text is
mapped to its book by name where exactly one entry has it; the rest waits in the support desk's queue with the book's
nearest names, until the desk codes it. Each coding is a correction the history keeps."""

from __future__ import annotations

from datetime import date

import pytest

from egisz.kernel.errors import InvalidInputError
from egisz.registry.domain.errors import NotQueuedError
from egisz.registry.frmr import uncoded
from egisz.registry.frmr.domain.events import EntryCorrected
from egisz.registry.frmr.domain.parts import EntryKind
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
    done = await uncoded.map_by_name(lambda: uow, codes, after=None, limit=100, clock=lambda: NOW)
    assert (done.coded, done.left, done.next_cursor) == (1, 1, None)
    worker = uow.store["w1"]
    coded = next(e for e in worker.employments if e.position_code)
    assert (coded.position_code, coded.position) == ("109", "врач-терапевт")
    [revision] = worker.history
    assert (revision.reason, revision.by_org) == (
        "Должность сопоставлена со справочником должностей НСИ по наименованию",
        None,
    )
    assert [type(e) for e in uow.published] == [EntryCorrected]
    again = await uncoded.map_by_name(lambda: uow, codes, after=None, limit=100, clock=lambda: NOW)
    assert (again.coded, again.left) == (0, 1)  # the same text again: still waiting, nothing new


async def test_the_desk_sees_the_queue_with_near_names_and_codes_an_entry() -> None:
    uow, codes = await queued_worker()
    await uncoded.map_by_name(lambda: uow, codes, after=None, limit=100, clock=lambda: NOW)
    [waiting], cursor = await uncoded.queue(uow, codes, after=None, limit=50)
    assert cursor is None and waiting.waiting.text == "Врач по всему на свете"
    assert waiting.candidates and all("врач" in c.name for c in waiting.candidates)
    entry_id = waiting.waiting.entry_id
    where = {"worker_id": "w1", "kind": EntryKind.EMPLOYMENT, "entry_id": entry_id}
    _, job = await uncoded.resolve(
        uow, codes, **where, field="position", code="74", clock=lambda: NOW
    )
    assert (job.position_code, job.position) == ("74", "врач общей практики (семейный врач)")  # type: ignore[union-attr]
    assert (await uncoded.queue(uow, codes, after=None, limit=50))[0] == []
    with pytest.raises(NotQueuedError):  # coded now: no longer in the queue
        await uncoded.resolve(uow, codes, **where, field="position", code="74")


async def test_a_code_the_book_does_not_have_is_refused_by_name() -> None:
    uow, codes = await queued_worker()
    [first, _], _ = await uncoded.queue(uow, codes, after=None, limit=50)
    with pytest.raises(InvalidInputError) as caught:
        await uncoded.resolve(
            uow,
            codes,
            worker_id="w1",
            kind=first.waiting.kind,
            entry_id=first.waiting.entry_id,
            field=first.waiting.field,
            code="no",
        )
    assert caught.value.fields[0].code == "unknown_code"


async def test_an_ended_jobs_dismissal_reason_in_text_is_mapped_on_its_end_date() -> None:
    uow, codes = await queued_worker()
    async with uow:
        worker = await uow.workers.get("w1")
        assert worker is not None
        worker.end_employment(
            worker.employments[0].id,
            end_date=date(2024, 1, 31),
            reason="соглашение  сторон (ст. 78 ТК РФ)",
            today=NOW.date(),
        )
        await uow.workers.save(worker)
        await uow.commit()
    waiting = [(f.field, f.on) for f in uow.store["w1"].uncoded_fields]
    assert ("dismissal_reason", date(2024, 1, 31)) in waiting
    await uncoded.map_by_name(lambda: uow, codes, after=None, limit=100, clock=lambda: NOW)
    ended = uow.store["w1"].employments[0]
    assert (ended.position_code, ended.dismissal_reason_code) == ("109", "agreement")
    assert ended.dismissal_reason == "Соглашение сторон (ст. 78 ТК РФ)"


def test_an_organizations_text_is_queued_and_a_coded_bed_profile_keeps_its_beds() -> None:
    from egisz.registry.domain.coding import BED_PROFILES, SUBDIVISION_KINDS, Coded
    from egisz.registry.frmo.domain.uncoded import give_code, uncoded_items
    from egisz.testsupport.seeding import placeholder_organization

    today = NOW.date()
    organization = placeholder_organization("1.2.643.5.1.13.13.12.2.77.9")
    ward = organization.add_subdivision(name="Терапия", kind="отделение терапии")
    organization.set_beds(ward.oid, "терапевтические", 5, today=today, code="therapeutic")
    organization.set_beds(ward.oid, "Терапия взрослых", 20, today=today)
    waiting = [(i.kind, i.field, i.text) for i in uncoded_items(organization, today)]
    assert waiting == [
        ("subdivision", "kind", "отделение терапии"),
        ("beds", "profile", "Терапия взрослых"),
    ]
    beds = uncoded_items(organization, today)[1]
    give_code(
        organization, beds, Coded(BED_PROFILES, "therapeutic", "терапевтические"), today=today
    )
    [coded] = organization.subdivisions
    assert (coded.beds, coded.bed_codes) == (
        {"терапевтические": 25},
        {"терапевтические": "therapeutic"},
    ), "the profile's beds join those already under the book's name"
    kind = uncoded_items(organization, today)[0]
    give_code(organization, kind, Coded(SUBDIVISION_KINDS, "department", "Отделение"), today=today)
    assert uncoded_items(organization, today) == []

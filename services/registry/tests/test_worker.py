"""Registering a worker: every wrong field is named at once; a good record records its event."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from egisz.registry import usecases
from egisz.registry.domain.errors import WorkerAlreadyRegisteredError, WorkerNotFoundError
from egisz.registry.domain.model import Worker, WorkerRegistered
from egisz.registry.repository import FakeRegistryUnitOfWork
from egisz.runtime.errors import InvalidInputError

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
GOOD = {
    "snils": "112-233-445 95",
    "last_name": "Салтыков-Щедрин",
    "first_name": "Михаил",
    "middle_name": "Евграфович",
    "birth_date": date(1980, 1, 2),
}


def register(**changes: object) -> Worker:
    fields = {**GOOD, **changes}
    return Worker.register(
        worker_id="w1", today=NOW.date(), now=NOW, registered_by_org="org", **fields
    )  # type: ignore[arg-type]


def test_a_valid_worker_is_registered_with_a_normalized_snils_and_an_event() -> None:
    worker = register()
    assert worker.snils.digits == "11223344595"
    assert worker.events == [
        WorkerRegistered("w1", "11223344595", worker.name, date(1980, 1, 2), "org")
    ]


def test_every_wrong_field_is_named_in_one_answer() -> None:
    with pytest.raises(InvalidInputError) as caught:
        register(
            snils="112-233-445 96", last_name="Ив4нов", first_name=" ", birth_date=date(2030, 1, 1)
        )
    fields = {p.field: p.code for p in caught.value.fields}
    assert fields == {
        "snils": "checksum",
        "last_name": "format",
        "first_name": "missing",
        "birth_date": "future",
    }


@pytest.mark.parametrize("name", ["O'Brien", "Анна-Мария", "Ёлкина", "Д’Артаньян"])
def test_real_names_with_hyphens_and_apostrophes_pass(name: str) -> None:
    assert register(last_name=name).name.last == name


@pytest.mark.parametrize("name", ["Иванов1", "Петров!", "--", "Сидоров_"])
def test_names_with_digits_or_symbols_are_refused(name: str) -> None:
    with pytest.raises(InvalidInputError):
        register(last_name=name)


async def test_register_worker_commits_the_worker_and_its_event() -> None:
    uow = FakeRegistryUnitOfWork()
    worker = await usecases.register_worker(uow, registered_by_org="org", clock=lambda: NOW, **GOOD)  # type: ignore[arg-type]
    assert uow.store == {worker.id: worker}
    assert [type(e) for e in uow.published] == [WorkerRegistered]


async def test_a_second_registration_of_the_same_snils_is_a_conflict() -> None:
    uow = FakeRegistryUnitOfWork()
    await usecases.register_worker(uow, registered_by_org="org", clock=lambda: NOW, **GOOD)  # type: ignore[arg-type]
    with pytest.raises(WorkerAlreadyRegisteredError):
        await usecases.register_worker(
            uow, registered_by_org="org", clock=lambda: NOW, **{**GOOD, "snils": "11223344595"}
        )  # type: ignore[arg-type]
    assert len(uow.published) == 1


async def test_an_unknown_worker_gets_the_frmr_not_found_message() -> None:
    with pytest.raises(WorkerNotFoundError, match="не найден в системе ФРМР"):
        await usecases.find_worker(FakeRegistryUnitOfWork(), worker_id=None, snils="11223344595")

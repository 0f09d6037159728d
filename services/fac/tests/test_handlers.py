"""The center's entry points on the in-memory broker: the whole runtime path (envelope, token,
roles, reply) over the fake unit of work, no server."""

from __future__ import annotations

import uuid

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.fac import handlers
from egisz.fac.repository import FakeCenterUnitOfWork
from egisz.fac.settings import FacSettings
from egisz.testsupport.inmemory import InMemoryService

from .test_intake import wire_package


def center(uow: FakeCenterUnitOfWork) -> InMemoryService:
    deps = handlers.Dependencies(units=lambda origin=None: uow)
    return InMemoryService(FacSettings(), [handlers.router], deps, inbox_of=uow)


async def test_a_package_gets_its_receipt_and_the_staff_see_it_in_the_journal() -> None:
    uow = FakeCenterUnitOfWork()
    async with center(uow) as svc:
        aid = uuid.uuid4().hex
        first = await svc.command(subjects.FAC_INTAKE, wire_package(aid), role=None)
        again = await svc.command(subjects.FAC_INTAKE, wire_package(aid), role=None)
        journal = await svc.command(subjects.FAC_PACKAGE_LIST, {}, role=Role.FAC_OPERATOR)
    assert first["ok"], first
    assert again["result"] == first["result"]
    assert [p["application_id"] for p in journal["result"]["items"]] == [aid]


async def test_the_journal_is_refused_to_a_worker_and_to_a_caller_without_a_token() -> None:
    async with center(FakeCenterUnitOfWork()) as svc:
        worker = await svc.command(
            subjects.FAC_PACKAGE_LIST, {}, role=Role.WORKER, snils="11223344595"
        )
        nobody = await svc.command(subjects.FAC_PACKAGE_LIST, {}, role=None)
    assert worker["error"]["code"] == "forbidden"
    assert nobody["error"]["code"] == "unauthenticated"


async def test_a_package_without_its_snapshot_is_refused_naming_what_is_missing() -> None:
    uow = FakeCenterUnitOfWork()
    async with center(uow) as svc:
        body = wire_package(uuid.uuid4().hex) | {"snapshot_id": None}
        reply = await svc.command(subjects.FAC_INTAKE, body, role=None)
    assert reply["error"]["code"] == "package_incomplete"
    assert uow.store == {}

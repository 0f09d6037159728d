"""The registry's entry points on the in-memory broker: who may do what is the register's to say
(an officer without an access grant is refused), public verification needs no token — the
runtime's whole path over the fake unit of work, no server."""

from __future__ import annotations

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.registry.dependencies import Dependencies
from egisz.registry.directory import handlers as directory
from egisz.registry.directory.repository import FakeDirectoryReader
from egisz.registry.frmo import (
    handlers as frmo,
    network_handlers as frmo_network,
    queue_handlers as frmo_queue,
)
from egisz.registry.frmr import handlers as frmr
from egisz.registry.learners import handlers as learners
from egisz.registry.nsi import handlers as nsi
from egisz.registry.nsi.codebook import CachedCodeBook
from egisz.registry.repository import FakeRegistryUnitOfWork
from egisz.registry.settings import RegistrySettings
from egisz.registry.staffing import handlers as staffing
from egisz.testsupport.inmemory import InMemoryService

ORG = "1.2.643.5.1.13.13.12.2.77.7701"
NEW_WORKER = {
    "snils": "112-233-445 95",
    "last_name": "Петрова",
    "first_name": "Анна",
    "birth_date": "1985-04-12",
}


def registry_service(uow: FakeRegistryUnitOfWork) -> InMemoryService:
    def unused() -> object:
        raise AssertionError("not in these tests")

    deps = Dependencies(
        units=lambda origin=None: uow,
        scans=unused,  # type: ignore[arg-type]
        scan_max_bytes=1,
        nats=unused,  # type: ignore[arg-type]
        dictionary_files=unused,  # type: ignore[arg-type]
        dictionary_file_max_bytes=1,
        codes=CachedCodeBook(lambda: uow),
        directory=lambda: FakeDirectoryReader(uow.directory_data),
        act_files=unused,  # type: ignore[arg-type]
        act_signer=None,
    )
    routers = [*frmr.ROUTERS, frmo.router, frmo_queue.router, learners.router, nsi.router]
    routers += [staffing.router, directory.router, frmo_network.router]
    return InMemoryService(RegistrySettings(), routers, deps, inbox_of=uow)


async def test_an_officer_without_an_access_grant_registers_no_one() -> None:
    uow = FakeRegistryUnitOfWork()
    async with registry_service(uow) as svc:
        reply = await svc.command(
            subjects.WORKER_REGISTER,
            NEW_WORKER,
            role=Role.ORG_OFFICER,
            org=ORG,
            snils="12345678964",
        )
    assert reply["error"]["code"] == "no_access_grant"
    assert uow.store == {}


async def test_a_worker_cannot_register_anyone_whatever_the_token_says() -> None:
    async with registry_service(FakeRegistryUnitOfWork()) as svc:
        reply = await svc.command(
            subjects.WORKER_REGISTER, NEW_WORKER, role=Role.WORKER, org=ORG, snils="12345678964"
        )
    assert reply["error"]["code"] == "forbidden"


async def test_public_verification_answers_without_a_token_and_names_no_one_unknown() -> None:
    async with registry_service(FakeRegistryUnitOfWork()) as svc:
        reply = await svc.command(
            subjects.PRACTITIONER_VERIFY, {"last_name": "Петрова", "first_name": "Анна"}, role=None
        )
    assert reply == {"ok": True, "result": {"practitioners": []}, "error": None}


async def test_anyone_reads_the_reference_books_and_only_the_desk_loads_them() -> None:
    async with registry_service(FakeRegistryUnitOfWork()) as svc:
        listed = await svc.command(subjects.DICTIONARY_LIST, {}, role=None)
        load = await svc.command(
            subjects.DICTIONARY_LOAD, {"file_id": "f1"}, role=Role.ORG_OFFICER, org=ORG
        )
    assert listed == {"ok": True, "result": {"items": [], "next_cursor": None}, "error": None}
    assert load["error"]["code"] == "forbidden"


async def test_a_staffing_post_is_an_officers_with_access_and_no_one_elses() -> None:
    uow = FakeRegistryUnitOfWork()
    post = {
        "subdivision_oid": f"{ORG}.0.1",
        "position_code": "109",
        "fte": 1,
        "effective_from": "2025-01-01",
    }
    async with registry_service(uow) as svc:
        officer = await svc.command(
            subjects.STAFFING_SET, post, role=Role.ORG_OFFICER, org=ORG, snils="12345678964"
        )
        desk = await svc.command(subjects.STAFFING_SET, post, role=Role.REGISTRY_OPERATOR)
    assert officer["error"]["code"] == "no_access_grant"
    assert desk["error"]["code"] == "forbidden", "the desk reads tables, organizations keep them"
    assert uow.staffing_store == {}

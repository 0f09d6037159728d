"""Access given without its workflow: for the local stack (`egisz stack grant-access`) and the
setup of tests about something else. People get access through the approved FRMO request or an
access request the support desk grants (`frmo.usecases`); nothing in the service calls this.
An organization not yet in FRMO is entered with placeholder requisites, as the approval would,
so the rules that check FRMO (a job's organization and subdivision) hold for seeded ones too."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from stdnum.ru import inn as stdnum_inn

from egisz.registry.directory.usecases import organization_source, refresh
from egisz.registry.domain.identifiers import normalize_snils
from egisz.registry.domain.people import Address, FullName
from egisz.registry.frmo.domain.organization import Organization
from egisz.registry.frmo.domain.requisites import OrganizationType, Requisites, ResponsibleEmployee
from egisz.registry.repository import MongoRegistryUnitOfWork, RegistryUnitOfWork
from egisz.runtime.mongo import Mongo, MongoUnitOfWork, OutgoingEvent

DATABASE = "egisz_registry"


def _no_events(event: object) -> OutgoingEvent:
    raise TypeError(f"seeding records no events, got {event!r}")


async def grant_access(
    uow: RegistryUnitOfWork, org: str, snils: str, email: str | None = None
) -> str:
    """What an approved FRMO request gives its responsible employee; returns the SNILS."""
    person = normalize_snils(snils)
    employee = ResponsibleEmployee(
        FullName("Кадрова", "Ольга"), person, email or f"hr-{person}@seed.example"
    )
    async with uow:
        entered = await uow.organizations.get(org) is None
        if entered:
            await uow.organizations.add(placeholder_organization(org))
        await uow.organizations.grant_access(org, [employee])
        await uow.commit()
    if entered:  # as its approval's event would, the directory learns of it
        await refresh(uow, organization_source(org))
    return person


def placeholder_organization(oid: str) -> Organization:
    """An FRMO record for a seeded OID: valid requisites, an INN of its own (region 99)."""
    body = "99" + str(int(hashlib.sha256(oid.encode()).hexdigest(), 16) % 10**7).zfill(7)
    requisites = Requisites(
        name=f"Медицинская организация {oid}",
        ogrn="1027700132195",
        inn=body + stdnum_inn.calc_company_check_digit(body),
        kpp="990101001",
        okpo="00032537",
        legal_address=Address("101000", "Москва"),
        phone="4950000000",
        email=f"seed-{body}@seed.example",
    )
    return Organization(oid, OrganizationType.MEDICAL, requisites, [], datetime.now(UTC))


def unit_of_work(base: MongoUnitOfWork) -> MongoRegistryUnitOfWork:
    """The registry's unit of work on a Mongo base, for seeding (it publishes nothing)."""
    return MongoRegistryUnitOfWork(base, _no_events)


async def grant_access_at(
    mongo_url: str, org: str, snils: str, email: str | None = None, database: str = DATABASE
) -> str:
    """`grant_access` on a registry database reached by URL (the local stack, e2e tests). It
    waits up to 30 s for the database: SecantusDB can stall for seconds after a test's load."""
    mongo = Mongo(mongo_url, database, server_selection_seconds=30)
    try:
        return await grant_access(unit_of_work(MongoUnitOfWork(mongo)), org, snils, email)
    finally:
        await mongo.close()

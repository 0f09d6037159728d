"""Where registration requests, organizations, access grants and access requests are kept: the
ports, their Mongo adapters and the in-memory fakes the same tests run."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Protocol

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from egisz.registry.domain.people import FullName
from egisz.registry.domain.words import name_words
from egisz.registry.frmo.domain.access import AccessRequest, AccessRequestStatus
from egisz.registry.frmo.domain.errors import EmailTakenError, OrganizationAlreadyRegisteredError
from egisz.registry.frmo.domain.organization import Organization, RegistrationRequest, RequestStatus
from egisz.registry.frmo.domain.requisites import ResponsibleEmployee
from egisz.registry.frmo.domain.search import OrganizationCriteria
from egisz.registry.frmo.domain.signatories import TrustedCa
from egisz.registry.frmo.domain.uncoded import uncoded_items
from egisz.registry.storage import (
    ACCESS_GRANTS,
    ACCESS_REQUESTS,
    COUNTERS,
    ORGANIZATIONS,
    REQUESTS,
    TRUSTED_CAS,
    Queries,
)
from egisz.runtime.aggregates import Codec, MongoAggregates
from egisz.runtime.memory import InMemoryAggregates, InMemoryUnitOfWork
from egisz.runtime.mongo import AggregateUnitOfWork


class RequestRepository(Protocol):
    async def add(self, request: RegistrationRequest) -> None: ...
    async def save(self, request: RegistrationRequest) -> None: ...
    async def get(self, request_id: str) -> RegistrationRequest | None: ...
    async def open_with_inn(self, inn: str) -> RegistrationRequest | None: ...
    async def page(
        self, status: RequestStatus | None, after: str | None, limit: int
    ) -> list[RegistrationRequest]: ...


class OrganizationRepository(Protocol):
    async def add(self, organization: Organization) -> None: ...
    async def save(self, organization: Organization) -> None: ...
    async def get(self, oid: str) -> Organization | None: ...
    async def get_by_inn(self, inn: str) -> Organization | None: ...
    async def by_act_code(self, code: str) -> Organization | None: ...
    async def search(
        self, criteria: OrganizationCriteria, after: str | None, limit: int
    ) -> tuple[list[Organization], str | None]:
        """Up to `limit` matches after `after`, and where the next page starts (None: no more).
        A page may hold fewer than `limit` and still have a next one (see the Mongo adapter)."""
        ...

    async def next_number(self, region: str) -> int: ...
    async def uncoded(self, after: str | None, limit: int) -> list[Organization]:
        """Records with fields still in text that a book codes (the desk's queue)."""
        ...

    async def email_holder(self, email: str) -> str | None: ...
    async def grant_access(self, oid: str, employees: list[ResponsibleEmployee]) -> None: ...
    async def has_access(self, oid: str, snils: str) -> bool: ...
    async def revoke_access(self, oid: str, snils: str) -> list[str]: ...
    async def access_holders(self, oid: str) -> list[ResponsibleEmployee]: ...


class AccessRequestRepository(Protocol):
    async def add(self, request: AccessRequest) -> None: ...
    async def save(self, request: AccessRequest) -> None: ...
    async def get(self, request_id: str) -> AccessRequest | None: ...
    async def page(
        self, status: AccessRequestStatus | None, after: str | None, limit: int
    ) -> list[AccessRequest]: ...


_OPEN = {s.value for s in RequestStatus} - {RequestStatus.APPROVED, RequestStatus.REJECTED}


REQUEST_CODEC = Codec(
    RegistrationRequest,
    lambda r: {
        "created_at": r.created_at,
        "inn": r.application.requisites.inn,
        "open": r.status.value in _OPEN,
    },
)
SEARCH_SCAN = 2_000  # records an organization search reads per page at most


def _organization_fields(o: Organization) -> dict[str, object]:
    derived: dict[str, object] = {
        "registered_at": o.registered_at,
        "name_words": name_words(o.requisites.name),
    }
    if uncoded_items(o, date.today()):  # only records that wait for a code: the desk's queue
        derived["uncoded"] = True
    return derived


ORGANIZATION_CODEC = Codec(Organization, _organization_fields)
ACCESS_REQUEST_CODEC = Codec(AccessRequest, lambda r: {"status": r.status.value})


class MongoRequestRepository(MongoAggregates[RegistrationRequest]):
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        super().__init__(uow, REQUESTS, REQUEST_CODEC)

    def _duplicate(self, exc: DuplicateKeyError) -> Exception:
        return OrganizationAlreadyRegisteredError()

    async def open_with_inn(self, inn: str) -> RegistrationRequest | None:
        return await self._one(Queries.open_request(inn))

    async def page(
        self, status: RequestStatus | None, after: str | None, limit: int
    ) -> list[RegistrationRequest]:
        return await self._page(Queries.request_queue(status), after, limit)


class MongoOrganizationRepository(MongoAggregates[Organization]):
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        super().__init__(uow, ORGANIZATIONS, ORGANIZATION_CODEC)
        self._grants = uow.base.collection(ACCESS_GRANTS)
        self._counters = uow.base.collection(COUNTERS)

    def _duplicate(self, exc: DuplicateKeyError) -> Exception:
        return OrganizationAlreadyRegisteredError()

    async def get_by_inn(self, inn: str) -> Organization | None:
        return await self._one(Queries.organization_by_inn(inn))

    async def by_act_code(self, code: str) -> Organization | None:
        return await self._one(Queries.organization_by_act_code(code))

    async def search(
        self, criteria: OrganizationCriteria, after: str | None, limit: int
    ) -> tuple[list[Organization], str | None]:
        """By the longest word through the index, the rest checked here; at most `SEARCH_SCAN`
        records are read per page, so a common word cannot make one call slow."""
        c = criteria
        word = max(c.words, key=len) if c.words else None
        query = Queries.organization_search(c.inn, c.ogrn, word, c.type, c.region)
        found: list[Organization] = []
        cursor: str | None = after
        read = 0
        while len(found) <= limit and read < SEARCH_SCAN:
            want = min(limit * 4, SEARCH_SCAN - read)
            batch = await self._page(query, cursor, want)
            read += len(batch)
            found += [o for o in batch if criteria.holds_for(o)]
            cursor = batch[-1].oid if batch else cursor
            if len(batch) < want:  # nothing more to read
                cursor = None
                break
        if len(found) > limit:  # the next page starts after the last one shown
            return found[:limit], found[limit - 1].oid
        return found, cursor

    async def uncoded(self, after: str | None, limit: int) -> list[Organization]:
        return await self._page(Queries.uncoded(), after, limit)

    async def next_number(self, region: str) -> int:
        doc = await self._counters.find_one_and_update(
            {"_id": f"organization_oid|{region}"},
            {"$inc": {"value": 1}},
            upsert=True,
            return_document=ReturnDocument.AFTER,
            session=self._session,
        )
        assert doc is not None  # upserted
        return int(doc["value"])

    async def email_holder(self, email: str) -> str | None:
        doc = await self._grants.find_one(Queries.grant_by_email(email), session=self._session)
        return doc["snils"] if doc else None

    async def grant_access(self, oid: str, employees: list[ResponsibleEmployee]) -> None:
        for e in employees:
            try:
                await self._grants.update_one(
                    Queries.grant_by_email(e.email),
                    {
                        "$setOnInsert": {"snils": e.snils, "_id": f"{e.snils}|{e.email}"},
                        "$addToSet": {"organizations": oid},
                        "$set": {"name": [e.name.last, e.name.first, e.name.middle]},
                    },
                    upsert=True,
                    session=self._session,
                )
            except DuplicateKeyError as exc:
                raise EmailTakenError() from exc

    async def has_access(self, oid: str, snils: str) -> bool:
        found = await self._grants.find_one(
            Queries.grant_of(snils, oid), {"_id": 1}, session=self._session
        )
        return found is not None

    async def revoke_access(self, oid: str, snils: str) -> list[str]:
        """Take the organization from the person's grants; the e-mails they held it under."""
        held = await self._grants.find(
            Queries.grant_of(snils, oid), session=self._session
        ).to_list()
        if held:
            await self._grants.update_many(
                Queries.grant_of(snils, oid),
                {"$pull": {"organizations": oid}},
                session=self._session,
            )
        return [d["email"] for d in held]

    async def access_holders(self, oid: str) -> list[ResponsibleEmployee]:
        docs = await self._grants.find(Queries.holders(oid), session=self._session).to_list()
        return [
            ResponsibleEmployee(FullName(*d["name"]), d["snils"], d["email"])
            for d in sorted(docs, key=lambda d: (d["name"], d["email"]))
        ]


class MongoAccessRequestRepository(MongoAggregates[AccessRequest]):
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        super().__init__(uow, ACCESS_REQUESTS, ACCESS_REQUEST_CODEC)

    async def page(
        self, status: AccessRequestStatus | None, after: str | None, limit: int
    ) -> list[AccessRequest]:
        return await self._page(
            Queries.access_queue(status.value if status else None), after, limit
        )


# --- in-memory fake -------------------------------------------------------------------------
class FakeRequestRepository(InMemoryAggregates[RegistrationRequest]):
    async def open_with_inn(self, inn: str) -> RegistrationRequest | None:
        found = self._page(
            lambda r: r.application.requisites.inn == inn and r.status.value in _OPEN, None, 1
        )
        return found[0] if found else None

    async def page(
        self, status: RequestStatus | None, after: str | None, limit: int
    ) -> list[RegistrationRequest]:
        return self._page(lambda r: status in (None, r.status), after, limit)


class FakeOrganizationRepository(InMemoryAggregates[Organization]):
    def __init__(self, uow: InMemoryUnitOfWork, store: dict[str, Organization]) -> None:
        super().__init__(uow, store)
        self.counters: dict[str, int] = {}
        self.grants: dict[str, str] = {}
        self.access: dict[tuple[str, str], dict[str, ResponsibleEmployee]] = {}

    async def add(self, organization: Organization) -> None:
        if await self.get_by_inn(organization.requisites.inn):
            raise OrganizationAlreadyRegisteredError()
        await self.save(organization)

    async def get_by_inn(self, inn: str) -> Organization | None:
        found = self._page(lambda o: o.requisites.inn == inn, None, 1)
        return found[0] if found else None

    async def by_act_code(self, code: str) -> Organization | None:
        def issued(o: Organization) -> bool:
            return o.registration_act is not None and o.registration_act.verification_code == code

        found = self._page(issued, None, 1)
        return found[0] if found else None

    async def search(
        self, criteria: OrganizationCriteria, after: str | None, limit: int
    ) -> tuple[list[Organization], str | None]:
        found = self._page(criteria.holds_for, after, limit + 1)
        return found[:limit], (found[limit - 1].oid if len(found) > limit else None)

    async def uncoded(self, after: str | None, limit: int) -> list[Organization]:
        return self._page(lambda o: bool(uncoded_items(o, date.today())), after, limit)

    async def next_number(self, region: str) -> int:
        self.counters[region] = self.counters.get(region, 0) + 1
        return self.counters[region]

    async def email_holder(self, email: str) -> str | None:
        return self.grants.get(email)

    async def grant_access(self, oid: str, employees: list[ResponsibleEmployee]) -> None:
        for e in employees:
            if self.grants.setdefault(e.email, e.snils) != e.snils:
                raise EmailTakenError()
            self.access.setdefault((oid, e.snils), {})[e.email] = e

    async def has_access(self, oid: str, snils: str) -> bool:
        return bool(self.access.get((oid, snils)))

    async def revoke_access(self, oid: str, snils: str) -> list[str]:
        return list(self.access.pop((oid, snils), {}))

    async def access_holders(self, oid: str) -> list[ResponsibleEmployee]:
        return [
            e for (o, _), held in sorted(self.access.items()) if o == oid for e in held.values()
        ]


class FakeAccessRequestRepository(InMemoryAggregates[AccessRequest]):
    async def page(
        self, status: AccessRequestStatus | None, after: str | None, limit: int
    ) -> list[AccessRequest]:
        return self._page(lambda r: status in (None, r.status), after, limit)


class TrustedCaStore(Protocol):
    async def add(self, ca: TrustedCa) -> None: ...
    async def remove(self, sha256: str) -> bool: ...
    async def all(self) -> list[TrustedCa]: ...


class MongoTrustedCaStore:
    def __init__(self, uow: AggregateUnitOfWork) -> None:
        self._collection = uow.base.collection(TRUSTED_CAS)
        self._session = uow.base.session

    async def add(self, ca: TrustedCa) -> None:
        document = {"_id": ca.sha256, **asdict(ca)}
        await self._collection.replace_one(
            {"_id": ca.sha256}, document, upsert=True, session=self._session
        )

    async def remove(self, sha256: str) -> bool:
        gone = await self._collection.delete_one({"_id": sha256}, session=self._session)
        return gone.deleted_count == 1

    async def all(self) -> list[TrustedCa]:
        found = await self._collection.find({}, session=self._session).to_list(None)
        return [TrustedCa(**{k: v for k, v in d.items() if k != "_id"}) for d in found]


class FakeTrustedCaStore:
    def __init__(self) -> None:
        self.items: dict[str, TrustedCa] = {}

    async def add(self, ca: TrustedCa) -> None:
        self.items[ca.sha256] = ca

    async def remove(self, sha256: str) -> bool:
        return self.items.pop(sha256, None) is not None

    async def all(self) -> list[TrustedCa]:
        return list(self.items.values())

"""The registry's MongoDB layout: collections, their indexes, and every filter the adapters send
(so `tests/test_indexes.py` can `explain` each one). Shared by the contexts' repositories, which
name their own statuses."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pymongo import ASCENDING, IndexModel

from egisz.registry.domain.people import name_key
from egisz.runtime.gridfs import INDEXES as FILE_INDEXES

WORKERS = "workers"
CORRECTIONS = "corrections"
REQUESTS = "registration_requests"
SCANS_BUCKET = "scans"  # GridFS: scans.files, scans.chunks
ORGANIZATIONS = "organizations"
ACCESS_GRANTS = "access_grants"  # one per person and e-mail: the organizations they act for
ACCESS_REQUESTS = "access_requests"
CERTIFICATE_UNIQUE = "certificate_unique"
COUNTERS = "counters"
ACTS_BUCKET = "registration_acts"  # GridFS: the signed PDFs of FRMO's registration acts
TRUSTED_CAS = "trusted_cas"  # the CAs the support desk loaded, by certificate fingerprint
LEARNERS = "learners"  # the register of students and graduates
LEARNER_HOLDS = "learner_holds"  # rows held for the support desk (a SNILS with another birth date)
TICKETS = "tickets"  # the support desk's tickets («обращения»), numbered per year in COUNTERS
IDENTITY_MISSES = "identity_misses"  # the journal of wrong SNILS + birth date pairs
JOURNAL_DAYS = 3 * 365  # misses are kept three years, then dropped by the TTL index

INDEXES = {
    WORKERS: [
        IndexModel([("snils", ASCENDING)], unique=True, name="snils_unique"),
        IndexModel([("personal.birth_date", ASCENDING)], name="born_on"),
        IndexModel([("organizations", ASCENDING), ("_id", ASCENDING)], name="staff_pages"),
        IndexModel([("name_key", ASCENDING), ("_id", ASCENDING)], name="public_name_search"),
        IndexModel([("review", ASCENDING), ("_id", ASCENDING)], name="review_queue"),
        IndexModel([("uncoded", ASCENDING), ("_id", ASCENDING)], name="uncoded_queue"),
        IndexModel([("position_keys", ASCENDING), ("_id", ASCENDING)], name="staff_by_position"),
        IndexModel(
            [("speciality_codes", ASCENDING), ("_id", ASCENDING)], name="staff_by_speciality"
        ),
        IndexModel(
            [("registered_by_org", ASCENDING), ("review", ASCENDING), ("_id", ASCENDING)],
            name="org_review_queue",
        ),
        # Absent (not empty) when a worker has no certificates, so the unique index skips them.
        IndexModel(
            [("certificate_keys", ASCENDING)], unique=True, sparse=True, name=CERTIFICATE_UNIQUE
        ),
    ],
    CORRECTIONS: [
        IndexModel(
            [("organization_oid", ASCENDING), ("status", ASCENDING), ("_id", ASCENDING)],
            name="by_organization",
        ),
        IndexModel([("worker_id", ASCENDING), ("_id", ASCENDING)], name="by_worker"),
    ],
    REQUESTS: [
        IndexModel([("status", ASCENDING), ("_id", ASCENDING)], name="queue"),
        # One open request per INN, even when two arrive at once.
        IndexModel(
            [("inn", ASCENDING)],
            unique=True,
            partialFilterExpression={"open": True},
            name="one_open_request_per_inn",
        ),
    ],
    ORGANIZATIONS: [
        IndexModel([("requisites.inn", ASCENDING)], unique=True, name="inn_unique"),
        IndexModel([("requisites.ogrn", ASCENDING), ("_id", ASCENDING)], name="by_ogrn"),
        IndexModel([("name_words", ASCENDING), ("_id", ASCENDING)], name="name_search"),
        IndexModel([("type", ASCENDING), ("_id", ASCENDING)], name="by_type"),
        IndexModel([("uncoded", ASCENDING), ("_id", ASCENDING)], name="uncoded_queue"),
        IndexModel([("registration_act.verification_code", ASCENDING)], name="act_code"),
    ],
    ACCESS_GRANTS: [
        IndexModel([("email", ASCENDING)], unique=True, name="email_unique"),
        IndexModel([("snils", ASCENDING), ("organizations", ASCENDING)], name="grant_of"),
        IndexModel([("organizations", ASCENDING)], name="holders"),
    ],
    ACCESS_REQUESTS: [IndexModel([("status", ASCENDING), ("_id", ASCENDING)], name="queue")],
    LEARNERS: [IndexModel([("snils", ASCENDING)], unique=True, name="snils_unique")],
    TICKETS: [
        IndexModel([("author_sub", ASCENDING), ("_id", ASCENDING)], name="of_author"),
        IndexModel(
            [("status", ASCENDING), ("kind", ASCENDING), ("_id", ASCENDING)], name="desk_queue"
        ),
    ],
    IDENTITY_MISSES: [
        IndexModel([("caller", ASCENDING), ("at", ASCENDING)], name="misses_of_caller"),
        IndexModel([("at", ASCENDING)], expireAfterSeconds=JOURNAL_DAYS * 86400, name="kept"),
    ],
    **FILE_INDEXES,
}


class Queries:
    """Every filter the Mongo adapters send, so `tests/test_indexes.py` can `explain` each one."""

    @staticmethod
    def by_snils(snils: str) -> dict[str, Any]:
        return {"snils": snils}

    @staticmethod
    def misses_of(caller: str, since: datetime) -> dict[str, Any]:
        return {"caller": caller, "at": {"$gte": since}}

    @staticmethod
    def born_on(days: list[date]) -> dict[str, Any]:
        return {"personal.birth_date": {"$in": [d.isoformat() for d in days]}}

    @staticmethod
    def by_many_snils(snils: list[str]) -> dict[str, Any]:
        return {"snils": {"$in": snils}}

    @staticmethod
    def certificate(key: str) -> dict[str, Any]:
        return {"certificate_keys": key}

    @staticmethod
    def staff(
        org: str, position_code: str | None = None, speciality_code: str | None = None
    ) -> dict[str, Any]:
        query: dict[str, Any] = {"organizations": org}
        if position_code:  # the key names the organization too
            query["position_keys"] = f"{org}|{position_code}"
        if speciality_code:
            query["speciality_codes"] = speciality_code
        return query

    @staticmethod
    def by_name(last: str, first: str) -> dict[str, Any]:
        return {"name_key": name_key(last, first)}

    @staticmethod
    def uncoded() -> dict[str, Any]:
        """Records with a field waiting for its code (the reference books' queue)."""
        return {"uncoded": True}

    @staticmethod
    def in_review(registered_by_org: str | None) -> dict[str, Any]:
        query = {"review": "in_review"}
        if registered_by_org is not None:
            query["registered_by_org"] = registered_by_org
        return query

    @staticmethod
    def open_request(inn: str) -> dict[str, Any]:
        return {"inn": inn, "open": True}

    @staticmethod
    def request_queue(status: StrEnum | None) -> dict[str, Any]:
        return {"status": status.value} if status else {}

    @staticmethod
    def organization_by_inn(inn: str) -> dict[str, Any]:
        return {"requisites.inn": inn}

    @staticmethod
    def organization_by_act_code(code: str) -> dict[str, Any]:
        return {"registration_act.verification_code": code}

    @staticmethod
    def organization_search(
        inn: str | None,
        ogrn: str | None,
        word: str | None,
        type: str | None = None,
        region: str | None = None,
    ) -> dict[str, Any]:
        """One word of the name at most: SecantusDB's planner serves a multikey index for one
        equality only (`$all` or `$and` of words is a collection scan), so the adapter asks by
        the longest word and checks the others itself. The region is the INN's first two
        digits: an anchored prefix, read through the INN's index."""
        query: dict[str, Any] = {}
        if inn:
            query["requisites.inn"] = inn
        elif region:
            query["requisites.inn"] = {"$regex": f"^{re.escape(region)}"}
        if ogrn:
            query["requisites.ogrn"] = ogrn
        if word:
            query["name_words"] = word
        if type:
            query["type"] = type
        return query

    @staticmethod
    def grant_by_email(email: str) -> dict[str, Any]:
        return {"email": email}

    @staticmethod
    def grant_of(snils: str, oid: str) -> dict[str, Any]:
        return {"snils": snils, "organizations": oid}

    @staticmethod
    def holders(oid: str) -> dict[str, Any]:
        return {"organizations": oid}

    @staticmethod
    def access_queue(status: str | None) -> dict[str, Any]:
        return {"status": status} if status else {}

    @staticmethod
    def corrections(
        organization_oid: str | None, worker_id: str | None, status: StrEnum | None
    ) -> dict[str, Any]:
        query: dict[str, Any] = {}
        if organization_oid is not None:
            query["organization_oid"] = organization_oid
        if worker_id is not None:
            query["worker_id"] = worker_id
        if status is not None:
            query["status"] = status.value
        return query

    @staticmethod
    def tickets_of(sub: str) -> dict[str, Any]:
        return {"author_sub": sub}

    @staticmethod
    def open_tickets_of(sub: str, statuses: list[str]) -> dict[str, Any]:
        return {"author_sub": sub, "status": {"$in": statuses}}

    @staticmethod
    def ticket_queue(status: str | None, kind: str | None) -> dict[str, Any]:
        query: dict[str, Any] = {}
        if status is not None:
            query["status"] = status
        if kind is not None:
            query["kind"] = kind
        return query

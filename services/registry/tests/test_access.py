"""Who may act for an organization follows the register, over NATS: the approved FRMO request's
grant, access requests the support desk grants or refuses, revocation; hiring names a person by
SNILS and birth date; an officer sees personal data only while their organization employs them."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from nats.aio.client import Client as NatsClient

from egisz.contracts import subjects
from egisz.contracts.envelope import Role

from .conftest import As, eventually, fresh_snils
from .frmo_wire import approved_organization
from .workers_wire import person

pytestmark = pytest.mark.integration

NOT_IN_FRMO = "1.2.643.5.1.13.13.12.2.99.424242"


def employee() -> dict[str, Any]:
    return {
        "last_name": "Новикова",
        "first_name": "Вера",
        "snils": fresh_snils(),
        "email": f"hr-{uuid.uuid4().hex[:8]}@clinic.ru",
    }


async def test_only_a_person_granted_access_acts_for_an_organization_in_frmo(as_: As) -> None:
    oid, _, body = await approved_organization(as_)
    granted = as_.officer(oid, snils=body["employees"][0]["snils"])
    assert (await granted(subjects.WORKER_REGISTER.subject, person()))["ok"]
    for stranger in (
        as_.officer(oid, snils=fresh_snils()),  # a token for the organization, no grant
        as_.officer(NOT_IN_FRMO, snils=body["employees"][0]["snils"]),  # an OID not in FRMO
        as_.officer(NOT_IN_FRMO, snils=fresh_snils()),
    ):
        for subject, request in (
            (subjects.WORKER_REGISTER.subject, person()),
            (subjects.STAFF_LIST.subject, {}),
            (subjects.ORGANIZATION_UPDATE.subject, {"founders": ["Кто-то"]}),
            (subjects.ACCESS_REQUEST.subject, {"employees": [employee()]}),
        ):
            refused = await stranger(subject, request)
            assert refused["error"]["code"] == "no_access_grant", (subject, refused)


async def test_more_employees_get_access_through_the_support_desk_and_lose_it_by_revocation(
    as_: As, nc: NatsClient
) -> None:
    oid, _, body = await approved_organization(as_)
    officer = as_.officer(oid, snils=body["employees"][0]["snils"])
    support = as_.role(Role.REGISTRY_OPERATOR)
    events: list[dict[str, Any]] = []

    async def collect(msg: Any) -> None:
        event = json.loads(msg.data)
        # a core subscription hears a republished event again (JetStream keeps it once): an
        # outbox relay that missed an ack under load publishes it twice
        if all(e["id"] != event["id"] for e in events):
            events.append(event)

    sub = await nc.subscribe("egisz.registry.evt.access.>", cb=collect)
    vera = employee()
    newcomer = as_.officer(oid, snils=vera["snils"])
    assert (await newcomer(subjects.STAFF_LIST.subject, {}))["error"]["code"] == "no_access_grant"

    asked = (await officer(subjects.ACCESS_REQUEST.subject, {"employees": [vera]}))["result"]
    assert (asked["status"], asked["organization_oid"]) == ("pending", oid)
    queue = (await support(subjects.ACCESS_QUEUE.subject, {}))["result"]["items"]
    assert asked["request_id"] in [r["request_id"] for r in queue]
    no_reason = await support(
        subjects.ACCESS_REVIEW.subject, {"request_id": asked["request_id"], "decision": "refuse"}
    )
    assert no_reason["error"]["fields"][0]["field"] == "reason"
    granted = await support(
        subjects.ACCESS_REVIEW.subject, {"request_id": asked["request_id"], "decision": "grant"}
    )
    assert granted["result"]["status"] == "granted"
    assert (await newcomer(subjects.WORKER_REGISTER.subject, person()))["ok"]
    holders = (await officer(subjects.ACCESS_LIST.subject, {}))["result"]["holders"]
    assert {h["snils"] for h in holders} == {body["employees"][0]["snils"], vera["snils"]}
    twice = await support(
        subjects.ACCESS_REVIEW.subject, {"request_id": asked["request_id"], "decision": "grant"}
    )
    assert twice["error"]["code"] == "illegal_transition"

    # Only the support desk decides, and an officer does not list another organization.
    assert (
        await officer(subjects.ACCESS_REVIEW.subject, {"request_id": "x", "decision": "grant"})
    )["error"]["code"] == "forbidden"
    other = await officer(subjects.ACCESS_LIST.subject, {"organization_oid": NOT_IN_FRMO})
    assert other["error"]["code"] == "forbidden"

    revoked = await support(
        subjects.ACCESS_REVOKE.subject,
        {"organization_oid": oid, "snils": vera["snils"], "reason": "Уволилась"},
    )
    assert [h["snils"] for h in revoked["result"]["holders"]] == [body["employees"][0]["snils"]]
    assert (await newcomer(subjects.STAFF_LIST.subject, {}))["error"]["code"] == "no_access_grant"
    again = await support(
        subjects.ACCESS_REVOKE.subject,
        {"organization_oid": oid, "snils": vera["snils"], "reason": "Уволилась"},
    )
    assert again["error"]["code"] == "access_not_held"

    refused = (await officer(subjects.ACCESS_REQUEST.subject, {"employees": [employee()]}))[
        "result"
    ]
    decided = await support(
        subjects.ACCESS_REVIEW.subject,
        {"request_id": refused["request_id"], "decision": "refuse", "reason": "Нет приказа"},
    )
    assert (decided["result"]["status"], decided["result"]["reason"]) == ("refused", "Нет приказа")

    kinds = await eventually(
        lambda: _async([e["type"] for e in events if oid in json.dumps(e)]),
        lambda k: len(k) >= 5,
    )
    assert kinds == [
        "ru.egisz.registry.access.requested.v1",
        "ru.egisz.registry.access.decided.v1",
        "ru.egisz.registry.access.revoked.v1",
        "ru.egisz.registry.access.requested.v1",
        "ru.egisz.registry.access.decided.v1",
    ]
    await sub.unsubscribe()


async def test_a_snils_written_in_other_digits_is_not_a_second_person(as_: As) -> None:
    """Row 7: full-width or Arabic-Indic digits of an existing SNILS."""
    first = person()
    assert (await as_.officer()(subjects.WORKER_REGISTER.subject, first))["ok"]
    for digits in ("０１２３４５６７８９", "٠١٢٣٤٥٦٧٨٩"):
        lookalike = "".join(digits[int(c)] for c in first["snils"])
        again = await as_.officer()(subjects.WORKER_REGISTER.subject, {**first, "snils": lookalike})
        assert [(f["field"], f["code"]) for f in again["error"]["fields"]] == [
            ("snils", "string_pattern_mismatch")
        ]


async def _async(value: Any) -> Any:
    return value


async def test_public_ids_hire_no_one_and_an_ended_job_shows_no_personal_data(
    as_: As, nc: NatsClient
) -> None:
    """Row 1 of the trust-boundaries issue, over the wire."""
    owner = as_.officer()
    anna = person(
        last_name="Публичная"
        + "".join("абвгдежзик"[int(c, 16) % 10] for c in uuid.uuid4().hex[:6]),
        identity_document={
            "series": "4506",
            "number": "123456",
            "issued_on": "2010-01-01",
            "issuer": "ОВД",
        },
        email="anna@example.ru",
        phone="9123456789",
    )
    worker = (await owner(subjects.WORKER_REGISTER.subject, anna))["result"]
    public = await nc.request(
        subjects.PRACTITIONER_VERIFY.subject,
        json.dumps({"last_name": anna["last_name"], "first_name": "Анна"}).encode(),
        timeout=10,
    )
    [found] = json.loads(public.data)["result"]["practitioners"]
    stranger = as_.officer(f"1.2.643.5.1.13.13.12.2.50.{uuid.uuid4().int % 10**6}")
    job = {"position": "Врач", "start_date": "2001-01-01"}
    by_public_id = await stranger(
        subjects.EMPLOYMENT_START.subject, {"worker_id": found["worker_id"], **job}
    )
    assert by_public_id["error"]["code"] == "worker_not_found"
    wrong_birth = await stranger(
        subjects.WORKER_HIRE.subject,
        {"snils": anna["snils"], "birth_date": "1950-01-01", **job},
    )
    assert wrong_birth["error"]["code"] == "worker_not_found"
    # With the contract's SNILS and birth date the job is recorded — an ended one shows nothing.
    ended = await stranger(
        subjects.WORKER_HIRE.subject,
        {
            "snils": anna["snils"],
            "birth_date": anna["birth_date"],
            **job,
            "end_date": "2001-01-02",
            "dismissal_reason": "по собственному желанию",
        },
    )
    view = ended["result"]
    assert view["identity_document"] is None and view["contacts"] == {"email": None, "phone": None}
    assert "123456" not in json.dumps(ended) and "anna@example.ru" not in json.dumps(ended)
    read = await stranger(subjects.WORKER_GET.subject, {"worker_id": worker["worker_id"]})
    assert read["error"]["code"] == "worker_not_found"
    update = await stranger(
        subjects.WORKER_UPDATE.subject,
        {"worker_id": worker["worker_id"], "contacts": {"email": "x@evil.example"}},
    )
    assert update["error"]["code"] == "worker_not_found"
    # The person disputes the job through the correction flow; the support desk sees it.
    me = as_.worker(anna["snils"])
    dispute = await me(
        subjects.CORRECTION_REPORT.subject,
        {
            "organization_oid": ended["result"]["employments"][-1]["organization_oid"],
            "section": "employments",
            "description": "Я там не работала",
        },
    )
    assert dispute["ok"], dispute
    desk = await as_.role(Role.REGISTRY_OPERATOR)(subjects.CORRECTION_LIST.subject, {})
    assert dispute["result"]["correction_id"] in [
        c["correction_id"] for c in desk["result"]["items"]
    ]
    # The organization that employs her now still sees everything.
    mine = await owner(subjects.WORKER_GET.subject, {"worker_id": worker["worker_id"]})
    assert mine["result"]["identity_document"]["number"] == "123456"


async def test_the_staff_list_shows_only_the_people_the_organization_employs_now(
    as_: As,
) -> None:
    org = f"1.2.643.5.1.13.13.12.2.51.{uuid.uuid4().int % 10**6}"
    officer = as_.officer(org)
    anna = person()
    worker = (await officer(subjects.WORKER_REGISTER.subject, anna))["result"]
    hired = await officer(
        subjects.EMPLOYMENT_START.subject,
        {"worker_id": worker["worker_id"], "position": "Врач", "start_date": "2020-01-01"},
    )
    job = hired["result"]["employments"][0]["employment_id"]
    page = (await officer(subjects.STAFF_LIST.subject, {}))["result"]["items"]
    assert [(w["worker_id"], w["positions"]) for w in page] == [(worker["worker_id"], ["Врач"])]
    await officer(
        subjects.EMPLOYMENT_END.subject,
        {
            "worker_id": worker["worker_id"],
            "employment_id": job,
            "end_date": "2021-01-01",
            "dismissal_reason": "по собственному желанию",
        },
    )
    after = (await officer(subjects.STAFF_LIST.subject, {}))["result"]["items"]
    assert after == []  # a former employee's SNILS is no longer listed

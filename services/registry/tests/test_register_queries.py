"""What the register answers over real NATS and MongoDB: the staff list, public verification,
the change feed, a passed accreditation recorded once, and the remaining refusals."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from nats.aio.client import Client as NatsClient

from egisz.contracts import subjects
from egisz.contracts.accreditation import AccreditationPassed
from egisz.contracts.events import CloudEvent
from egisz.runtime.app import ServiceRuntime

from .conftest import ORG_A, As
from .workers_wire import events_about, fields, registered

pytestmark = pytest.mark.integration


# --- queries --------------------------------------------------------------------------------
async def test_the_staff_list_pages_through_an_organization_with_a_cursor(as_: As) -> None:
    org = f"1.2.643.5.1.13.13.12.2.50.{uuid.uuid4().int % 10**6}"
    ids = sorted([(await registered(as_, org=org))["worker_id"] for _ in range(5)])
    seen: list[str] = []
    cursor = None
    while True:
        page = (await as_.officer(org)(subjects.STAFF_LIST.subject, {"after": cursor, "limit": 2}))[
            "result"
        ]
        seen += [e["worker_id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids
    officer = as_.officer(org)
    await officer(
        subjects.EMPLOYMENT_START.subject,
        {"worker_id": ids[0], "position": "Врач-терапевт", "start_date": "2021-01-01"},
    )
    [entry] = [
        e
        for e in (await officer(subjects.STAFF_LIST.subject, {}))["result"]["items"]
        if e["worker_id"] == ids[0]
    ]
    assert [(j["position"], j["organization_oid"]) for j in entry["jobs"]] == [
        ("Врач-терапевт", org)
    ]
    foreign = await as_.officer(org)(subjects.STAFF_LIST.subject, {"organization_oid": ORG_A})
    assert foreign["error"]["code"] == "not_your_organization"
    too_big = await as_.officer(org)(subjects.STAFF_LIST.subject, {"limit": 101})
    assert fields(too_big) == {"limit": "less_than_equal"}


async def test_public_verification_needs_no_token_and_shows_no_personal_data(
    as_: As, nc: NatsClient
) -> None:
    last = f"Проверкина{'абвгд'[uuid.uuid4().int % 5]}"
    worker = await registered(as_, last_name=last, email="v@clinic.ru")
    officer, wid = as_.officer(), worker["worker_id"]
    await officer(
        subjects.EMPLOYMENT_START.subject,
        {"worker_id": wid, "position": "Врач", "start_date": "2021-01-01"},
    )
    diploma_number = f"1077 {uuid.uuid4().int % 10**8:08d}"
    await officer(
        subjects.EDUCATION_ADD.subject,
        {
            "worker_id": wid,
            "level": "higher",
            "institution": "РНИМУ",
            "speciality": "Лечебное дело",
            "document_number": diploma_number,
            "document_date": "2005-06-30",
        },
    )
    certificate_number = f"0177 {uuid.uuid4().int % 10**8:08d}"
    await officer(
        subjects.CERTIFICATE_ADD.subject,
        {
            "worker_id": wid,
            "number": certificate_number,
            "issuer": "Первый МГМУ",
            "speciality": "терапия",
            "issued_on": "2019-03-01",
            "valid_until": "2024-03-01",
        },
    )
    msg = await nc.request(
        subjects.PRACTITIONER_VERIFY.subject,
        json.dumps({"last_name": last.upper(), "first_name": "анна"}).encode(),
        timeout=10,
    )
    text = msg.data.decode()
    reply = json.loads(text)
    [found] = reply["result"]["practitioners"]
    assert found["organizations"] == [ORG_A]
    # Seed 002: a patient sees the education and certificates, without their numbers.
    assert found["education"] == [
        {
            "level": "higher",
            "institution": "РНИМУ",
            "speciality": "Лечебное дело",
            "speciality_code": None,
            "year": 2005,
            "hours": None,
        }
    ]
    assert found["certificates"] == [
        {
            "speciality": "терапия",
            "speciality_code": None,
            "issuer": "Первый МГМУ",
            "valid_until": "2024-03-01",
            "valid": False,
            "kind": None,
        }
    ]
    for secret in (
        worker["snils"],
        worker["birth_date"],
        "v@clinic.ru",
        diploma_number,
        certificate_number,
        "2005-06-30",
    ):
        assert secret not in text


async def test_the_change_feed_pages_from_a_cursor(as_: As) -> None:
    for _ in range(2):  # two events at least, whatever ran before
        worker = await registered(as_)
        await events_about(as_, worker["worker_id"], 1)
    service = as_.system("system:directory")
    first = (await service(subjects.CHANGES_LIST.subject, {"after": 0, "limit": 1}))["result"]
    assert len(first["events"]) == 1
    assert first["has_more"] is True
    nxt = (
        await service(subjects.CHANGES_LIST.subject, {"after": first["next_cursor"], "limit": 1})
    )["result"]
    # The next entry of the stream (a test elsewhere publishes one event twice on purpose, so
    # two entries may hold the same event id: the cursor, not the id, says where a page is).
    assert nxt["next_cursor"] > first["next_cursor"] and len(nxt["events"]) == 1
    officer = await as_.officer()(subjects.CHANGES_LIST.subject, {})
    assert officer["error"]["code"] == "forbidden"


async def test_a_reader_that_knows_a_time_reads_the_change_feed_from_it(as_: As) -> None:
    since = datetime.now(UTC)
    worker = await registered(as_)
    page = (
        await as_.system("system:directory")(
            subjects.CHANGES_LIST.subject, {"since": since.isoformat(), "limit": 500}
        )
    )["result"]
    assert worker["worker_id"] in [e.get("subject") for e in page["events"]]
    assert all(e["time"] >= since.isoformat() for e in page["events"])
    naive = await as_.system("system:directory")(
        subjects.CHANGES_LIST.subject, {"since": "2026-01-01"}
    )
    assert fields(naive) == {"since": "timezone_aware"}


# --- accreditation passed → recorded --------------------------------------------------------
async def test_a_passed_accreditation_is_recorded_once_however_often_it_arrives(
    as_: As, registry: ServiceRuntime, nc: NatsClient
) -> None:
    worker = await registered(as_)
    event = CloudEvent[AccreditationPassed](
        id=uuid.uuid4().hex,
        source="/egisz/accreditation",
        type=subjects.ACCREDITATION_PASSED.type,
        time="2026-11-20T10:00:00Z",  # type: ignore[arg-type]
        subject=worker["worker_id"],
        data=AccreditationPassed(
            application_id=uuid.uuid4().hex,
            worker_id=worker["worker_id"],
            snils=worker["snils"],
            kind="periodic",
            speciality="Терапия",
            speciality_code="76",
            passed_on="2026-11-20",  # type: ignore[arg-type]
            valid_until="2031-11-20",  # type: ignore[arg-type]
            protocol_number="П-17",
        ),
    )
    body = event.model_dump_json().encode()
    for attempt in range(2):  # the second copy has a fresh Nats-Msg-Id: the consumer must dedupe
        await nc.jetstream().publish(  # as accreditation's relay would (the test: the admin)
            subjects.ACCREDITATION_PASSED.subject,
            body,
            headers={"Nats-Msg-Id": f"{event.id}-{attempt}"},
            stream=subjects.ACCREDITATION_PASSED.stream,
        )
    recorded = await events_about(as_, worker["worker_id"], 2)
    assert [e["type"].split(".")[-2] for e in recorded] == ["registered", "recorded"]
    assert recorded[1]["data"]["accreditation"]["speciality_code"] == "76"  # the book's code
    view = await as_.system("system:directory")(
        subjects.WORKER_GET.subject, {"worker_id": worker["worker_id"]}
    )
    [accreditation] = view["result"]["accreditations"]
    assert (accreditation["valid_until"], accreditation["protocol_number"]) == (
        "2031-11-20",
        "П-17",
    )


async def test_the_remaining_refusals_each_have_their_code(as_: As) -> None:
    officer = as_.officer()
    worker = await registered(as_)
    wid = worker["worker_id"]
    not_flagged = await officer(
        subjects.WORKER_RESOLVE_DUPLICATE.subject, {"worker_id": wid, "decision": "distinct"}
    )
    assert not_flagged["error"]["code"] == "worker_not_in_review"
    no_job = await officer(
        subjects.EMPLOYMENT_END.subject,
        {
            "worker_id": wid,
            "employment_id": "nope",
            "end_date": "2025-01-01",
            "dismissal_reason": "x",
        },
    )
    assert no_job["error"]["code"] == "employment_not_found"
    report = await as_.worker(worker["snils"])(
        subjects.CORRECTION_REPORT.subject,
        {"organization_oid": ORG_A, "section": "contacts", "description": "Старый телефон"},
    )
    cid = report["result"]["correction_id"]
    resolve = {"correction_id": cid, "status": "declined", "comment": "Телефон верный"}
    assert (await officer(subjects.CORRECTION_RESOLVE.subject, resolve))["ok"]
    twice = await officer(subjects.CORRECTION_RESOLVE.subject, resolve)
    assert twice["error"]["code"] == "correction_already_resolved"
    no_org = await officer(
        subjects.ORGANIZATION_GET.subject, {"oid": "1.2.643.5.1.13.13.12.2.99.404"}
    )
    assert no_org["error"]["code"] == "organization_not_found"
    out_of_order = await officer(
        subjects.FILE_UPLOAD.subject,
        {"upload_id": uuid.uuid4().hex, "part": 1, "data": "JVBERi0=", "filename": "a.pdf"},
    )
    assert fields(out_of_order) == {"part": "order"}
    not_base64 = await officer(
        subjects.FILE_UPLOAD.subject,
        {"upload_id": uuid.uuid4().hex, "part": 0, "data": "%%%", "filename": "a.pdf"},
    )
    assert fields(not_base64) == {"data": "base64"}
    not_ascii = await officer(  # found by schemathesis: was a 500
        subjects.FILE_UPLOAD.subject,
        {"upload_id": uuid.uuid4().hex, "part": 0, "data": ")©Ö·½", "filename": "a.png"},
    )
    assert fields(not_ascii) == {"data": "base64"}
    unauthenticated = await as_.anonymous()(subjects.WORKER_GET.subject, {"worker_id": wid})
    assert unauthenticated["error"]["code"] == "unauthenticated"

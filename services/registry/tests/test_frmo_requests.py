"""Entering FRMO over real NATS and MongoDB: scans, requests checked, signed, reviewed, approved
or rejected, sole proprietors, and the licences a request carries."""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from datetime import date

import pytest

from egisz.contracts import registry, subjects
from egisz.contracts.envelope import Role
from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import image_bytes, pdf_bytes

from .conftest import As, eventually, fresh_snils
from .frmo_wire import PDF, applicant, application, fresh_inn, fresh_personal_inn, signed, upload
from .workers_wire import fields

pytestmark = pytest.mark.integration


async def test_a_scan_is_uploaded_in_parts_and_recognised_by_its_content(as_: As) -> None:
    me = applicant(as_)
    stored = await upload(me, PDF, "scan.jpg")  # the name does not matter
    assert stored["result"]["file"]["content_type"] == "application/pdf"
    assert stored["result"]["file"]["size"] == len(PDF)
    text = await upload(me, b"not a pdf at all" * 10, "устав.pdf")
    assert fields(text) == {"data": "content_type"}
    assert "PDF, JPEG, PNG" in text["error"]["fields"][0]["message"]


async def test_a_scan_is_decoded_not_sniffed(as_: As) -> None:
    """Issue 28, row 13: first bytes of a PNG or JPEG before a page of HTML were accepted."""
    me = applicant(as_)
    for real, mime in ((image_bytes("PNG"), "image/png"), (image_bytes("JPEG"), "image/jpeg")):
        stored = await upload(me, real, "скан")
        assert stored["result"]["file"]["content_type"] == mime, stored
    for crafted in (
        b"\x89PNG\r\n\x1a\n<script>alert(1)</script>" + b" " * 200,
        b"\xff\xd8\xff\xe0<html><body>not a scan</body></html>" + b" " * 200,
        image_bytes("PNG")[:-40],  # cut short
    ):
        refused = await upload(me, crafted, "скан.png")
        assert fields(refused) == {"data": "unreadable_image"}, refused


async def test_a_scan_below_300_dpi_or_in_grey_is_refused_saying_so(as_: As) -> None:
    me = applicant(as_)
    low = await upload(me, image_bytes("JPEG", size=(1240, 1754), dpi=150), "устав.jpg")
    assert fields(low) == {"data": "scan_resolution_low"}
    assert "150 dpi" in low["error"]["fields"][0]["message"]
    grey = await upload(me, image_bytes("PNG", mode="L"), "устав.png")
    assert fields(grey) == {"data": "scan_not_colour"}


async def test_a_scan_over_the_limit_is_refused_before_it_is_stored(as_: As) -> None:
    big = await upload(applicant(as_), pdf_bytes(padding=5 * 2**20))
    assert fields(big) == {"data": "too_large"}
    assert "5 МБ" in big["error"]["fields"][0]["message"]


async def test_a_request_with_wrong_requisites_names_each_field(as_: As) -> None:
    me = applicant(as_)
    body = await application(me)
    body["requisites"] |= {"inn": "7707083894", "kpp": "77360100", "ogrn": "1027700132196"}
    body["scans"] = [*body["scans"][:1], {"file_id": "nope", "kind": "licence"}]
    reply = await me(subjects.REQUEST_SUBMIT.subject, signed(body))
    assert fields(reply) == {"scans.1.file_id": "not_found"}  # files first: nothing else is read
    body["scans"] = (await application(me))["scans"]
    reply = await me(subjects.REQUEST_SUBMIT.subject, signed(body))
    assert fields(reply) == {
        "requisites.inn": "checksum",
        "requisites.kpp": "format",
        "requisites.ogrn": "checksum",
    }


async def test_a_request_is_reviewed_approved_and_the_new_organization_maintains_itself(
    as_: As,
) -> None:
    me = applicant(as_)
    operator = as_.role(Role.REGISTRY_OPERATOR)
    body = await application(me)
    submitted = (await me(subjects.REQUEST_SUBMIT.subject, signed(body)))["result"]
    rid = submitted["request_id"]
    assert submitted["status_title"] == "Заявка принята"

    rival = applicant(as_)
    same_inn = await application(rival)
    same_inn["requisites"]["inn"] = body["requisites"]["inn"]
    again = await rival(subjects.REQUEST_SUBMIT.subject, signed(same_inn))
    assert again["error"]["code"] == "organization_already_registered"
    early = await operator(
        subjects.REQUEST_REVIEW.subject, {"request_id": rid, "action": "approve"}
    )
    assert early["error"]["code"] == "illegal_transition"
    no_reason = await operator(
        subjects.REQUEST_REVIEW.subject, {"request_id": rid, "action": "request_clarification"}
    )
    assert fields(no_reason) == {"reason": "missing"}
    await operator(
        subjects.REQUEST_REVIEW.subject,
        {"request_id": rid, "action": "request_clarification", "reason": "Нечитаемый устав"},
    )
    stranger = await as_.worker(fresh_snils())(subjects.REQUEST_GET.subject, {"request_id": rid})
    assert stranger["error"]["code"] == "request_not_found"
    resubmitted = await me(
        subjects.REQUEST_RESUBMIT.subject,
        signed({**body, "request_id": rid, "comment": "Заменили скан"}),
    )
    assert resubmitted["result"]["status"] == "resubmitted"
    await operator(
        subjects.REQUEST_REVIEW.subject, {"request_id": rid, "action": "check_documents"}
    )
    approved = (
        await operator(subjects.REQUEST_REVIEW.subject, {"request_id": rid, "action": "approve"})
    )["result"]
    oid = approved["organization_oid"]
    assert oid.startswith("1.2.643.5.1.13.13.12.2.77.")
    assert [h["status"] for h in approved["history"]] == [
        "accepted",
        "clarification_requested",
        "resubmitted",
        "documents_checked",
        "approved",
    ]
    queue = await operator(subjects.REQUEST_LIST.subject, {"status": "approved"})
    assert rid in [r["request_id"] for r in queue["result"]["items"]]

    officer = as_.officer(oid, snils=body["employees"][0]["snils"])  # the approval's grant
    sub = await officer(subjects.SUBDIVISION_ADD.subject, {"name": "Терапия", "kind": "отделение"})
    sub_oid = sub["result"]["subdivisions"][0]["oid"]
    assert sub_oid == f"{oid}.0.1"
    beds = await officer(
        subjects.SUBDIVISION_SET_BEDS.subject,
        {"subdivision_oid": sub_oid, "profile": "терапевтические", "count": 30},
    )
    assert beds["result"]["subdivisions"][0]["beds"] == {"терапевтические": 30}
    missing = await officer(
        subjects.SUBDIVISION_SET_BEDS.subject,
        {"subdivision_oid": f"{oid}.0.9", "profile": "хирургические", "count": 1},
    )
    assert missing["error"]["code"] == "subdivision_not_found"
    equipment = await officer(
        subjects.EQUIPMENT_ADD.subject,
        {
            "kind": "МРТ",
            "model": "Magnetom",
            "serial_number": "SN-1",
            "commissioned_on": "2021-03-01",
        },
    )
    assert equipment["result"]["equipment"][0]["model"] == "Magnetom"
    head = await officer(
        subjects.ORGANIZATION_UPDATE.subject,
        {
            "head": {"last_name": "Главврачёв", "first_name": "Пётр", "position": "главный врач"},
            "founders": ["Департамент здравоохранения г. Москвы"],
        },
    )
    assert head["result"]["head"]["position"] == "главный врач"
    other_inn = await officer(
        subjects.ORGANIZATION_UPDATE.subject,
        {"requisites": {**body["requisites"], "inn": fresh_inn()}},
    )
    assert other_inn["error"]["code"] == "illegal_transition"  # the INN never changes
    bad_kpp = await officer(
        subjects.ORGANIZATION_UPDATE.subject,
        {"requisites": {**body["requisites"], "kpp": "7736"}},
    )
    assert fields(bad_kpp) == {"requisites.kpp": "format"}
    public = await as_.role(Role.FAC_OPERATOR)(subjects.ORGANIZATION_GET.subject, {"oid": oid})
    assert public["result"]["version"] == 5

    async def kinds() -> list[str]:
        reply = await as_.system("system:directory")(
            subjects.CHANGES_LIST.subject, {"after": 0, "limit": 500}
        )
        return [
            e["type"].split(".", 3)[3]
            for e in reply["result"]["events"]
            if e.get("subject") in (rid, oid)
        ]

    seen = await eventually(kinds, lambda k: len(k) >= 11)
    assert seen == [
        "registration_request.status_changed.v1",
        "registration_request.status_changed.v1",
        "registration_request.status_changed.v1",
        "registration_request.status_changed.v1",
        "organization.registered.v1",
        "organization.access_granted.v1",
        "registration_request.status_changed.v1",
        "subdivision.added.v1",
        "organization.updated.v1",
        "organization.updated.v1",
        "organization.updated.v1",
    ]
    feed = await as_.system("system:directory")(
        subjects.CHANGES_LIST.subject, {"after": 0, "limit": 500}
    )
    forms = {
        e["data"].get("legal_form")
        for e in feed["result"]["events"]
        if e.get("subject") == oid
        and e["type"].split(".", 3)[3].startswith("organization.")
        and "access_granted" not in e["type"]
    }
    assert forms == {"legal_entity"}, "its consumers check the grounds of «ИП» against it"


async def test_an_email_already_held_by_another_user_is_refused(as_: As) -> None:
    first = applicant(as_)
    operator = as_.role(Role.REGISTRY_OPERATOR)
    body = await application(first)
    rid = (await first(subjects.REQUEST_SUBMIT.subject, signed(body)))["result"]["request_id"]
    await operator(
        subjects.REQUEST_REVIEW.subject, {"request_id": rid, "action": "check_documents"}
    )
    await operator(subjects.REQUEST_REVIEW.subject, {"request_id": rid, "action": "approve"})

    second = applicant(as_)
    other = await application(second)
    other["employees"][0]["email"] = body["employees"][0]["email"].upper()
    reply = await second(subjects.REQUEST_SUBMIT.subject, signed(other))
    assert fields(reply) == {"employees.0.email": "taken"}
    rejected = await operator(
        subjects.REQUEST_REVIEW.subject, {"request_id": rid, "action": "reject", "reason": "x"}
    )
    assert rejected["error"]["code"] == "illegal_transition"


async def test_two_requests_for_one_inn_at_once_leave_one_open(as_: As) -> None:
    first, second = applicant(as_), applicant(as_)
    a, b = await application(first), await application(second)
    b["requisites"]["inn"] = a["requisites"]["inn"]
    replies = await asyncio.gather(
        first(subjects.REQUEST_SUBMIT.subject, signed(a)),
        second(subjects.REQUEST_SUBMIT.subject, signed(b)),
    )
    assert sorted(str(r["ok"] or r["error"]["code"]) for r in replies) == [
        "True",
        "organization_already_registered",
    ]


async def test_a_rejected_request_says_why_and_cannot_be_resubmitted(as_: As) -> None:
    me, operator = applicant(as_), as_.role(Role.REGISTRY_OPERATOR)
    body = await application(me)
    rid = (await me(subjects.REQUEST_SUBMIT.subject, signed(body)))["result"]["request_id"]
    unexplained = await operator(
        subjects.REQUEST_REVIEW.subject, {"request_id": rid, "action": "reject"}
    )
    assert fields(unexplained) == {"reason": "missing"}
    by_applicant = await me(
        subjects.REQUEST_REVIEW.subject,
        {"request_id": rid, "action": "reject", "reason": "сам себе"},
    )
    assert by_applicant["error"]["code"] == "forbidden"
    rejected = await operator(
        subjects.REQUEST_REVIEW.subject,
        {"request_id": rid, "action": "reject", "reason": "Организация не оказывает медпомощь"},
    )
    assert rejected["result"]["status"] == "rejected"
    assert rejected["result"]["history"][-1]["reason"] == "Организация не оказывает медпомощь"
    seen = (await me(subjects.REQUEST_GET.subject, {"request_id": rid}))["result"]
    assert seen["status"] == "rejected"
    again = await me(
        subjects.REQUEST_RESUBMIT.subject,
        signed({**body, "request_id": rid, "comment": "Исправили"}),
    )
    assert again["error"]["code"] == "illegal_transition"
    late = await operator(subjects.REQUEST_REVIEW.subject, {"request_id": rid, "action": "approve"})
    assert late["error"]["code"] == "illegal_transition"
    # A rejected request holds the INN no more: the organization may apply again.
    fresh = await me(subjects.REQUEST_SUBMIT.subject, signed(body))
    assert fresh["result"]["status"] == "accepted"


async def test_the_support_desk_queue_shows_the_oldest_request_first_with_its_age(as_: As) -> None:
    operator = as_.role(Role.REGISTRY_OPERATOR)
    ids = []
    for _ in range(2):
        me = applicant(as_)
        ids.append(
            (await me(subjects.REQUEST_SUBMIT.subject, signed(await application(me))))["result"][
                "request_id"
            ]
        )
    await operator(
        subjects.REQUEST_REVIEW.subject, {"request_id": ids[0], "action": "check_documents"}
    )
    items, cursor = [], None
    while True:
        page = (
            await operator(
                subjects.REQUEST_LIST.subject, {"status": "accepted", "after": cursor, "limit": 50}
            )
        )["result"]
        items += page["items"]
        if (cursor := page["next_cursor"]) is None:
            break
    accepted = [r["request_id"] for r in items]
    assert ids[1] in accepted and ids[0] not in accepted
    assert accepted == sorted(accepted), "oldest first"
    checked = (await operator(subjects.REQUEST_GET.subject, {"request_id": ids[0]}))["result"]
    assert checked["in_status_since"] == checked["history"][-1]["at"]


async def test_a_sole_proprietor_enters_frmo_end_to_end(as_: As) -> None:
    me, operator = applicant(as_), as_.role(Role.REGISTRY_OPERATOR)
    body = await application(me)
    body["requisites"] = {
        **body["requisites"],
        "legal_form": "individual_entrepreneur",
        "name": "ИП Зубова Мария Петровна",
        "ogrn": "304770116000156",
        "inn": fresh_personal_inn(),
        "kpp": None,
        "okpo": "0123456789",
    }
    constituent = await me(subjects.REQUEST_SUBMIT.subject, signed(body))
    assert fields(constituent) == {
        "scans.0.kind": "not_applicable",
        "scans.2.kind": "not_applicable",
    }
    body["scans"] = [
        s for s in body["scans"] if s["kind"] in ("registration_certificate", "licence")
    ]
    with_kpp = await me(
        subjects.REQUEST_SUBMIT.subject,
        signed({**body, "requisites": {**body["requisites"], "kpp": "773601001"}}),
    )
    assert fields(with_kpp) == {"requisites.kpp": "format"}
    rid = (await me(subjects.REQUEST_SUBMIT.subject, signed(body)))["result"]["request_id"]
    await operator(
        subjects.REQUEST_REVIEW.subject, {"request_id": rid, "action": "check_documents"}
    )
    done = (
        await operator(subjects.REQUEST_REVIEW.subject, {"request_id": rid, "action": "approve"})
    )["result"]
    assert done["organization_oid"].startswith("1.2.643.5.1.13.13.12.2.50.")
    found = await as_.anonymous()(
        subjects.ORGANIZATION_SEARCH.subject, {"inn": body["requisites"]["inn"]}
    )
    [summary] = found["result"]["items"]
    assert (summary["name"], summary["kpp"]) == ("ИП Зубова Мария Петровна", None)


async def test_a_draft_is_checked_without_storing_and_only_a_signed_request_is_accepted(
    as_: As,
) -> None:
    me, operator = applicant(as_), as_.role(Role.REGISTRY_OPERATOR)
    body = await application(me)
    draft = {**body, "scans": body["scans"][:2], "requisites": {**body["requisites"], "kpp": "77"}}
    draft["requisites"]["email"] = "000"  # found by schemathesis: the check failed with a 500
    check = (await me(subjects.REQUEST_CHECK.subject, draft))["result"]
    assert check["ready"] is False
    assert {(p["field"], p["code"]) for p in check["problems"]} == {
        ("requisites.kpp", "format"),
        ("requisites.email", "format"),
        ("scans", "missing"),
    }
    queue = await operator(subjects.REQUEST_LIST.subject, {"status": "accepted", "limit": 100})
    inns = [r["requisites"]["inn"] for r in queue["result"]["items"]]
    assert body["requisites"]["inn"] not in inns, "a check stores nothing"

    ready = (await me(subjects.REQUEST_CHECK.subject, body))["result"]
    assert (ready["ready"], ready["problems"]) == (True, [])
    canonical = registry.canonical_request(registry.SubmitRegistrationRequest.model_validate(body))
    assert ready["canonical"].encode() == canonical, "the check says exactly what to sign"
    assert ready["sha256"] == hashlib.sha256(canonical).hexdigest()

    unsigned = await me(subjects.REQUEST_SUBMIT.subject, body)
    assert unsigned["error"]["code"] == "signature_missing"
    assert fields(unsigned) == {"signature": "missing"}
    tampered = signed(body)
    tampered["requisites"] = {**tampered["requisites"], "name": "ГБУЗ «Другая поликлиника»"}
    wrong = await me(subjects.REQUEST_SUBMIT.subject, tampered)
    assert wrong["error"]["code"] == "signature_invalid"
    assert fields(wrong) == {"signature.cades": "signature_invalid"}
    accepted = (await me(subjects.REQUEST_SUBMIT.subject, signed(body)))["result"]
    assert accepted["status"] == "accepted"
    assert accepted["signed_by"]["capacity"] == "head"
    again = (await me(subjects.REQUEST_CHECK.subject, body))["result"]
    assert [(p["field"], p["code"]) for p in again["problems"]] == [
        ("requisites.inn", "already_registered")
    ]


async def test_a_request_with_a_lapsed_licence_is_refused_naming_it(as_: As) -> None:
    me = applicant(as_)
    body = await application(me)
    body["licences"] = [{**body["licences"][0], "valid_until": "2021-01-01"}]
    reply = await me(subjects.REQUEST_SUBMIT.subject, signed(body))
    assert fields(reply) == {"licences.0.valid_until": "expired"}


async def test_a_licence_that_lapsed_while_the_request_waited_stops_its_approval(
    as_: As, registry: ServiceRuntime
) -> None:
    from datetime import UTC, datetime

    from egisz.registry.domain.people import Address, FullName
    from egisz.registry.frmo.domain.organization import Application, RegistrationRequest
    from egisz.registry.frmo.domain.request_documents import DocumentKind, Scan
    from egisz.registry.frmo.domain.requisites import (
        Licence,
        OrganizationType,
        Requisites,
        ResponsibleEmployee,
    )
    from egisz.registry.frmo.domain.signatories import RequestHead
    from egisz.testsupport import seeding

    # Submitted in 2020 with a licence valid until the end of 2021, never approved since.
    requisites = Requisites(
        "ГБУЗ «Давняя поликлиника»", "1027700132195", fresh_inn(), "773601001", "00032537",
        Address("101000", "Москва"), "4951234567", "old@clinic.ru",
    )  # fmt: skip
    scans = [
        Scan(f"f{i}", kind, f"{kind}.pdf", "application/pdf", 1000)
        for i, kind in enumerate(
            (DocumentKind.CHARTER, DocumentKind.REGISTRATION_CERTIFICATE,
             DocumentKind.HEAD_APPOINTMENT, DocumentKind.LICENCE)
        )
    ]  # fmt: skip
    application = Application(
        OrganizationType.MEDICAL,
        requisites,
        [Licence("ЛО-77-01-000777", date(2019, 1, 1), date(2021, 12, 31), ("терапия",))],
        [
            ResponsibleEmployee(
                FullName("Кадрова", "Ольга"), fresh_snils(), f"hr-{uuid.uuid4().hex[:8]}@clinic.ru"
            )
        ],
        scans,
        head=RequestHead(FullName("Главврачова", "Анна"), "главный врач", fresh_snils()),
    )
    request = RegistrationRequest.submit(
        request_id=uuid.uuid4().hex,
        applicant="old-applicant",
        application=application,
        now=datetime(2020, 6, 1, tzinfo=UTC),
    )
    request.events.clear()  # seeding publishes nothing
    uow = seeding.unit_of_work(registry.unit_of_work())
    async with uow:
        await uow.requests.add(request)
        await uow.commit()
    operator = as_.role(Role.REGISTRY_OPERATOR)
    rid = request.id
    await operator(
        subjects.REQUEST_REVIEW.subject, {"request_id": rid, "action": "check_documents"}
    )
    refused = await operator(
        subjects.REQUEST_REVIEW.subject, {"request_id": rid, "action": "approve"}
    )
    assert refused["error"]["code"] == "licence_expired"
    assert fields(refused) == {"licences.0.valid_until": "expired"}
    still = (await operator(subjects.REQUEST_GET.subject, {"request_id": rid}))["result"]
    assert still["status"] == "documents_checked", "nothing changed"

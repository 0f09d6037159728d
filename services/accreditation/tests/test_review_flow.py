"""The whole loop on real NATS and MongoDB: FRMR knows the worker, the application is delivered,
the center rejects or decides, and a pass lands in the worker's FRMR record."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest

from egisz.accreditation.domain.application import PAPER_APPROVAL_INVALID
from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import As, eventually

from .conftest import fresh_snils

pytestmark = pytest.mark.integration

ORG = "1.2.643.5.1.13.13.12.2.77.555"
TODAY = datetime.now(UTC).date().isoformat()  # the service's clock: the real one


async def test_a_pass_reaches_the_workers_frmr_record_and_a_rejection_says_what_to_fix(
    registry: ServiceRuntime, accreditation: ServiceRuntime, as_: As
) -> None:
    snils = fresh_snils()
    officer = as_.officer(ORG)
    worker = (
        await officer(
            subjects.WORKER_REGISTER.subject,
            {
                "snils": snils,
                "last_name": "Сдавалова",
                "first_name": "Ирина",
                "birth_date": f"19{uuid.uuid4().int % 40 + 60}-05-0{uuid.uuid4().int % 9 + 1}",
            },
        )
    )["result"]
    me = as_.worker(snils)
    await eventually(
        lambda: me(subjects.APPLICANT_GET.subject, {}), lambda r: r["ok"] and r["result"]["in_frmr"]
    )
    fac = as_.role(Role.FAC_OPERATOR)

    async def under_review(speciality: str) -> str:
        body = {
            "kind": "primary",
            "speciality": speciality,
            "education_level": "higher",
            "consent": True,
        }
        aid = (await me(subjects.APPLICATION_FORM.subject, body))["result"]["application_id"]
        assert (await me(subjects.APPLICATION_SUBMIT.subject, {"application_id": aid}))["ok"]
        await eventually(
            lambda: me(subjects.APPLICATION_GET.subject, {"application_id": aid}),
            lambda r: r["result"]["status"] == "under_review",
        )
        return str(aid)

    rejected = await under_review("педиатрия")
    early = await fac(
        subjects.APPLICATION_REJECT.subject, {"application_id": rejected, "reasons": [" "]}
    )
    assert early["ok"] is False
    done = await fac(
        subjects.APPLICATION_REJECT.subject,
        {
            "application_id": rejected,
            "reasons": ["Нет копии диплома"],
            "paper_approval_invalid": True,
        },
    )
    assert (done["result"]["status"], done["result"]["history"][-1]["reason"]) == (
        "rejected",
        f"{PAPER_APPROVAL_INVALID}; Нет копии диплома",
    )

    passed = await under_review("терапия")
    queue = (await fac(subjects.APPLICATION_QUEUE.subject, {"limit": 100}))["result"]["items"]
    assert passed in [a["application_id"] for a in queue]
    decision = {
        "application_id": passed,
        "passed": True,
        "protocol_number": "П-42",
        "decided_on": TODAY,
    }
    early_decision = await fac(subjects.APPLICATION_DECIDE.subject, decision)
    assert early_decision["error"]["code"] == "documents_not_checked"
    checked = await fac(subjects.APPLICATION_DOCUMENTS_CHECK.subject, {"application_id": passed})
    assert checked["result"]["documents_checked_on"] == TODAY
    late_rejection = await fac(
        subjects.APPLICATION_REJECT.subject, {"application_id": passed, "reasons": ["Поздно"]}
    )
    assert late_rejection["error"]["code"] == "documents_already_checked"
    decided = await fac(subjects.APPLICATION_DECIDE.subject, decision)
    assert (decided["result"]["status"], decided["result"]["valid_until"]) == (
        "passed",
        f"{int(TODAY[:4]) + 5}{TODAY[4:]}",
    )
    record = await eventually(
        lambda: as_.system("system:directory")(
            subjects.WORKER_GET.subject, {"worker_id": worker["worker_id"]}
        ),
        lambda r: r["ok"] and r["result"]["accreditations"],
    )
    [accreditation_] = record["result"]["accreditations"]
    assert (accreditation_["record_id"], accreditation_["protocol_number"]) == (passed, "П-42")
    twice = await fac(
        subjects.APPLICATION_DECIDE.subject,
        {
            "application_id": passed,
            "passed": False,
            "protocol_number": "П-43",
            "decided_on": TODAY,
        },
    )
    assert twice["error"]["code"] == "illegal_transition"


async def test_missed_review_deadlines_are_flagged_once_with_an_event(
    registry: ServiceRuntime, accreditation: ServiceRuntime, as_: As
) -> None:
    from datetime import date

    from egisz.accreditation import usecases
    from egisz.accreditation.repository import MongoAccreditationUnitOfWork
    from egisz.accreditation.wire import to_wire
    from egisz.runtime.events import Cause
    from egisz.runtime.mongo import OUTBOX

    snils = fresh_snils()
    await as_.officer(ORG)(
        subjects.WORKER_REGISTER.subject,
        {"snils": snils, "last_name": "Ждущая", "first_name": "Анна", "birth_date": "1977-07-07"},
    )
    me = as_.worker(snils)
    await eventually(
        lambda: me(subjects.APPLICANT_GET.subject, {}), lambda r: r["ok"] and r["result"]["in_frmr"]
    )
    body = {
        "kind": "primary",
        "speciality": "хирургия",
        "education_level": "higher",
        "consent": True,
    }
    aid = (await me(subjects.APPLICATION_FORM.subject, body))["result"]["application_id"]
    await me(subjects.APPLICATION_SUBMIT.subject, {"application_id": aid})
    await eventually(
        lambda: me(subjects.APPLICATION_GET.subject, {"application_id": aid}),
        lambda r: r["result"]["status"] == "under_review",
    )

    def uow() -> MongoAccreditationUnitOfWork:
        return MongoAccreditationUnitOfWork(
            accreditation.unit_of_work(), lambda ev: to_wire(ev, Cause())
        )

    far = date(2030, 1, 1)  # past both stages
    await usecases.flag_missed_deadlines(uow, today=far)
    await usecases.flag_missed_deadlines(uow, today=far)  # a second replica, or a second run
    outbox = (
        await accreditation.mongo[OUTBOX]
        .find({"subject": subjects.APPLICATION_DEADLINE_MISSED.subject})
        .to_list()
    )
    stages = sorted(
        json.loads(d["body"])["data"]["stage"] for d in outbox if aid.encode() in bytes(d["body"])
    )
    assert stages == ["decision", "documents_check"]  # each stage once, however often it runs


async def test_an_application_takes_the_workers_frmr_data_as_of_its_submission(
    registry: ServiceRuntime, accreditation: ServiceRuntime, as_: As
) -> None:
    snils = fresh_snils()
    officer = as_.officer(ORG)
    registered = await officer(
        subjects.WORKER_REGISTER.subject,
        {
            "snils": snils,
            "last_name": "Девичья",
            "first_name": "Ольга",
            "birth_date": "1985-03-04",
            "email": "olga@example.org",
            "phone": "9161234567",
        },
    )
    assert registered["ok"], registered
    worker_id = registered["result"]["worker_id"]
    me = as_.worker(snils)
    await eventually(
        lambda: me(subjects.APPLICANT_GET.subject, {}), lambda r: r["ok"] and r["result"]["in_frmr"]
    )
    body = {"kind": "primary", "speciality": "неврология", "education_level": "higher"}
    formed = (await me(subjects.APPLICATION_FORM.subject, body | {"consent": True}))["result"]
    assert formed["applicant"] == {
        "last_name": "Девичья",
        "first_name": "Ольга",
        "middle_name": None,
        "birth_date": "1985-03-04",
        "email": "olga@example.org",
        "phone": "9161234567",
    }

    married = {"last_name": "Замужняя", "first_name": "Ольга", "birth_date": "1985-03-04"}
    changed = await officer(
        subjects.WORKER_UPDATE.subject, {"worker_id": worker_id, "personal": married}
    )
    assert changed["ok"], changed
    probe = body | {"consent": False}  # a fresh application per probe, never submitted
    later = await eventually(  # accreditation's copy follows the FRMR record
        lambda: me(subjects.APPLICATION_FORM.subject, probe | {"speciality": uuid.uuid4().hex}),
        lambda r: r["ok"] and r["result"]["applicant"]["last_name"] == "Замужняя",
    )
    assert later["result"]["applicant"]["last_name"] == "Замужняя"
    submitted = await me(
        subjects.APPLICATION_SUBMIT.subject, {"application_id": formed["application_id"]}
    )
    assert submitted["result"]["applicant"]["last_name"] == "Замужняя"


async def test_a_primary_specialized_application_fails_and_nothing_enters_frmr(
    registry: ServiceRuntime, accreditation: ServiceRuntime, as_: As
) -> None:
    snils = fresh_snils()
    worker = (
        await as_.officer(ORG)(
            subjects.WORKER_REGISTER.subject,
            {
                "snils": snils,
                "last_name": "Несдавалова",
                "first_name": "Ольга",
                "birth_date": f"19{uuid.uuid4().int % 40 + 60}-06-1{uuid.uuid4().int % 9}",
            },
        )
    )["result"]
    me, fac = as_.worker(snils), as_.role(Role.FAC_OPERATOR)
    await eventually(
        lambda: me(subjects.APPLICANT_GET.subject, {}), lambda r: r["ok"] and r["result"]["in_frmr"]
    )
    body = {
        "kind": "primary_specialized",
        "speciality": "кардиология",
        "education_level": "residency",
        "consent": True,
    }
    formed = (await me(subjects.APPLICATION_FORM.subject, body))["result"]
    assert (formed["kind"], formed["status"]) == ("primary_specialized", "formed")
    aid = formed["application_id"]
    assert (await me(subjects.APPLICATION_SUBMIT.subject, {"application_id": aid}))["ok"]
    await eventually(
        lambda: me(subjects.APPLICATION_GET.subject, {"application_id": aid}),
        lambda r: r["result"]["status"] == "under_review",
    )
    assert (await fac(subjects.APPLICATION_DOCUMENTS_CHECK.subject, {"application_id": aid}))["ok"]
    failed = await fac(
        subjects.APPLICATION_DECIDE.subject,
        {"application_id": aid, "passed": False, "protocol_number": "П-77", "decided_on": TODAY},
    )
    result = failed["result"]
    assert (result["status"], result["status_title"]) == ("failed", "Аккредитация не пройдена")
    assert result.get("valid_until") is None
    seen = (await me(subjects.APPLICATION_GET.subject, {"application_id": aid}))["result"]
    assert seen["status"] == "failed"
    again = await fac(
        subjects.APPLICATION_DECIDE.subject,
        {
            "application_id": aid,
            "passed": True,
            "protocol_number": "П-78",
            "decided_on": TODAY,
        },
    )
    assert again["error"]["code"] == "illegal_transition", "a failure is final"
    record = await as_.system("system:directory")(
        subjects.WORKER_GET.subject, {"worker_id": worker["worker_id"]}
    )
    assert record["result"]["accreditations"] == []

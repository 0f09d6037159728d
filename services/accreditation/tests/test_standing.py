"""An accreditation's standing over real NATS and MongoDB: the center suspends, reinstates and
revokes a pass; FRMR's record, public verification, the «may practise today» answer, the
directory's Practitioner and the extract's verification all show it; refusals have their codes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import As, Caller, eventually

from .test_extracts import passed, worker_in_frmr

pytestmark = pytest.mark.integration

TODAY = datetime.now(UTC).date()
CHANGE = subjects.ACCREDITATION_STANDING_CHANGE.subject


def ok(reply: dict[str, Any]) -> dict[str, Any]:
    assert reply["ok"], reply
    return dict(reply["result"])


async def public_accreditation(anyone: Caller, worker_id: str) -> dict[str, Any]:
    found = ok(await anyone(subjects.PRACTITIONER_VERIFY.subject, {"worker_id": worker_id}))
    [person] = found["practitioners"]
    [accreditation] = person["accreditations"]
    return dict(accreditation)


async def test_a_suspension_then_a_revocation_reach_frmr_the_public_and_the_directory(
    registry: ServiceRuntime, accreditation: ServiceRuntime, as_: As
) -> None:
    _, me = await worker_in_frmr(as_, "Приостановленная")
    fac = as_.role(Role.FAC_OPERATOR)
    application_id = await passed(me, fac, "Терапия")
    worker_id = ok(await me(subjects.APPLICANT_GET.subject, {}))["worker_id"]
    anyone = as_.anonymous()
    await eventually(
        lambda: anyone(subjects.PRACTITIONER_VERIFY.subject, {"worker_id": worker_id}),
        lambda r: r["ok"] and r["result"]["practitioners"][0]["accreditations"],
    )
    ask = {"worker_id": worker_id, "speciality": "терапия"}
    yes = ok(await anyone(subjects.PRACTITIONER_MAY_PRACTISE.subject, ask))
    assert yes["may_practise"] is True and "действует до" in yes["why"]

    until = TODAY + timedelta(days=30)
    suspend = {
        "application_id": application_id,
        "action": "suspend",
        "reason": "Решение комиссии № 12: проверка жалобы пациента",
        "effective_from": TODAY.isoformat(),
        "until": until.isoformat(),
    }
    assert (await me(CHANGE, suspend))["error"]["code"] == "forbidden"
    view = ok(await fac(CHANGE, suspend))
    assert (view["standing"]["status"], view["standing"]["until"]) == ("suspended", str(until))
    again = await fac(CHANGE, suspend)
    assert again["error"]["code"] == "standing_change_refused"
    shown = await eventually(
        lambda: public_accreditation(anyone, worker_id), lambda a: a["standing"] == "suspended"
    )
    assert (shown["valid"], shown["standing_reason"], shown["standing_until"]) == (
        False,
        suspend["reason"],
        str(until),
    )
    no = ok(await anyone(subjects.PRACTITIONER_MAY_PRACTISE.subject, ask))
    assert no["may_practise"] is False
    assert "приостановлена" in no["why"] and suspend["reason"] in no["why"]
    # Later this month the suspension will be over: the answer for that day is yes.
    later = ok(
        await anyone(
            subjects.PRACTITIONER_MAY_PRACTISE.subject,
            ask | {"on": (until + timedelta(days=1)).isoformat()},
        )
    )
    assert later["may_practise"] is True
    practitioner = await eventually(
        lambda: anyone(subjects.DIRECTORY_READ.subject, {"type": "Practitioner", "id": worker_id}),
        lambda r: r["ok"] and "suspended" in str(r["result"]["resource"].get("qualification")),
    )
    [q] = [
        q
        for q in practitioner["result"]["resource"]["qualification"]
        if q["code"]["text"].startswith("Аккредитация")
    ]
    [standing] = q["extension"]
    assert {e["url"]: e.get("valueCode") for e in standing["extension"]}["status"] == "suspended"
    assert q["period"]["start"] == TODAY.isoformat()

    # An extract issued during the suspension prints it; its code later tells the standing today.
    eid = ok(await me(subjects.EXTRACT_ORDER.subject, {"application_id": application_id}))[
        "extract_id"
    ]
    code = ok(await fac(subjects.EXTRACT_ISSUE.subject, {"extract_id": eid}))["verification_code"]
    checked = ok(await anyone(subjects.EXTRACT_VERIFY.subject, {"verification_code": code}))
    assert (checked["in_force"], checked["standing"]["status"]) == (False, "suspended")

    reinstated = ok(
        await fac(
            CHANGE,
            suspend | {"action": "reinstate", "reason": "Жалоба не подтвердилась", "until": None},
        )
    )
    assert reinstated["standing"]["status"] == "active"
    revoke = suspend | {"action": "revoke", "reason": "Решение суда", "until": None}
    assert ok(await fac(CHANGE, revoke))["standing"]["status"] == "revoked"
    final = await fac(CHANGE, suspend | {"action": "reinstate", "until": None})
    assert final["error"]["code"] == "standing_change_refused"
    outside = await fac(CHANGE, revoke | {"effective_from": "2001-01-01"})
    assert {f["field"] for f in outside["error"]["fields"]} == {"effective_from"}
    shown = await eventually(
        lambda: public_accreditation(anyone, worker_id), lambda a: a["standing"] == "revoked"
    )
    assert shown["standing_reason"] == "Решение суда"
    later_check = ok(await anyone(subjects.EXTRACT_VERIFY.subject, {"verification_code": code}))
    assert later_check["standing"]["status"] == "revoked"
    assert [c["action"] for c in later_check["standing"]["changes"]] == [
        "suspend",
        "reinstate",
        "revoke",
    ]
    gone = ok(await anyone(subjects.PRACTITIONER_MAY_PRACTISE.subject, ask))
    assert gone["may_practise"] is False and "отозвана" in gone["why"]
    record = ok(await me(subjects.WORKER_GET.subject, {"worker_id": worker_id}))
    [a] = record["accreditations"]
    assert [s["action"] for s in a["standing"]] == ["suspend", "reinstate", "revoke"]
    assert record["specialities"] == []  # no longer practises it
    unknown = await anyone(subjects.PRACTITIONER_MAY_PRACTISE.subject, ask | {"worker_id": "нет"})
    assert unknown["error"]["code"] == "worker_not_found"
    nothing = ok(
        await anyone(subjects.PRACTITIONER_MAY_PRACTISE.subject, ask | {"speciality": "Хирургия"})
    )
    assert nothing["may_practise"] is False and nothing["basis"] == []

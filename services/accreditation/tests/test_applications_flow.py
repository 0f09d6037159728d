"""Applications over real NATS and MongoDB: formed with a clear refusal per field, one active per
speciality, read only by their applicant, cancelled before a decision, each move an event."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from nats.aio.client import Client as NatsClient

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import As, pdf_bytes

from .conftest import upload_pdf

pytestmark = pytest.mark.integration


def form_body(**changes: Any) -> dict[str, Any]:
    return {
        "kind": "periodic",
        "speciality": "терапия",
        "education_level": "higher",
        "consent": True,
        **changes,
    }


async def test_an_application_is_formed_once_per_speciality_read_and_cancelled(
    accreditation: ServiceRuntime, as_: As, nc: NatsClient
) -> None:
    snils = f"{uuid.uuid4().int % 10**11:011d}"
    me = as_.worker(snils)
    events: list[dict[str, Any]] = []
    sub = await nc.subscribe(subjects.APPLICATION_STATUS_CHANGED.subject, cb=_collect(events))
    formed = (await me(subjects.APPLICATION_FORM.subject, form_body()))["result"]
    assert (formed["status"], formed["status_title"]) == ("formed", "Сформировано")
    again = await me(subjects.APPLICATION_FORM.subject, form_body(speciality=" ТЕРАПИЯ "))
    assert again["error"]["code"] == "application_already_active"
    other = await me(subjects.APPLICATION_FORM.subject, form_body(speciality="кардиология"))
    assert other["ok"]
    bad = await me(subjects.APPLICATION_FORM.subject, form_body(kind="annual", speciality=" "))
    assert {f["field"] for f in bad["error"]["fields"]} == {"kind"}  # the wire refuses first

    stranger = await as_.worker("00000000001")(
        subjects.APPLICATION_GET.subject, {"application_id": formed["application_id"]}
    )
    assert stranger["error"]["code"] == "application_not_found"
    fac = await as_.role(Role.FAC_OPERATOR)(
        subjects.APPLICATION_GET.subject, {"application_id": formed["application_id"]}
    )
    assert fac["result"]["application_id"] == formed["application_id"]
    page = (await me(subjects.APPLICATION_LIST.subject, {}))["result"]["items"]
    assert len(page) == 2

    cancelled = await me(
        subjects.APPLICATION_CANCEL.subject, {"application_id": formed["application_id"]}
    )
    assert cancelled["result"]["status"] == "cancelled"
    twice = await me(
        subjects.APPLICATION_CANCEL.subject, {"application_id": formed["application_id"]}
    )
    assert twice["error"]["code"] == "illegal_transition"
    reopened = await me(subjects.APPLICATION_FORM.subject, form_body())
    assert reopened["ok"]  # the cancelled one is no longer active

    from egisz.testsupport.harness import eventually

    async def mine() -> list[str]:
        return [e["data"]["status"] for e in events if e["subject"] == formed["application_id"]]

    assert await eventually(mine, lambda s: len(s) >= 2) == ["formed", "cancelled"]
    await sub.unsubscribe()


def _collect(into: list[dict[str, Any]]) -> Any:
    async def on_message(msg: Any) -> None:
        into.append(json.loads(msg.data))

    return on_message


async def test_an_extra_pdf_is_uploaded_and_attached_and_anything_else_refused(
    accreditation: ServiceRuntime, as_: As
) -> None:
    me = as_.worker(f"{uuid.uuid4().int % 10**11:011d}")
    aid = (await me(subjects.APPLICATION_FORM.subject, form_body()))["result"]["application_id"]

    not_pdf = await upload_pdf(me, b"\x89PNG\r\n\x1a\n0000")
    assert [f["code"] for f in not_pdf["error"]["fields"]] == ["content_type"]
    huge = await me(subjects.APPLICATION_FORM.subject, form_body(speciality="t" * 800_000))
    assert [(f["field"], f["code"]) for f in huge["error"]["fields"]] == [
        ("speciality", "string_too_long")
    ]
    disguised = await upload_pdf(me, b"%PDF-1.4 <html><!-- %PDF-1.4 --><script>", "doc.pdf")
    assert [f["code"] for f in disguised["error"]["fields"]] == ["unreadable_pdf"]
    stored = (await upload_pdf(me, pdf_bytes("диплом".encode())))["result"]["file"]
    attached = await me(
        subjects.APPLICATION_DOCUMENT_ATTACH.subject,
        {"application_id": aid, "file_id": stored["file_id"]},
    )
    assert [d["document_id"] for d in attached["result"]["documents"]] == [stored["file_id"]]

"""Extracts (выписки) on real NATS and MongoDB: ordered by the worker for a passed accreditation,
issued by the center as a signed PDF or refused with a reason, downloaded by their owner and
checked by anyone with the code printed on them."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from nats.aio.client import Client as NatsClient

from egisz.accreditation.domain.status import valid_until
from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.kernel.signatures import verify
from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import As, Caller, eventually, read_all_parts

from .conftest import fresh_snils

pytestmark = pytest.mark.integration

ORG = "1.2.643.5.1.13.13.12.2.77.556"


async def worker_in_frmr(as_: As, last_name: str) -> tuple[str, Caller]:
    snils = fresh_snils()
    registered = await as_.officer(ORG)(
        subjects.WORKER_REGISTER.subject,
        {"snils": snils, "last_name": last_name, "first_name": "Вера", "birth_date": "1979-09-09"},
    )
    assert registered["ok"], registered
    me = as_.worker(snils)
    await eventually(
        lambda: me(subjects.APPLICANT_GET.subject, {}), lambda r: r["ok"] and r["result"]["in_frmr"]
    )
    return snils, me


async def formed(me: Caller, speciality: str) -> str:
    body = {"kind": "primary", "speciality": speciality, "education_level": "higher"}
    reply = await me(subjects.APPLICATION_FORM.subject, body | {"consent": True})
    return str(reply["result"]["application_id"])


async def passed(me: Caller, fac: Caller, speciality: str) -> str:
    aid = await formed(me, speciality)
    assert (await me(subjects.APPLICATION_SUBMIT.subject, {"application_id": aid}))["ok"]
    review = await eventually(
        lambda: me(subjects.APPLICATION_GET.subject, {"application_id": aid}),
        lambda r: r["result"]["status"] == "under_review",
    )
    assert review["result"]["status"] == "under_review"
    assert (await fac(subjects.APPLICATION_DOCUMENTS_CHECK.subject, {"application_id": aid}))["ok"]
    today = datetime.now(UTC).date().isoformat()
    decision = {"passed": True, "protocol_number": "П-77", "decided_on": today}
    done = await fac(subjects.APPLICATION_DECIDE.subject, {"application_id": aid} | decision)
    assert done["result"]["status"] == "passed"
    return aid


async def download(me: Caller, extract_id: str) -> bytes:
    return await read_all_parts(me, subjects.EXTRACT_DOWNLOAD.subject, {"extract_id": extract_id})


def first_page_png(pdf: bytes) -> Any:
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(pdf)[0]
    return page.render(scale=1.0).to_pil().convert("L")


async def test_an_extract_is_ordered_issued_signed_downloaded_and_verified_by_anyone(
    registry: ServiceRuntime, accreditation: ServiceRuntime, as_: As, nc: NatsClient, tmp_path: Any
) -> None:
    _, me = await worker_in_frmr(as_, "Выпискина")
    fac = as_.role(Role.FAC_OPERATOR)
    events: list[dict[str, Any]] = []

    async def collect(msg: Any) -> None:
        events.append(json.loads(msg.data))

    sub = await nc.subscribe(subjects.EXTRACT_STATUS_CHANGED.subject, cb=collect)

    not_yet = await formed(me, "онкология")
    refused = await me(subjects.EXTRACT_ORDER.subject, {"application_id": not_yet})
    assert refused["error"]["code"] == "accreditation_not_passed"

    aid = await passed(me, fac, "гастроэнтерология")
    stranger = await as_.worker(fresh_snils())(
        subjects.EXTRACT_ORDER.subject, {"application_id": aid}
    )
    assert stranger["error"]["code"] == "application_not_found"
    ordered = (await me(subjects.EXTRACT_ORDER.subject, {"application_id": aid}))["result"]
    assert (ordered["status"], ordered["status_title"]) == ("requested", "Запрошена")
    again = (await me(subjects.EXTRACT_ORDER.subject, {"application_id": aid}))["result"]
    assert again["extract_id"] == ordered["extract_id"]  # one in progress per accreditation
    eid = ordered["extract_id"]
    early = await me(subjects.EXTRACT_DOWNLOAD.subject, {"extract_id": eid})
    assert early["error"]["code"] == "extract_not_issued"
    queue = (await fac(subjects.EXTRACT_QUEUE.subject, {"limit": 100}))["result"]["items"]
    assert eid in [e["extract_id"] for e in queue]
    assert (await me(subjects.EXTRACT_ISSUE.subject, {"extract_id": eid}))["error"]["code"] == (
        "forbidden"
    )

    issued = (await fac(subjects.EXTRACT_ISSUE.subject, {"extract_id": eid}))["result"]
    assert (issued["status"], issued["status_title"]) == ("issued", "Выдана")
    assert issued["accreditation"]["full_name"] == "Выпискина Вера"
    today = datetime.now(UTC).date()
    assert issued["accreditation"]["valid_until"] == valid_until(today).isoformat()
    twice = await fac(subjects.EXTRACT_ISSUE.subject, {"extract_id": eid})
    assert twice["error"]["code"] == "illegal_transition"

    pdf = await download(me, eid)
    assert pdf.startswith(b"%PDF") and len(pdf) == issued["size"]
    signature = issued["signature"]
    assert hashlib.sha256(pdf).hexdigest() == signature["sha256"]
    from cryptography.hazmat.primitives import serialization

    public = serialization.load_pem_public_key(signature["public_key_pem"].encode())
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert verify(raw, pdf, base64.b64decode(signature["signature"]))
    assert not verify(raw, pdf + b" ", base64.b64decode(signature["signature"]))
    other = await as_.worker(fresh_snils())(subjects.EXTRACT_DOWNLOAD.subject, {"extract_id": eid})
    assert other["error"]["code"] == "extract_not_found"

    page = first_page_png(pdf)
    page.save(tmp_path / "extract.png")
    histogram = page.histogram()
    dark = sum(histogram[:128])
    assert 0.005 < dark / (page.width * page.height) < 0.5  # text and a QR code, not a blank page

    code = issued["verification_code"]
    public_check = await as_.anonymous()(
        subjects.EXTRACT_VERIFY.subject,
        {"verification_code": code.replace("-", "").lower(), "sha256": signature["sha256"]},
    )
    result = public_check["result"]
    assert (result["extract_id"], result["document_matches"], result["in_force"]) == (
        eid,
        True,
        True,
    )
    assert "snils" not in json.dumps(result)
    forged = await as_.anonymous()(
        subjects.EXTRACT_VERIFY.subject, {"verification_code": code, "sha256": "0" * 64}
    )
    assert forged["result"]["document_matches"] is False
    unknown = await as_.anonymous()(
        subjects.EXTRACT_VERIFY.subject, {"verification_code": "0000-0000-0000"}
    )
    assert unknown["error"]["code"] == "extract_not_found"

    second = (await me(subjects.EXTRACT_ORDER.subject, {"application_id": aid}))["result"]
    assert second["extract_id"] != eid  # the first was settled: a new one may be ordered
    blank = await fac(
        subjects.EXTRACT_REFUSE.subject, {"extract_id": second["extract_id"]} | {"reason": " "}
    )
    assert blank["error"]["fields"][0]["field"] == "reason"
    no = await fac(
        subjects.EXTRACT_REFUSE.subject,
        {"extract_id": second["extract_id"], "reason": "Дубликат выданной выписки"},
    )
    assert (no["result"]["status"], no["result"]["history"][-1]["reason"]) == (
        "refused",
        "Дубликат выданной выписки",
    )
    mine = (await me(subjects.EXTRACT_LIST.subject, {}))["result"]["items"]
    assert sorted(e["status"] for e in mine) == ["issued", "refused"]

    async def statuses() -> list[tuple[str, str]]:
        # Only this test's extracts: an earlier test's event may be published again after its
        # service stopped between the publish and the sent mark (JetStream keeps it once, but a
        # core subscriber sees every copy).
        ours = {eid, second["extract_id"]}
        return [(e["subject"], e["data"]["status"]) for e in events if e.get("subject") in ours]

    seen = await eventually(statuses, lambda s: len(s) >= 4)
    assert sorted(seen) == sorted(
        [
            (eid, "requested"),
            (eid, "issued"),
            (second["extract_id"], "requested"),
            (second["extract_id"], "refused"),
        ]
    )
    await sub.unsubscribe()

"""A paper application (seed 000: by post, for someone not in FRMR) on real NATS and MongoDB: the
center takes it in with its scans, reviews it like any other, and a pass reaches FRMR when the
person enters it."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import As, Caller, pdf_bytes

from .conftest import fresh_snils, passes_and_enters_frmr, registered_worker

pytestmark = pytest.mark.integration

ORG = "1.2.643.5.1.13.13.12.2.77.556"
TODAY = datetime.now(UTC).date()


async def scan(fac: Caller) -> str:
    """The operator uploads the scan of a paper application."""
    reply = await fac(
        subjects.APPLICATION_DOCUMENT_UPLOAD.subject,
        {
            "upload_id": uuid.uuid4().hex,
            "part": 0,
            "data": base64.b64encode(pdf_bytes(uuid.uuid4().bytes)).decode(),
            "last": True,
            "filename": "заявление-почтой.pdf",
        },
    )
    return str(reply["result"]["file"]["file_id"])


async def test_the_center_takes_in_a_paper_application_and_its_pass_waits_for_frmr(
    registry: ServiceRuntime, accreditation: ServiceRuntime, as_: As
) -> None:
    fac = as_.role(Role.FAC_OPERATOR)
    snils = fresh_snils()
    birth = f"19{uuid.uuid4().int % 40 + 60}-03-0{uuid.uuid4().int % 9 + 1}"
    paper = {
        "snils": snils,
        "last_name": "Почтова",
        "first_name": "Нина",
        "birth_date": birth,
        "kind": "primary",
        "speciality": "лечебное дело",
        "education_level": "higher",
        "received_on": (TODAY - timedelta(days=2)).isoformat(),
        "file_ids": [await scan(fac)],
    }
    late = await fac(
        subjects.APPLICATION_REGISTER_PAPER.subject,
        paper | {"received_on": (TODAY + timedelta(days=1)).isoformat()},
    )
    assert [(f["field"], f["code"]) for f in late["error"]["fields"]] == [("received_on", "future")]
    bad = await fac(subjects.APPLICATION_REGISTER_PAPER.subject, paper | {"snils": "11111111111"})
    assert [f["field"] for f in bad["error"]["fields"]] == ["snils"]
    taken = await fac(subjects.APPLICATION_REGISTER_PAPER.subject, paper)
    application = taken["result"]
    assert (application["channel"], application["status"]) == ("post", "under_review")
    assert [d["filename"] for d in application["documents"]] == ["заявление-почтой.pdf"]
    assert application["applicant"]["last_name"] == "Почтова"
    again = await fac(subjects.APPLICATION_REGISTER_PAPER.subject, paper)
    assert again["error"]["code"] == "application_already_active"
    worker_refused = await as_.worker(snils)(subjects.APPLICATION_REGISTER_PAPER.subject, paper)
    assert worker_refused["error"]["code"] == "forbidden"

    ref = {"application_id": application["application_id"]}
    # The center passes her; she enters FRMR: the pass goes into her record.
    person = {"snils": snils, "last_name": "Почтова", "first_name": "Нина", "birth_date": birth}
    worker_id, entry = await passes_and_enters_frmr(
        as_, ref["application_id"], "П-П-1", ORG, person
    )
    assert entry["protocol_number"] == "П-П-1"
    seen = (await fac(subjects.APPLICATION_GET.subject, ref))["result"]
    assert (seen["worker_id"], seen["frmr_pending"]) == (worker_id, False)


async def test_someone_in_frmr_applies_through_the_cabinet_not_by_post(
    accreditation: ServiceRuntime, as_: As
) -> None:
    snils = await registered_worker(accreditation, as_)
    fac = as_.role(Role.FAC_OPERATOR)
    file_id = await scan(fac)
    refused = await fac(
        subjects.APPLICATION_REGISTER_PAPER.subject,
        {
            "snils": snils,
            "last_name": "Иванов",
            "first_name": "Иван",
            "birth_date": "1980-01-01",
            "kind": "primary",
            "speciality": "хирургия",
            "education_level": "higher",
            "received_on": TODAY.isoformat(),
            "file_ids": [file_id],
        },
    )
    assert refused["error"]["code"] == "worker_in_frmr"

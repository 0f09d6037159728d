"""The center opens what it reviews, over real NATS and MongoDB: an application's documents once
the package reached it, part by part, and nothing of an application still with the applicant."""

from __future__ import annotations

import base64
import uuid

import pytest

from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.files import PART_MAX
from egisz.testsupport.harness import As, Caller, eventually, pdf_bytes, read_all_parts

from .conftest import registered_worker

pytestmark = pytest.mark.integration


async def upload_in_parts(me: Caller, content: bytes, filename: str) -> str:
    upload_id, reply = uuid.uuid4().hex, {}
    for part, start in enumerate(range(0, len(content), PART_MAX)):
        chunk = content[start : start + PART_MAX]
        reply = await me(
            subjects.APPLICATION_DOCUMENT_UPLOAD.subject,
            {
                "upload_id": upload_id,
                "part": part,
                "data": base64.b64encode(chunk).decode(),
                "last": start + PART_MAX >= len(content),
                "filename": filename,
            },
        )
        assert reply["ok"], reply
    return str(reply["result"]["file"]["file_id"])


async def download(reader: Caller, application_id: str, document_id: str) -> bytes:
    body = {"application_id": application_id, "document_id": document_id}
    return await read_all_parts(reader, subjects.APPLICATION_DOCUMENT_DOWNLOAD.subject, body)


async def test_the_center_reads_an_applications_documents_only_once_delivered(
    accreditation: ServiceRuntime, as_: As
) -> None:
    snils = await registered_worker(accreditation, as_)
    me, fac = as_.worker(snils), as_.role(Role.FAC_OPERATOR)
    body = {"kind": "primary", "speciality": "эндокринология", "education_level": "higher"}
    aid = (await me(subjects.APPLICATION_FORM.subject, body | {"consent": True}))["result"][
        "application_id"
    ]
    pdf = pdf_bytes(padding=PART_MAX + 1000)  # two parts each way
    file_id = await upload_in_parts(me, pdf, "диплом.pdf")
    attach = {"application_id": aid, "file_id": file_id}
    assert (await me(subjects.APPLICATION_DOCUMENT_ATTACH.subject, attach))["ok"]
    ref = {"application_id": aid, "document_id": file_id}

    not_yet = await fac(subjects.APPLICATION_DOCUMENT_DOWNLOAD.subject, ref)
    assert not_yet["error"]["code"] == "application_not_found", "still the applicant's own"
    assert await download(me, aid, file_id) == pdf

    assert (await me(subjects.APPLICATION_SUBMIT.subject, {"application_id": aid}))["ok"]
    await eventually(
        lambda: fac(subjects.APPLICATION_GET.subject, {"application_id": aid}),
        lambda r: r["result"]["status"] == "under_review",
    )
    assert await download(fac, aid, file_id) == pdf
    first = await fac(subjects.APPLICATION_DOCUMENT_DOWNLOAD.subject, ref)
    assert (first["result"]["filename"], first["result"]["last"]) == ("диплом.pdf", False)

    unknown = await fac(
        subjects.APPLICATION_DOCUMENT_DOWNLOAD.subject, ref | {"document_id": "nope"}
    )
    assert unknown["error"]["code"] == "document_not_found"
    stranger = as_.worker(await registered_worker(accreditation, as_))
    theirs = await stranger(subjects.APPLICATION_DOCUMENT_DOWNLOAD.subject, ref)
    assert theirs["error"]["code"] == "application_not_found"
    registrar = as_.role(Role.REGISTRY_OPERATOR)
    assert (await registrar(subjects.APPLICATION_DOCUMENT_DOWNLOAD.subject, ref))["error"][
        "code"
    ] == "forbidden"

"""Files over HTTP as a clinic's system sends them: a multipart upload to the upload subject's
own path, the file streamed back by `GET` on the download subject's path, byte for byte, and
every refusal with its status and the field to fix."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import httpx
import pytest

from egisz.contracts.envelope import Role
from egisz.runtime.auth import issue_token
from egisz.testsupport.harness import pdf_bytes, snils_for

pytestmark = pytest.mark.integration

UPLOAD = "/api/registry/file/upload"
READ = "/api/registry/file/read"


def bearer(private_key: str, snils: str) -> dict[str, str]:
    token = issue_token(private_key, role=Role.WORKER, snils=snils)
    return {"Authorization": f"Bearer {token}"}


def fresh_snils() -> str:
    return snils_for(uuid.uuid4().hex)


async def test_a_scan_uploaded_as_a_form_comes_back_streamed_byte_for_byte(
    gateway: str, private_key: str
) -> None:
    content = pdf_bytes(b"gateway", padding=1_300_000)  # three parts of 512 KiB
    owner = bearer(private_key, fresh_snils())
    async with httpx.AsyncClient(base_url=gateway) as http:
        stored = await http.post(
            UPLOAD,
            files={"file": ("Диплом №1.pdf", content, "application/pdf")},
            headers=owner,
        )
        assert stored.status_code == 200, stored.text
        file = stored.json()["result"]["file"]
        assert file["size"] == len(content)
        assert file["sha256"] == hashlib.sha256(content).hexdigest()

        async with http.stream(
            "GET", READ, params={"file_id": file["file_id"]}, headers=owner
        ) as r:
            assert r.status_code == 200
            body = b"".join([chunk async for chunk in r.aiter_bytes()])
            disposition = r.headers["content-disposition"]
            assert r.headers["content-type"] == "application/pdf"
            assert r.headers["content-length"] == str(len(content))
    assert body == content
    assert "filename*=UTF-8''%D0%94%D0%B8%D0%BF%D0%BB%D0%BE%D0%BC" in disposition


async def test_refused_files_keep_their_status_and_name_the_field(
    gateway: str, private_key: str
) -> None:
    owner = bearer(private_key, fresh_snils())
    async with httpx.AsyncClient(base_url=gateway) as http:
        text = await http.post(
            UPLOAD, files={"file": ("a.pdf", b"hello", "application/pdf")}, headers=owner
        )
        no_file = await http.post(UPLOAD, files={"x": ("a", b"")}, headers=owner)
        extra_field = await http.post(
            UPLOAD, data={"other": "x"}, files={"file": ("a.pdf", pdf_bytes())}, headers=owner
        )
        anonymous = await http.post(
            UPLOAD, files={"file": ("a.pdf", pdf_bytes(), "application/pdf")}
        )
        huge = await http.post(
            UPLOAD,
            files={"file": ("big.pdf", b"%PDF-" + b"0" * (9 * 2**20), "application/pdf")},
            headers=owner,
        )
        stored = await http.post(
            UPLOAD, files={"file": ("a.pdf", pdf_bytes(), "application/pdf")}, headers=owner
        )
        file_id = stored.json()["result"]["file"]["file_id"]
        stranger = await http.get(
            READ, params={"file_id": file_id}, headers=bearer(private_key, fresh_snils())
        )
        chosen_part = await http.get(READ, params={"file_id": file_id, "part": "1"}, headers=owner)
        unknown = await http.get(READ, params={"file_id": "f" * 24}, headers=owner)
    assert text.status_code == 422 and text.json()["error"]["fields"][0]["field"] == "data"
    assert (no_file.status_code, field_of(no_file)) == (422, "file")
    assert (extra_field.status_code, extra_field.json()["error"]["code"]) == (400, "bad_request")
    assert "только файл в поле «file»" in extra_field.json()["error"]["message"]
    assert anonymous.status_code == 401
    assert (huge.status_code, huge.json()["error"]["code"]) == (413, "payload_too_large")
    assert stranger.status_code in (403, 404), stranger.text
    assert (chosen_part.status_code, field_of(chosen_part)) == (422, "part")
    assert unknown.status_code == 404


def field_of(response: httpx.Response) -> str:
    fields: list[dict[str, Any]] = response.json()["error"]["fields"]
    return str(fields[0]["field"])


async def test_only_a_form_on_an_upload_path_is_multipart_and_others_are_415(
    gateway: str, private_key: str
) -> None:
    """Issue 28, row 8: `multipart/mixed` got the files' limit, was held whole and answered 500
    with a traceback (or a reset past 25 MiB)."""
    owner = bearer(private_key, fresh_snils())
    async with httpx.AsyncClient(base_url=gateway, timeout=30) as http:
        mixed = await http.post(
            UPLOAD,
            content=b"--x\r\n" + b"A" * (3 * 2**20) + b"\r\n--x--\r\n",
            headers={**owner, "Content-Type": "multipart/mixed; boundary=x"},
        )
        form_for_a_command = await http.post(
            "/api/registry/worker/get",
            files={"file": ("a.pdf", pdf_bytes(), "application/pdf")},
            headers=owner,
        )
        ready = await http.get("/health/ready")
    assert (mixed.status_code, mixed.json()["error"]["code"]) == (415, "unsupported_media_type")
    assert form_for_a_command.status_code == 415
    assert ready.status_code == 200

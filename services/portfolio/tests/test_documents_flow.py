"""Documents over real NATS and MongoDB: PDFs uploaded in parts into GridFS and attached;
anything else refused; the head's signed paper report approves the pending report."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import pytest

from egisz.contracts import subjects
from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import As, Caller, pdf_bytes, read_all_parts

from .test_approval_flow import employed_worker, head_in_frmo
from .test_projection import ORG

pytestmark = pytest.mark.integration

PDF = pdf_bytes(padding=600_000)  # two parts


async def upload(me: Caller, content: bytes, name: str = "документ.pdf") -> dict[str, Any]:
    upload_id, size = uuid.uuid4().hex, 512 * 1024
    parts = [content[i : i + size] for i in range(0, len(content), size)]
    reply: dict[str, Any] = {}
    for n, part in enumerate(parts):
        reply = await me(
            subjects.DOCUMENT_UPLOAD.subject,
            {
                "upload_id": upload_id,
                "part": n,
                "data": base64.b64encode(part).decode(),
                "last": n == len(parts) - 1,
                "filename": name,
            },
        )
        if not reply["ok"]:
            break
    return reply


async def test_a_pdf_is_uploaded_attached_and_anything_else_is_refused(
    portfolio: ServiceRuntime, as_: As
) -> None:
    me = as_.worker(await employed_worker(portfolio, as_))
    stored = (await upload(me, PDF))["result"]["file"]
    assert (stored["content_type"], stored["size"]) == ("application/pdf", len(PDF))
    png = await upload(me, b"\x89PNG\r\n\x1a\n" + b"0" * 100, "скан.pdf")
    assert [(f["field"], f["code"]) for f in png["error"]["fields"]] == [("data", "content_type")]
    attached = await me(subjects.DOCUMENT_ATTACH.subject, {"file_id": stored["file_id"]})
    [document] = attached["result"]["documents"]
    assert (document["purpose"], document["size"]) == ("additional", len(PDF))
    someone_else = await as_.worker(await employed_worker(portfolio, as_))(
        subjects.DOCUMENT_ATTACH.subject, {"file_id": stored["file_id"]}
    )
    assert [f["code"] for f in someone_else["error"]["fields"]] == ["not_found"]
    removed = await me(subjects.DOCUMENT_REMOVE.subject, {"document_id": stored["file_id"]})
    assert removed["result"]["documents"] == []


async def download(reader: Caller, document_id: str, snapshot_id: str | None = None) -> bytes:
    body = {"document_id": document_id, "snapshot_id": snapshot_id}
    return await read_all_parts(reader, subjects.DOCUMENT_DOWNLOAD.subject, body)


async def test_the_center_reads_the_documents_of_a_packages_snapshot_even_once_removed(
    portfolio: ServiceRuntime, as_: As
) -> None:
    from egisz.contracts.envelope import Role

    me, fac = as_.worker(await employed_worker(portfolio, as_)), as_.role(Role.FAC_OPERATOR)
    stored = (await upload(me, PDF, "справка.pdf"))["result"]["file"]
    document_id = stored["file_id"]
    assert (await me(subjects.DOCUMENT_ATTACH.subject, {"file_id": document_id}))["ok"]
    assert await download(me, document_id) == PDF
    snapshot_id = (await me(subjects.SNAPSHOT_CREATE.subject, {}))["result"]["snapshot_id"]
    assert (await me(subjects.DOCUMENT_REMOVE.subject, {"document_id": document_id}))["ok"]

    assert await download(fac, document_id, snapshot_id) == PDF, "the package stays as sent"
    assert await download(me, document_id, snapshot_id) == PDF
    gone = await me(subjects.DOCUMENT_DOWNLOAD.subject, {"document_id": document_id})
    assert gone["error"]["code"] == "document_not_found"
    unnamed = await fac(subjects.DOCUMENT_DOWNLOAD.subject, {"document_id": document_id})
    assert [(f["field"], f["code"]) for f in unnamed["error"]["fields"]] == [
        ("snapshot_id", "missing")
    ]
    other = await me(
        subjects.DOCUMENT_DOWNLOAD.subject, {"document_id": "x" * 24, "snapshot_id": snapshot_id}
    )
    assert other["error"]["code"] == "document_not_found"
    stranger = as_.worker(await employed_worker(portfolio, as_))
    theirs = await stranger(
        subjects.DOCUMENT_DOWNLOAD.subject,
        {"document_id": document_id, "snapshot_id": snapshot_id},
    )
    assert theirs["error"]["code"] == "snapshot_not_found"
    registrar = await as_.role(Role.REGISTRY_OPERATOR)(
        subjects.DOCUMENT_DOWNLOAD.subject,
        {"document_id": document_id, "snapshot_id": snapshot_id},
    )
    assert registrar["error"]["code"] == "forbidden"


async def test_an_employment_contract_stands_in_for_the_organization_data_frmr_lacks(
    portfolio: ServiceRuntime, as_: As
) -> None:
    me = as_.worker(await employed_worker(portfolio, as_))  # a job with no subdivision

    async def organization_obstacle() -> list[str]:
        reply = await me(subjects.READINESS_GET.subject, {})
        return [
            o["message"]
            for o in reply["result"]["obstacles"]
            if o["code"] == "no_organization_data"
        ]

    [lacking] = await organization_obstacle()
    assert "трудовой договор" in lacking
    view = (await me(subjects.PORTFOLIO_GET.subject, {}))["result"]
    job = view["professional"]["experience"][0]["employment_id"]
    contract = (await upload(me, pdf_bytes(uuid.uuid4().bytes), "договор.pdf"))["result"]["file"]
    wrong = await me(
        subjects.DOCUMENT_ATTACH.subject,
        {"file_id": contract["file_id"], "purpose": "employment_proof", "employment_id": "j-none"},
    )
    assert [(f["field"], f["code"]) for f in wrong["error"]["fields"]] == [
        ("employment_id", "not_found")
    ]
    attached = await me(
        subjects.DOCUMENT_ATTACH.subject,
        {"file_id": contract["file_id"], "purpose": "employment_proof", "employment_id": job},
    )
    [document] = attached["result"]["documents"]
    assert (document["purpose"], document["employment_id"]) == ("employment_proof", job)
    assert await organization_obstacle() == []


async def test_a_name_change_document_clears_a_surname_that_differs_on_a_diploma(
    portfolio: ServiceRuntime, as_: As
) -> None:
    from datetime import date

    from egisz.contracts.registry import WorkerRegistered
    from egisz.testsupport.harness import eventually, publish_event

    from .test_projection import fresh_snils

    snils = fresh_snils()
    person = WorkerRegistered(
        worker_id=uuid.uuid4().hex,
        snils=snils,
        last_name="Замужняя",
        first_name="Ольга",
        birth_date=date(1985, 3, 4),
    )
    await publish_event(portfolio, subjects.WORKER_REGISTERED, person)
    me = as_.worker(snils)
    await eventually(lambda: me(subjects.PORTFOLIO_GET.subject, {}), lambda r: r["ok"])
    diploma = {
        "kind": "higher",
        "title": "РНИМУ",
        "issued_on": "2008-06-30",
        "holder_last_name": "Девичья",
    }
    assert (await me(subjects.EDUCATION_DECLARE.subject, diploma))["ok"]

    async def codes() -> list[str]:
        reply = await me(subjects.READINESS_GET.subject, {})
        return [o["code"] for o in reply["result"]["obstacles"]]

    assert "surname_mismatch" in await eventually(codes, lambda c: "surname_mismatch" in c)
    certificate = (await upload(me, pdf_bytes(uuid.uuid4().bytes), "брак.pdf"))["result"]["file"]
    attach = {"file_id": certificate["file_id"], "purpose": "name_change"}
    assert (await me(subjects.DOCUMENT_ATTACH.subject, attach))["ok"]
    assert "surname_mismatch" not in await codes()


DISGUISED = b"%PDF-1.4 <html><!-- %PDF-1.4 --><script>alert(1)</script></html>"


async def test_html_dressed_as_a_pdf_is_refused_and_a_crafted_name_is_cleaned(
    portfolio: ServiceRuntime, as_: As
) -> None:
    me = as_.worker(await employed_worker(portfolio, as_))
    for fake in (DISGUISED, b"<html><!-- %PDF-1.4 --><script>", pdf_bytes()[:200]):
        refused = await upload(me, fake, "doc.pdf")
        assert [(f["field"], f["code"]) for f in refused["error"]["fields"]] in (
            [("data", "unreadable_pdf")],
            [("data", "content_type")],
        )
    stored = await upload(me, pdf_bytes(b"named"), "../../etc/\x00\u202eпаспорт.pdf")
    assert stored["result"]["file"]["filename"] == "паспорт.pdf"


async def test_the_signed_paper_report_approves_the_pending_report(
    portfolio: ServiceRuntime, as_: As
) -> None:
    me = as_.worker(await employed_worker(portfolio, as_))
    await me(
        subjects.APPROVAL_REQUEST.subject,
        {"organization_oid": ORG, "head_name": "Бумажный Пётр Ильич"},
    )
    paper = (await upload(me, pdf_bytes(b"signed on paper"), "отчёт-подписан.pdf"))["result"]
    done = await me(
        subjects.DOCUMENT_ATTACH.subject,
        {"file_id": paper["file"]["file_id"], "purpose": "paper_approval"},
    )
    view = done["result"]
    assert (view["approval_status"], view["approval"]["method"]) == ("approved", "paper")
    assert view["approval"]["paper_confirmed"] is False, "a scan until the head confirms it"


async def test_the_head_confirms_a_paper_approval_or_disowns_it_and_the_package_says_which(
    portfolio: ServiceRuntime, as_: As
) -> None:
    letters = "абвгдежзиклмнопрст"
    patronymic = "".join(letters[int(c, 16)] for c in uuid.uuid4().hex[:8]).capitalize()
    head_name = f"Бумажнов Пётр {patronymic}"  # a name no other test uses
    head = await head_in_frmo(portfolio, as_, ORG, head_name)

    async def approved_on_paper() -> tuple[Caller, str, str]:
        me = as_.worker(await employed_worker(portfolio, as_))
        asked = {"organization_oid": ORG, "head_name": head_name}
        assert (await me(subjects.APPROVAL_REQUEST.subject, asked))["ok"]
        scan = (await upload(me, pdf_bytes(uuid.uuid4().bytes), "скан.pdf"))["result"]["file"]
        attach = {"file_id": scan["file_id"], "purpose": "paper_approval"}
        view = (await me(subjects.DOCUMENT_ATTACH.subject, attach))["result"]
        return me, view["portfolio_id"], scan["file_id"]

    me, portfolio_id, scan_id = await approved_on_paper()
    waiting = (await head(subjects.APPROVAL_PENDING.subject, {"limit": 100}))["result"]["items"]
    [mine] = [w for w in waiting if w["portfolio_id"] == portfolio_id]
    assert (mine["awaiting"], mine["paper_document_id"]) == ("paper_confirmation", scan_id)
    read = await head(
        subjects.DOCUMENT_DOWNLOAD.subject, {"document_id": scan_id, "portfolio_id": portfolio_id}
    )
    assert read["ok"] and read["result"]["filename"] == "скан.pdf", "the head sees the scan"
    stranger = as_.manager(ORG, "Чужой Иван Петрович")
    refused = await stranger(
        subjects.APPROVAL_PAPER_CONFIRM.subject, {"portfolio_id": portfolio_id, "confirmed": True}
    )
    assert refused["error"]["code"] == "not_head_of_organization"

    confirmed = await head(
        subjects.APPROVAL_PAPER_CONFIRM.subject, {"portfolio_id": portfolio_id, "confirmed": True}
    )
    assert confirmed["result"]["status"] == "approved"
    again = await head(
        subjects.APPROVAL_PAPER_CONFIRM.subject, {"portfolio_id": portfolio_id, "confirmed": True}
    )
    assert again["error"]["code"] == "paper_approval_not_found"
    view = (await me(subjects.PORTFOLIO_GET.subject, {}))["result"]
    assert view["approval"]["paper_confirmed"] is True
    taken = (await me(subjects.SNAPSHOT_CREATE.subject, {}))["result"]
    xml = await me(
        subjects.SNAPSHOT_GET.subject, {"snapshot_id": taken["snapshot_id"], "format": "xml"}
    )
    assert "paperConfirmed>true<" in xml["result"]["content"], "the center sees it in the package"

    other, other_id, _ = await approved_on_paper()
    unexplained = await head(
        subjects.APPROVAL_PAPER_CONFIRM.subject, {"portfolio_id": other_id, "confirmed": False}
    )
    assert [f["field"] for f in unexplained["error"]["fields"]] == ["reason"]
    disowned = await head(
        subjects.APPROVAL_PAPER_CONFIRM.subject,
        {"portfolio_id": other_id, "confirmed": False, "reason": "Я этот отчёт не подписывал"},
    )
    assert disowned["result"]["status"] == "rejected"
    approval = (await other(subjects.PORTFOLIO_GET.subject, {}))["result"]["approval"]
    assert approval["reason"].endswith("Я этот отчёт не подписывал")


async def test_the_report_prints_as_a_pdf_for_its_worker_and_the_head_it_was_sent_to(
    portfolio: ServiceRuntime, as_: As
) -> None:
    me = as_.worker(await employed_worker(portfolio, as_))
    printed = await me(subjects.REPORT_PRINT.subject, {})
    assert printed["ok"], printed
    part = printed["result"]
    pdf = base64.b64decode(part["data"])
    assert pdf.startswith(b"%PDF") and (part["content_type"], part["last"]) == (
        "application/pdf",
        True,
    )
    letters = "абвгдежзиклмнопрст"
    patronymic = "".join(letters[int(c, 16)] for c in uuid.uuid4().hex[:8]).capitalize()
    head_name = f"Печатный Пётр {patronymic}"
    head = await head_in_frmo(portfolio, as_, ORG, head_name)
    asked = {"organization_oid": ORG, "head_name": head_name}
    portfolio_id = (await me(subjects.APPROVAL_REQUEST.subject, asked))["result"]["portfolio_id"]
    for_head = await head(subjects.REPORT_PRINT.subject, {"portfolio_id": portfolio_id})
    assert base64.b64decode(for_head["result"]["data"]) == pdf, "the same report, the same bytes"
    stranger = as_.manager(ORG, "Чужой Иван Петрович")
    refused = await stranger(subjects.REPORT_PRINT.subject, {"portfolio_id": portfolio_id})
    assert refused["error"]["code"] == "not_head_of_organization"


async def test_the_nmo_portals_file_confirms_programmes_by_snils(
    portfolio: ServiceRuntime, as_: As
) -> None:
    snils = await employed_worker(portfolio, as_)
    programme = {
        "snils": snils,
        "document_number": f"НМО-{uuid.uuid4().hex[:8]}",
        "title": "Неотложная помощь в терапии",
        "speciality": "терапия",
        "hours": 36,
        "completed_on": "2025-05-20",
    }
    stranger = dict(programme, snils="000-000-000 00")  # a SNILS with no portfolio
    body = {"rows": [programme, stranger]}
    refused = await as_.worker(snils)(subjects.EDUCATION_IMPORT_NMO.subject, body)
    assert refused["error"]["code"] == "forbidden", "only the NMO integration imports"
    for other in ("system:university", "service:accreditation", "service:notify"):
        wrong = await as_.system(other, org="1027739054420")(
            subjects.EDUCATION_IMPORT_NMO.subject, body
        )
        assert wrong["error"]["code"] == "identity_not_allowed", other
    nmo = as_.system("system:nmo")
    done = (await nmo(subjects.EDUCATION_IMPORT_NMO.subject, body))["result"]
    assert (done["imported"], done["unchanged"]) == (1, 0)
    assert [(r["row"], r["field"]) for r in done["refused"]] == [(2, "snils")]
    again = (await nmo(subjects.EDUCATION_IMPORT_NMO.subject, body))["result"]
    assert (again["imported"], again["unchanged"]) == (0, 1)
    view = (await as_.worker(snils)(subjects.PORTFOLIO_GET.subject, {}))["result"]
    [item] = [i for i in view["education"] if i["kind"] == "nmo_program"]
    assert (item["confirmed_by"], item["registry_confirmed"], item["hours"]) == ("НМФО", False, 36)


async def test_an_officer_frmo_gives_access_confirms_a_paper_approval_for_the_organization(
    portfolio: ServiceRuntime, as_: As
) -> None:
    from egisz.contracts.registry import AccessGranted, ResponsibleEmployee
    from egisz.testsupport.harness import eventually, publish_event

    from .test_projection import fresh_snils

    me = as_.worker(await employed_worker(portfolio, as_))
    asked = {"organization_oid": ORG, "head_name": "Бумажный Пётр Ильич"}
    portfolio_id = (await me(subjects.APPROVAL_REQUEST.subject, asked))["result"]["portfolio_id"]
    scan = (await upload(me, pdf_bytes(uuid.uuid4().bytes), "скан.pdf"))["result"]["file"]
    attach = {"file_id": scan["file_id"], "purpose": "paper_approval"}
    assert (await me(subjects.DOCUMENT_ATTACH.subject, attach))["ok"]

    officer_snils = fresh_snils()
    officer = as_.officer(ORG, snils=officer_snils)
    body = {"portfolio_id": portfolio_id, "confirmed": True}
    before = await officer(subjects.APPROVAL_PAPER_CONFIRM.subject, body)
    assert before["error"]["code"] == "not_officer_of_organization", "a token alone is not access"
    granted = AccessGranted(
        organization_oid=ORG,
        employees=[
            ResponsibleEmployee(
                last_name="Кадрова",
                first_name="Ольга",
                snils=officer_snils,
                email=f"hr-{uuid.uuid4().hex[:6]}@clinic.example",
            )
        ],
    )
    await publish_event(portfolio, subjects.ACCESS_GRANTED, granted)
    waiting = await eventually(
        lambda: officer(subjects.APPROVAL_PENDING.subject, {"limit": 100}), lambda r: r["ok"]
    )
    [ours] = [w for w in waiting["result"]["items"] if w["portfolio_id"] == portfolio_id]
    assert (ours["awaiting"], ours["paper_document_id"]) == ("paper_confirmation", scan["file_id"])
    done = await officer(subjects.APPROVAL_PAPER_CONFIRM.subject, body)
    assert done["result"]["status"] == "approved"
    view = (await me(subjects.PORTFOLIO_GET.subject, {}))["result"]
    assert view["approval"]["paper_confirmed"] is True
    after = (await officer(subjects.APPROVAL_PENDING.subject, {"limit": 100}))["result"]["items"]
    assert portfolio_id not in [w["portfolio_id"] for w in after]

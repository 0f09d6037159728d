"""Submission: every check at once, each with its code; the portfolio's readiness (asked over
NATS as a service) is the source of the portfolio checks."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from egisz.accreditation import usecases
from egisz.accreditation.domain.application import Submitted
from egisz.accreditation.domain.errors import ApplicationNotReadyError
from egisz.accreditation.domain.model import Applicant
from egisz.accreditation.domain.status import Kind, valid_until
from egisz.accreditation.domain.submission import Rules
from egisz.accreditation.gateways import FakePortfolioGateway
from egisz.accreditation.repository import FakeAccreditationUnitOfWork
from egisz.contracts import subjects
from egisz.contracts.envelope import Role
from egisz.kernel.clock import months_before
from egisz.kernel.errors import Obstacle
from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import As, eventually, pdf_bytes

from .conftest import registered_worker, upload_pdf

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
SNILS = "11223344595"
UNAPPROVED = Obstacle("portfolio_not_approved", "Несогласованное портфолио", "worker")


async def formed(uow: FakeAccreditationUnitOfWork, kind: Kind, consent: bool = True) -> str:
    application = await usecases.form_application(
        uow,
        snils=SNILS,
        actor="worker:w1",
        kind=kind,
        speciality="терапия",
        education_level="higher",
        consent=consent,
        comment=None,
        clock=lambda: NOW,
    )
    return application.id


async def refusal(
    uow: FakeAccreditationUnitOfWork, gateway: FakePortfolioGateway, aid: str
) -> list[str]:
    with pytest.raises(ApplicationNotReadyError) as caught:
        await usecases.submit_application(
            uow, gateway, application_id=aid, snils=SNILS, rules=Rules(), clock=lambda: NOW
        )
    return [f.code for f in caught.value.fields]


async def test_a_worker_not_in_frmr_without_consent_hears_both_reasons() -> None:
    uow = FakeAccreditationUnitOfWork()
    aid = await formed(uow, Kind.PRIMARY, consent=False)
    assert await refusal(uow, FakePortfolioGateway(), aid) == [
        "worker_not_in_frmr",
        "consent_missing",
    ]


async def test_periodic_accreditation_passes_on_the_portfolios_obstacles_and_snapshot_errors() -> (
    None
):
    uow = FakeAccreditationUnitOfWork()
    uow.applicants["w1"] = Applicant("w1", SNILS, NOW)
    aid = await formed(uow, Kind.PERIODIC)
    assert await refusal(uow, FakePortfolioGateway((UNAPPROVED,)), aid) == [
        "portfolio_not_approved"
    ]
    broken = FakePortfolioGateway(snapshot_error="worker.snils: не 11 цифр")
    assert await refusal(uow, broken, aid) == ["portfolio_xml_failed"]


async def test_an_application_that_passes_every_check_goes_on_with_its_snapshot() -> None:
    uow = FakeAccreditationUnitOfWork()
    uow.applicants["w1"] = Applicant("w1", SNILS, NOW)
    aid = await formed(uow, Kind.PERIODIC)
    submitted = await usecases.submit_application(
        uow,
        FakePortfolioGateway(),
        application_id=aid,
        snils=SNILS,
        rules=Rules(),
        clock=lambda: NOW,
    )
    assert submitted.snapshot_id == "snapshot-1"
    assert any(isinstance(e, Submitted) for e in uow.published)


@pytest.mark.integration
async def test_over_nats_the_portfolios_readiness_refuses_a_periodic_application(
    accreditation: ServiceRuntime, portfolio: ServiceRuntime, as_: As
) -> None:
    snils = await registered_worker(accreditation, as_)
    me = as_.worker(snils)
    await eventually(lambda: me(subjects.PORTFOLIO_GET.subject, {}), lambda r: r["ok"])
    body = {
        "kind": "periodic",
        "speciality": "терапия",
        "education_level": "higher",
        "consent": True,
    }
    periodic = (await me(subjects.APPLICATION_FORM.subject, body))["result"]
    refused = await me(
        subjects.APPLICATION_SUBMIT.subject, {"application_id": periodic["application_id"]}
    )
    assert refused["error"]["code"] == "application_not_ready"
    fixers = {f["code"]: f["fixable_by"] for f in refused["error"]["fields"]}
    assert list(fixers) == [
        "no_organization_data",
        "portfolio_not_approved",
        "education_missing",
        "continuing_education_short",
    ]
    assert fixers["no_organization_data"] == "organization", "each obstacle keeps its own fixer"
    assert fixers["portfolio_not_approved"] == "worker"
    assert "Несогласованное портфолио" in refused["error"]["message"]
    primary = (
        await me(
            subjects.APPLICATION_FORM.subject,
            {**body, "kind": "primary", "speciality": "кардиология"},
        )
    )["result"]
    sent = await me(
        subjects.APPLICATION_SUBMIT.subject, {"application_id": primary["application_id"]}
    )
    assert sent["ok"], sent


@pytest.mark.integration
async def test_delivery_waits_for_the_centers_receipt_and_ends_not_delivered_without_it(
    accreditation: ServiceRuntime, fac: ServiceRuntime, as_: As
) -> None:
    me = as_.worker(f"{uuid.uuid4().int % 10**11:011d}")
    body = {
        "kind": "primary",
        "speciality": "терапия",
        "education_level": "higher",
        "consent": True,
    }

    # The worker is not in FRMR here: forming works, submitting names why it cannot go.
    formed_ = (await me(subjects.APPLICATION_FORM.subject, body))["result"]
    aid = formed_["application_id"]
    refused = await me(subjects.APPLICATION_SUBMIT.subject, {"application_id": aid})
    assert [f["code"] for f in refused["error"]["fields"]] == ["worker_not_in_frmr"]

    snils = await registered_worker(accreditation, as_)
    me = as_.worker(snils)

    async def status(application_id: str) -> str:
        reply = await me(subjects.APPLICATION_GET.subject, {"application_id": application_id})
        return str(reply["result"]["status"])

    delivered = (await me(subjects.APPLICATION_FORM.subject, body))["result"]["application_id"]
    sent = await me(subjects.APPLICATION_SUBMIT.subject, {"application_id": delivered})
    assert sent["ok"], sent
    assert await eventually(lambda: status(delivered), lambda s: s == "under_review") == (
        "under_review"
    )
    view = (await me(subjects.APPLICATION_GET.subject, {"application_id": delivered}))["result"]
    assert view["documents_check_due"] and view["decision_due"]
    assert view["intake_number"].startswith("ФАЦ-")  # the center's own number, from its receipt

    await fac.messaging.stop()  # the center's intake is down
    try:
        lost = (await me(subjects.APPLICATION_FORM.subject, {**body, "speciality": "кардиология"}))[
            "result"
        ]["application_id"]
        await me(subjects.APPLICATION_SUBMIT.subject, {"application_id": lost})
        assert await eventually(lambda: status(lost), lambda s: s == "not_delivered") == (
            "not_delivered"
        )
    finally:
        await fac.messaging.start()
    again = await me(subjects.APPLICATION_SUBMIT.subject, {"application_id": lost})
    assert again["ok"], again
    assert await eventually(lambda: status(lost), lambda s: s == "under_review") == "under_review"
    history = (await me(subjects.APPLICATION_GET.subject, {"application_id": lost}))["result"]
    assert [h["status"] for h in history["history"]] == ["formed", "not_delivered", "under_review"]


@pytest.mark.integration
async def test_over_nats_consent_and_an_accreditation_still_in_force_each_refuse_with_their_code(
    accreditation: ServiceRuntime, as_: As
) -> None:
    snils = await registered_worker(accreditation, as_)
    me = as_.worker(snils)
    body = {"kind": "primary", "speciality": "урология", "education_level": "higher"}
    unconsented = (await me(subjects.APPLICATION_FORM.subject, body | {"consent": False}))["result"]
    refused = await me(
        subjects.APPLICATION_SUBMIT.subject, {"application_id": unconsented["application_id"]}
    )
    assert [f["code"] for f in refused["error"]["fields"]] == ["consent_missing"]
    await me(subjects.APPLICATION_CANCEL.subject, {"application_id": unconsented["application_id"]})

    first = (await me(subjects.APPLICATION_FORM.subject, body | {"consent": True}))["result"]
    ref = {"application_id": first["application_id"]}
    assert (await me(subjects.APPLICATION_SUBMIT.subject, ref))["ok"]
    await eventually(
        lambda: me(subjects.APPLICATION_GET.subject, ref),
        lambda r: r["result"]["status"] == "under_review",
    )
    fac = as_.role(Role.FAC_OPERATOR)
    assert (await fac(subjects.APPLICATION_DOCUMENTS_CHECK.subject, ref))["ok"]
    today = datetime.now(UTC).date()  # the service's clock is the real one
    decision = {"passed": True, "protocol_number": "П-9", "decided_on": today.isoformat()}
    passed = await fac(subjects.APPLICATION_DECIDE.subject, ref | decision)
    until = valid_until(today)
    assert passed["result"]["valid_until"] == until.isoformat()

    again = (await me(subjects.APPLICATION_FORM.subject, body | {"consent": True}))["result"]
    early = await me(
        subjects.APPLICATION_SUBMIT.subject, {"application_id": again["application_id"]}
    )
    assert [f["code"] for f in early["error"]["fields"]] == ["too_early"]
    assert f"до {until:%d.%m.%Y}" in early["error"]["message"]
    assert f"не раньше {months_before(until, 12):%d.%m.%Y}" in early["error"]["message"]


@pytest.mark.integration
async def test_documents_over_a_lowered_limit_refuse_the_submission_as_a_validation_error(
    accreditation: ServiceRuntime, as_: As
) -> None:
    """The limit is a setting: documents attached under the old one are caught when sending."""
    from egisz.accreditation.repository import MongoAccreditationUnitOfWork
    from egisz.accreditation.wire import to_wire
    from egisz.runtime.events import Cause

    snils = await registered_worker(accreditation, as_)
    me = as_.worker(snils)
    body = {"kind": "primary", "speciality": "нефрология", "education_level": "higher"}
    aid = (await me(subjects.APPLICATION_FORM.subject, body | {"consent": True}))["result"][
        "application_id"
    ]
    pdf = pdf_bytes(padding=2048)
    uploaded = await upload_pdf(me, pdf)
    file_id = uploaded["result"]["file"]["file_id"]
    attach = {"application_id": aid, "file_id": file_id}
    assert (await me(subjects.APPLICATION_DOCUMENT_ATTACH.subject, attach))["ok"]

    uow = MongoAccreditationUnitOfWork(accreditation.unit_of_work(), lambda e: to_wire(e, Cause()))
    with pytest.raises(ApplicationNotReadyError) as caught:
        await usecases.submit_application(
            uow,
            FakePortfolioGateway(),
            application_id=aid,
            snils=snils,
            rules=Rules(documents_max_bytes=1024),
        )
    assert [f.code for f in caught.value.fields] == ["file_too_large"]
    assert caught.value.message.startswith("Ошибка валидации")

"""Submission: every check at once, each with its code; the portfolio's readiness (asked over
NATS as a service) is the source of the portfolio checks."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from egisz.accreditation import usecases
from egisz.accreditation.domain.application import Kind, Obstacle, Rules, Submitted
from egisz.accreditation.domain.errors import ApplicationNotReadyError
from egisz.accreditation.domain.model import Applicant
from egisz.accreditation.gateways import FakePortfolioGateway
from egisz.accreditation.repository import FakeAccreditationUnitOfWork
from egisz.contracts import subjects
from egisz.contracts.events import CloudEvent
from egisz.contracts.registry import WorkerRegistered
from egisz.runtime.app import ServiceRuntime
from egisz.runtime.testing import As, eventually

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
    worker_id, snils = uuid.uuid4().hex, f"{uuid.uuid4().int % 10**11:011d}"
    event: Any = CloudEvent[WorkerRegistered](
        id=uuid.uuid4().hex,
        source="/egisz/registry",
        type=subjects.WORKER_REGISTERED.type,
        time=NOW,
        subject=worker_id,
        data=WorkerRegistered(
            worker_id=worker_id,
            snils=snils,
            last_name="Петрова",
            first_name="Анна",
            birth_date="1985-04-12",  # type: ignore[arg-type]
        ),
    )
    await accreditation.broker.publish(
        event.model_dump_json().encode(),
        subjects.WORKER_REGISTERED.subject,
        headers={"Nats-Msg-Id": event.id},
        stream=subjects.WORKER_REGISTERED.stream,
    )
    me = as_.worker(snils)
    await eventually(
        lambda: me(subjects.APPLICANT_GET.subject, {}), lambda r: r["ok"] and r["result"]["in_frmr"]
    )
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
    assert [f["code"] for f in refused["error"]["fields"]] == [
        "no_organization_data",
        "portfolio_not_approved",
        "education_missing",
        "continuing_education_short",
    ]
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

"""The worker's own word on their work over real NATS and MongoDB: a line of experience FRMR
lacks and a dismissal date for a job FRMR shows open, each marked as the worker's word in the
view and in «portfolio.xml» until FRMR's data bears it out; refusals name the field."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from egisz.contracts import subjects
from egisz.contracts.registry import (
    EmploymentEnded,
    EmploymentRecord,
    EmploymentStarted,
    WorkerRegistered,
)
from egisz.runtime.app import ServiceRuntime
from egisz.testsupport.harness import As, Caller, eventually, publish_event as publish

from .test_projection import ORG, fresh_snils

pytestmark = pytest.mark.integration

FORMER = "1.2.643.5.1.13.13.12.2.77.202"
JOB = EmploymentRecord(
    employment_id="job-open",
    organization_oid=ORG,
    position="Врач-терапевт",
    rate="1.0",  # type: ignore[arg-type]
    kind="main",
    start_date="2019-02-01",  # type: ignore[arg-type]
)


async def employed(portfolio: ServiceRuntime, as_: As) -> tuple[str, str, Caller]:
    worker_id, snils = uuid.uuid4().hex, fresh_snils()
    await publish(
        portfolio,
        subjects.WORKER_REGISTERED,
        WorkerRegistered(
            worker_id=worker_id,
            snils=snils,
            record_version=1,
            last_name="Сидорова",
            first_name="Елена",
            birth_date="1984-05-06",  # type: ignore[arg-type]
        ),
    )
    await publish(
        portfolio,
        subjects.EMPLOYMENT_STARTED,
        EmploymentStarted(worker_id=worker_id, snils=snils, record_version=2, employment=JOB),
    )
    me = as_.worker(snils)
    await eventually(
        lambda: me(subjects.PORTFOLIO_GET.subject, {}),
        lambda r: r["ok"] and r["result"]["professional"]["experience"],
    )
    return worker_id, snils, me


def professional(reply: dict[str, Any]) -> dict[str, Any]:
    assert reply["ok"], reply
    return dict(reply["result"]["professional"])


def fields(reply: dict[str, Any]) -> dict[str, str]:
    assert reply["error"]["code"] == "validation_failed", reply
    return {f["field"]: f["code"] for f in reply["error"]["fields"]}


async def test_a_worker_marks_the_dismissal_frmr_lacks_and_then_the_employers_date_stands(
    portfolio: ServiceRuntime, as_: As
) -> None:
    worker_id, snils, me = await employed(portfolio, as_)
    refused = await me(subjects.APPROVAL_NOT_REQUIRED.subject, {"reason": "not_employed"})
    assert fields(refused) == {"reason": "employed"}  # FRMR shows the job open
    mark = {"employment_id": "job-open", "dismissed_on": "2026-03-31"}
    part = professional(await me(subjects.EXPERIENCE_DISMISSAL_MARK.subject, mark))
    assert part["report_period"] | {"start": None} == {
        "start": None,
        "end": "2026-03-31",
        "employed_now": False,
        "declared": True,
    }
    [job] = part["experience"]
    assert (job["end_date"], job["end_declared"]) == ("2026-03-31", True)
    # «Отметьте дату увольнения»: the report needs no approval now, on the worker's word.
    done = await me(subjects.APPROVAL_NOT_REQUIRED.subject, {"reason": "not_employed"})
    assert done["result"]["approval"]["status"] == "not_required"
    taken = (await me(subjects.SNAPSHOT_CREATE.subject, {}))["result"]
    xml = await me(
        subjects.SNAPSHOT_GET.subject, {"snapshot_id": taken["snapshot_id"], "format": "xml"}
    )
    content = xml["result"]["content"]
    assert 'declared="true"' in content
    assert 'endDeclared="true"' in content

    for bad, expected in (
        ({"employment_id": "nope", "dismissed_on": "2026-03-31"}, {"employment_id": "not_found"}),
        ({"employment_id": "job-open", "dismissed_on": "2099-01-01"}, {"dismissed_on": "future"}),
        (
            {"employment_id": "job-open", "dismissed_on": "2010-01-01"},
            {"dismissed_on": "before_start"},
        ),
    ):
        assert fields(await me(subjects.EXPERIENCE_DISMISSAL_MARK.subject, bad)) == expected

    ended = EmploymentRecord.model_validate(
        {**JOB.model_dump(), "end_date": "2026-04-15", "dismissal_reason": "по собственному"}
    )
    await publish(
        portfolio,
        subjects.EMPLOYMENT_ENDED,
        EmploymentEnded(worker_id=worker_id, snils=snils, record_version=3, employment=ended),
    )
    part = professional(
        await eventually(
            lambda: me(subjects.PORTFOLIO_GET.subject, {}),
            lambda r: r["result"]["professional"]["experience"][0]["end_date"] == "2026-04-15",
        )
    )
    assert (part["report_period"]["end"], part["report_period"]["declared"]) == (
        "2026-04-15",
        False,
    )
    assert part["experience"][0]["end_declared"] is False
    recorded = await me(subjects.EXPERIENCE_DISMISSAL_MARK.subject, mark)
    assert fields(recorded) == {"employment_id": "recorded"}


async def test_a_line_of_experience_is_the_workers_word_until_frmr_bears_it_out(
    portfolio: ServiceRuntime, as_: As
) -> None:
    worker_id, snils, me = await employed(portfolio, as_)
    line = {
        "organization_name": "ГБУЗ «Городская поликлиника № 2»",
        "organization_oid": FORMER,
        "position": "Врач-терапевт участковый",
        "start_date": "2014-09-01",
        "end_date": "2019-01-31",
    }
    part = professional(await me(subjects.EXPERIENCE_LINE_ADD.subject, line))
    [own] = part["own_experience"]
    assert (own["confirmed_by"], own["tenure"]["years"]) == (None, 4)
    assert part["total_tenure_declared"] is not None
    again = professional(await me(subjects.EXPERIENCE_LINE_ADD.subject, line))
    assert len(again["own_experience"]) == 1 and again["version"] == part["version"]
    bad = await me(
        subjects.EXPERIENCE_LINE_ADD.subject,
        line | {"organization_name": " ", "start_date": "2020-01-01", "end_date": "2019-01-01"},
    )
    assert fields(bad) == {"organization_name": "missing", "end_date": "before_start"}
    gone = await me(subjects.EXPERIENCE_LINE_REMOVE.subject, {"line_id": "нет-такой"})
    assert gone["error"]["code"] == "experience_line_not_found"
    officer = await as_.officer(ORG)(subjects.EXPERIENCE_LINE_ADD.subject, line)
    assert officer["error"]["code"] == "forbidden"

    # The former employer enters the job in FRMR: the line is borne out.
    earlier = EmploymentRecord.model_validate(
        {
            **JOB.model_dump(),
            "employment_id": "job-former",
            "organization_oid": FORMER,
            "start_date": "2014-09-01",
            "end_date": "2019-01-31",
        }
    )
    await publish(
        portfolio,
        subjects.EMPLOYMENT_STARTED,
        EmploymentStarted(worker_id=worker_id, snils=snils, record_version=4, employment=earlier),
    )
    confirmed = professional(
        await eventually(
            lambda: me(subjects.PORTFOLIO_GET.subject, {}),
            lambda r: r["result"]["professional"]["own_experience"][0]["confirmed_by"],
        )
    )
    assert confirmed["own_experience"][0]["confirmed_by"] == "job-former"
    assert confirmed["total_tenure_declared"] is None  # nothing left only on the worker's word
    removed = professional(
        await me(subjects.EXPERIENCE_LINE_REMOVE.subject, {"line_id": own["line_id"]})
    )
    assert removed["own_experience"] == []

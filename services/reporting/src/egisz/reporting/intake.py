"""The registers' events as facts: the one mapping live consumers and the rebuild both use, so a
replay from the start leaves what the live events left. A worker's SNILS, documents and contacts
stay behind; their birth date and sex make the age structure, their name (what the register
shows anyone) the open-data files."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from egisz.contracts import registry as wire, subjects
from egisz.contracts.subjects import Event
from egisz.reporting.domain.facts import (
    AccreditationFact,
    Fact,
    JobFact,
    NameFact,
    OrganizationFact,
    PersonFact,
    PostFact,
)
from egisz.runtime.logging import get_logger

log = get_logger("egisz.reporting.intake")


def _job(worker_id: str, version: int, e: wire.EmploymentRecord) -> JobFact:
    return JobFact(
        employment_id=e.employment_id,
        worker_id=worker_id,
        version=version,
        organization_oid=e.organization_oid,
        subdivision_oid=e.subdivision_oid,
        position_code=e.position_code,
        position=e.position,
        rate=e.rate,
        start_date=e.start_date,
        end_date=e.end_date,
        reason_code=e.dismissal_reason_code,
        reason=e.dismissal_reason,
    )


def _person(d: wire.WorkerRegistered | wire.WorkerUpdated, at: datetime) -> list[Fact]:
    v = d.record_version
    return [
        PersonFact(d.worker_id, d.birth_date, d.sex, v),
        NameFact(d.worker_id, d.last_name, d.first_name, d.middle_name, v),
    ]


def _employment(d: wire.EmploymentStarted | wire.EmploymentEnded, at: datetime) -> list[Fact]:
    return [_job(d.worker_id, d.record_version, d.employment)]


def _corrected(d: wire.EntryCorrected, at: datetime) -> list[Fact]:
    return [_job(d.worker_id, d.record_version, d.employment)] if d.employment else []


def _annulled(d: wire.EntryAnnulled, at: datetime) -> list[Fact]:
    if d.kind != "employment":
        return []
    return [JobFact(d.entry_id, d.worker_id, d.record_version, annulled=True)]


def _accreditation(d: wire.AccreditationRecorded, at: datetime) -> list[Fact]:
    a = d.accreditation
    return [
        AccreditationFact(
            a.record_id,
            d.worker_id,
            a.speciality_code,
            a.speciality,
            a.passed_on,
            a.valid_until,
            d.record_version,
        )
    ]


def _registered(d: wire.OrganizationRegistered, at: datetime) -> list[Fact]:
    return [OrganizationFact(d.oid, d.name, d.type, d.region, d.inn, d.ogrn)]


def _renamed(d: wire.OrganizationUpdated, at: datetime) -> list[Fact]:
    return [OrganizationFact(d.oid, d.name, None, None)]


def _staffing(d: wire.StaffingChanged, at: datetime) -> list[Fact]:
    return [
        PostFact(
            d.line_id,
            d.organization_oid,
            d.subdivision_oid,
            d.position_code,
            d.position,
            d.fte,
            d.effective_from,
            at,
        )
    ]


ToFacts = Callable[[Any, datetime], list[Fact]]
INTAKE: dict[Event[Any], ToFacts] = {
    subjects.WORKER_REGISTERED: _person,
    subjects.WORKER_UPDATED: _person,
    subjects.EMPLOYMENT_STARTED: _employment,
    subjects.EMPLOYMENT_ENDED: _employment,
    subjects.ENTRY_CORRECTED: _corrected,
    subjects.ENTRY_ANNULLED: _annulled,
    subjects.ACCREDITATION_RECORDED: _accreditation,
    subjects.ORGANIZATION_REGISTERED: _registered,
    subjects.ORGANIZATION_UPDATED: _renamed,
    subjects.STAFFING_CHANGED: _staffing,
}
_BY_TYPE = {spec.type: spec for spec in INTAKE}


def facts_of(spec: Event[Any], data: BaseModel, at: datetime) -> list[Fact]:
    return INTAKE[spec](data, at)


def facts_of_stored(event: dict[str, Any]) -> list[Fact]:
    """The facts of an event as the stream stores it (a CloudEvent's JSON), for the rebuild; an
    event of another kind gives none, one that does not read as its kind is logged and skipped
    (its live delivery was dead-lettered with the same reason)."""
    spec = _BY_TYPE.get(str(event.get("type")))
    if spec is None:
        return []
    try:
        data = spec.data.model_validate(event.get("data"))
        at = datetime.fromisoformat(str(event["time"]))
    except (ValidationError, KeyError, ValueError) as exc:
        log.warning(
            "stored event skipped", event_id=event.get("id"), type=spec.type, error=str(exc)
        )
        return []
    return facts_of(spec, data, at)

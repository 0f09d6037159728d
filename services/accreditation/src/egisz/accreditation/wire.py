"""The accreditation service's wire mapping: applications, extracts and their events."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from egisz.accreditation.domain.application import (
    Application,
    DeadlineMissed,
    DocumentsChecked,
    Passed,
    StandingChanged,
    StatusChanged,
    Submitted,
    Transition,
)
from egisz.accreditation.domain.extract import (
    AccreditationRecord,
    Extract,
    ExtractStatusChanged,
    ExtractTransition,
)
from egisz.accreditation.domain.model import Learner, PersonalData, Study
from egisz.contracts import accreditation as wire, subjects
from egisz.contracts.fac import ApplicationPackage
from egisz.contracts.registry import LearnerRecorded, WorkerRegistered, WorkerUpdated
from egisz.kernel.clock import utcnow
from egisz.kernel.issued import format_code
from egisz.runtime.events import EventForms
from egisz.runtime.issuing import signature_view
from egisz.runtime.ports import next_cursor
from egisz.runtime.standing_wire import standing_step, standing_view


def personal_view(p: PersonalData) -> wire.ApplicantPersonalData:
    return wire.ApplicantPersonalData(
        last_name=p.last_name,
        first_name=p.first_name,
        middle_name=p.middle_name,
        birth_date=p.birth_date,
        email=p.email,
        phone=p.phone,
    )


def personal_of(data: WorkerRegistered | WorkerUpdated | LearnerRecorded) -> PersonalData:
    """A register's event about a person → the personal data and contacts we keep of them."""
    return PersonalData(
        data.last_name, data.first_name, data.middle_name, data.birth_date, data.email, data.phone
    )


def learner_of(data: LearnerRecorded) -> Learner:
    """The register of students and graduates' event → our copy of the learner."""
    return Learner(
        snils=data.snils,
        personal=personal_of(data),
        studies=tuple(
            Study(s.speciality, s.level, s.status, s.graduated_on, s.speciality_code)
            for s in data.studies
        ),
        record_version=data.record_version,
    )


def documents_view(a: Application) -> list[wire.ApplicationDocument]:
    return [
        wire.ApplicationDocument(document_id=d.document_id, filename=d.filename, size=d.size)
        for d in a.documents
    ]


def package_of(a: Application) -> ApplicationPackage:
    # submit() saw to both: only a worker known in FRMR passes the checks.
    assert a.personal is not None
    assert a.submitted_at is not None
    return ApplicationPackage(
        application_id=a.id,
        worker_id=a.worker_id,
        snils=a.snils,
        # The center identifies the person (name, birth date, SNILS); it never writes to them
        # itself — notices go through notify — so no contacts leave us (issue 28).
        applicant=personal_view(a.personal).model_copy(update={"email": None, "phone": None}),
        kind=a.kind.value,
        speciality=a.speciality,
        education_level=a.education_level,
        snapshot_id=a.snapshot_id,
        documents=documents_view(a),
        comment=a.comment,
        submitted_at=a.submitted_at,
    )


StepT = TypeVar("StepT", wire.ApplicationTransition, wire.ExtractTransition)


def history_of(steps: Sequence[Transition | ExtractTransition], kind: type[StepT]) -> list[StepT]:
    """An application's or an extract's moves: each status with its Russian title and actor."""
    return [
        kind.model_validate(
            {
                "status": t.status.value,
                "status_title": t.status.label,
                "actor": t.actor,
                "at": t.at,
                "reason": t.reason,
            }
        )
        for t in steps
    ]


def application_view(a: Application) -> wire.ApplicationView:
    return wire.ApplicationView(
        application_id=a.id,
        worker_id=a.worker_id,
        applicant=personal_view(a.personal) if a.personal else None,
        contacts=wire.ApplicationContacts(email=a.contacts.email, phone=a.contacts.phone),
        kind=a.kind.value,
        speciality=a.speciality,
        speciality_code=a.speciality_code,
        education_level=a.education_level,
        consent=a.consent,
        comment=a.comment,
        documents=documents_view(a),
        snapshot_id=a.snapshot_id,
        channel="post" if a.channel == "post" else "portal",
        frmr_pending=a.frmr_pending,
        status=a.status.value,
        status_title=a.status.label,
        history=history_of(a.history, wire.ApplicationTransition),
        intake_number=a.intake_number,
        documents_check_due=a.documents_check_due,
        documents_checked_on=a.documents_checked_on,
        decision_due=a.decision_due,
        protocol_number=a.decision.protocol_number if a.decision else None,
        decided_on=a.decision.decided_on if a.decision else None,
        valid_until=a.decision.valid_until if a.decision else None,
        standing=_today(a),
        created_at=a.created_at,
        version=a.version,
    )


def _today(a: Application) -> wire.StandingView | None:
    standing = a.standing_on(utcnow().date())
    return standing_view(standing, a.standing) if standing else None


def extract_view(e: Extract) -> wire.ExtractView:
    d = e.document
    return wire.ExtractView(
        extract_id=e.id,
        status=e.status.value,
        status_title=e.status.label,
        history=history_of(e.history, wire.ExtractTransition),
        accreditation=certified(e.record),
        requested_at=e.requested_at,
        verification_code=format_code(d.verification_code) if d else None,
        issued_on=d.issued_on if d else None,
        filename=d.filename if d else None,
        size=d.size if d else None,
        signature=signature_view(d) if d else None,
        version=e.version,
    )


def certified(r: AccreditationRecord) -> wire.CertifiedAccreditation:
    return wire.CertifiedAccreditation(
        application_id=r.application_id,
        full_name=r.full_name,
        kind=r.kind,
        kind_title=r.kind_title,
        speciality=r.speciality,
        protocol_number=r.protocol_number,
        passed_on=r.passed_on,
        valid_until=r.valid_until,
    )


def _application(a: Application) -> dict[str, Any]:
    """Which application an event is about, and whose."""
    return {
        "application_id": a.id,
        "worker_id": a.worker_id,
        "snils": a.snils,
        "speciality": a.speciality,
    }


def _extract_status_changed(e: ExtractStatusChanged) -> tuple[str, BaseModel]:
    x, t = e.extract, e.transition
    return x.id, wire.ExtractStatusChanged(
        extract_id=x.id,
        application_id=x.record.application_id,
        worker_id=x.worker_id,
        snils=x.snils,
        speciality=x.record.speciality,
        status=t.status.value,
        status_title=t.status.label,
        actor=t.actor,
        reason=t.reason,
    )


def _status_changed(e: StatusChanged) -> tuple[str, BaseModel]:
    a, t = e.application, e.transition
    return a.id, wire.ApplicationStatusChanged(
        **_application(a),
        kind=a.kind.value,
        status=t.status.value,
        status_title=t.status.label,
        actor=t.actor,
        reason=t.reason,
        email=a.contacts.email,
    )


def _submitted(e: Submitted) -> tuple[str, BaseModel]:
    a = e.application
    return a.id, wire.ApplicationSubmitted(
        **_application(a),
        speciality_code=a.speciality_code,
        kind=a.kind.value,
        education_level=a.education_level,
        snapshot_id=a.snapshot_id,
        submitted_at=e.at,
    )


def _deadline_missed(e: DeadlineMissed) -> tuple[str, BaseModel]:
    a = e.application
    return a.id, wire.DeadlineMissed(**_application(a), stage=e.stage, due=e.due)


def _documents_checked(e: DocumentsChecked) -> tuple[str, BaseModel]:
    a = e.application
    return a.id, wire.DocumentsChecked(
        **_application(a), checked_on=e.checked_on, decision_due=a.decision_due
    )


def _passed(e: Passed) -> tuple[str, BaseModel]:
    a, d = e.application, e.decision
    if d.valid_until is None:
        raise TypeError(f"a passed accreditation without its term has no wire form: {e!r}")
    return a.id, wire.AccreditationPassed(
        **_application(a),
        speciality_code=a.speciality_code,
        kind=a.kind.value,
        passed_on=d.decided_on,
        valid_until=d.valid_until,
        protocol_number=d.protocol_number,
        standing=[standing_step(c) for c in a.standing],
    )


def _standing_changed(e: StandingChanged) -> tuple[str, BaseModel]:
    a, c = e.application, e.change
    d = a.decision
    now = a.standing_on(c.effective_from)
    if d is None or d.valid_until is None or now is None:
        raise TypeError(f"a standing change of no pass has no wire form: {e!r}")
    return a.id, wire.AccreditationStandingChanged(
        **_application(a),
        speciality_code=a.speciality_code,
        passed_on=d.decided_on,
        valid_until=d.valid_until,
        action=c.action.value,
        reason=c.reason,
        effective_from=c.effective_from,
        until=c.until,
        status=now.status.value,
        status_title=now.status.label,
        changes=[standing_step(x) for x in a.standing],
    )


to_wire = EventForms(
    {
        ExtractStatusChanged: (subjects.EXTRACT_STATUS_CHANGED, _extract_status_changed),
        StatusChanged: (subjects.APPLICATION_STATUS_CHANGED, _status_changed),
        Submitted: (subjects.APPLICATION_SUBMITTED, _submitted),
        DeadlineMissed: (subjects.APPLICATION_DEADLINE_MISSED, _deadline_missed),
        DocumentsChecked: (subjects.APPLICATION_DOCUMENTS_CHECKED, _documents_checked),
        Passed: (subjects.ACCREDITATION_PASSED, _passed),
        StandingChanged: (subjects.ACCREDITATION_STANDING_CHANGED, _standing_changed),
    }
)
"""Accreditation's domain events → CloudEvents in the outbox."""


def extracts_page(found: list[Extract], limit: int) -> wire.ExtractsPage:
    return wire.ExtractsPage(
        items=[extract_view(e) for e in found],
        next_cursor=next_cursor(found, limit),
    )

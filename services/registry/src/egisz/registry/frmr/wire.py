"""FRMR's wire mapping: domain → contracts for worker records, corrections and public
verification, and the wire form of FRMR's events. No rules here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from pydantic import BaseModel

from egisz.contracts import registry as wire, subjects
from egisz.contracts.subjects import Event
from egisz.kernel.clock import utcnow
from egisz.registry.domain import people
from egisz.registry.frmr.domain import events, model, parts
from egisz.registry.frmr.domain.correction import (
    CorrectionFix,
    CorrectionRequest,
    CorrectionRequested,
    CorrectionResolved,
)
from egisz.registry.frmr.domain.visibility import Sight
from egisz.registry.frmr.queries import StaffPage
from egisz.runtime.events import Form, FormTable
from egisz.runtime.standing_wire import standing_step


# --- domain → wire --------------------------------------------------------------------------
def _education(e: parts.Education) -> wire.Education:
    return wire.Education(
        education_id=e.id,
        level=e.level.value,
        institution=e.institution,
        speciality=e.speciality,
        document_number=e.document_number,
        document_date=e.document_date,
        hours=e.hours,
        speciality_code=e.speciality_code,
    )


def _certificate(c: parts.Certificate) -> wire.Certificate:
    return wire.Certificate(
        certificate_id=c.id,
        number=c.number,
        issuer=c.issuer,
        speciality=c.speciality,
        issued_on=c.issued_on,
        valid_until=c.valid_until,
        speciality_code=c.speciality_code,
        kind_code=c.kind_code,
        kind=c.kind,
    )


def _accreditation(a: parts.AccreditationRecord) -> wire.AccreditationRecord:
    return wire.AccreditationRecord(
        record_id=a.id,
        kind=a.kind,
        speciality=a.speciality,
        passed_on=a.passed_on,
        valid_until=a.valid_until,
        protocol_number=a.protocol_number,
        speciality_code=a.speciality_code,
        standing=[standing_step(c) for c in a.standing],
        standing_status=a.standing_on(utcnow().date()).status.value,
    )


def _category(c: parts.QualificationCategory) -> wire.QualificationCategory:
    return wire.QualificationCategory(
        category_id=c.id,
        category=c.category.value,
        speciality=c.speciality,
        assigned_on=c.assigned_on,
        speciality_code=c.speciality_code,
    )


def _employment(e: parts.EmploymentRecord) -> wire.EmploymentRecord:
    return wire.EmploymentRecord(
        employment_id=e.id,
        organization_oid=e.organization_oid,
        subdivision_oid=e.subdivision_oid,
        position=e.position,
        rate=e.rate,
        kind=e.kind.value,
        start_date=e.start_date,
        end_date=e.end_date,
        dismissal_reason=e.dismissal_reason,
        position_code=e.position_code,
        dismissal_reason_code=e.dismissal_reason_code,
    )


def _entry(entry: parts.Entry) -> dict[str, BaseModel]:
    """An entry in the field of its kind, as revisions and `entry.corrected` carry it."""
    match entry:
        case parts.Education():
            return {"education": _education(entry)}
        case parts.Certificate():
            return {"certificate": _certificate(entry)}
        case parts.QualificationCategory():
            return {"category": _category(entry)}
        case parts.EmploymentRecord():
            return {"employment": _employment(entry)}


def _revision(r: parts.EntryRevision) -> wire.EntryRevision:
    return wire.EntryRevision(
        revision=r.number,
        kind=r.kind.value,
        entry_id=r.entry_id,
        action=r.action.value,
        reason=r.reason,
        by_org=r.by_org,
        at=r.at,
        correction_id=r.correction_id,
        **_entry(r.previous),
    )


def _document(d: people.IdentityDocument | None) -> wire.IdentityDocument | None:
    if d is None:
        return None
    return wire.IdentityDocument(
        kind=d.kind,
        kind_code=d.kind_code,
        series=d.series,
        number=d.number,
        issued_on=d.issued_on,
        issuer=d.issuer,
    )


def _address(a: people.Address | None) -> wire.Address | None:
    return wire.Address(postcode=a.postcode, text=a.text) if a else None


def to_view(w: model.Worker, seen: Sight) -> wire.WorkerView:
    """The record as the caller sees it (`domain/visibility.py`): at `Sight.RECORD`, no passport,
    addresses, contacts or INN."""
    if seen is Sight.RECORD:
        return to_view(
            replace(
                w,
                personal=replace(w.personal, inn=None, citizenship=None, birth_place=None),
                identity_document=None,
                registration_address=None,
                actual_address=None,
                contacts=people.Contacts(),
            ),
            Sight.PERSONAL,
        )
    p = w.personal
    return wire.WorkerView(
        worker_id=w.id,
        snils=w.snils,
        last_name=p.name.last,
        first_name=p.name.first,
        middle_name=p.name.middle,
        birth_date=p.birth_date,
        sex=p.sex.value if p.sex else None,
        citizenship=p.citizenship,
        birth_place=p.birth_place,
        inn=p.inn,
        identity_document=_document(w.identity_document),
        registration_address=_address(w.registration_address),
        actual_address=_address(w.actual_address),
        contacts=wire.Contacts(email=w.contacts.email, phone=w.contacts.phone),
        education=[_education(e) for e in w.education],
        certificates=[_certificate(c) for c in w.certificates],
        accreditations=[_accreditation(a) for a in w.accreditations],
        categories=[_category(c) for c in w.categories],
        employments=[_employment(e) for e in w.employments],
        specialities=w.public_specialities(utcnow().date()),
        history=[_revision(r) for r in w.history],
        review=w.review.value,
        possible_duplicate_of=list(w.similar_to),
        registered_by_org=w.registered_by_org,
        registered_at=w.registered_at,
        version=w.version,
    )


def correction_view(c: CorrectionRequest) -> wire.CorrectionView:
    return wire.CorrectionView(
        correction_id=c.id,
        worker_id=c.worker_id,
        organization_oid=c.organization_oid,
        section=c.section,
        description=c.description,
        status=c.status.value,
        resolution_comment=c.resolution_comment,
        created_at=c.created_at,
        resolved_at=c.resolved_at,
        fix=_fix(c.fix),
    )


def _fix(f: CorrectionFix | None) -> wire.CorrectionFix | None:
    if f is None:
        return None
    return wire.CorrectionFix(sections=list(f.sections), entry_id=f.entry_id, revision=f.revision)


def _record(r: events.RecordState) -> dict[str, Any]:
    """What every event about a worker record carries."""
    return {"worker_id": r.worker_id, "snils": r.snils, "record_version": r.record_version}


def _person(w: events.RecordState) -> dict[str, Any]:
    """Who the record is about, for consumers that address the person (notify, accreditation)."""
    return {
        "last_name": w.name.last,
        "first_name": w.name.first,
        "middle_name": w.name.middle,
        "birth_date": w.birth_date,
        "sex": w.sex.value if w.sex else None,
        "email": w.contacts.email,
        "phone": w.contacts.phone,
    }


def _part(spec: Event[Any], name: str, view: Callable[[Any], BaseModel]) -> tuple[Event[Any], Form]:
    """A part added to a record or closed in it: the part's field has the same name in the domain
    event and on the wire."""

    def form(e: Any) -> tuple[str, BaseModel]:
        w = e.record
        said = {"current": e.current} if hasattr(e, "current") else {}  # a job's events say it
        return w.worker_id, spec.data(**_record(w), **{name: view(getattr(e, name))}, **said)

    return spec, form


def _registered(e: events.WorkerRegistered) -> tuple[str, BaseModel]:
    w = e.record
    return w.worker_id, wire.WorkerRegistered(
        **_record(w), **_person(w), registered_by_org=w.registered_by_org
    )


def _flagged(e: events.WorkerFlaggedAsDuplicate) -> tuple[str, BaseModel]:
    w = e.record
    return w.worker_id, wire.WorkerFlaggedAsDuplicate(
        worker_id=w.worker_id,
        similar_to=list(e.similar_to),
        registered_by_org=w.registered_by_org,
        reasons=list(e.reasons),
    )


def _duplicate_resolved(e: events.DuplicateResolved) -> tuple[str, BaseModel]:
    return e.worker_id, wire.DuplicateResolved(
        worker_id=e.worker_id, decision=e.decision.value, comment=e.comment
    )


def _updated(e: events.WorkerUpdated) -> tuple[str, BaseModel]:
    w = e.record
    return w.worker_id, wire.WorkerUpdated(**_record(w), **_person(w), sections=list(e.sections))


def _correction(c: CorrectionRequest) -> dict[str, Any]:
    return {"correction_id": c.id, "worker_id": c.worker_id, "organization_oid": c.organization_oid}


def _correction_requested(e: CorrectionRequested) -> tuple[str, BaseModel]:
    c = e.request
    return c.id, wire.CorrectionRequested(
        **_correction(c), section=c.section, description=c.description
    )


def _correction_resolved(e: CorrectionResolved) -> tuple[str, BaseModel]:
    c = e.request
    return c.id, wire.CorrectionResolved(
        **_correction(c), status=c.status.value, comment=c.resolution_comment, fix=_fix(c.fix)
    )


def _revised(r: parts.EntryRevision) -> dict[str, Any]:
    return {
        "kind": r.kind.value,
        "entry_id": r.entry_id,
        "revision": r.number,
        "reason": r.reason,
        "correction_id": r.correction_id,
    }


def _entry_corrected(e: events.EntryCorrected) -> tuple[str, BaseModel]:
    w = e.record
    return w.worker_id, wire.EntryCorrected(**_record(w), **_revised(e.revision), **_entry(e.entry))


def _entry_annulled(e: events.EntryAnnulled) -> tuple[str, BaseModel]:
    w = e.record
    return w.worker_id, wire.EntryAnnulled(**_record(w), **_revised(e.revision))


WORKER_EVENTS: FormTable = {
    events.WorkerRegistered: (subjects.WORKER_REGISTERED, _registered),
    events.WorkerFlaggedAsDuplicate: (subjects.WORKER_FLAGGED_AS_DUPLICATE, _flagged),
    events.DuplicateResolved: (subjects.WORKER_DUPLICATE_RESOLVED, _duplicate_resolved),
    events.WorkerUpdated: (subjects.WORKER_UPDATED, _updated),
    events.EmploymentStarted: _part(subjects.EMPLOYMENT_STARTED, "employment", _employment),
    events.EmploymentEnded: _part(subjects.EMPLOYMENT_ENDED, "employment", _employment),
    events.EducationAdded: _part(subjects.EDUCATION_ADDED, "education", _education),
    events.CertificateAdded: _part(subjects.CERTIFICATE_ADDED, "certificate", _certificate),
    events.CategoryAssigned: _part(subjects.CATEGORY_ASSIGNED, "category", _category),
    events.AccreditationRecorded: _part(
        subjects.ACCREDITATION_RECORDED, "accreditation", _accreditation
    ),
    events.EntryCorrected: (subjects.ENTRY_CORRECTED, _entry_corrected),
    events.EntryAnnulled: (subjects.ENTRY_ANNULLED, _entry_annulled),
    CorrectionRequested: (subjects.CORRECTION_REQUESTED, _correction_requested),
    CorrectionResolved: (subjects.CORRECTION_RESOLVED, _correction_resolved),
}
"""FRMR's domain events → their subjects and wire forms."""


def review_item(w: model.Worker, today: date) -> wire.DuplicateReviewItem:
    return wire.DuplicateReviewItem(
        worker_id=w.id,
        snils=w.snils,
        last_name=w.name.last,
        first_name=w.name.first,
        middle_name=w.name.middle,
        birth_date=w.personal.birth_date,
        possible_duplicate_of=list(w.similar_to),
        why=list(w.similar_because),
        registered_by_org=w.registered_by_org,
        registered_at=w.registered_at,
        waiting_days=(today - w.registered_at.date()).days,
    )


def staff_view(page: StaffPage, today: date) -> wire.StaffPage:
    return wire.StaffPage(
        items=[
            wire.StaffEntry(
                worker_id=w.id,
                snils=w.snils,
                last_name=w.name.last,
                first_name=w.name.first,
                middle_name=w.name.middle,
                review=w.review.value,
                positions=w.positions_at(page.organization_oid, today),
                jobs=[
                    _employment(e)
                    for e in w.current_employments(today)
                    if e.organization_oid == page.organization_oid
                ],
                specialities=w.public_specialities(today),
            )
            for w in page.workers
        ],
        next_cursor=page.next_cursor,
    )

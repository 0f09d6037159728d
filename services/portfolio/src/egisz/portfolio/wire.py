"""The portfolio's wire mapping: domain → views and events, events of other services → domain."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from egisz.contracts import portfolio as wire, subjects
from egisz.contracts.events import CloudEvent
from egisz.contracts.files import FilePart
from egisz.contracts.registry import (
    AccreditationRecorded,
    CategoryAssigned,
    CertificateAdded,
    EducationAdded,
    EmploymentEnded,
    EmploymentStarted,
    EntryCorrected,
)
from egisz.kernel.clock import utcnow
from egisz.portfolio import snapshot, usecases
from egisz.portfolio.domain import approval, documents, education, events, experience, model
from egisz.portfolio.domain.education import EducationItem, Kind
from egisz.portfolio.domain.errors import SnapshotInvalidError
from egisz.portfolio.domain.experience import report_period, total_tenure
from egisz.portfolio.domain.own_experience import OwnLine
from egisz.runtime.events import EventForms
from egisz.runtime.file_wire import file_part
from egisz.runtime.files import PART_MAX, FileInfo


def _tenure(t: experience.Tenure) -> wire.Tenure:
    return wire.Tenure(years=t.years, months=t.months, days=t.days)


def professional_view(
    p: model.Portfolio, today: date, names: dict[str, str] | None = None
) -> wire.ProfessionalPart:
    jobs = p.reported_experience
    period = report_period(jobs, today)
    in_report = {e.employment_id for e in p.report(today)}
    unconfirmed = [x.as_entry() for x in p.own_experience if x.confirmed_by is None]
    return wire.ProfessionalPart(
        version=p.professional_version,
        report_period=(
            wire.ReportPeriod(
                start=period.start,
                end=period.end,
                employed_now=period.employed_now,
                declared=period.declared,
            )
            if period
            else None
        ),
        experience=[
            wire.ExperienceEntry(
                employment_id=e.employment_id,
                organization_oid=e.organization_oid,
                organization_name=(names or {}).get(e.organization_oid),
                subdivision_oid=e.subdivision_oid,
                position=e.position,
                kind=e.kind,
                rate=e.rate,
                start_date=e.start_date,
                end_date=e.end_date,
                dismissal_reason=e.dismissal_reason,
                end_declared=e.end_declared,
                tenure=_tenure(experience.worked(e.start_date, e.end_date, today)),
                in_report=e.employment_id in in_report,
            )
            for e in jobs
        ],
        total_tenure=_tenure(total_tenure(jobs, today)),
        own_experience=[_own_line(x, period, today) for x in p.own_experience],
        total_tenure_declared=(
            _tenure(total_tenure(jobs, today, also=unconfirmed)) if unconfirmed else None
        ),
        key_skills=list(p.key_skills),
        experience_notes=p.experience_notes,
    )


def _own_line(
    x: OwnLine, period: experience.ReportPeriod | None, today: date
) -> wire.OwnExperienceLine:
    return wire.OwnExperienceLine(
        line_id=x.id,
        organization_name=x.organization_name,
        organization_oid=x.organization_oid,
        position=x.position,
        start_date=x.start_date,
        end_date=x.end_date,
        tenure=_tenure(experience.worked(x.start_date, x.end_date, today)),
        in_report=period is not None and x.as_entry().overlaps(period.start, period.end),
        confirmed_by=x.confirmed_by,
    )


def approval_view(p: model.Portfolio) -> wire.ApprovalView:
    r, d = p.approval_request, p.approval_decision
    return wire.ApprovalView(
        status=p.approval_status.value,
        organization_oid=r.organization_oid if r else None,
        head_name=r.head_name if r else None,
        comment=r.comment if r else None,
        requested_at=r.requested_at if r else None,
        report_version=r.report_version if r else None,
        method=d.method.value if d else None,
        reason=d.reason if d else None,
        decided_at=d.at if d else None,
        not_required_reason=p.not_required_reason.value if p.not_required_reason else None,
        paper_confirmed=d.paper_confirmed if d else None,
    )


def outcome_view(p: model.Portfolio) -> wire.ApprovalOutcome:
    """A head's decision or word on a paper approval, as they see it recorded."""
    decided = p.approval_decision
    assert decided is not None  # decided just now
    return wire.ApprovalOutcome(
        portfolio_id=p.id, status=p.approval_status.value, decided_at=decided.at
    )


def pending_view(p: model.Portfolio) -> wire.PendingApproval:
    """A report waiting on a head: for their decision, or their word on a paper approval."""
    r, d = p.approval_request, p.approval_decision
    assert r is not None  # waiting on a head implies a request to them
    paper = p.approval_status is approval.ApprovalStatus.APPROVED and d is not None
    return wire.PendingApproval(
        portfolio_id=p.id,
        worker_id=p.worker_id,
        organization_oid=r.organization_oid,
        head_name=r.head_name,
        comment=r.comment,
        requested_at=r.requested_at,
        report_version=r.report_version,
        awaiting="paper_confirmation" if paper else "decision",
        paper_document_id=d.document_id if paper and d else None,
    )


def document_view(d: documents.AttachedDocument) -> wire.AttachedDocument:
    return wire.AttachedDocument(
        document_id=d.document_id,
        purpose=d.purpose.value,
        filename=d.filename,
        size=d.size,
        attached_at=d.attached_at,
        employment_id=d.employment_id,
    )


def education_view(i: education.EducationItem) -> wire.EducationItem:
    return wire.EducationItem(
        item_id=i.id,
        kind=i.kind.value,
        title=i.title,
        speciality=i.speciality,
        speciality_code=i.speciality_code,
        document_number=i.document_number,
        issued_on=i.issued_on,
        valid_until=i.valid_until,
        hours=i.hours,
        registry_confirmed=i.registry_confirmed,
        confirmed_by=i.confirmed_by,
        holder_last_name=i.holder_last_name,
    )


def to_view(p: model.Portfolio, names: dict[str, str] | None = None) -> wire.PortfolioView:
    return wire.PortfolioView(
        portfolio_id=p.id,
        worker_id=p.worker_id,
        approval_status=p.approval_status.value,
        approval=approval_view(p),
        documents=[document_view(d) for d in p.documents],
        education=[education_view(i) for i in p.education],
        professional=professional_view(p, utcnow().date(), names),
        created_at=p.created_at,
        version=p.version,
    )


def _part(p: events.PortfolioState) -> dict[str, Any]:
    """What every portfolio event carries."""
    return {"portfolio_id": p.id, "worker_id": p.worker_id}


def _opened(e: events.PortfolioOpened) -> tuple[str, BaseModel]:
    return e.worker_id, wire.PortfolioCreated(portfolio_id=e.portfolio_id, worker_id=e.worker_id)


def _professional_updated(e: events.ProfessionalPartUpdated) -> tuple[str, BaseModel]:
    p = e.portfolio
    return p.worker_id, wire.ProfessionalPartUpdated(
        **_part(p),
        professional_version=p.professional_version,
        source=e.source.value,
        approval_status=p.approval_status.value,
        approval_reset=e.approval_reset,
    )


def _approval_requested(e: events.ApprovalRequested) -> tuple[str, BaseModel]:
    p, r = e.portfolio, e.request
    return p.worker_id, wire.ApprovalRequested(
        **_part(p),
        organization_oid=r.organization_oid,
        head_name=r.head_name,
        comment=r.comment,
        report_version=r.report_version,
        requested_at=r.requested_at,
    )


def _approval_decided(e: events.ApprovalDecided) -> tuple[str, BaseModel]:
    p, d = e.portfolio, e.decision
    return p.worker_id, wire.ApprovalDecided(
        **_part(p),
        status=p.approval_status.value,
        method=d.method.value,
        reason=d.reason,
        decided_at=d.at,
        paper_confirmed=d.paper_confirmed,
    )


def _approval_not_required(e: events.ApprovalNotRequired) -> tuple[str, BaseModel]:
    p = e.portfolio
    return p.worker_id, wire.ApprovalDecided(
        **_part(p),
        status=p.approval_status.value,
        method="declared",
        not_required_reason=e.reason.value,
        decided_at=e.at,
    )


def _signing_key_registered(e: approval.SigningKeyRegistered) -> tuple[str, BaseModel]:
    k = e.key
    assert k.valid_until is not None  # registered now: with its validity
    return k.organization_oid, wire.SigningKeyRegistered(
        organization_oid=k.organization_oid,
        head_name=k.head_name,
        scheme=k.scheme,
        fingerprint=e.fingerprint,
        valid_until=k.valid_until,
        registered_at=k.registered_at,
    )


def _snapshot_taken(e: events.SnapshotTaken) -> tuple[str, BaseModel]:
    p = e.portfolio
    return p.worker_id, wire.SnapshotCreated(
        **_part(p), snapshot_id=e.snapshot_id, version=e.number, created_at=e.at
    )


def _education_updated(e: events.EducationUpdated) -> tuple[str, BaseModel]:
    p = e.portfolio
    return p.worker_id, wire.EducationUpdated(
        **_part(p), item=education_view(e.item), removed=e.removed
    )


def _document_attached(e: events.DocumentAttached) -> tuple[str, BaseModel]:
    p = e.portfolio
    return p.worker_id, wire.DocumentAttached(**_part(p), document=document_view(e.document))


def _document_removed(e: events.DocumentRemoved) -> tuple[str, BaseModel]:
    p = e.portfolio
    return p.worker_id, wire.DocumentRemoved(**_part(p), document_id=e.document.document_id)


to_wire = EventForms(
    {
        events.PortfolioOpened: (subjects.PORTFOLIO_CREATED, _opened),
        events.ProfessionalPartUpdated: (subjects.PROFESSIONAL_PART_UPDATED, _professional_updated),
        events.ApprovalRequested: (subjects.APPROVAL_REQUESTED, _approval_requested),
        events.ApprovalDecided: (subjects.APPROVAL_DECIDED, _approval_decided),
        events.ApprovalNotRequired: (subjects.APPROVAL_DECIDED, _approval_not_required),
        events.SnapshotTaken: (subjects.SNAPSHOT_CREATED, _snapshot_taken),
        approval.SigningKeyRegistered: (subjects.SIGNING_KEY_REGISTERED, _signing_key_registered),
        events.EducationUpdated: (subjects.EDUCATION_UPDATED, _education_updated),
        events.DocumentAttached: (subjects.DOCUMENT_ATTACHED, _document_attached),
        events.DocumentRemoved: (subjects.DOCUMENT_REMOVED, _document_removed),
    }
)
"""The portfolio's domain events → CloudEvents in the outbox."""


def experience_entry(
    data: EmploymentStarted | EmploymentEnded | EntryCorrected,
) -> experience.ExperienceEntry:
    e = data.employment
    assert e is not None, "a job event carries the job"
    return experience.ExperienceEntry(
        employment_id=e.employment_id,
        organization_oid=e.organization_oid,
        subdivision_oid=e.subdivision_oid,
        position=e.position,
        kind=e.kind,
        rate=str(e.rate),
        start_date=e.start_date,
        end_date=e.end_date,
        dismissal_reason=e.dismissal_reason,
        record_version=data.record_version,
    )


def portfolio_document(
    p: model.Portfolio, number: int, at: datetime, names: dict[str, str]
) -> wire.PortfolioDocument:
    return wire.PortfolioDocument(
        portfolio_id=p.id,
        snapshot_version=number,
        created_at=at,
        worker=wire.SnapshotWorker(worker_id=p.worker_id, snils=p.snils, last_name=p.last_name),
        professional=professional_view(p, at.date(), names),
        approval=approval_view(p),
        education=[education_view(i) for i in p.education],
        documents=[document_view(d) for d in p.documents],
    )


def build_snapshot(
    p: model.Portfolio, number: int, at: datetime, names: dict[str, str]
) -> tuple[str, str]:
    """The JSON and «portfolio.xml» forms; an XML the schema rejects is refused whole."""
    document = portfolio_document(p, number, at, names)
    xml_text = snapshot.to_xml(document)
    if found := snapshot.problems(xml_text):
        raise SnapshotInvalidError(
            f"«portfolio.xml» не прошёл проверку по схеме: {found[0]}"
            + (f" (и ещё {len(found) - 1})" if len(found) > 1 else "")
        )
    return document.model_dump_json(), xml_text


def registry_education(
    data: EducationAdded
    | CertificateAdded
    | CategoryAssigned
    | AccreditationRecorded
    | EntryCorrected,
) -> education.EducationItem:
    """FRMR's record of an education item, as the portfolio keeps it (registry-confirmed). The
    part is in the field of its kind, in `…added` events and in `entry.corrected` alike."""
    if (e := getattr(data, "education", None)) is not None:
        item = EducationItem(
            e.education_id,
            Kind(e.level),
            e.institution,
            e.speciality,
            e.document_number,
            e.document_date,
            None,
            e.hours,
            speciality_code=e.speciality_code,
        )
    elif (c := getattr(data, "certificate", None)) is not None:
        item = EducationItem(
            c.certificate_id,
            Kind.SPECIALIST_CERTIFICATE,
            c.issuer,
            c.speciality,
            c.number,
            c.issued_on,
            c.valid_until,
            speciality_code=c.speciality_code,
        )
    elif (k := getattr(data, "category", None)) is not None:
        item = EducationItem(
            k.category_id,
            Kind.QUALIFICATION_CATEGORY,
            k.category,
            k.speciality,
            None,
            k.assigned_on,
            speciality_code=k.speciality_code,
        )
    elif (a := getattr(data, "accreditation", None)) is not None:
        item = EducationItem(
            a.record_id,
            Kind.ACCREDITATION,
            a.kind,
            a.speciality,
            a.protocol_number,
            a.passed_on,
            a.valid_until,
            speciality_code=a.speciality_code,
        )
    else:
        raise TypeError(f"not an education event: {data!r}")
    return replace(item, registry_confirmed=True, record_version=data.record_version)


def reaction(event: CloudEvent[Any]) -> usecases.RegistryEvent:
    return usecases.RegistryEvent(event.data.worker_id, event.data.snils)


def printed_part(p: model.Portfolio, pdf: bytes, part: int) -> FilePart:
    """Part `part` of a printed report; drawn reproducibly, so parts of two calls fit."""
    start = part * PART_MAX
    info = FileInfo(
        file_id=f"report-{p.id}-v{p.professional_version}",
        owner=p.worker_id,
        filename=f"otchet-v{p.professional_version}.pdf",
        content_type="application/pdf",
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
    )
    return file_part(info, part, pdf[start : start + PART_MAX], start + PART_MAX >= len(pdf))

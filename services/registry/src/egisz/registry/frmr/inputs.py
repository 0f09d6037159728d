"""Requests → what the use cases take: each contract's fields in the domain's types. No rules
here."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from egisz.contracts import registry as wire
from egisz.registry.domain import people
from egisz.registry.frmr import corrections, importing, usecases
from egisz.registry.frmr.domain import parts


def personal(p: wire.PersonalData | wire.RegisterWorker | wire.ImportRow) -> people.PersonalData:
    return people.PersonalData(
        name=people.FullName(p.last_name, p.first_name, p.middle_name),
        birth_date=p.birth_date,
        sex=people.Sex(p.sex) if p.sex else None,
        citizenship=getattr(p, "citizenship", None),
        birth_place=getattr(p, "birth_place", None),
        inn=getattr(p, "inn", None),
    )


def identity_document(d: wire.IdentityDocument | None) -> people.IdentityDocument | None:
    if d is None:
        return None
    return people.IdentityDocument(
        d.kind, d.series, d.number, d.issued_on, d.issuer, kind_code=d.kind_code
    )


def address(a: wire.Address | None) -> people.Address | None:
    return people.Address(a.postcode, a.text) if a else None


def import_line(row: wire.ImportRow) -> importing.ImportLine:
    found_job = None
    if row.position or row.position_code or row.start_date:
        found_job = usecases.NewEmployment(
            organization_oid=None,
            subdivision_oid=None,
            position=row.position or "",
            position_code=row.position_code or None,  # read through the book by the use case
            rate=row.rate if row.rate is not None else Decimal("1.0"),
            kind=parts.EmploymentKind(row.kind or "main"),
            start_date=row.start_date,
        )
    return importing.ImportLine(
        row=row.row,
        worker=usecases.NewWorker(
            snils=row.snils,
            personal=personal(row),
            contacts=people.Contacts(email=row.email, phone=row.phone),
        ),
        job=found_job,
    )


def education(req: wire.AddEducation) -> dict[str, Any]:
    return {
        "level": parts.EducationLevel(req.level),
        "institution": req.institution,
        "speciality": req.speciality or "",
        "speciality_code": None,  # read through the book by the handler (`codes.py`)
        "document_number": req.document_number,
        "document_date": req.document_date,
        "hours": req.hours,
    }


def certificate(req: wire.AddCertificate) -> dict[str, Any]:
    return {
        "number": req.number,
        "issuer": req.issuer,
        "speciality": req.speciality or "",
        "speciality_code": None,
        "issued_on": req.issued_on,
        "valid_until": req.valid_until,
    }


def category(req: wire.AssignCategory) -> dict[str, Any]:
    return {
        "category": parts.Category(req.category),
        "speciality": (req.speciality or "").strip(),
        "speciality_code": None,
        "assigned_on": req.assigned_on,
    }


def employment(req: wire.JobTerms) -> dict[str, Any]:
    """A job's terms, as `employment.start`, `worker.hire` and `employment.correct` carry them."""
    return {
        "subdivision_oid": req.subdivision_oid,
        "position": (req.position or "").strip(),
        "rate": req.rate,
        "kind": parts.EmploymentKind(req.kind),
        "start_date": req.start_date,
        "end_date": req.end_date,
        "dismissal_reason": req.dismissal_reason,
    }


def revision(req: wire.Revising) -> corrections.Revision:
    return corrections.Revision(req.reason, req.correction_id)

"""What anyone may see of a worker's record (public verification, seed 002 and Ahpra): name,
what they practise, where they work, their accreditations with what each is today, and their
qualifications without a document's number or exact date — never personal data."""

from __future__ import annotations

from datetime import date

from egisz.contracts import registry as wire
from egisz.registry.frmr.domain import model, parts


def public_view(w: model.Worker, today: date, names: dict[str, str]) -> wire.PublicPractitioner:
    """What anyone may see: name, specialities, current employers, accreditation validity."""
    current = dict.fromkeys(e.organization_oid for e in w.current_employments(today))
    employers = [
        wire.PublicEmployer(oid=oid, name=names.get(oid), positions=w.positions_at(oid, today))
        for oid in current
    ]
    return wire.PublicPractitioner(
        worker_id=w.id,
        last_name=w.name.last,
        first_name=w.name.first,
        middle_name=w.name.middle,
        specialities=w.public_specialities(today),
        organizations=list(current),
        employers=employers,
        accreditations=[public_accreditation(a, today) for a in w.accreditations],
        # Seed 002: a patient sees «какое у него образование и сертификаты» — never a document's
        # number or exact date.
        education=[
            wire.PublicEducation(
                level=e.level.value,
                institution=e.institution,
                speciality=e.speciality,
                speciality_code=e.speciality_code,
                year=e.document_date.year,
                hours=e.hours,
            )
            for e in w.education
        ],
        certificates=[
            wire.PublicCertificate(
                speciality=c.speciality,
                speciality_code=c.speciality_code,
                issuer=c.issuer,
                valid_until=c.valid_until,
                valid=c.valid_until >= today,
                kind=c.kind,
            )
            for c in w.certificates
        ],
        categories=[
            wire.PublicCategory(
                category=k.category.value,
                speciality=k.speciality,
                speciality_code=k.speciality_code,
                year=k.assigned_on.year,
            )
            for k in w.categories
        ],
    )


def public_accreditation(a: parts.AccreditationRecord, today: date) -> wire.PublicAccreditation:
    """As anyone may see it: its term and what it is today, with the center's grounds."""
    standing = a.standing_on(today)
    held = standing.status.value in ("suspended", "revoked")
    return wire.PublicAccreditation(
        speciality=a.speciality,
        speciality_code=a.speciality_code,
        valid_until=a.valid_until,
        valid=standing.in_force,
        standing=standing.status.value,
        standing_title=standing.status.label,
        standing_since=standing.since if held else None,
        standing_until=standing.until if held else None,
        standing_reason=standing.reason if held else None,
    )

"""The register as IHE mCSD resources (FHIR R4B models of `fhir.resources`): FRMR people as
Practitioner, their jobs as PractitionerRole, FRMO organizations as Organization and their
subdivisions as Location. Pure: contracts' views in, validated resources (JSON-ready dicts) out.

What a resource shows is what the view it is built from shows: the registry scopes each view by
the caller's role, and the public view has no personal data to map."""

from __future__ import annotations

from datetime import date
from typing import Any

from fhir.resources.R4B import get_fhir_model_class

from egisz.contracts import registry as wire

SNILS = "urn:oid:1.2.643.100.3"
INN = "urn:oid:1.2.643.100.4"
OGRN = "urn:oid:1.2.643.100.1"
URI = "urn:ietf:rfc:3986"  # an OID as `urn:oid:…`: FHIR's way to name an organization by OID
WORKER_ID = "urn:egisz:frmr:worker-id"
MCSD = "https://profiles.ihe.net/ITI/mCSD/StructureDefinition/"

LEVEL = {
    "secondary_general": "Среднее общее образование",
    "secondary_professional": "Среднее профессиональное образование",
    "higher": "Высшее образование",
}
CATEGORY = {"second": "Вторая", "first": "Первая", "highest": "Высшая"}
# The organization types' book (`registry/nsi/starter/organization_types.json`, a test holds them
# equal): FRMO's `type` is its code.
ORGANIZATION_TYPE = {
    "medical": "Медицинская организация",
    "insurance": "Страховая медицинская организация",
    "educational": "Образовательная организация (подготовка медицинских кадров)",
    "research": "Научная организация",
}


def validated(kind: str, resource: dict[str, Any]) -> dict[str, Any]:
    """The resource (any FHIR R4B type) checked against its model, as JSON without empty
    elements."""
    model = get_fhir_model_class(kind).model_validate({"resourceType": kind, **resource})
    out: dict[str, Any] = model.model_dump(mode="json", exclude_none=True)
    return out


def _meta(profile: str, version: int | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"profile": [MCSD + profile]}
    if version is not None:
        meta["versionId"] = str(version)
    return meta


def full_name(last: str, first: str, middle: str | None) -> str:
    return " ".join(filter(None, [last, first, middle]))


def _name(last: str, first: str, middle: str | None) -> list[dict[str, Any]]:
    given = [first, middle] if middle else [first]
    return [
        {"use": "official", "family": last, "given": given, "text": full_name(last, first, middle)}
    ]


def _person_ids(worker_id: str, snils: str | None) -> list[dict[str, str]]:
    """The FRMR id always; SNILS only where the view holds it (never in the public one)."""
    ids = [{"use": "official", "system": SNILS, "value": snils}] if snils else []
    return [*ids, {"system": WORKER_ID, "value": worker_id}]


def _text(value: str) -> dict[str, str]:
    return {"text": value}


def _oid(oid: str) -> dict[str, str]:
    return {"system": URI, "value": f"urn:oid:{oid}"}


def role_id(worker_id: str, employment_id: str) -> str:
    """A job's resource id: the person's id and the random tail of the job's id (ids are 32 hex
    digits, the first 12 a time) — within 64 characters, and readable without another index."""
    return f"{worker_id}-{employment_id[12:]}"


def _qualification(
    title: str,
    *,
    codes: list[dict[str, str] | None] | None = None,
    start: object = None,
    end: date | None = None,
    issuer: str | None = None,
    number: str | None = None,
) -> dict[str, Any]:
    """One Practitioner.qualification; `start` a date or, in the public view, only a year."""
    period = {
        "start": start.isoformat() if isinstance(start, date) else start,
        "end": end.isoformat() if end else None,
    }
    coding = [c for c in codes or [] if c]
    return {
        "identifier": [{"value": number}] if number else None,
        "code": {"coding": coding, "text": title} if coding else _text(title),
        "period": period if any(period.values()) else None,
        "issuer": {"display": issuer} if issuer else None,
    }


def _coding(oid: str, code: str, name: str) -> dict[str, str]:
    return {"system": f"urn:oid:{oid}", "code": code, "display": name}


def _speciality(code: str | None, name: str) -> dict[str, str] | None:
    """The speciality as the specialities' book codes it, where the record has its code."""
    return _coding(wire.SPECIALITIES, code, name) if code else None


def _grade(category: str) -> dict[str, str]:
    name = f"{CATEGORY[category].lower()} квалификационная категория"  # as the book names it
    return _coding(wire.QUALIFICATION_CATEGORIES, category, name)


def _education(level: str, speciality: str) -> str:
    return f"{LEVEL.get(level, level)}: {speciality}"


def _certificate(speciality: str) -> str:
    return f"Сертификат специалиста: {speciality}"


def _accreditation(speciality: str) -> str:
    return f"Аккредитация специалиста: {speciality}"


def _category(category: str, speciality: str) -> str:
    return f"{CATEGORY[category]} квалификационная категория: {speciality}"


def _qualifications(w: wire.WorkerView) -> list[dict[str, Any]]:
    """Diplomas, certificates, accreditations and categories, each with its book's codings."""
    q = _qualification
    qualification = [
        q(
            _education(e.level, e.speciality),
            codes=[_speciality(e.speciality_code, e.speciality)],
            start=e.document_date,
            issuer=e.institution,
            number=e.document_number,
        )
        for e in w.education
    ]
    qualification += [
        q(
            _certificate(c.speciality),
            codes=[_speciality(c.speciality_code, c.speciality)],
            start=c.issued_on,
            end=c.valid_until,
            issuer=c.issuer,
            number=c.number,
        )
        for c in w.certificates
    ]
    qualification += [
        q(
            _accreditation(a.speciality),
            codes=[_speciality(a.speciality_code, a.speciality)],
            start=a.passed_on,
            end=a.valid_until,
        )
        for a in w.accreditations
    ]
    qualification += [
        q(
            _category(c.category, c.speciality),
            codes=[_grade(c.category), _speciality(c.speciality_code, c.speciality)],
            start=c.assigned_on,
        )
        for c in w.categories
    ]
    return qualification


def practitioner(w: wire.WorkerView) -> dict[str, Any]:
    """A person as the caller may see them (the registry has already scoped the view)."""
    telecom = [{"system": "email", "value": w.contacts.email}] if w.contacts.email else []
    telecom += [{"system": "phone", "value": f"+7{w.contacts.phone}"}] if w.contacts.phone else []
    addresses = [
        {"use": use, "text": a.text, "postalCode": a.postcode, "country": "RU"}
        for use, a in (("home", w.registration_address), ("temp", w.actual_address))
        if a is not None
    ]
    qualification = _qualifications(w)
    return validated(
        "Practitioner",
        {
            "id": w.worker_id,
            "meta": _meta("IHE.mCSD.Practitioner", w.version),
            "active": w.review == "active",
            "identifier": _person_ids(w.worker_id, w.snils),
            "name": _name(w.last_name, w.first_name, w.middle_name),
            "gender": w.sex,
            "birthDate": w.birth_date.isoformat(),
            "telecom": telecom or None,
            "address": addresses or None,
            "qualification": qualification or None,
        },
    )


def public_practitioner(p: wire.PublicPractitioner) -> dict[str, Any]:
    """What public verification shows: the name and qualifications, no personal data."""
    q = _qualification
    qualification = [
        q(
            _education(e.level, e.speciality),
            codes=[_speciality(e.speciality_code, e.speciality)],
            start=str(e.year),
            issuer=e.institution,
        )
        for e in p.education
    ]
    qualification += [
        q(
            _certificate(c.speciality),
            codes=[_speciality(c.speciality_code, c.speciality)],
            end=c.valid_until,
            issuer=c.issuer,
        )
        for c in p.certificates
    ]
    qualification += [
        q(
            _accreditation(a.speciality),
            codes=[_speciality(a.speciality_code, a.speciality)],
            end=a.valid_until,
        )
        for a in p.accreditations
    ]
    qualification += [
        q(
            _category(c.category, c.speciality),
            codes=[_grade(c.category), _speciality(c.speciality_code, c.speciality)],
            start=str(c.year),
        )
        for c in p.categories
    ]
    return validated(
        "Practitioner",
        {
            "id": p.worker_id,
            "meta": _meta("IHE.mCSD.Practitioner"),
            "active": True,
            "identifier": _person_ids(p.worker_id, None),
            "name": _name(p.last_name, p.first_name, p.middle_name),
            "qualification": qualification or None,
        },
    )


def staff_practitioner(s: wire.StaffEntry) -> dict[str, Any]:
    """A person as their organization's staff page shows them."""
    return validated(
        "Practitioner",
        {
            "id": s.worker_id,
            "meta": _meta("IHE.mCSD.Practitioner"),
            "active": s.review == "active",
            "identifier": _person_ids(s.worker_id, s.snils),
            "name": _name(s.last_name, s.first_name, s.middle_name),
        },
    )


def _coded(oid: str, code: str, name: str) -> dict[str, Any]:
    """A code of a reference book (НСИ) as FHIR codes it: its OID as the system."""
    return {"coding": [_coding(oid, code, name)], "text": name}


def practitioner_role(
    worker_id: str,
    display: str,
    job: wire.EmploymentRecord,
    specialities: list[str],
    today: date,
    codes: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One job: where, as what, since and until when, and what the person practises."""
    return validated(
        "PractitionerRole",
        {
            "id": role_id(worker_id, job.employment_id),
            "meta": _meta("IHE.mCSD.PractitionerRole"),
            "identifier": [{"system": WORKER_ID + ":employment", "value": job.employment_id}],
            "active": job.start_date <= today and (job.end_date is None or job.end_date >= today),
            "period": {
                "start": job.start_date.isoformat(),
                "end": job.end_date.isoformat() if job.end_date else None,
            },
            "practitioner": {"reference": f"Practitioner/{worker_id}", "display": display},
            "organization": {"reference": f"Organization/{job.organization_oid}"},
            "location": [{"reference": f"Location/{job.subdivision_oid}"}]
            if job.subdivision_oid
            else None,
            "code": [
                _coded(wire.POSITIONS, job.position_code, job.position)
                if job.position_code
                else _text(job.position)
            ],
            "specialty": [
                _coded(wire.SPECIALITIES, (codes or {})[s], s) if s in (codes or {}) else _text(s)
                for s in specialities
            ]
            or None,
        },
    )


def roles_of(w: wire.WorkerView | wire.StaffEntry, today: date) -> list[dict[str, Any]]:
    """Each job of a record (all of them) or of a staff page's entry (those at its
    organization), with what the registry says the person practises."""
    display = full_name(w.last_name, w.first_name, w.middle_name)
    jobs = w.employments if isinstance(w, wire.WorkerView) else w.jobs
    codes = speciality_codes(w) if isinstance(w, wire.WorkerView) else {}
    return [practitioner_role(w.worker_id, display, j, w.specialities, today, codes) for j in jobs]


def speciality_codes(w: wire.WorkerView) -> dict[str, str]:
    """The book's code of each speciality the record names by code (accreditations,
    certificates): a speciality in text stays text."""
    found = {a.speciality: a.speciality_code for a in w.accreditations if a.speciality_code}
    found |= {c.speciality: c.speciality_code for c in w.certificates if c.speciality_code}
    return found


def _organization(
    oid: str,
    kind: str,
    *,
    name: str,
    inn: str,
    ogrn: str,
    address: wire.Address,
    phone: str | None,
    email: str | None,
    version: int | None = None,
) -> dict[str, Any]:
    telecom = [{"system": "phone", "value": f"+7{phone}"}] if phone else []
    telecom += [{"system": "email", "value": email}] if email else []
    return validated(
        "Organization",
        {
            "id": oid,
            "meta": _meta("IHE.mCSD.Organization", version),
            "active": True,
            "identifier": [
                _oid(oid),
                {"system": INN, "value": inn},
                {"system": OGRN, "value": ogrn},
            ],
            "type": [_coded(wire.ORGANIZATION_TYPES, kind, ORGANIZATION_TYPE.get(kind, kind))],
            "name": name,
            "telecom": telecom or None,
            "address": [
                {
                    "use": "work",
                    "text": address.text,
                    "postalCode": address.postcode,
                    "country": "RU",
                }
            ],
        },
    )


def organization(o: wire.OrganizationView) -> dict[str, Any]:
    r = o.requisites
    return _organization(
        o.oid,
        o.type,
        name=r.name,
        inn=r.inn,
        ogrn=r.ogrn,
        address=r.legal_address,
        phone=r.phone,
        email=r.email,
        version=o.version,
    )


def organization_summary(o: wire.OrganizationSummary) -> dict[str, Any]:
    """From the public search: contacts only where the caller is signed-in staff."""
    return _organization(
        o.oid,
        o.type,
        name=o.name,
        inn=o.inn,
        ogrn=o.ogrn,
        address=o.legal_address,
        phone=o.phone,
        email=o.email,
    )


KINDS = wire.SUBDIVISION_KINDS


def location(organization_oid: str, s: wire.Subdivision, today: date) -> dict[str, Any]:
    return validated(
        "Location",
        {
            "id": s.oid,
            "meta": _meta("IHE.mCSD.Location"),
            "identifier": [_oid(s.oid)],
            "status": "inactive" if s.closed_on and s.closed_on <= today else "active",
            "name": s.name,
            "mode": "instance",
            "type": [
                _coded(wire.SUBDIVISION_KINDS, s.kind_code, s.kind)
                if s.kind_code
                else _text(s.kind)
            ],
            "managingOrganization": {"reference": f"Organization/{organization_oid}"},
        },
    )


def organization_of_location(location_id: str) -> str:
    """A subdivision's OID is its organization's, `.0.` and a number (FRMO numbers them so)."""
    return location_id.rsplit(".0.", 1)[0]

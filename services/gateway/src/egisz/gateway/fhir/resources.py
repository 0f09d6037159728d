"""The register as IHE mCSD resources (FHIR R4B models of `fhir.resources`): FRMR people as
Practitioner, their jobs as PractitionerRole, FRMO organizations as Organization and their
subdivisions as Location. Pure: contracts' views in, validated resources (JSON-ready dicts) out.

What a resource shows is what the view it is built from shows: the registry scopes each view by
the caller's role, and the public view has no personal data to map."""

from __future__ import annotations

from datetime import date
from typing import Any

from fhir.resources.R4B.location import Location
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.practitioner import Practitioner
from fhir.resources.R4B.practitionerrole import PractitionerRole
from fhir.resources.R4B.resource import Resource

from egisz.contracts import registry as wire

SNILS = "urn:oid:1.2.643.100.3"
INN = "urn:oid:1.2.643.100.4"
OGRN = "urn:oid:1.2.643.100.1"
URI = "urn:ietf:rfc:3986"  # an OID as `urn:oid:…`: FHIR's way to name an organization by OID
WORKER_ID = "urn:egisz:frmr:worker-id"
MCSD = "https://profiles.ihe.net/ITI/mCSD/StructureDefinition/"

MODELS: dict[str, type[Resource]] = {
    "Practitioner": Practitioner,
    "PractitionerRole": PractitionerRole,
    "Organization": Organization,
    "Location": Location,
}
LEVEL = {
    "secondary_general": "Среднее общее образование",
    "secondary_professional": "Среднее профессиональное образование",
    "higher": "Высшее образование",
}
CATEGORY = {"second": "Вторая", "first": "Первая", "highest": "Высшая"}


def validated(kind: str, resource: dict[str, Any]) -> dict[str, Any]:
    """The resource checked against its FHIR model, as JSON without empty elements."""
    model = MODELS[kind].model_validate({"resourceType": kind, **resource})
    out: dict[str, Any] = model.model_dump(mode="json", exclude_none=True)
    return out


def _meta(profile: str, version: int | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"profile": [MCSD + profile]}
    if version is not None:
        meta["versionId"] = str(version)
    return meta


def _name(last: str, first: str, middle: str | None) -> list[dict[str, Any]]:
    given = [first, middle] if middle else [first]
    return [{"use": "official", "family": last, "given": given, "text": " ".join([last, *given])}]


def _text(value: str) -> dict[str, str]:
    return {"text": value}


def _oid(oid: str) -> dict[str, str]:
    return {"system": URI, "value": f"urn:oid:{oid}"}


def role_id(worker_id: str, employment_id: str) -> str:
    """A job's resource id: the person's id and the random tail of the job's id (ids are 32 hex
    digits, the first 12 a time) — within 64 characters, and readable without another index."""
    return f"{worker_id}-{employment_id[12:]}"


def practitioner(w: wire.WorkerView) -> dict[str, Any]:
    """A person as the caller may see them (the registry has already scoped the view)."""
    telecom = []
    if w.contacts.email:
        telecom.append({"system": "email", "value": w.contacts.email})
    if w.contacts.phone:
        telecom.append({"system": "phone", "value": f"+7{w.contacts.phone}"})
    addresses = [
        {"use": use, "text": a.text, "postalCode": a.postcode, "country": "RU"}
        for use, a in (("home", w.registration_address), ("temp", w.actual_address))
        if a is not None
    ]
    qualification = [
        {
            "identifier": [{"value": e.document_number}],
            "code": _text(f"{LEVEL.get(e.level, e.level)}: {e.speciality}"),
            "period": {"start": e.document_date.isoformat()},
            "issuer": {"display": e.institution},
        }
        for e in w.education
    ]
    qualification += [
        {
            "identifier": [{"value": c.number}],
            "code": _text(f"Сертификат специалиста: {c.speciality}"),
            "period": {"start": c.issued_on.isoformat(), "end": c.valid_until.isoformat()},
            "issuer": {"display": c.issuer},
        }
        for c in w.certificates
    ]
    qualification += _accreditations(
        (a.speciality, a.passed_on, a.valid_until) for a in w.accreditations
    )
    qualification += [
        {
            "code": _text(f"{CATEGORY[c.category]} квалификационная категория: {c.speciality}"),
            "period": {"start": c.assigned_on.isoformat()},
        }
        for c in w.categories
    ]
    return validated(
        "Practitioner",
        {
            "id": w.worker_id,
            "meta": _meta("IHE.mCSD.Practitioner", w.version),
            "active": w.review == "active",
            "identifier": [
                {"use": "official", "system": SNILS, "value": w.snils},
                {"system": WORKER_ID, "value": w.worker_id},
            ],
            "name": _name(w.last_name, w.first_name, w.middle_name),
            "gender": w.sex,
            "birthDate": w.birth_date.isoformat(),
            "telecom": telecom or None,
            "address": addresses or None,
            "qualification": qualification or None,
        },
    )


def _accreditations(found: Any) -> list[dict[str, Any]]:
    return [
        {
            "code": _text(f"Аккредитация специалиста: {speciality}"),
            "period": {"start": passed.isoformat() if passed else None, "end": until.isoformat()},
        }
        for speciality, passed, until in found
    ]


def public_practitioner(p: wire.PublicPractitioner) -> dict[str, Any]:
    """What public verification shows: the name and qualifications, no personal data."""
    qualification = [
        {
            "code": _text(f"{LEVEL.get(e.level, e.level)}: {e.speciality}"),
            "period": {"start": f"{e.year}"},
            "issuer": {"display": e.institution},
        }
        for e in p.education
    ]
    qualification += [
        {
            "code": _text(f"Сертификат специалиста: {c.speciality}"),
            "period": {"end": c.valid_until.isoformat()},
            "issuer": {"display": c.issuer},
        }
        for c in p.certificates
    ]
    qualification += _accreditations((a.speciality, None, a.valid_until) for a in p.accreditations)
    qualification += [
        {
            "code": _text(f"{CATEGORY[c.category]} квалификационная категория: {c.speciality}"),
            "period": {"start": f"{c.year}"},
        }
        for c in p.categories
    ]
    return validated(
        "Practitioner",
        {
            "id": p.worker_id,
            "meta": _meta("IHE.mCSD.Practitioner"),
            "active": True,
            "identifier": [{"system": WORKER_ID, "value": p.worker_id}],
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
            "identifier": [
                {"use": "official", "system": SNILS, "value": s.snils},
                {"system": WORKER_ID, "value": s.worker_id},
            ],
            "name": _name(s.last_name, s.first_name, s.middle_name),
        },
    )


def practitioner_role(
    worker_id: str,
    display: str,
    job: wire.EmploymentRecord,
    specialities: list[str],
    today: date,
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
            "code": [_text(job.position)],
            "specialty": [_text(s) for s in specialities] or None,
        },
    )


def roles_of(w: wire.WorkerView, today: date) -> list[dict[str, Any]]:
    specialities = list(
        dict.fromkeys(
            [a.speciality for a in w.accreditations]
            + [c.speciality for c in w.certificates if c.valid_until >= today]
        )
    )
    display = " ".join(filter(None, [w.last_name, w.first_name, w.middle_name]))
    return [practitioner_role(w.worker_id, display, j, specialities, today) for j in w.employments]


def staff_roles(s: wire.StaffEntry, today: date) -> list[dict[str, Any]]:
    display = " ".join(filter(None, [s.last_name, s.first_name, s.middle_name]))
    return [practitioner_role(s.worker_id, display, j, s.specialities, today) for j in s.jobs]


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
            "type": [_text(kind)],
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
            "type": [_text(s.kind)],
            "managingOrganization": {"reference": f"Organization/{organization_oid}"},
        },
    )


def organization_of_location(location_id: str) -> str:
    """A subdivision's OID is its organization's, `.0.` and a number (FRMO numbers them so)."""
    return location_id.rsplit(".0.", 1)[0]

"""FRMR's people as the directory shows them to anyone: a Practitioner (the name, the FRMR id,
qualifications without a document's number or exact date — seed 002's public view) and a
PractitionerRole per job (position, specialties, organization, subdivision, period). Personal
data (SNILS, birth date, sex, contacts, addresses) is never here: the registry adds it to a
current read for a caller who sees it (`frmr/domain/visibility.py`). Pure."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from egisz.kernel.standing import StandingStatus
from egisz.registry.directory.domain import keys
from egisz.registry.directory.domain.records import Record
from egisz.registry.directory.domain.values import coded, concept_keys
from egisz.registry.domain.coding import POSITIONS, QUALIFICATION_CATEGORIES, SPECIALITIES
from egisz.registry.frmr.domain.model import Worker
from egisz.registry.frmr.domain.parts import AccreditationRecord, EmploymentRecord, ReviewStatus

WORKER_ID = "urn:egisz:frmr:worker-id"
EMPLOYMENT_ID = WORKER_ID + ":employment"

LEVEL = {
    "secondary_general": "Среднее общее образование",
    "secondary_professional": "Среднее профессиональное образование",
    "higher": "Высшее образование",
    "internship": "Интернатура",
    "residency": "Ординатура",
    "advanced_training": "Повышение квалификации",
    "retraining": "Профессиональная переподготовка",
}
CATEGORY = {"second": "Вторая", "first": "Первая", "highest": "Высшая"}


def of_worker(w: Worker, today: date) -> list[Record]:
    """The person and each job; nothing for a record waiting in duplicate review (public
    verification does not show it either) or withdrawn."""
    if w.review is not ReviewStatus.ACTIVE:
        return []
    display = full_name(w.name.last, w.name.first, w.name.middle)
    codes = speciality_codes(w)
    specialities = w.public_specialities(today)
    roles = [role(w.id, display, job, specialities, codes, today) for job in w.employments]
    return [practitioner(w, today), *roles]


def full_name(last: str, first: str, middle: str | None) -> str:
    return " ".join(filter(None, [last, first, middle]))


def practitioner(w: Worker, today: date) -> Record:
    n = w.name
    given = [n.first, n.middle] if n.middle else [n.first]
    qualification = _qualifications(w, today)
    resource: dict[str, Any] = {
        "identifier": [{"system": WORKER_ID, "value": w.id}],
        "active": True,
        "name": [
            {
                "use": "official",
                "family": n.last,
                "given": given,
                "text": full_name(n.last, n.first, n.middle),
            }
        ],
    }
    if qualification:
        resource["qualification"] = qualification
    return Record(
        "Practitioner",
        w.id,
        resource,
        {
            "identifier": keys.token(WORKER_ID, w.id),
            "name": keys.word_starts(n.last, n.first, n.middle),
            "family": keys.word_starts(n.last),
            "given": keys.word_starts(n.first, n.middle),
            "active": keys.flag(True),
        },
        _next_change(w, today),
    )


def role_id(worker_id: str, employment_id: str) -> str:
    """A job's resource id: the person's id and the random tail of the job's id (ids are 32 hex
    digits, the first 12 a time) — within 64 characters, and readable without another index."""
    return f"{worker_id}-{employment_id[12:]}"


def role(
    worker_id: str,
    display: str,
    job: EmploymentRecord,
    specialities: list[str],
    codes: dict[str, str],
    today: date,
) -> Record:
    """One job: where, as what, since and until when, and what the person practises."""
    active = job.start_date <= today and (job.end_date is None or job.end_date >= today)
    period = {"start": job.start_date.isoformat()}
    if job.end_date:
        period["end"] = job.end_date.isoformat()
    position = coded(POSITIONS, job.position_code, job.position)
    specialty = [coded(SPECIALITIES, codes.get(s), s) for s in specialities]
    resource: dict[str, Any] = {
        "identifier": [{"system": EMPLOYMENT_ID, "value": job.id}],
        "active": active,
        "period": period,
        "practitioner": {"reference": f"Practitioner/{worker_id}", "display": display},
        "organization": {"reference": f"Organization/{job.organization_oid}"},
        "code": [position],
    }
    if job.subdivision_oid:
        resource["location"] = [{"reference": f"Location/{job.subdivision_oid}"}]
    if specialty:
        resource["specialty"] = specialty
    return Record(
        "PractitionerRole",
        role_id(worker_id, job.id),
        resource,
        {
            "identifier": keys.token(EMPLOYMENT_ID, job.id),
            "active": keys.flag(active),
            "practitioner": [worker_id],
            "organization": [job.organization_oid],
            "location": [job.subdivision_oid] if job.subdivision_oid else [],
            "role": concept_keys([position]),
            "specialty": concept_keys(specialty),
        },
    )


def speciality_codes(w: Worker) -> dict[str, str]:
    """The book's code of each speciality the record names by code (accreditations,
    certificates): a speciality in text stays text."""
    found = {a.speciality: a.speciality_code for a in w.accreditations if a.speciality_code}
    found |= {c.speciality: c.speciality_code for c in w.certificates if c.speciality_code}
    return found


def _qualification(
    title: str, codes: list[dict[str, Any]], *, start: str | None = None, end: date | None = None
) -> dict[str, Any]:
    coding = [c for concept in codes for c in concept.get("coding", [])]
    out: dict[str, Any] = {"code": {"coding": coding, "text": title} if coding else {"text": title}}
    period = {k: v for k, v in (("start", start), ("end", end and end.isoformat())) if v}
    if period:
        out["period"] = period
    return out


# FHIR R4's qualification has no status: an extension says what the accreditation is today.
STANDING = "https://egisz.rosminzdrav.ru/fhir/StructureDefinition/qualification-standing"


def accreditation_qualification(a: AccreditationRecord, today: date) -> dict[str, Any]:
    """Its term as the period (ended early by a revocation), and its standing today — active,
    suspended (since, until, why), revoked, expired — as an extension."""
    standing = a.standing_on(today)
    end = a.valid_until
    if standing.status is StandingStatus.REVOKED and standing.since:
        end = standing.since - timedelta(days=1)
    out = _qualification(
        f"Аккредитация специалиста: {a.speciality}",
        [coded(SPECIALITIES, a.speciality_code, a.speciality)],
        start=a.passed_on.isoformat(),
        end=end,
    )
    parts: list[dict[str, Any]] = [{"url": "status", "valueCode": standing.status.value}]
    if standing.status in (StandingStatus.SUSPENDED, StandingStatus.REVOKED):
        held = {"start": standing.since.isoformat() if standing.since else None}
        held |= {"end": standing.until.isoformat()} if standing.until else {}
        parts.append({"url": "period", "valuePeriod": {k: v for k, v in held.items() if v}})
        parts.append({"url": "reason", "valueString": standing.reason or ""})
    out["extension"] = [{"url": STANDING, "extension": parts}]
    return out


def _qualifications(w: Worker, today: date) -> list[dict[str, Any]]:
    """Diplomas, certificates, accreditations and categories as public verification shows them:
    a year or a validity, no document's number or exact date."""
    q = _qualification
    out = [
        q(
            f"{LEVEL.get(e.level, e.level)}: {e.speciality}",
            [coded(SPECIALITIES, e.speciality_code, e.speciality)],
            start=str(e.document_date.year),
        )
        for e in w.education
    ]
    out += [
        q(
            f"Сертификат специалиста: {c.speciality}",
            [coded(SPECIALITIES, c.speciality_code, c.speciality)],
            end=c.valid_until,
        )
        for c in w.certificates
    ]
    out += [accreditation_qualification(a, today) for a in w.accreditations]
    out += [
        q(
            f"{CATEGORY[k.category]} квалификационная категория: {k.speciality}",
            [
                coded(
                    QUALIFICATION_CATEGORIES,
                    k.category,
                    f"{CATEGORY[k.category].lower()} квалификационная категория",
                ),
                coded(SPECIALITIES, k.speciality_code, k.speciality),
            ],
            start=str(k.assigned_on.year),
        )
        for k in w.categories
    ]
    return out


def _next_change(w: Worker, today: date) -> date | None:
    """The first day after today on which the record reads otherwise with no event: a job
    starts or ends, a certificate lapses (its speciality leaves the roles), an accreditation's
    term or a suspension of it begins or ends."""
    day = timedelta(days=1)
    days = [j.start_date for j in w.employments]
    days += [j.end_date + day for j in w.employments if j.end_date]
    days += [c.valid_until + day for c in w.certificates]
    for a in w.accreditations:  # its term ends, a suspension begins or ends
        days += [a.valid_until + day, *(c.effective_from for c in a.standing)]
        days += [c.until + day for c in a.standing if c.until]
    later = [d for d in days if d > today]
    return min(later) if later else None


SNILS = "urn:oid:1.2.643.100.3"


def with_personal_data(resource: dict[str, Any], w: Worker) -> dict[str, Any]:
    """A Practitioner as one who sees the person's personal data reads it (the registry decides
    who: `frmr/domain/visibility.py`): SNILS, birth date, sex, contacts and addresses added."""
    out = dict(resource)
    out["identifier"] = [
        {"use": "official", "system": SNILS, "value": w.snils},
        *resource["identifier"],
    ]
    if w.personal.sex is not None:
        out["gender"] = w.personal.sex.value
    out["birthDate"] = w.personal.birth_date.isoformat()
    telecom = [{"system": "email", "value": w.contacts.email}] if w.contacts.email else []
    telecom += [{"system": "phone", "value": f"+7{w.contacts.phone}"}] if w.contacts.phone else []
    if telecom:
        out["telecom"] = telecom
    addresses = [
        {"use": use, "text": a.text, "country": "RU"}
        | ({"postalCode": a.postcode} if a.postcode else {})
        for use, a in (("home", w.registration_address), ("temp", w.actual_address))
        if a is not None
    ]
    if addresses:
        out["address"] = addresses
    return out

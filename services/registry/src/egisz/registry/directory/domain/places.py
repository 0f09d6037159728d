"""FRMO's organizations as the directory shows them to anyone: an Organization (OID, ИНН, ОГРН,
type, legal address), a Location per subdivision, and HealthcareServices — what the
organization is licensed to do (one per licence) and its beds (one per subdivision and bed
profile). An organization's phone and e-mail stay with the register, as its public search
keeps them. Pure."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

from egisz.registry.directory.domain import keys
from egisz.registry.directory.domain.records import Record
from egisz.registry.domain.coding import BED_PROFILES, ORGANIZATION_TYPES, SUBDIVISION_KINDS
from egisz.registry.frmo.domain.organization import Organization
from egisz.registry.frmo.domain.requisites import Licence
from egisz.registry.frmo.domain.structure import Subdivision

INN = "urn:oid:1.2.643.100.4"
OGRN = "urn:oid:1.2.643.100.1"
URI = "urn:ietf:rfc:3986"  # an OID as `urn:oid:…`: FHIR's way to name an organization by OID
LICENCE = "urn:egisz:frmo:licence"
# The organization types' book (`registry/nsi/starter/organization_types.json`, a test holds
# them equal): FRMO's `type` is its code.
ORGANIZATION_TYPE = {
    "medical": "Медицинская организация",
    "insurance": "Страховая медицинская организация",
    "educational": "Образовательная организация (подготовка медицинских кадров)",
    "research": "Научная организация",
}


def of_organization(o: Organization, today: date) -> list[Record]:
    beds = [bed_service(o.oid, s, profile, today) for s in o.subdivisions for profile in s.beds]
    return [
        organization(o, today),
        *(location(o.oid, s, today) for s in o.subdivisions),
        *(licensed_service(o.oid, lic, today) for lic in o.licences),
        *beds,
    ]


def coded(book: str, code: str | None, name: str) -> dict[str, Any]:
    if code is None:
        return {"text": name}
    return {"coding": [{"system": f"urn:oid:{book}", "code": code, "display": name}], "text": name}


def token_keys(concepts: list[dict[str, Any]]) -> list[str]:
    return keys.tokens(
        (c["system"], c["code"]) for concept in concepts for c in concept.get("coding", [])
    )


def _oid(oid: str) -> dict[str, str]:
    return {"system": URI, "value": f"urn:oid:{oid}"}


def organization(o: Organization, today: date) -> Record:
    r = o.requisites
    kind = coded(ORGANIZATION_TYPES, o.type.value, ORGANIZATION_TYPE.get(o.type.value, o.type))
    address = {"use": "work", "type": "physical", "text": r.legal_address.text, "country": "RU"}
    if r.legal_address.postcode:
        address["postalCode"] = r.legal_address.postcode
    identifiers = [_oid(o.oid), {"system": INN, "value": r.inn}, {"system": OGRN, "value": r.ogrn}]
    resource = {
        "identifier": identifiers,
        "active": True,
        "type": [kind],
        "name": r.name,
        "address": [address],
    }
    return Record(
        "Organization",
        o.oid,
        resource,
        {
            "identifier": [*keys.tokens((i["system"], i["value"]) for i in identifiers), o.oid],
            "name": keys.word_starts(r.name),
            "type": token_keys([kind]),
            "partof": [],
            "active": keys.flag(True),
        },
        _next_change(o, today),
    )


def location(organization_oid: str, s: Subdivision, today: date) -> Record:
    status = "active" if s.open_on(today) else "inactive"
    kind = coded(SUBDIVISION_KINDS, s.kind_code, s.kind)
    resource = {
        "identifier": [_oid(s.oid)],
        "status": status,
        "name": s.name,
        "mode": "instance",
        "type": [kind],
        "managingOrganization": {"reference": f"Organization/{organization_oid}"},
    }
    return Record(
        "Location",
        s.oid,
        resource,
        {
            "identifier": [*keys.token(URI, f"urn:oid:{s.oid}"), s.oid],
            "name": keys.word_starts(s.name),
            "organization": [organization_oid],
            "partof": [],
            "status": [status],
            "type": token_keys([kind]),
        },
    )


def _short(text: str) -> str:
    """Eight hex digits standing for a text in an id (ids are at most 64 characters)."""
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def licensed_service(organization_oid: str, lic: Licence, today: date) -> Record:
    """What one licence lets the organization do: its activities, while it is in force."""
    active = lic.valid_until is None or lic.valid_until >= today
    activities = [{"text": a} for a in lic.activities]
    resource: dict[str, Any] = {
        "identifier": [{"system": LICENCE, "value": lic.number}],
        "active": active,
        "providedBy": {"reference": f"Organization/{organization_oid}"},
        "category": [{"text": "Лицензированная медицинская деятельность"}],
        "type": activities,
        "name": f"Лицензия № {lic.number}",
    }
    return Record(
        "HealthcareService",
        f"{organization_oid}-l{_short(lic.number)}",
        resource,
        {
            "identifier": keys.token(LICENCE, lic.number),
            "active": keys.flag(active),
            "name": keys.word_starts(resource["name"], *lic.activities),
            "organization": [organization_oid],
            "location": [],
            "service-type": [],
        },
    )


def bed_service(organization_oid: str, s: Subdivision, profile: str, today: date) -> Record:
    """A subdivision's beds of one profile (their count in `extraDetails`), while it is open."""
    kind = coded(BED_PROFILES, s.bed_codes.get(profile), profile)
    active = s.open_on(today)
    resource: dict[str, Any] = {
        "active": active,
        "providedBy": {"reference": f"Organization/{organization_oid}"},
        "category": [{"text": "Койки"}],
        "type": [kind],
        "location": [{"reference": f"Location/{s.oid}"}],
        "name": f"{profile}: {s.name}",
        "extraDetails": f"Коек: {s.beds[profile]}",
    }
    return Record(
        "HealthcareService",
        f"{s.oid}-b{_short(profile)}",
        resource,
        {
            "identifier": [],
            "active": keys.flag(active),
            "name": keys.word_starts(profile, s.name),
            "organization": [organization_oid],
            "location": [s.oid],
            "service-type": token_keys([kind]),
        },
    )


def _next_change(o: Organization, today: date) -> date | None:
    """The first day after today on which the organization reads otherwise with no event: a
    licence lapses, a subdivision closes."""
    days = [lic.valid_until + timedelta(days=1) for lic in o.licences if lic.valid_until]
    days += [s.closed_on for s in o.subdivisions if s.closed_on]
    later = [d for d in days if d > today]
    return min(later) if later else None

"""FRMO's organizations as the directory shows them to anyone: an Organization (OID, ИНН, ОГРН,
its type and institution type, its legal and actual addresses), a branch as an Organization
`partOf` its parent, and Locations — the organization's and each branch's site (with the
address and, where known, coordinates for `near`) and each subdivision, `partOf` the site.
What it provides is in `services.py`, its affiliations and endpoints in `links.py`. An
organization's phone and e-mail stay with the register, as its public search keeps them. Pure."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from egisz.registry.directory.domain import keys
from egisz.registry.directory.domain.links import affiliation, endpoint
from egisz.registry.directory.domain.records import Record
from egisz.registry.directory.domain.services import bed_service, licensed_service
from egisz.registry.directory.domain.values import (
    coded,
    concept_keys,
    oid_identifier,
    oid_keys,
    reference,
)
from egisz.registry.domain.coding import INSTITUTION_TYPES, ORGANIZATION_TYPES, SUBDIVISION_KINDS
from egisz.registry.frmo.domain.network import Branch, Site
from egisz.registry.frmo.domain.organization import Organization
from egisz.registry.frmo.domain.structure import Subdivision

INN = "urn:oid:1.2.643.100.4"
OGRN = "urn:oid:1.2.643.100.1"
# The organization types' book (`registry/nsi/starter/organization_types.json`, a test holds
# them equal): FRMO's `type` is its code.
ORGANIZATION_TYPE = {
    "medical": "Медицинская организация",
    "insurance": "Страховая медицинская организация",
    "educational": "Образовательная организация (подготовка медицинских кадров)",
    "research": "Научная организация",
}


def of_organization(o: Organization, today: date) -> list[Record]:
    """Every resource an organization's record makes."""
    site = o.oid if o.actual_site else None
    sites = {b.oid for b in o.branches} | ({o.oid} if site else set())
    made = [organization(o, today)]
    made += [branch(o, b, today) for b in o.branches]
    if o.actual_site is not None:
        made.append(site_location(o.oid, o.requisites.name, o.actual_site, None, True))
    made += [
        site_location(b.oid, b.name, b.site, _parent_site(b, sites), b.open_on(today))
        for b in o.branches
    ]
    made += [location(o.oid, s, site, today) for s in o.subdivisions]
    made += [licensed_service(o.oid, lic, site, today) for lic in o.licences]
    made += [bed_service(o.oid, s, p, today) for s in o.subdivisions for p in s.beds]
    made += [affiliation(o.oid, a, today) for a in o.affiliations]
    made += [endpoint(o.oid, e) for e in o.information_systems]
    return made


def _parent_site(b: Branch, sites: set[str]) -> str | None:
    return b.parent_oid if b.parent_oid in sites else None


def _address(site: Site, kind: str = "physical") -> dict[str, Any]:
    out = {"use": "work", "type": kind, "text": site.address.text, "country": "RU"}
    if site.address.postcode:
        out["postalCode"] = site.address.postcode
    return out


def organization(o: Organization, today: date) -> Record:
    r = o.requisites
    kinds = [coded(ORGANIZATION_TYPES, o.type.value, ORGANIZATION_TYPE.get(o.type, o.type))]
    if o.institution_type is not None:
        t = o.institution_type
        kinds.append(coded(INSTITUTION_TYPES, t.code, t.name))
    addresses = [_address(Site(r.legal_address), "postal")]
    if o.actual_site is not None:
        addresses.append(_address(o.actual_site))
    identifiers = [oid_identifier(o.oid), {"system": INN, "value": r.inn}]
    identifiers.append({"system": OGRN, "value": r.ogrn})
    resource: dict[str, Any] = {
        "identifier": identifiers,
        "active": True,
        "type": kinds,
        "name": r.name,
        "address": addresses,
    }
    endpoints = [reference("Endpoint", f"{o.oid}-e{e.id[:8]}") for e in o.information_systems]
    if endpoints:
        resource["endpoint"] = endpoints
    return Record(
        "Organization",
        o.oid,
        resource,
        {
            "identifier": [*keys.tokens((i["system"], i["value"]) for i in identifiers), o.oid],
            "name": keys.word_starts(r.name),
            "type": concept_keys(kinds),
            "partof": [],
            "active": keys.flag(True),
        },
        _next_change(o, today),
    )


def branch(o: Organization, b: Branch, today: date) -> Record:
    """A branch: an Organization of its own, part of its parent."""
    active = b.open_on(today)
    kind = coded(ORGANIZATION_TYPES, o.type.value, ORGANIZATION_TYPE.get(o.type, o.type))
    resource = {
        "identifier": [oid_identifier(b.oid)],
        "active": active,
        "type": [kind],
        "name": b.name,
        "address": [_address(b.site)],
        "partOf": reference("Organization", b.parent_oid),
    }
    return Record(
        "Organization",
        b.oid,
        resource,
        {
            "identifier": oid_keys(b.oid),
            "name": keys.word_starts(b.name),
            "type": concept_keys([kind]),
            "partof": [b.parent_oid],
            "active": keys.flag(active),
        },
    )


def site_location(oid: str, name: str, site: Site, part_of: str | None, active: bool) -> Record:
    """Where an organization or a branch works: its address and, where known, coordinates."""
    status = "active" if active else "inactive"
    resource: dict[str, Any] = {
        "identifier": [oid_identifier(oid)],
        "status": status,
        "name": name,
        "mode": "instance",
        "physicalType": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/location-physical-type",
                    "code": "si",
                    "display": "Site",
                }
            ]
        },
        "address": _address(site),
        "managingOrganization": reference("Organization", oid),
    }
    near: list[str] = []
    if site.latitude is not None and site.longitude is not None:
        resource["position"] = {"latitude": site.latitude, "longitude": site.longitude}
        near = [f"{site.latitude},{site.longitude}"]
    if part_of is not None:
        resource["partOf"] = reference("Location", part_of)
    return Record(
        "Location",
        oid,
        resource,
        {
            "identifier": oid_keys(oid),
            "name": keys.word_starts(name, site.address.text),
            "organization": [oid],
            "partof": [part_of] if part_of else [],
            "status": [status],
            "type": [],
            "near": near,
        },
    )


def location(organization_oid: str, s: Subdivision, site: str | None, today: date) -> Record:
    """A subdivision, part of the organization's site where FRMO knows it."""
    status = "active" if s.open_on(today) else "inactive"
    kind = coded(SUBDIVISION_KINDS, s.kind_code, s.kind)
    resource: dict[str, Any] = {
        "identifier": [oid_identifier(s.oid)],
        "status": status,
        "name": s.name,
        "mode": "instance",
        "type": [kind],
        "managingOrganization": reference("Organization", organization_oid),
    }
    if site is not None:
        resource["partOf"] = reference("Location", site)
    return Record(
        "Location",
        s.oid,
        resource,
        {
            "identifier": oid_keys(s.oid),
            "name": keys.word_starts(s.name),
            "organization": [organization_oid],
            "partof": [site] if site else [],
            "status": [status],
            "type": concept_keys([kind]),
            "near": [],
        },
    )


def _next_change(o: Organization, today: date) -> date | None:
    """The first day after today on which the organization reads otherwise with no event: a
    licence lapses, a subdivision or a branch closes, an affiliation begins or ends."""
    day = timedelta(days=1)
    days = [lic.valid_until + day for lic in o.licences if lic.valid_until]
    days += [s.closed_on for s in o.subdivisions if s.closed_on]
    days += [b.closed_on for b in o.branches if b.closed_on]
    days += [a.start for a in o.affiliations] + [a.end + day for a in o.affiliations if a.end]
    later = [d for d in days if d > today]
    return min(later) if later else None

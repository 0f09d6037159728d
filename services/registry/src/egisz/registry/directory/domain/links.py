"""How an organization joins others, as the directory shows it: an OrganizationAffiliation for
each affiliation FRMO records (a clinical base of a university, a body under its founder),
active while its period lasts, and an Endpoint for each of its information systems. Pure."""

from __future__ import annotations

from datetime import date
from typing import Any

from egisz.registry.directory.domain import keys
from egisz.registry.directory.domain.records import Record
from egisz.registry.directory.domain.values import reference
from egisz.registry.frmo.domain.network import Affiliation, InformationSystem

AFFILIATION = "urn:egisz:frmo:affiliation"
AFFILIATION_ROLE = "urn:egisz:frmo:affiliation-role"
ENDPOINT = "urn:egisz:frmo:endpoint"
CONNECTION = "http://terminology.hl7.org/CodeSystem/endpoint-connection-type"
PAYLOAD = "http://terminology.hl7.org/CodeSystem/endpoint-payload-type"


def affiliation(oid: str, a: Affiliation, today: date) -> Record:
    active = a.active_on(today)
    period = {"start": a.start.isoformat()} | ({"end": a.end.isoformat()} if a.end else {})
    role = {"system": AFFILIATION_ROLE, "code": a.role.value, "display": a.role.label}
    resource: dict[str, Any] = {
        "identifier": [{"system": AFFILIATION, "value": a.id}],
        "active": active,
        "period": period,
        "organization": reference("Organization", a.primary_oid),
        "participatingOrganization": reference("Organization", oid),
        "code": [{"coding": [role], "text": a.role.label}],
    }
    return Record(
        "OrganizationAffiliation",
        f"{oid}-a{a.id[:8]}",
        resource,
        {
            "identifier": keys.token(AFFILIATION, a.id),
            "active": keys.flag(active),
            "participating-organization": [oid],
            "primary-organization": [a.primary_oid],
            "role": keys.token(AFFILIATION_ROLE, a.role.value),
            "date": [f"{a.start.isoformat()}|{a.end.isoformat() if a.end else ''}"],
        },
    )


def endpoint(oid: str, e: InformationSystem) -> Record:
    status = "active" if e.active else "off"
    resource: dict[str, Any] = {
        "identifier": [{"system": ENDPOINT, "value": e.id}],
        "status": status,
        "connectionType": {"system": CONNECTION, "code": e.connection},
        "name": e.name,
        "managingOrganization": reference("Organization", oid),
        "payloadType": [{"coding": [{"system": PAYLOAD, "code": "any", "display": "Any"}]}],
        "address": e.address,
    }
    return Record(
        "Endpoint",
        f"{oid}-e{e.id[:8]}",
        resource,
        {
            "identifier": keys.token(ENDPOINT, e.id),
            "organization": [oid],
            "status": [status],
        },
    )

"""What an organization provides, as HealthcareServices: one per licence (its activities,
while it is in force) and one per subdivision and bed profile (the bed profiles' book; the
count in `extraDetails`, while the subdivision is open). Pure."""

from __future__ import annotations

from datetime import date
from typing import Any

from egisz.registry.directory.domain import keys
from egisz.registry.directory.domain.records import Record
from egisz.registry.directory.domain.values import coded, concept_keys, reference, short
from egisz.registry.domain.coding import BED_PROFILES
from egisz.registry.frmo.domain.requisites import Licence
from egisz.registry.frmo.domain.structure import Subdivision

LICENCE = "urn:egisz:frmo:licence"


def licensed_service(oid: str, lic: Licence, site: str | None, today: date) -> Record:
    """What one licence lets the organization do, where it works, while in force."""
    active = lic.valid_until is None or lic.valid_until >= today
    resource: dict[str, Any] = {
        "identifier": [{"system": LICENCE, "value": lic.number}],
        "active": active,
        "providedBy": reference("Organization", oid),
        "category": [{"text": "Лицензированная медицинская деятельность"}],
        "type": [{"text": a} for a in lic.activities],
        "name": f"Лицензия № {lic.number}",
    }
    if site is not None:
        resource["location"] = [reference("Location", site)]
    return Record(
        "HealthcareService",
        f"{oid}-l{short(lic.number)}",
        resource,
        {
            "identifier": keys.token(LICENCE, lic.number),
            "active": keys.flag(active),
            "name": keys.word_starts(resource["name"], *lic.activities),
            "organization": [oid],
            "location": [site] if site else [],
            "service-type": [],
        },
    )


def bed_service(oid: str, s: Subdivision, profile: str, today: date) -> Record:
    """A subdivision's beds of one profile (their count in `extraDetails`), while it is open."""
    kind = coded(BED_PROFILES, s.bed_codes.get(profile), profile)
    active = s.open_on(today)
    resource: dict[str, Any] = {
        "active": active,
        "providedBy": reference("Organization", oid),
        "category": [{"text": "Койки"}],
        "type": [kind],
        "location": [reference("Location", s.oid)],
        "name": f"{profile}: {s.name}",
        "extraDetails": f"Коек: {s.beds[profile]}",
    }
    return Record(
        "HealthcareService",
        f"{s.oid}-b{short(profile)}",
        resource,
        {
            "identifier": [],
            "active": keys.flag(active),
            "name": keys.word_starts(profile, s.name),
            "organization": [oid],
            "location": [s.oid],
            "service-type": concept_keys([kind]),
        },
    )

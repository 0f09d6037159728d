"""Samples of FRMO's sites and links: profile, branches, affiliations, endpoints."""

from __future__ import annotations

from datetime import date
from typing import Any

ORG = "1.2.643.5.1.13.13.12.2.77.1"
SITE = {
    "postcode": "101000",
    "text": "Москва, ул. Тверская, 1",
    "latitude": 55.76,
    "longitude": 37.61,
}
NETWORK_SAMPLES: dict[str, dict[str, Any]] = {
    "SetOrganizationProfile": {"actual_address": SITE, "institution_type_code": "1.10"},
    "AddBranch": {"name": "Филиал № 1", "address": SITE, "parent_oid": None},
    "UpdateBranch": {"branch_oid": f"{ORG}.1.1", "name": "Филиал № 1", "address": SITE},
    "CloseBranch": {"branch_oid": f"{ORG}.1.1", "closed_on": date(2026, 12, 31)},
    "AddAffiliation": {
        "primary_oid": "1.2.643.5.1.13.13.12.2.77.2",
        "role": "clinical_base",
        "start_date": date(2026, 1, 1),
        "end_date": None,
    },
    "EndAffiliation": {"affiliation_id": "a1", "end_date": date(2026, 12, 31)},
    "SetEndpoint": {
        "endpoint_id": None,
        "name": "МИС поликлиники",
        "address": "https://mis.gp7.example.ru/fhir",
        "connection_type": "hl7-fhir-rest",
        "active": True,
    },
    "RemoveEndpoint": {"endpoint_id": "e1"},
}

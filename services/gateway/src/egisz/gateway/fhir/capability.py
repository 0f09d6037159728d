"""What this FHIR server does, as a CapabilityStatement, read off the contracts' table of the
directory's search parameters (the one the registry reads them by)."""

from __future__ import annotations

import functools
from typing import Any

from fhir.resources.R4B import get_fhir_model_class

from egisz.contracts.registry.directory import REFERENCE_TARGETS, RESOURCE_TYPES, SEARCH_PARAMETERS

MCSD = "https://profiles.ihe.net/ITI/mCSD/StructureDefinition/"
IHE_MCSD = "https://profiles.ihe.net/ITI/mCSD/CapabilityStatement/"
ACTORS = (
    "IHE.mCSD.CareServicesSelectiveSupplier",
    "IHE.mCSD.CareServicesUpdateSupplier",
    "IHE.mCSD.Directory",
)
# Who sees what: the register's rules, not the token's claims (docs/security.md).
SECURITY = (
    "Справочник открыт всем, без токена: организации ФРМО, их подразделения и услуги, "
    "медицинские работники (ФИО, идентификатор ФРМР, квалификация без номеров и точных дат "
    "документов) и их должности — без СНИЛС, даты рождения, пола, документов, адресов и "
    "контактов; так же _history. С токеном к Practitioner добавляется то, что регистр "
    "показывает этому лицу: сотрудник организации с доступом видит личные данные работающих у "
    "неё, сам работник — свои, служба поддержки и центр — по своим правам; поиск по СНИЛС — "
    "только с токеном и находит лишь тех, кого регистр показывает."
)
SECURITY_SECTION = {
    "cors": True,
    "service": [
        {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                    "code": "OAuth",
                }
            ],
            "text": "Bearer JWT (EdDSA) from the identity provider",
        }
    ],
    "description": SECURITY,
}
COMMON = {"_id": "token", "_lastUpdated": "date"}
DOCUMENTATION = {
    "identifier": "system|value, value, system| or |value",
    "name": "The start of any word, in any case (ё = е)",
    "near": "latitude|longitude|distance|units (km or m; 50 km by default)",
    "_lastUpdated": "eq, ne, gt, lt, ge, le, sa, eb with a day, month, year or instant",
}
INTERACTIONS = ("read", "vread", "search-type", "history-instance", "history-type")


def resource(type: str) -> dict[str, Any]:
    params = {**COMMON, **SEARCH_PARAMETERS[type]}
    return {
        "type": type,
        "profile": f"{MCSD}IHE.mCSD.{type}",
        "supportedProfile": [f"{MCSD}IHE.mCSD.{type}"],
        "interaction": [{"code": code} for code in INTERACTIONS],
        "versioning": "versioned",
        "readHistory": True,
        "searchInclude": [f"{s}:{p}" for s, p in REFERENCE_TARGETS if s == type] or None,
        "searchRevInclude": [f"{s}:{p}" for (s, p), t in REFERENCE_TARGETS.items() if t == type]
        or None,
        "searchParam": [
            {"name": name, "type": kind, "documentation": DOCUMENTATION.get(name)}
            for name, kind in params.items()
        ],
    }


@functools.lru_cache(maxsize=16)  # the same for every request to one base URL
def capability_statement(base: str) -> dict[str, Any]:
    statement = {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": "2026-12-06",
        "kind": "instance",
        "name": "EgiszWorkforceMcsd",
        "title": "ФРМР и ФРМО как справочник IHE mCSD (только чтение)",
        # mCSD's Care Services Selective Supplier (ITI-90) and Update Supplier (ITI-91), by
        # their 3.x names, and the 4.x Directory that took their place.
        "instantiates": [f"{IHE_MCSD}{actor}" for actor in ACTORS],
        "implementation": {"description": "egisz-workforce gateway", "url": base},
        "fhirVersion": "4.0.1",  # FHIR R4, which mCSD is built on
        "format": ["json"],
        "rest": [
            {
                "mode": "server",
                "documentation": "Search pages count resources (_count 0–100, next links keep "
                "their place); _summary=count and _total give a total. _history (system, type "
                "and instance) is newest first, each version whole; Bundle.meta.lastUpdated is "
                "the _since of the next sync.",
                "security": SECURITY_SECTION,
                "resource": [resource(type) for type in RESOURCE_TYPES],
                "interaction": [{"code": "history-system"}],
            }
        ],
    }
    model = get_fhir_model_class("CapabilityStatement").model_validate(statement)
    out: dict[str, Any] = model.model_dump(mode="json", exclude_none=True)
    return out

"""What this FHIR server does, as a CapabilityStatement: one table the routes read too."""

from __future__ import annotations

import functools
from typing import Any

from egisz.gateway.fhir.resources import MCSD, validated

KINDS = ("Practitioner", "PractitionerRole", "Organization", "Location")
PAGING = {"_count", "_cursor"}
# Each kind's search parameters: (name, FHIR type, what it finds).
PARAMETERS: dict[str, list[tuple[str, str, str]]] = {
    "Practitioner": [
        ("identifier", "token", "СНИЛС (urn:oid:1.2.643.100.3) — with a token; the FRMR id"),
        ("name", "string", "Whole name «Фамилия Имя Отчество» (public verification)"),
        ("family", "string", "Фамилия, with `given`"),
        ("given", "string", "Имя (and Отчество), with `family`"),
    ],
    "PractitionerRole": [
        ("practitioner", "reference", "The jobs of one person"),
        ("organization", "reference", "An organization's staff, paged"),
        ("role", "token", "The positions' book's code (urn:oid:…1002|109), with organization"),
        (
            "specialty",
            "token",
            "The specialities' book's code (urn:oid:…1066|76), with organization",
        ),
    ],
    "Organization": [
        ("identifier", "token", "OID (urn:ietf:rfc:3986|urn:oid:…), ИНН or ОГРН"),
        ("name", "string", "Words of the name"),
        ("type", "token", "The organization types' book's code (urn:oid:<its OID>|medical)"),
    ],
    "Location": [
        ("organization", "reference", "An organization's subdivisions"),
        ("type", "token", "A subdivision kinds' book code (urn:oid:<its OID>|department)"),
    ],
}
# Every kind: `_id` (the resource a read gives), `_lastUpdated` (the change feed); `active`
# where the resource has it (a Location has a status instead).
COMMON = [("_id", "token", "The resource's id: what a read of it gives, as a searchset")]
ACTIVE = [("active", "token", "true: active (a current job, a record in the register); false")]
for _kind in KINDS:
    PARAMETERS[_kind] = [*COMMON, *PARAMETERS[_kind], *(ACTIVE if _kind != "Location" else [])]
SEARCH: dict[str, set[str]] = {
    kind: {name for name, _, _ in params} | PAGING | {"_lastUpdated"}
    for kind, params in PARAMETERS.items()
}
SEARCH["PractitionerRole"].add("_include")


IHE_MCSD = "https://profiles.ihe.net/ITI/mCSD/CapabilityStatement/"
ACTORS = (
    "IHE.mCSD.CareServicesSelectiveSupplier",
    "IHE.mCSD.CareServicesUpdateSupplier",
    "IHE.mCSD.Directory",
)
# Who sees what: the register's rules, not the token's claims (docs/security.md).
SECURITY = (
    "Без токена: поиск организаций ФРМО и публичный вид медицинского работника (ФИО, "
    "специальности, аккредитация и её срок), без СНИЛС, даты рождения, документов и контактов. "
    "С токеном — то, что регистр показывает этому лицу: "
    "сотрудник организации с доступом видит записи работающих у неё, сам работник — свою, "
    "служба поддержки и службы ЕГИСЗ — по своим правам; _history и _lastUpdated — системам "
    "с токеном службы или оператора регистра."
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


@functools.lru_cache(maxsize=16)  # the same for every request to one base URL
def capability_statement(base: str) -> dict[str, Any]:
    resources = [
        {
            "type": kind,
            "supportedProfile": [f"{MCSD}IHE.mCSD.{kind}"],
            "interaction": [{"code": "read"}, {"code": "search-type"}, {"code": "history-type"}],
            "searchParam": [
                {"name": name, "type": kind_, "documentation": doc}
                for name, kind_, doc in [
                    *PARAMETERS[kind],
                    ("_lastUpdated", "date", "ge/gt an instant: from the change feed"),
                ]
            ],
            "searchInclude": ["PractitionerRole:practitioner"]
            if kind == "PractitionerRole"
            else None,
        }
        for kind in KINDS
    ]
    return validated(
        "CapabilityStatement",
        {
            "status": "active",
            "date": "2026-12-02",
            "kind": "instance",
            "name": "EgiszWorkforceMcsd",
            "title": "ФРМР и ФРМО как IHE mCSD (только чтение)",
            # mCSD's Care Services Selective Supplier (ITI-90) and Update Supplier (ITI-91), by
            # their 3.x names, and the 4.x Directory that took their place.
            "instantiates": [f"{IHE_MCSD}{actor}" for actor in ACTORS],
            "implementation": {"description": "egisz-workforce gateway", "url": base},
            "fhirVersion": "4.0.1",  # FHIR R4, which mCSD is built on
            "format": ["json"],
            "rest": [
                {
                    "mode": "server",
                    "documentation": "Bearer token as for the REST API; without one, "
                    "Practitioner is public verification's view, with no personal data. "
                    "_history and _lastUpdated read the registry's change feed (a service or "
                    "registry-operator token); each entry carries the resource as it reads now.",
                    "security": SECURITY_SECTION,
                    "resource": resources,
                    "interaction": [{"code": "history-system"}],
                }
            ],
        },
    )

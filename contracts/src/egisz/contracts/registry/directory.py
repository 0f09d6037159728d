"""The register as an IHE mCSD directory (FHIR R4): searches, reads and histories of its
resources, kept by the registry as versions.

A search carries FHIR's own parameters as the client sent them (`name`, `value`): the registry
reads them, so one home knows what each means and refuses one it cannot honour by its name. The
resources go out as FHIR JSON objects; the gateway wraps them in Bundles.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from egisz.contracts.bounds import Cursor, Id, Int, VersionNumber
from egisz.contracts.envelope import EventData, WireModel

ResourceType = Literal[
    "Practitioner",
    "PractitionerRole",
    "Organization",
    "Location",
    "HealthcareService",
    "OrganizationAffiliation",
    "Endpoint",
]
RESOURCE_TYPES: tuple[ResourceType, ...] = ResourceType.__args__  # type: ignore[attr-defined]
Method = Literal["POST", "PUT", "DELETE"]
PAGE_MAX_ENTRIES = 100  # a page's matches; what `_include` adds comes beside them


class SearchParameter(WireModel):
    name: str = Field(max_length=64, description="As in the URL: `family`, `_lastUpdated`.")
    value: str = Field(max_length=512, description="As in the URL, decoded.")


class SearchDirectory(WireModel):
    """FHIR search of one type: every parameter as sent (`_count`, `_include`, `_summary` too);
    `_cursor` from the `next` link of the page before."""

    type: ResourceType
    parameters: list[SearchParameter] = Field(default_factory=list, max_length=40)


class ReadDirectoryResource(WireModel):
    type: ResourceType
    id: Id
    version: VersionNumber | None = Field(default=None, description="A version read (`vread`).")


class DirectoryHistory(WireModel):
    """`_history` of the whole directory (no `type`), of a type, or of one resource (`id`), newest
    first; `parameters`: `_since`, `_at`, `_count`, `_cursor`."""

    type: ResourceType | None = None
    id: Id | None = None
    parameters: list[SearchParameter] = Field(default_factory=list, max_length=10)


class DirectoryEntry(WireModel):
    type: ResourceType
    id: str
    version: Int
    last_updated: datetime
    method: Method = Field(description="POST: created; PUT: changed; DELETE: gone.")
    resource: dict[str, Any] | None = Field(
        default=None, description="FHIR JSON; none for a deletion."
    )
    mode: Literal["match", "include"] = "match"


class DirectoryPage(WireModel):
    entries: list[DirectoryEntry]
    total: Int | None = Field(
        default=None, description="Asked for by `_summary=count`, `_count=0` or `_total`."
    )
    next_cursor: Cursor | None = None
    as_of: datetime | None = Field(
        default=None,
        description="A history's: it holds every version up to this instant, the `_since` of "
        "the next sync.",
    )
    parameters: list[SearchParameter] = Field(
        default_factory=list, description="The parameters the answer honoured (`self` link)."
    )


# What a search of each type takes (ITI-90), beside `_id` and `_lastUpdated` that every type
# has: the parameter's FHIR type. The registry's copy (`directory/domain/query.py`) reads the
# values; a test holds the two equal. The gateway's CapabilityStatement and OpenAPI state it.
SEARCH_PARAMETERS: dict[str, dict[str, str]] = {
    "Practitioner": {
        "active": "token", "identifier": "token", "name": "string", "given": "string",
        "family": "string",
    },
    "PractitionerRole": {
        "active": "token", "location": "reference", "organization": "reference",
        "practitioner": "reference", "role": "token", "service": "reference",
        "specialty": "token",
    },
    "Organization": {
        "active": "token", "identifier": "token", "name": "string", "partof": "reference",
        "type": "token",
    },
    "Location": {
        "identifier": "token", "name": "string", "organization": "reference",
        "partof": "reference", "status": "token", "type": "token", "near": "special",
    },
    "HealthcareService": {
        "active": "token", "identifier": "token", "location": "reference", "name": "string",
        "organization": "reference", "service-type": "token",
    },
    "OrganizationAffiliation": {
        "active": "token", "date": "date", "identifier": "token",
        "participating-organization": "reference", "primary-organization": "reference",
        "role": "token",
    },
    "Endpoint": {"identifier": "token", "organization": "reference", "status": "token"},
}  # fmt: skip
# Each reference parameter's target: `_include=<type>:<parameter>` follows it from the type,
# `_revinclude=<type>:<parameter>` comes back to the target.
REFERENCE_TARGETS: dict[tuple[str, str], str] = {
    ("PractitionerRole", "location"): "Location",
    ("PractitionerRole", "organization"): "Organization",
    ("PractitionerRole", "practitioner"): "Practitioner",
    ("PractitionerRole", "service"): "HealthcareService",
    ("Organization", "partof"): "Organization",
    ("Location", "organization"): "Organization",
    ("Location", "partof"): "Location",
    ("HealthcareService", "location"): "Location",
    ("HealthcareService", "organization"): "Organization",
    ("OrganizationAffiliation", "participating-organization"): "Organization",
    ("OrganizationAffiliation", "primary-organization"): "Organization",
    ("Endpoint", "organization"): "Organization",
}
SEARCH_RESULT_PARAMETERS = ("_count", "_cursor", "_include", "_revinclude", "_summary", "_total")
COUNT_MAX = 100


class RecordChanged(EventData):
    """What the directory reads of any registry event: the record it concerns (a worker's, or
    an organization's), the rest ignored."""

    worker_id: str | None = None
    oid: str | None = None
    organization_oid: str | None = None

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
from egisz.contracts.envelope import WireModel

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
